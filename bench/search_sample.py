"""Checking the search against the archive: sampled queries, the clauses that must be found.

Used by the browser tests and ``bench.sitebench`` (tooling, not part of the site).

``every_result(page, query)`` types a query into the search dialog, waits until the
answer is drawn, asks for every further document ("显示更多文件") and unfolds every
long group ("显示全部 N 条"), and returns the clause links shown. ``clauses_holding``
is the same question put to the corpus export: the clauses that hold the query as
``build_tools.search_index.clause_holds`` defines it (every part of the query within one
line the page shows: the heading line or one paragraph). ``sample_queries`` draws queries
from the archive's own text, from within those lines.
"""
from __future__ import annotations

import random
import re
import unicodedata

from build_tools.search_index import HAN_RANGES, clause_lines, lines_hold, plain, query_parts

from dataclasses import dataclass
from urllib.parse import urlsplit

SEARCH_INPUT = "input.md-search__input"


@dataclass(frozen=True)
class ClauseLink:
    """A link to one clause: the document's page (relative to the site root) and the clause id."""

    page: str
    clause: str

    def __str__(self) -> str:
        return f"{self.page}#{self.clause}"


def clause_link(href: str, site_url: str) -> ClauseLink | None:
    parts = urlsplit(href)
    root = urlsplit(site_url).path
    if not parts.fragment or not parts.path.startswith(root):
        return None
    return ClauseLink(parts.path[len(root):], parts.fragment)

RESULT = ".md-search-result"
STATUS = ".md-search-result__meta"
CLAUSE_LINKS = "a.archive-search__clause"
MORE = "button.archive-search__more"
UNFOLD = "button.archive-search__unfold"
DONE = """q => { const o = document.querySelector(".md-search-result");
  return o.dataset.query === q && o.dataset.state === "done"; }"""
HAN_RUN = re.compile(f"[{HAN_RANGES}]{{2,}}")
_ALNUM = f"(?:(?![{HAN_RANGES}])[^\\W_])+"  # letters and digits that are not Han
ALNUM_THEN_HAN = re.compile(f"(?<!(?![{HAN_RANGES}])[^\\W_])({_ALNUM})([{HAN_RANGES}]+)")
HAN_THEN_ALNUM = re.compile(f"([{HAN_RANGES}]+)({_ALNUM})")


def clauses_holding(corpus: dict, query: str) -> set[ClauseLink]:
    """The clauses of the corpus export that hold ``query`` (see ``search_index.clause_holds``)."""
    wanted = query_parts(query)
    if not wanted:
        return set()
    return {ClauseLink(document["url"], clause["id"])
            for document in corpus["documents"] for clause in document["clauses"]
            if lines_hold(clause_lines(clause), wanted)}


def _mixed_pieces(line: str) -> list[str]:
    """Where a plain line passes between digits or Latin letters and Han characters: each
    whole run of letters and digits with up to four Han characters after it, and up to
    four Han characters with the run that follows them (years, 5G, GDP)."""
    out = [m.group(1) + m.group(2)[:4] for m in ALNUM_THEN_HAN.finditer(line)]
    out += [m.group(1)[-4:] + m.group(2)[:6] for m in HAN_THEN_ALNUM.finditer(line)]
    return out


def sample_queries(corpus: dict, count: int, seed: int) -> list[str]:
    """``count`` distinct queries from the archive's text, the same for the same corpus.

    About one in six is an issuer's name, one in four two pieces of one clause joined by
    a space (a multi-word query), one in eight a piece that passes between digits or
    Latin letters and Han characters (2010年, 较2010, 5G网络), the rest a run of 2–8 Han
    characters of a clause; every piece lies within one line of its clause.
    """
    rng = random.Random(seed)
    runs = []  # per clause, the runs of two Han characters or more in its lines
    mixed = []  # every mixed piece of every line
    for document in corpus["documents"]:
        for clause in document["clauses"]:
            lines = [plain(line) for line in clause_lines(clause)]
            if clause_runs := [run for line in lines for run in HAN_RUN.findall(line)]:
                runs.append(clause_runs)
            mixed.extend(piece for line in lines for piece in _mixed_pieces(line))
    issuers = sorted({d["issuer"] for d in corpus["documents"] if d.get("issuer")})
    queries: list[str] = []

    def piece(run_list: list[str]) -> str:
        run = rng.choice(run_list)
        length = rng.randint(2, min(8, len(run)))
        start = rng.randrange(len(run) - length + 1)
        return run[start:start + length]

    attempts = 0
    while len(queries) < count and attempts < count * 20:
        attempts += 1
        kind = rng.random()
        if kind < 1 / 6 and issuers:
            query = rng.choice(issuers)
        elif kind < 1 / 6 + 1 / 4:
            clause_runs = rng.choice(runs)
            query = f"{piece(clause_runs)} {piece(clause_runs)}"
        elif kind < 1 / 6 + 1 / 4 + 1 / 8 and mixed:
            query = rng.choice(mixed)
        else:
            query = piece(rng.choice(runs))
        if query not in queries:
            queries.append(query)
    return queries


def type_query(page, query: str, timeout: float = 60_000) -> None:
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill(query)
    page.wait_for_function(DONE, arg=query, timeout=timeout)


def every_result(page, query: str, site_url: str, timeout: float = 60_000) -> list[ClauseLink]:
    """Search ``query``; show every document and unfold every group; the clause links shown."""
    type_query(page, query, timeout)
    while page.locator(MORE).count():
        page.locator(MORE).click()
        page.wait_for_function(DONE, arg=query, timeout=timeout)
    page.evaluate("s => document.querySelectorAll(s).forEach((b) => b.click())", UNFOLD)
    hrefs = page.locator(CLAUSE_LINKS).filter(visible=True).evaluate_all("links => links.map(a => a.href)")
    return [link for href in hrefs if (link := clause_link(href, site_url)) is not None]


def completeness(page, site_url: str, corpus: dict, queries: list[str]) -> dict:
    """Search each query on ``page`` (the site's home page); how many expected clauses were shown."""
    expected_total = shown_right = exact = 0
    for query in queries:
        expected = clauses_holding(corpus, query)
        shown = set(every_result(page, query, site_url))
        expected_total += len(expected)
        shown_right += len(expected & shown)
        exact += shown == expected
    return {"queries": len(queries), "clauses_expected": expected_total, "clauses_found": shown_right,
            "queries_exact": exact,
            "rate": round(shown_right / expected_total, 4) if expected_total else None}
