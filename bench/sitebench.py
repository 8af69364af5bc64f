"""Measure the built site as readers get it, on a synthetic archive of N documents.

    python -m bench.sitebench --docs 2000 [--query 总部经济] [--no-link] [--repeat 5]
                                    [--after-mkdocs "CMD {site}"] [--out FILE] [--keep]
                                    [--reuse [--assets DIR]] [--site DIR] [--compare DIR]
                                    [--profile]

Writes a synthetic corpus (``bench.synth``, seed 0 unless ``--seed``), builds it as
``make site`` does (``python -m build_tools build`` into a throw-away copy of ``docs/``,
then ``mkdocs build --strict``; ``--after-mkdocs`` adds a post-processing command such as
a static search indexer, with ``{site}`` replaced by the site folder), serves the site on
127.0.0.1 and searches it in headless Chromium, as a reader who opens the home page and
types a query, ``--repeat`` times in fresh pages (the times are the median; each run's
are in ``…_runs``). Prints one JSON object:

``docs``                      documents in the archive
``build_seconds``             pipeline + mkdocs (+ after-mkdocs), wall clock
``site_bytes``                every file under the built site
``median_page_bytes``         median HTML size of a document page (``documents/*/index.html``)
``search_first_query_bytes``  bytes of every response the search machinery fetched, from
                              opening the page to the first result (URLs under
                              ``SEARCH_PATHS``: Material's ``search/`` index and worker,
                              Pagefind's ``pagefind/`` files and the search box scripts),
                              uncompressed as served
``search_first_query_ms``     right after the page's ``load`` event, the query is put into
                              the search box as a reader's keystroke would (focus, value,
                              ``input`` event, in one task): milliseconds from there to
                              the first frame painted with a result, timed inside the
                              page (``performance.now``). Loading the index is part of
                              the wait, as it is for a reader who types at once
``search_after_focus_ms``     the reader clicks into the box, types the query a second
                              later (``FOCUS_TO_TYPING_MS``; the engine starts on focus),
                              milliseconds from the keystroke to the first painted result
``search_completeness_rate``  of the clauses that hold ``--completeness`` queries sampled
                              from the archive's text (``search_sample``), the share shown
                              after every document and group is opened (1.0 = all)
``search_first_query_driver_ms``  the same search timed from outside, around Playwright's
                              ``fill`` and a wait for a visible result checked every
                              animation frame: the reader's wait plus the driver's round
                              trips to the browser

plus the parts (pipeline and mkdocs seconds, mkdocs peak RSS, page-size spread, the
first result's URL, request counts).

A build takes long (about 25 minutes at 2,000 documents on two busy cores), and changes to
the search box's scripts and styles need none: ``--keep`` leaves the built archive in
``bench/out/work/site-N/``, and ``--reuse`` measures that site again after copying
``overrides/assets/`` (or ``--assets DIR``, say another branch's) over its ``assets/``
(the pages, the index and the sizes stay those of the build; ``build_seconds`` is then
absent). ``--site DIR`` measures any built site as
it is. ``--compare DIR`` times the search a second time in each round with DIR's files
served over ``assets/`` (say main's ``overrides/assets``), the two in alternating order, and
reports those figures under ``compare``: on a busy machine only such paired figures compare
fairly. ``--profile`` adds ``search_profile``: for the first search of the first run, every
request of the search machinery (path, start and end in ms from the keystroke, bytes) and
the main thread's long tasks (start, duration), to see where the wait goes. Chromium is Debian's (``shutil.which("chromium")``),
launched with no network but loopback.
"""
from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bench.bench import REPO_ROOT, _mkdocs, _project
from bench.synth import write_corpus

SEARCH_INPUT = "input.md-search__input"  # Material's header search, kept by the archive
SEARCH_OPEN = "label[for=__search]"
RESULT_LINKS = ".md-search-result__item a.md-search-result__link"
VISIBLE_RESULT = "(links) => { const a = document.querySelector(links); return !!a && a.getClientRects().length > 0; }"
# Inside the page: type the query in one task, then note the first frame painted with a
# visible result (requestAnimationFrame runs before the paint, the timeout after it).
TYPE_AND_TIME = """([input, links, query, timeout]) => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error(`no result in ${timeout} ms`)), timeout);
  const box = document.querySelector(input);
  let seen = false;
  const observer = new MutationObserver(() => {
    const first = document.querySelector(links);
    if (seen || !first || first.getClientRects().length === 0) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve({
      ms: performance.now() - typed, typed, href: first.getAttribute("href")}), 0));
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true});
  const typed = performance.now();
  box.focus();
  box.value = query;
  box.dispatchEvent(new InputEvent("input", {bubbles: true, data: query, inputType: "insertText"}));
})"""
# Inside the page, after the first search: its long tasks and the time origin of its
# clock (request timings of Playwright, which also sees the search worker's, are epoch ms).
PROFILE = """() => ({
  origin: performance.timeOrigin,
  long_tasks: (window.__benchLongTasks || []).map((e) => [e.startTime, e.duration]),
})"""
WATCH_LONG_TASKS = """window.__benchLongTasks = [];
new PerformanceObserver((list) => window.__benchLongTasks.push(...list.getEntries()))
  .observe({type: "longtask", buffered: true});"""
FOCUS_TO_TYPING_MS = 1000  # a reader's pause between clicking into the box and the query typed
SEARCH_PATHS = ("/search/", "/pagefind/", "/workers/search", "/archive-search.js", "/search-words.js")
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")


class _Quiet(SimpleHTTPRequestHandler):
    overlay: Path | None = None  # files under assets/ served from here where it has them

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        served = super().translate_path(path)
        if self.overlay is not None:
            inside = Path(served).relative_to(Path(self.directory).resolve())
            if inside.parts[:1] == ("assets",) and (self.overlay / Path(*inside.parts[1:])).is_file():
                return str(self.overlay / Path(*inside.parts[1:]))
        return served


def _serve(site: Path, overlay: Path | None = None) -> ThreadingHTTPServer:
    handler = type("_Overlaid", (_Quiet,), {"overlay": overlay.resolve() if overlay else None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _page_sizes(site: Path) -> list[int]:
    return sorted(p.stat().st_size for p in (site / "documents").glob("*/index.html"))


def measure_search(site: Path, query: str, timeout_s: float = 180.0, browser=None,
                   repeat: int = 1, profile: bool = False, compare: Path | None = None) -> dict:
    """Open the home page in headless Chromium, search ``query`` once, measure it; with
    ``repeat`` > 1, as often in fresh pages, and report the median times (each run's in
    ``…_runs``).

    ``browser`` is a Playwright browser to use; without it Debian's Chromium is launched.
    ``profile`` adds ``search_profile`` (see the module docstring) from the first run.
    ``compare`` is a folder of other scripts and styles for ``assets/``: each round then
    also measures the site with those, in alternating order (ABBA), reported under
    ``compare``, so the two are timed under the same load.
    """
    servers = [_serve(site)] + ([_serve(site, compare)] if compare else [])
    urls = [f"http://127.0.0.1:{server.server_address[1]}/" for server in servers]
    try:
        if browser is not None:
            return _compared(browser, urls, query, timeout_s, repeat, profile)
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium")
        if chromium is None:
            return {"search_error": "chromium is not on PATH (.ci/install-browser installs it)"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                                 args=list(CHROMIUM_ARGS))
            try:
                return _compared(browser, urls, query, timeout_s, repeat, profile)
            finally:
                browser.close()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _compared(browser, urls: list[str], query: str, timeout_s: float, repeat: int, profile: bool) -> dict:
    runs: list[list[dict]] = [[] for _ in urls]
    for n in range(max(1, repeat)):
        order = list(enumerate(urls)) if n % 2 == 0 else list(enumerate(urls))[::-1]
        for index, url in order:
            runs[index].append(_measure(browser, url, query, timeout_s, profile and not n and not index))
    results = [_summary(each) for each in runs]
    if len(results) > 1:
        results[0]["compare"] = results[1]
    return results[0]


def _summary(runs: list[dict]) -> dict:
    result = dict(runs[0])  # bytes and requests of the first run
    if len(runs) > 1:
        for key in ("search_first_query_ms", "search_first_query_driver_ms", "search_after_focus_ms"):
            times = [run.get(key) for run in runs]
            result[f"{key}_runs"] = times
            result[key] = None if None in times else round(statistics.median(times))
        errors = [run["search_error"] for run in runs if "search_error" in run]
        if errors:
            result["search_error"] = errors[0]
    return result


def _measure(browser, url: str, query: str, timeout_s: float, profile: bool = False) -> dict:
    context = browser.new_context()
    page = context.new_page()
    if profile:
        page.add_init_script(WATCH_LONG_TASKS)
    responses: list[tuple[str, int]] = []
    timings: list[tuple[str, int, dict]] = []

    def finished(request) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # the page went away; the bytes were not used
            return
        responses.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        if profile:
            timings.append((request.url, sizes["responseBodySize"], request.timing))

    page.on("requestfinished", finished)
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    loaded = time.perf_counter()
    result: dict = {}
    try:
        timed = page.evaluate(TYPE_AND_TIME, [SEARCH_INPUT, RESULT_LINKS, query, timeout_s * 1000])
        result["search_first_query_ms"] = round(timed["ms"])
        result["search_first_result"] = timed["href"]
    except Exception as error:  # no result in time: report it, keep the rest
        timed = None
        result["search_first_query_ms"] = None
        result["search_error"] = f"no result for {query!r} within {timeout_s:.0f} s: {error}"
    page.wait_for_timeout(200)  # let responses of the query finish
    if profile and timed:
        result["search_profile"] = _profile(page.evaluate(PROFILE), timed["typed"], timings)
    context.close()
    search = [(u, n) for u, n in responses if any(p in u for p in SEARCH_PATHS)]
    result.update({
        "search_first_query_bytes": sum(n for _, n in search),
        "search_requests": len(search),
        "page_load_ms": round((loaded - started) * 1000),
        "page_and_search_bytes": sum(n for _, n in responses),
        "requests": len(responses),
    })
    result.update(_driver_search(browser, url, query, timeout_s))
    result.update(_after_focus(browser, url, query, timeout_s))
    return result


def _profile(clock: dict, typed: float, timings: list[tuple[str, int, dict]]) -> dict:
    """The search requests and the page's long tasks, in ms from the keystroke."""
    at = clock["origin"] + typed  # the keystroke, epoch ms
    requests = []
    for url, size, timing in timings:
        if not any(p in url for p in SEARCH_PATHS) or timing["startTime"] <= 0:
            continue
        start = timing["startTime"] - at
        requests.append({"path": urlsplit(url).path, "start": round(start),
                         "end": round(start + timing["responseEnd"]), "bytes": size})
    requests.sort(key=lambda r: r["start"])
    tasks = [{"start": round(start - typed), "ms": round(ms)} for start, ms in clock["long_tasks"]]
    return {"requests": requests, "long_tasks": tasks}


def _after_focus(browser, url: str, query: str, timeout_s: float) -> dict:
    """A reader who clicks into the box and types a second later: the engine starts on focus."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("s => document.querySelector(s).focus()", SEARCH_INPUT)
    page.wait_for_timeout(FOCUS_TO_TYPING_MS)
    try:
        timed = page.evaluate(TYPE_AND_TIME, [SEARCH_INPUT, RESULT_LINKS, query, timeout_s * 1000])
        shown = round(timed["ms"])
    except Exception:
        shown = None
    context.close()
    return {"search_after_focus_ms": shown}


def measure_completeness(site: Path, queries: int, browser=None) -> dict:
    """Search ``queries`` sampled queries (``search_sample``) and count the clauses shown."""
    from playwright.sync_api import sync_playwright

    from bench.search_sample import completeness, sample_queries

    corpus = json.loads((site / "data" / "corpus.json").read_text(encoding="utf-8"))
    server = _serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                                 args=list(CHROMIUM_ARGS))
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            counted = completeness(page, url, corpus, sample_queries(corpus, queries, seed=13))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {f"search_completeness_{key}": value for key, value in counted.items()}


def _driver_search(browser, url: str, query: str, timeout_s: float) -> dict:
    """The same first search in a fresh page, timed from outside around ``fill``."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        page.locator(SEARCH_OPEN).first.click()
    typed = time.perf_counter()
    box.fill(query)
    try:
        # checked every animation frame: a locator's wait polls at 100, 250, 500, 1000 ms
        page.wait_for_function(VISIBLE_RESULT, arg=RESULT_LINKS, polling="raf", timeout=timeout_s * 1000)
        shown = round((time.perf_counter() - typed) * 1000)
    except Exception:  # reported by the in-page measurement already
        shown = None
    context.close()
    return {"search_first_query_driver_ms": shown}


def _work(docs: int) -> Path:
    return REPO_ROOT / "bench" / "out" / "work" / f"site-{docs}"


def _site_report(site: Path, query: str) -> dict:
    sizes = _page_sizes(site)
    return {
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "median_page_bytes": int(statistics.median(sizes)) if sizes else None,
        "max_page_bytes": sizes[-1] if sizes else None,
        "document_pages": len(sizes),
        "query": query,
    }


def measure_built(site: Path, query: str, repeat: int = 1, completeness_queries: int = 0,
                  profile: bool = False, assets: Path | None = None, compare: Path | None = None) -> dict:
    """Measure a site built before (no build): with ``assets``, that folder is first copied
    over the site's ``assets/`` (the search box's scripts and styles as they are now);
    ``compare``: see :func:`measure_search`."""
    if assets is not None:
        shutil.copytree(assets, site / "assets", dirs_exist_ok=True)
    corpus = site / "data" / "corpus.json"
    report: dict = {"site": str(site), "reused": True}
    if corpus.is_file():
        report["corpus_documents"] = len(json.loads(corpus.read_text(encoding="utf-8"))["documents"])
    report.update(_site_report(site, query))
    report.update(measure_search(site, query, repeat=repeat, profile=profile, compare=compare))
    if completeness_queries:
        report.update(measure_completeness(site, completeness_queries))
    return report


def run(docs: int, seed: str, query: str, link: bool, after: str | None, keep: bool,
        repeat: int = 1, completeness_queries: int = 0, profile: bool = False) -> dict:
    work = _work(docs)
    corpus = work / "corpus"
    write_corpus(corpus, docs, seed=seed, seeds_dir=REPO_ROOT / "seeds")
    project = _project(work)
    command = [sys.executable, "-m", "build_tools", "build", "--quiet",
               "--seeds", str(corpus), "--docs", str(project / "docs")]
    if not link:
        command.append("--no-link")
    report: dict = {"docs": docs, "seed": seed, "linked": link}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    report["pipeline_seconds"] = round(time.perf_counter() - started, 2)
    if done.returncode:
        report["error"] = f"build exited {done.returncode}: {done.stderr.strip()[-2000:]}"
        return report
    mkdocs = _mkdocs(project)
    report["mkdocs_seconds"] = mkdocs["seconds"]
    report["mkdocs_peak_rss_mb"] = mkdocs["peak_rss_mb"]
    if "error" in mkdocs:
        report["error"] = f"mkdocs: {mkdocs['error']}"
        return report
    site = project / "site"
    total = report["pipeline_seconds"] + mkdocs["seconds"]
    if after:
        started = time.perf_counter()
        step = subprocess.run(shlex.split(after.replace("{site}", str(site))), cwd=REPO_ROOT,
                              capture_output=True, text=True)
        report["after_mkdocs_seconds"] = round(time.perf_counter() - started, 2)
        total += report["after_mkdocs_seconds"]
        if step.returncode:
            report["error"] = f"after-mkdocs exited {step.returncode}: {step.stderr.strip()[-2000:]}"
            return report
    report["build_seconds"] = round(total, 2)
    report.update(_site_report(site, query))
    report.update(measure_search(site, query, repeat=repeat, profile=profile))
    if completeness_queries:
        report.update(measure_completeness(site, completeness_queries))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sitebench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, help="documents in the archive (not with --site)")
    parser.add_argument("--seed", default="0", help="synthetic corpus seed")
    parser.add_argument("--query", default="总部经济", help="the reader's first search")
    parser.add_argument("--no-link", action="store_true", help="build without similar measures")
    parser.add_argument("--after-mkdocs", help="command run after mkdocs ({site} = site folder)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--keep", action="store_true", help="keep bench/out/work/site-N/")
    parser.add_argument("--repeat", type=int, default=5,
                        help="searches in fresh pages; the times reported are their median")
    parser.add_argument("--completeness", type=int, default=20, metavar="N",
                        help="sampled queries whose every clause must be found (0: skip)")
    parser.add_argument("--reuse", action="store_true",
                        help="no build: measure the site an earlier --keep run of --docs N left, "
                             "with overrides/assets/ copied into it")
    parser.add_argument("--assets", type=Path, default=REPO_ROOT / "overrides" / "assets",
                        help="with --reuse: the folder copied over the site's assets/ "
                             "(default overrides/assets/; another branch's, to compare)")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="with --reuse or --site: also time the search with DIR's files over "
                             "assets/ (another branch's scripts), alternating with this one's")
    parser.add_argument("--site", type=Path, help="no build: measure this built site as it is")
    parser.add_argument("--profile", action="store_true",
                        help="add the first search's requests and long tasks (search_profile)")
    args = parser.parse_args(argv)
    if args.site is not None:
        if not (args.site / "index.html").is_file():
            parser.error(f"--site {args.site}: no index.html; build the site first")
        report = measure_built(args.site, args.query, args.repeat, args.completeness, args.profile,
                               compare=args.compare)
    elif args.docs is None or args.docs < 1:
        parser.error("--docs must be at least 1")
    elif args.reuse:
        site = _work(args.docs) / "project" / "site"
        if not (site / "index.html").is_file():
            parser.error(f"--reuse: no site in {site}; build it once with --keep")
        report = measure_built(site, args.query, args.repeat, args.completeness, args.profile,
                               assets=args.assets, compare=args.compare)
        report["docs"] = args.docs
    else:
        report = run(args.docs, args.seed, args.query, not args.no_link, args.after_mkdocs, args.keep,
                     args.repeat, args.completeness, args.profile)
    text = json.dumps(report, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if "error" in report or "search_error" in report else 0


if __name__ == "__main__":
    sys.exit(main())
