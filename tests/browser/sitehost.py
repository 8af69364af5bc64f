"""Serve a built site on 127.0.0.1 the way a static host such as GitHub Pages does.

The site is mounted under a URL prefix (``/`` or a project sub-path such as
``/archive/``): a path outside the prefix is a plain 404, a missing file inside
it (or a folder without ``index.html``) answers with the site's own ``404.html``
and status 404, and a folder without its trailing slash is redirected to it. Each host runs one
``ThreadingHTTPServer`` in a daemon thread on a free port and logs nothing.
"""
from __future__ import annotations

import html.parser
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files of one site directory, mounted under ``mount``."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
    }

    def __init__(self, *args, mount: str, **kwargs) -> None:
        self.mount = mount
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib name
        """Keep test output quiet; failures are reported by the browser fixtures."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _inside_mount(self) -> bool:
        return unquote(urlsplit(self.path).path).startswith(self.mount)

    def send_head(self):
        if not self._inside_mount():
            self.send_error(HTTPStatus.NOT_FOUND, "outside the site's mount")
            return None
        return super().send_head()

    def list_directory(self, path):
        """Static hosts do not list folders: a folder without index.html is missing."""
        self.send_error(HTTPStatus.NOT_FOUND, "no index.html")
        return None

    def translate_path(self, path: str) -> str:
        """Map ``<mount>a/b`` to ``<site>/a/b`` (only called for paths inside the mount)."""
        request_path = urlsplit(path).path
        return super().translate_path("/" + request_path[len(self.mount):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing page inside the mount with the site's 404 page, as Pages does."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not self._inside_mount() or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page mid-download is normal here; anything else is not."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteHost:
    """A running static host for ``site_dir`` under ``mount``; ``url`` is the site's root."""

    def __init__(self, site_dir: Path, mount: str = "/") -> None:
        if not mount.startswith("/") or not mount.endswith("/"):
            raise ValueError(f"mount must start and end with '/', got {mount!r}")
        self.site_dir = site_dir
        self.mount = mount
        handler = partial(_SiteHandler, directory=str(site_dir), mount=mount)
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"site{mount}", daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.mount}"

    def __enter__(self) -> SiteHost:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _CanonicalFinder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical" and self.href is None:
            self.href = values.get("href")


def published_mount(site_dir: Path) -> str:
    """The URL path the site was built for (``site_url``'s path), read from the home page.

    MkDocs writes ``<link rel="canonical">`` from ``site_url``; without one the
    site was built for the root of its host.
    """
    finder = _CanonicalFinder()
    finder.feed((site_dir / "index.html").read_text(encoding="utf-8"))
    if not finder.href:
        return "/"
    path = urlsplit(finder.href).path or "/"
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
