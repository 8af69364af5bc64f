"""The site bench's paired runs (``--compare DIR``) serve the other scripts over ``assets/``
and nothing else of the site changes."""
from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

from bench.sitebench import _serve


def _get(server, path: str) -> bytes:
    with urlopen(f"http://127.0.0.1:{server.server_address[1]}/{path}", timeout=10) as answer:
        return answer.read()


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / "archive-search.js").write_text("// built\n")
    (site / "assets" / "javascripts" / "bundle.js").write_text("// theme\n")
    (site / "index.html").write_text("<!doctype html>\n")
    return site


def test_the_compared_scripts_replace_only_the_files_the_other_folder_has(tmp_path):
    site = _site(tmp_path)
    other = tmp_path / "other" / "javascripts"
    other.mkdir(parents=True)
    (other / "archive-search.js").write_text("// other branch\n")
    (tmp_path / "other" / "index.html").write_text("not under assets/\n")
    plain, overlaid = _serve(site), _serve(site, tmp_path / "other")
    try:
        assert _get(plain, "assets/javascripts/archive-search.js") == b"// built\n"
        assert _get(overlaid, "assets/javascripts/archive-search.js") == b"// other branch\n"
        assert _get(overlaid, "assets/javascripts/bundle.js") == b"// theme\n"
        assert _get(overlaid, "index.html") == b"<!doctype html>\n"
    finally:
        for server in (plain, overlaid):
            server.shutdown()
            server.server_close()
