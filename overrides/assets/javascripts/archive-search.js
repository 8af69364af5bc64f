// Search for the archive: the Pagefind index in pagefind/ behind Material's search dialog.
//
// The index (build_tools/search_index.py) holds every Han character as the bigram that
// starts there, so a query is turned into the same bigrams here and looked up as an
// exact phrase: results are the clauses that contain the query as written. Pagefind
// loads on the first keystroke and fetches only the index chunks and result fragments a
// query needs. Each result is a document with the clauses that hold the query; a clause
// links to documents/<id>/#<clause-id>.

import { BLOCK_END, queryWords, readable } from "./search-words.js";

const root = new URL("../../", import.meta.url);  // this file is assets/javascripts/
const dialog = document.querySelector("[data-archive-search]");
const toggle = document.getElementById("__search");
const input = dialog.querySelector("input[name=query]");
const meta = dialog.querySelector(".md-search-result__meta");
const list = dialog.querySelector(".md-search-result__list");
const words = dialog.querySelector(".md-search-result").dataset;

const MAX_DOCUMENTS = 10;  // documents shown per query
const FIRST_BATCH = 4;     // documents drawn before the others are fetched
const CLAUSES_SHOWN = 2;   // clauses listed under a document before "more"
const EXCERPT = 60;        // characters of clause text around the first hit

// Pagefind picks the query segmentation from <html lang>: for "zh" it would split the
// bigrams again with the browser's word segmenter. The index is built as language
// "und" (see search_index.py), so the instance is created while the page says "und".
const INDEX_LANGUAGE = "und";
let engine = null;
function pagefind() {
  engine ??= import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
    const html = document.documentElement;
    const language = html.getAttribute("lang");
    html.setAttribute("lang", INDEX_LANGUAGE);
    let instance;
    try {
      instance = module.createInstance({
        basePath: new URL("pagefind/", root).pathname,
        baseUrl: root.pathname,
        excerptLength: 0,
      });
    } finally {
      html.setAttribute("lang", language);
    }
    await instance.init();
    return instance;
  });
  return engine;
}

// Parts of a query: what lies between spaces and punctuation (which is not indexed).
function parts(query) {
  return query.normalize("NFKC").split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
}

// One part is looked up as an exact phrase of its bigrams: the clauses that contain it
// as written. Several parts must all occur, in any order and place.
async function lookup(engine, query) {
  const pieces = parts(query).map((part) => queryWords(part));
  if (pieces.length === 1 && pieces[0].length > 1) return engine.search(`"${pieces[0].join(" ")}"`);
  return engine.search(pieces.flat().join(" "));
}

// The literal strings a reader's query asks for, longest first, for highlighting.
function needles(query) {
  return parts(query).sort((a, b) => b.length - a.length);
}

function element(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

// ``text`` with every occurrence of the query's parts in <mark>, as DOM nodes.
function marked(text, query) {
  const patterns = needles(query).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!patterns.length) return [text];
  const nodes = [];
  let last = 0;
  for (const hit of text.matchAll(new RegExp(patterns.join("|"), "gi"))) {
    nodes.push(text.slice(last, hit.index), element("mark", "", [hit[0]]));
    last = hit.index + hit[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

// The window of a clause's text around the first hit.
function excerpt(text, query) {
  const flat = text.replace(/\n+/g, " ");
  const first = needles(query).map((n) => flat.toLowerCase().indexOf(n.toLowerCase())).filter((i) => i >= 0);
  const at = first.length ? Math.min(...first) : 0;
  const start = Math.max(0, at - EXCERPT / 3);
  const piece = flat.slice(start, start + EXCERPT);
  return (start > 0 ? "…" : "") + piece + (start + EXCERPT < flat.length ? "…" : "");
}

// Clauses of a document: each anchor's words up to the next anchor, read back as text.
function clauses(data) {
  const content = data.content.split(/[\r\n\s]+/g);
  const anchors = data.anchors.filter((a) => a.element === "h2").sort((a, b) => a.location - b.location);
  return data.sub_results
    .filter((sub) => sub.anchor && sub.anchor.element === "h2")
    .map((sub, order) => {
      const next = anchors.find((a) => a.location > sub.anchor.location);
      const clause = content.slice(sub.anchor.location, next ? next.location : content.length);
      const headEnd = clause.indexOf(BLOCK_END);  // the h2 ends at its first block end
      const head = readable(clause.slice(0, headEnd));
      const body = readable(clause.slice(headEnd + 1)).replace(/^[\s\p{P}]+/u, "");
      const weight = (sub.weighted_locations || []).reduce((sum, w) => sum + w.weight, 0);
      return { url: sub.url, head, body, weight, order };
    })
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
}

function resultLink(url, children) {
  const article = element("article", "md-search-result__article md-typeset", children);
  const anchor = element("a", "md-search-result__link", [article]);
  anchor.href = url;
  return anchor;
}

function documentLink(data) {
  return resultLink(data.url, [element("div", "md-search-result__icon md-icon"), element("h1", "", [data.meta.title])]);
}

// A clause: its heading (numbered clauses have one) and the text around the first hit.
function clauseLink(clause, query) {
  const text = element("p", "", marked(excerpt(clause.body || clause.head, query), query));
  return resultLink(clause.url, clause.head ? [element("h2", "", marked(clause.head, query)), text] : [text]);
}

function item(data, query) {
  const found = clauses(data);
  const entry = element("li", "md-search-result__item", [documentLink(data)]);
  for (const clause of found.slice(0, CLAUSES_SHOWN)) entry.append(clauseLink(clause, query));
  const rest = found.slice(CLAUSES_SHOWN);
  if (rest.length) {
    const label = (rest.length === 1 ? words.moreOne : words.moreOther).replace("#", rest.length);
    const more = element("details", "md-search-result__more", [element("summary", "", [element("div", "", [label])])]);
    for (const clause of rest) more.append(clauseLink(clause, query));
    entry.append(more);
  }
  return entry;
}

function count(n) {
  return n === 0 ? words.none : n === 1 ? words.one : words.other.replace("#", n);
}

let latest = 0;  // number of the newest query; answers to older ones are dropped

async function run(query) {
  const number = ++latest;
  const engine = await pagefind();
  const search = await lookup(engine, query);
  if (number !== latest) return;
  // The first few documents are drawn as soon as their fragments arrive, the rest after.
  const shown = search.results.slice(0, MAX_DOCUMENTS);
  let drawn = false;
  for (const batch of [shown.slice(0, FIRST_BATCH), shown.slice(FIRST_BATCH)]) {
    if (!batch.length && drawn) break;
    const documents = await Promise.all(batch.map((result) => result.data()));
    if (number !== latest) return;
    const items = documents.map((data) => item(data, query));
    if (drawn) {
      list.append(...items);
    } else {
      meta.textContent = count(search.results.length);
      list.replaceChildren(...items);
      drawn = true;
    }
  }
}

function open(state) {
  if (toggle.checked !== state) {
    toggle.checked = state;
    toggle.dispatchEvent(new Event("change"));
  }
}

input.addEventListener("focus", () => open(true));
input.addEventListener("input", () => {
  const query = input.value.trim();
  if (query) {
    run(query).catch((error) => {
      meta.textContent = words.unavailable;
      console.error("search:", error);
    });
  } else {
    latest++;
    list.replaceChildren();
    meta.textContent = words.placeholder;
  }
});
dialog.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
dialog.querySelector("form").addEventListener("reset", () => {
  latest++;
  list.replaceChildren();
  meta.textContent = words.placeholder;
  input.focus();
});
list.addEventListener("click", (event) => {
  if (event.target.closest("a")) open(false);
});
toggle.addEventListener("change", () => {
  if (toggle.checked) {
    input.focus();
    pagefind();  // start loading while the reader types
  } else {
    input.blur();
  }
});
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  if (event.key === "Escape" && toggle.checked) {
    open(false);
  } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && ["/", "s", "f"].includes(event.key)) {
    event.preventDefault();
    open(true);
  }
});
