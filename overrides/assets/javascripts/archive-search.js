// Search for the archive: the Pagefind index in pagefind/ behind Material's search dialog.
//
// The index (build_tools/search_index.py) is one record per document and holds every
// Han character as the bigram that starts there. A query is found in three steps:
//
// 1. Pagefind finds the documents that hold the query (an exact phrase of its bigrams;
//    a query of several parts asks for all their words), newest first (sort "date"); a second search for the query's heading words
//    ("h" + bigram) names the documents whose title or a clause heading holds it.
// 2. Documents are ranked: title or heading hits first, then the others; within each
//    tier newest first, undated last (Pagefind's date sort keeps that order).
// 3. The fragments of the first documents are fetched, every clause is read back from
//    its words as the lines its page shows (heading line, each paragraph), and each
//    clause whose lines hold every part of the query is listed, a part within one line
//    (linesHold; Pagefind itself reports only the first place an exact phrase occurs in
//    a page, and its phrases do not run on across a line, whose end is the word ¶). Clauses
//    whose heading holds the query come first, then the rest in reading order. The
//    reader's filters (document, issuer, year, region, theme) are applied to the
//    documents read, from their facts; with a filter set, up to 200 are read at once.
//    Groups are drawn in rank order as their documents arrive, the first fetched alone,
//    so the first result does not wait for the others; the count follows the last.
//
// The engine starts when the search box gets focus, or once the page is idle, and warms
// itself on one search of its own (WARM_UP), so the reader's first query waits for
// neither. ↑/↓ move through the results, Enter opens
// one, Esc closes the dialog. A search can be linked: ?q=人才公寓&year=2017 opens it.

import { BLOCK_END, HEAD_MARK, HEADS_START, linesHold, lookupWords, queryParts, readable } from "./search-words.js";

const root = new URL("../../", import.meta.url);  // this file is assets/javascripts/
const dialog = document.querySelector("[data-archive-search]");
const toggle = document.getElementById("__search");
const input = dialog.querySelector("input[name=query]");
const output = dialog.querySelector(".md-search-result");
const status = dialog.querySelector(".md-search-result__meta");
const list = dialog.querySelector(".md-search-result__list");
const filterBar = dialog.querySelector("[data-archive-filters]");
const text = output.dataset;  // the dialog's Chinese strings

const FIRST_GROUPS = 6;    // documents drawn for the first answer
const MORE_GROUPS = 20;    // documents added by "显示更多文件"
const CLAUSES_SHOWN = 3;   // clauses listed under a document before "显示全部 N 条"
const EXCERPT = 60;        // characters of clause text around the first hit
const FILTERS = ["document", "issuer", "year", "region", "theme"];  // also URL parameters

// Pagefind picks the query segmentation from <html lang>: for "zh" it would split the
// bigrams again with the browser's word segmenter. The index is built as language
// "und" (see search_index.py), so the instance is created while the page says "und".
const INDEX_LANGUAGE = "und";
// Pagefind's first search costs far more than the next ones: its decompression and
// search code run for the first time. Once the engine is ready, a search for a common
// word of the archive (one index chunk) pays that while the reader is still typing,
// unless the reader's own query got there first.
const WARM_UP = "\"发展\"";
let engine = null;
let asked = false;  // whether the reader's first query has reached the engine
// A large archive is indexed in parts (search_index.py, run_pagefind): pagefind/ holds
// the newest documents and pagefind/archive-parts.json lists the folders of the others,
// each part older than the one before. Each part is opened from its own pagefind.js, so
// each has its own module, web worker and WebAssembly memory (instances created from one
// module share one, and a second index loaded into it broke the first one's search). The engine
// asks every part and joins their results in part order, which keeps the date order of
// each part's results.
function createPart(module, folder) {
  const html = document.documentElement;
  const language = html.getAttribute("lang");
  html.setAttribute("lang", INDEX_LANGUAGE);
  try {
    return module.createInstance({
      basePath: new URL("pagefind/" + folder, root).pathname,
      baseUrl: root.pathname,
      excerptLength: 0,
    });
  } finally {
    html.setAttribute("lang", language);
  }
}

async function openPart(folder) {
  const module = await import(new URL("pagefind/" + folder + "pagefind.js", root).href);
  const instance = createPart(module, folder);
  await instance.init();
  return instance;
}

function pagefind() {
  engine ??= (async () => {
    const more = fetch(new URL("pagefind/archive-parts.json", root))
      .then((response) => (response.ok ? response.json() : []));
    const first = openPart("");
    const instances = await Promise.all([first, ...(await more).map(openPart)]);
    const joined = {
      async search(term, options) {
        const found = await Promise.all(instances.map((instance) => instance.search(term, options)));
        return { results: found.flatMap((answer) => answer.results) };
      },
    };
    if (!asked) joined.search(WARM_UP).catch(() => {});
    return joined;
  })();
  return engine;
}

// --- the query ------------------------------------------------------------------------

// Pagefind's term for a query: one part is an exact phrase of its words (lookupWords: a
// single word is looked up by its start, and a last run that may go on in the text is
// left out of a phrase); several parts ask for all their words, in any order and place.
// ``mark`` prefixes every word (heading words).
function term(parts, mark = "") {
  const pieces = parts.map((part) => lookupWords(part));
  const marked = (words) => words.map((word) => mark + word);
  if (pieces.length === 1 && pieces[0].phrase) return `"${marked(pieces[0].words).join(" ")}"`;
  return pieces.flatMap((piece) => marked(piece.words)).join(" ");
}

// --- a document's clauses, read back from its fragment --------------------------------

// Every clause of a document: its id, number path, heading line, paragraphs, and themes.
function readClauses(data) {
  const content = data.content.split(/\s+/u);
  const headsAt = content.lastIndexOf(HEADS_START);
  const end = headsAt >= 0 ? headsAt : content.length;
  const anchors = data.anchors.filter((a) => a.element === "h2" && a.id).sort((a, b) => a.location - b.location);
  const labels = (data.meta.labels || "").split(";");
  const themes = (data.meta.themes || "").split(";");
  return anchors.map((anchor, index) => {
    const next = index + 1 < anchors.length ? anchors[index + 1].location : end;
    const words = content.slice(anchor.location, next);
    const headEnd = words.indexOf(BLOCK_END);  // the h2 ends at its first block end
    const head = readable(words.slice(0, headEnd));
    const paragraphs = readable(words.slice(headEnd + 1)).split("\n").filter(Boolean);
    return {
      id: anchor.id, order: index, head, paragraphs,
      label: labels[index] || "",
      themes: (themes[index] || "").split(",").filter(Boolean),
    };
  });
}

// The document's own lines before its first clause: the title, then issuer, number, date.
function front(data) {
  const content = data.content.split(/\s+/u);
  const first = data.anchors.filter((a) => a.element === "h2").reduce((m, a) => Math.min(m, a.location), Infinity);
  return readable(content.slice(0, Math.min(first, content.length))).split("\n");
}

// Whether a document passes the reader's filters on its own facts.
function admitted(meta, filters) {
  return (!filters.document || meta.id === filters.document)
    && (!filters.issuer || meta.issuer === filters.issuer)
    && (!filters.year || (meta.date || "").slice(0, 4) === filters.year)
    && (!filters.region || meta.region === filters.region);
}

// One document as a result group: the clauses that hold every part of the query.
function group(result, data, parts, filters) {
  if (!admitted(data.meta, filters)) return null;
  const wanted = filters.theme;
  const found = [];
  for (const clause of readClauses(data)) {
    if (wanted && !clause.themes.includes(wanted)) continue;
    const inHead = linesHold([clause.head], parts);
    if (inHead || linesHold([clause.head, ...clause.paragraphs], parts)) found.push({ ...clause, inHead });
  }
  found.sort((a, b) => (b.inHead - a.inHead) || (a.order - b.order));
  const title = data.meta.title || "";
  return {
    id: result.id, url: data.url, title, issuer: data.meta.issuer || "", date: data.meta.date || "",
    clauses: found, inTitle: !wanted && linesHold([title], parts), inFront: !wanted && linesHold(front(data), parts),
  };
}

// --- drawing --------------------------------------------------------------------------

function element(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ``value`` with every occurrence of a query part in <mark>, as DOM nodes. Parts are
// plain text (no white space), so the text's own spaces may fall inside a hit, but not
// a line break: a hit lies within one line, as the clause holds it. Lines are shown
// joined by a space.
function marked(value, parts) {
  const text = value.normalize("NFKC");
  const flat = (piece) => piece.replace(/\n+/g, " ");
  if (!parts.length) return [flat(text)];
  const patterns = [...parts].sort((a, b) => b.length - a.length)
    .map((part) => Array.from(part).map(escapeRegExp).join("[^\\S\\n]*"));
  const nodes = [];
  let last = 0;
  for (const hit of text.matchAll(new RegExp(patterns.join("|"), "giu"))) {
    nodes.push(flat(text.slice(last, hit.index)), element("mark", "", [hit[0]]));
    last = hit.index + hit[0].length;
  }
  nodes.push(flat(text.slice(last)));
  return nodes;
}

// The window of a clause's lines (one per line of ``value``) around the first hit.
function excerpt(value, parts) {
  const text = value.normalize("NFKC");
  const lower = text.toLowerCase();
  const first = parts.map((part) => lower.indexOf(part)).filter((i) => i >= 0);
  const at = first.length ? Math.min(...first) : 0;
  const start = Math.max(0, Math.round(at - EXCERPT / 3));
  const piece = text.slice(start, start + EXCERPT);
  return (start > 0 ? "…" : "") + piece + (start + EXCERPT < text.length ? "…" : "");
}

function resultLink(url, className, children) {
  const article = element("article", "md-search-result__article md-typeset", children);
  const anchor = element("a", `md-search-result__link ${className}`, [article]);
  anchor.href = url;
  return anchor;
}

function clauseLink(doc, clause, parts) {
  const path = clause.label ? [element("span", "archive-search__path", [clause.label]), " "] : [];
  const children = [];
  if (clause.head) children.push(element("h2", "", [...path, ...marked(clause.head, parts)]));
  const body = clause.paragraphs.join("\n").replace(/^[\s\p{P}]+/u, "");  // the 。 that ends a heading
  if (body || !clause.head) {
    const lead = clause.head ? [] : path;
    children.push(element("p", "", [...lead, ...marked(excerpt(body || clause.head, parts), parts)]));
  }
  return resultLink(doc.url + "#" + clause.id, "archive-search__clause", children);
}

function groupItem(doc, parts) {
  const facts = [doc.issuer, doc.date, text.clauses.replace("#", doc.clauses.length)].filter(Boolean).join(" · ");
  const head = resultLink(doc.url, "archive-search__document", [
    element("div", "md-search-result__icon md-icon"),
    element("h1", "", marked(doc.title, parts)),
    element("p", "archive-search__facts", doc.inFront && !doc.inTitle ? marked(facts, parts) : [facts]),
  ]);
  const item = element("li", "md-search-result__item archive-search__group", [head]);
  for (const clause of doc.clauses.slice(0, CLAUSES_SHOWN)) item.append(clauseLink(doc, clause, parts));
  const rest = doc.clauses.slice(CLAUSES_SHOWN);
  if (rest.length) {
    const folded = element("div", "archive-search__rest", rest.map((clause) => clauseLink(doc, clause, parts)));
    folded.hidden = true;
    const unfold = element("button", "archive-search__unfold", [text.unfold.replace("#", doc.clauses.length)]);
    unfold.type = "button";
    unfold.setAttribute("aria-expanded", "false");
    unfold.addEventListener("click", () => {
      folded.hidden = false;
      unfold.remove();
      folded.querySelector("a")?.focus();
    });
    item.append(folded, unfold);
  }
  return item;
}

// --- a search -------------------------------------------------------------------------

let latest = 0;   // number of the newest query; answers to older ones are dropped
let current = null;

function summary(state) {
  const docs = state.groups.length;
  const clauses = state.groups.reduce((sum, g) => sum + g.clauses.length, 0);
  if (state.next >= state.ranked.length) {
    return docs ? text.found.replace("#", docs).replace("#", clauses) : text.none;
  }
  return text.partial.replace("#", state.ranked.length).replace("#", docs).replace("#", clauses);
}

function setStatus(message, state) {
  status.textContent = message;
  output.dataset.state = state;
}

function moreButton(state, number) {
  const more = element("button", "archive-search__more", [text.more.replace("#", state.ranked.length - state.next)]);
  more.type = "button";
  more.addEventListener("click", () => {
    const at = list.querySelectorAll(".archive-search__group").length;
    output.dataset.state = "searching";
    draw(state, number, MORE_GROUPS).then(() => {
      list.querySelectorAll(".archive-search__group")[at]?.querySelector("a")?.focus();
    }).catch(failed);
  });
  return element("li", "archive-search__more-item", [more]);
}

// Fetch the next ``count`` ranked documents and draw those that hold the query, in rank
// order, each as soon as it and those before it are in: the first is fetched alone, so
// its group shows without waiting for the others, which are fetched together after it.
// The count and the state "done" follow once every document of the batch is drawn.
async function draw(state, number, count) {
  const batch = state.ranked.slice(state.next, state.next + count);
  list.querySelector(".archive-search__more-item")?.remove();
  let rest = null;
  for (let i = 0; i < batch.length; i++) {
    const data = await (i === 0 ? batch[0].data() : rest[i - 1]);
    if (number !== latest) return false;
    rest ??= batch.slice(1).map((result) => {
      const data = result.data();
      data.catch(() => {});  // a failure is reported where it is awaited, not if the query moved on
      return data;
    });
    state.next++;
    noteChoices(data.meta);
    const found = group(batch[i], data, state.parts, state.filters);
    if (found && (found.clauses.length || found.inTitle || found.inFront)) {
      state.groups.push(found);
      list.append(groupItem(found, state.parts));
    }
  }
  if (state.next < state.ranked.length) list.append(moreButton(state, number));
  setStatus(summary(state), "done");
  return true;
}

async function run(query, filters) {
  const number = ++latest;
  output.dataset.query = query;
  setStatus(text.searching, "searching");
  const parts = queryParts(query);
  if (!parts.length) {
    list.replaceChildren();
    setStatus(text.none, "done");
    return;
  }
  asked = true;
  const pf = await pagefind();
  const [found, heads] = await Promise.all([
    pf.search(term(parts), { sort: { date: "desc" } }),
    pf.search(term(parts, HEAD_MARK)),
  ]);
  if (number !== latest) return;
  const headed = new Set(heads.results.map((r) => r.id));
  const ranked = [...found.results.filter((r) => headed.has(r.id)), ...found.results.filter((r) => !headed.has(r.id))];
  current = { parts, filters, ranked, next: 0, groups: [] };
  list.replaceChildren();
  seen = { issuer: new Map(), year: new Map(), region: new Map(), theme: new Map() };
  // Small answers are counted exactly at once; large ones grow on request.
  const filtered = FILTERS.some((key) => filters[key]);
  const first = ranked.length <= MORE_GROUPS || filtered ? Math.min(ranked.length, filtered ? 200 : MORE_GROUPS) : FIRST_GROUPS;
  await draw(current, number, first);
  loadFilterChoices().catch((error) => console.error("search filters:", error));
}

function failed(error) {
  setStatus(text.unavailable, "failed");
  console.error("search:", error);
}

// --- filters and the URL --------------------------------------------------------------

const chosen = {};  // filter key → value, from the URL or the reader's choice

// Values of each filter among the documents read for the current query, with counts.
let seen = { issuer: new Map(), year: new Map(), region: new Map(), theme: new Map() };
function noteChoices(meta) {
  const add = (key, value) => value && seen[key].set(value, (seen[key].get(value) || 0) + 1);
  add("issuer", meta.issuer);
  add("year", /^\d{4}/.test(meta.date || "") ? meta.date.slice(0, 4) : "");
  add("region", meta.region);
  for (const theme of new Set((meta.themes || "").split(/[;,]/))) add("theme", theme);
}

let themeNames = null;
// The filter menus: the values met in this query's documents, and the reader's choices.
async function loadFilterChoices() {
  themeNames ??= await fetch(new URL("pagefind/archive-themes.json", root))
    .then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  for (const select of filterBar.querySelectorAll("select[data-filter]")) {
    const key = select.dataset.filter;
    const counts = new Map(seen[key]);
    if (chosen[key] && !counts.has(chosen[key])) counts.set(chosen[key], 0);
    let keys = [...counts.keys()];
    keys = key === "year" ? keys.sort().reverse() : keys.sort((a, b) => counts.get(b) - counts.get(a) || a.localeCompare(b, "zh"));
    const options = keys.map((value) => {
      const option = element("option", "", [key === "theme" ? themeNames[value] || value : value]);
      option.value = value;
      return option;
    });
    const any = element("option", "", [text.any]);
    any.value = "";
    select.replaceChildren(any, ...options);
    select.value = chosen[key] || "";
    select.closest("label").hidden = keys.length === 0;
  }
  filterBar.hidden = false;
}

function showDocumentFilter() {
  const chip = filterBar.querySelector("[data-filter-document]");
  chip.hidden = !chosen.document;
  if (chosen.document) {
    chip.querySelector("span").textContent = text.inDocument.replace("#", current?.groups[0]?.title || chosen.document);
  }
}

function linkState() {
  const url = new URL(location.href);
  for (const key of ["q", ...FILTERS]) url.searchParams.delete(key);
  if (toggle.checked && input.value.trim()) {
    url.searchParams.set("q", input.value.trim());
    for (const key of FILTERS) if (chosen[key]) url.searchParams.set(key, chosen[key]);
  }
  if (url.href !== location.href) history.replaceState(history.state, "", url);
}

function search() {
  const query = input.value.trim();
  linkState();
  if (query) {
    run(query, { ...chosen }).then(showDocumentFilter).catch(failed);
  } else {
    latest++;
    list.replaceChildren();
    delete output.dataset.query;
    setStatus(text.placeholder, "idle");
  }
}

// --- the dialog and the keyboard ------------------------------------------------------

function open(state) {
  if (toggle.checked !== state) {
    toggle.checked = state;
    toggle.dispatchEvent(new Event("change"));
  }
}

// What ↑/↓ move through: the box, then every visible result link and button.
function stops() {
  const inList = [...list.querySelectorAll("a, button")].filter((node) => node.getClientRects().length > 0);
  return [input, ...inList];
}

function move(by) {
  const all = stops();
  const at = all.indexOf(document.activeElement);
  const next = all[Math.min(all.length - 1, Math.max(0, at + by))];
  next?.focus();
  next?.scrollIntoView?.({ block: "nearest" });
}

input.addEventListener("focus", () => {
  open(true);
  pagefind();  // start loading while the reader types
});
input.addEventListener("input", search);
dialog.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  list.querySelector("a.archive-search__clause, a.archive-search__document")?.click();
});
dialog.querySelector("form").addEventListener("reset", () => {
  setTimeout(() => {
    search();
    input.focus();
  });
});
list.addEventListener("click", (event) => {
  if (event.target.closest("a")) open(false);
});
filterBar.addEventListener("change", (event) => {
  const key = event.target.dataset?.filter;
  if (!key) return;
  if (event.target.value) chosen[key] = event.target.value;
  else delete chosen[key];
  search();
});
filterBar.querySelector("[data-filter-document] button").addEventListener("click", () => {
  delete chosen.document;
  search();
  input.focus();
});
toggle.addEventListener("change", () => {
  if (toggle.checked) {
    input.focus();
    pagefind();
  } else {
    input.blur();
  }
  linkState();
});
dialog.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (event.target.tagName === "SELECT") return;
    event.preventDefault();
    move(event.key === "ArrowDown" ? 1 : -1);
  }
});
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  if (event.key === "Escape" && toggle.checked) {
    event.preventDefault();
    open(false);
  } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && ["/", "s", "f"].includes(event.key)) {
    event.preventDefault();
    open(true);
  }
});

// A linked search (?q=…&year=…) opens at once; otherwise the engine loads when idle.
const params = new URLSearchParams(location.search);
for (const key of FILTERS) if (params.get(key)) chosen[key] = params.get(key);
if (params.get("q")) {
  input.value = params.get("q");
  open(true);
  search();
} else if ("requestIdleCallback" in window) {
  requestIdleCallback(() => pagefind(), { timeout: 3000 });
}
