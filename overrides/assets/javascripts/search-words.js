// Words of the archive's search index, shared by the search box and its tests.
//
// build_tools/search_index.py indexes every run of Han characters c1 c2 … cn as the
// words c1c2 c2c3 … cn (one word per character) and every other run of non-space
// characters as one word; each block ends with the word ¶; after the word ⁂ come the
// heading words (title and clause headings, each word prefixed with "h"). These
// functions are the query side of that rule and its inverse.

export const BLOCK_END = "\u00b6";
export const HEADS_START = "\u2042";
export const HEAD_MARK = "h";

// Keep in step with HAN_RANGES in build_tools/search_index.py.
const HAN = "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
const HAN_RUN = new RegExp(`^[${HAN}]+$`, "u");
const HAN_START = new RegExp(`^[${HAN}]`, "u");
const ALNUM = `(?:(?![${HAN}])[\\p{L}\\p{N}_])+`;
const ALNUM_RUN = new RegExp(`^${ALNUM}$`, "u");
const ALNUM_CHAR = new RegExp(`^${ALNUM}$`, "u");  // one character: a letter or digit, not Han
const ALNUM_START = new RegExp(`^${ALNUM}`, "u");
// A Han run, a run of other letters and digits, or a run of anything else but space.
const WORD_RUN = new RegExp(`[${HAN}]+|${ALNUM}|[^\\s\\p{L}\\p{N}_]+`, "gu");

// White space between two Han characters is a line break of the source, not a word break.
const HAN_GAP = new RegExp(`(?<=[${HAN}])\\s+(?=[${HAN}])`, "gu");

function normal(text) {
  return (text || "").normalize("NFKC").replace(HAN_GAP, "");
}

// The words a query is looked up by, in a row: the indexed words of its runs, except
// that the last run, if Han, drops its last single character (the text may go on
// there); a one-character last run stays itself and matches every bigram it starts.
export function queryWords(query) {
  const runs = Array.from(normal(query).matchAll(WORD_RUN), (m) => m[0]);
  const out = [];
  runs.forEach((run, index) => {
    const chars = Array.from(run);
    if (HAN_RUN.test(run) && index === runs.length - 1 && chars.length > 1) {
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    } else {
      out.push(...indexWords(run));
    }
  });
  return out;
}

// Text back from indexed words: a Han word stands for its first character, two runs
// of letters or digits in a row get a space between them, ¶ ends a line.
export function readable(indexed) {
  let out = "";
  let previousAlnum = false;
  for (const word of indexed) {
    let alnum = false;
    if (word === BLOCK_END) {
      out += "\n";
    } else if (HAN_START.test(word)) {
      out += Array.from(word)[0];
    } else {
      alnum = ALNUM_RUN.test(word);
      out += (alnum && previousAlnum ? " " : "") + word;
    }
    previousAlnum = alnum;
  }
  return out.trim();
}

// The indexed words of a text (the index side, for tests of the two sides agreeing).
export function indexWords(text) {
  const out = [];
  for (const [run] of normal(text).matchAll(WORD_RUN)) {
    const chars = Array.from(run);
    if (HAN_RUN.test(run)) {
      for (let i = 0; i < chars.length; i++) out.push(chars.slice(i, i + 2).join(""));
    } else {
      out.push(run);
    }
  }
  return out;
}

// Text as the search compares it: NFKC, lower case, no white space but one space
// between two runs of letters or digits. Mirrors plain in build_tools/search_index.py.
export function plain(text) {
  const s = (text || "").normalize("NFKC").toLowerCase();
  return s.replace(/\s+/gu, (gap, at) => {
    const before = Array.from(s.slice(Math.max(0, at - 2), at)).pop() || "";
    const after = String.fromCodePoint(s.codePointAt(at + gap.length) ?? 32);
    return ALNUM_CHAR.test(before) && ALNUM_CHAR.test(after) ? " " : "";
  });
}

// The parts of a query: what lies between white space, punctuation and symbols (which
// are not indexed), in plain text. Mirrors query_parts in build_tools/search_index.py.
export function queryParts(query) {
  return (query || "").normalize("NFKC").toLowerCase().split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
}

// Whether a plain line holds a plain part: it contains it, and a part that begins with
// a letter or digit begins where a run of letters and digits of the line begins.
function lineHolds(line, part) {
  let at = line.indexOf(part);
  if (!ALNUM_START.test(part)) return at >= 0;
  while (at >= 0) {
    const before = Array.from(line.slice(Math.max(0, at - 2), at)).pop();
    if (!before || !ALNUM_CHAR.test(before)) return true;
    at = line.indexOf(part, at + 1);
  }
  return false;
}

// Whether every part lies within one of the lines (a clause's heading line and each of
// its paragraphs, as its page shows them): a clause holds a query when its lines hold
// every part; a part running on from one line into the next is held by none.
// Mirrors lines_hold in build_tools/search_index.py.
export function linesHold(lines, parts) {
  const plains = lines.map(plain);
  return parts.every((part) => plains.some((line) => lineHolds(line, part)));
}

// What the box asks Pagefind for one query part: its words, and whether they must occur
// as an exact phrase. A phrase's words match exactly, a lone word by its start, so a last
// run that may go on in the text (one Han character, or letters and digits) is left out
// of a phrase of several runs. Mirrors lookup_words in build_tools/search_index.py.
export function lookupWords(part) {
  const runs = Array.from(normal(part).matchAll(WORD_RUN), (m) => m[0]);
  let found = queryWords(part);
  const last = runs[runs.length - 1] || "";
  if (runs.length > 1 && (!HAN_RUN.test(last) || Array.from(last).length === 1) && /[\p{L}\p{N}_]/u.test(last)) {
    found = found.slice(0, -1);
  }
  return { words: found, phrase: found.length > 1 };
}
