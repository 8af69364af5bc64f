"""Untrusted text on a page: the one place that decides what may become markup.

Sources, sidecars, notes, glossary and themes are written by people and scrapers the
archive does not control. Everything they give reaches a page through one of these:

- :func:`esc` — plain text inside Markdown or HTML: ASCII punctuation and HTML-special
  characters become numeric character references, so nothing can become Markdown syntax,
  a tag, an attribute, an entity or the end of an HTML comment (no ``-`` or ``>`` is left);
- :func:`attr` — plain text inside a double-quoted HTML attribute;
- :func:`safe_url` — whether a URL may be a link: only ``http:``, ``https:``, ``mailto:``
  and relative URLs. The scheme is read the way a browser reads it, after decoding
  character references (``&#106;avascript:``), dropping tabs and line breaks anywhere
  (``java<TAB>script:``), other control characters and leading spaces, and in any case;
- :func:`editorial_markdown` — an editor's Markdown (a note, a glossary definition) with raw
  HTML neutralised, published as Markdown only if :func:`markdown_faults` finds nothing in
  it; otherwise it is published as literal text;
- :func:`html_comment` — a comment for MkDocs plugins (``<!-- material/tags … -->``) whose
  body cannot close it early.

:func:`markdown_faults` renders the text with the Markdown extensions the site uses and
reads the resulting element tree: only the elements and attributes Markdown makes for
prose (paragraphs, emphasis, lists, tables, links, images, admonitions) are allowed, every
link and image address must pass :func:`safe_url` (reference definitions too, since a
definition in one note serves a reference in another on the same page), and no raw HTML
may survive. The loaders report its findings at the field's ``file:line``.
"""
from __future__ import annotations

import html
import re
import unicodedata
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_ESCAPE = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|<>&~^=:$\"'@%/;?"}

#: Markdown extensions of ``mkdocs.yml`` that make elements from text (``toc`` only adds ids).
SITE_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "pymdownx.details", "tables")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_CLASS = re.compile(r"[a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*")

#: Elements Markdown makes for prose, and the attributes each may carry.
_ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in ("em", "strong", "code", "pre", "br", "hr", "ul", "li",
                                    "blockquote", "table", "thead", "tbody", "tr",
                                    "h1", "h2", "h3", "h4", "h5", "h6")},
    "div": frozenset({"class"}), "p": frozenset({"class"}), "summary": frozenset({"class"}),
    "details": frozenset({"class", "open"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"style"}), "td": frozenset({"style"}),
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
}
_VALUES = {
    "class": _CLASS,
    "start": re.compile(r"[0-9]{1,9}"),
    "open": re.compile(r"(?:open)?"),
    "style": re.compile(r"text-align: (?:left|right|center);"),
}
_URL_ATTRIBUTES = frozenset({"href", "src"})


def esc(text: str) -> str:
    """Text safe inside Markdown and HTML: special ASCII characters as ``&#NN;``."""
    return text.translate(_ESCAPE)


def attr(text: str) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return html.escape(text, quote=True).replace("\n", " ")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would find in ``url`` (lower case), or None for a relative URL."""
    text = url
    for _ in range(8):  # &amp;#106; → &#106; → j: decode until nothing changes
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).lstrip(" ")
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def safe_url(url: str) -> bool:
    """Whether ``url`` may be a link or an image address: http(s), mailto or relative."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def neutralise(text: str) -> str:
    """Markdown with raw HTML made text: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Capture(Treeprocessor):
    """Keeps the finished element tree (runs after every other tree processor)."""

    root: Element | None = None

    def run(self, root: Element) -> None:
        self.root = root


class _CaptureExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Capture(md), "capture", -100)


def markdown_faults(text: str) -> list[str]:
    """What in an editor's Markdown could not be published safely (empty: nothing).

    ``text`` is rendered after :func:`neutralise`, as the page renders it.
    """
    md = markdown.Markdown(extensions=[*SITE_EXTENSIONS, _CaptureExtension()])
    md.convert(neutralise(text))
    capture = md.treeprocessors["capture"]
    faults: list[str] = []
    for _, (url, _title) in sorted(md.references.items()):
        if not safe_url(url):
            faults.append(f"link address {url!r}: only http(s), mailto and relative links")
    for raw in md.htmlStash.rawHtmlBlocks:
        if not _ENTITY.fullmatch(str(raw)):
            faults.append(f"raw HTML {str(raw)[:40]!r}")
    for element in capture.root.iter() if capture.root is not None else ():
        if element is capture.root:
            continue
        allowed = _ALLOWED.get(element.tag)
        if allowed is None:
            faults.append(f"<{element.tag}> is not allowed")
            continue
        for name, value in sorted(element.attrib.items()):
            if name not in allowed:
                faults.append(f"attribute {name}={value!r} on <{element.tag}> is not allowed")
            elif name in _URL_ATTRIBUTES and not safe_url(value):
                faults.append(f"link address {value!r}: only http(s), mailto and relative links")
            elif name in _VALUES and not _VALUES[name].fullmatch(value):
                faults.append(f"attribute {name}={value!r} on <{element.tag}> is not allowed")
    return list(dict.fromkeys(faults))


def editorial_markdown(text: str) -> str:
    """An editor's Markdown as it may appear on a page: neutralised Markdown when it passes
    :func:`markdown_faults`, else the text itself, shown literally."""
    return esc(text) if markdown_faults(text) else neutralise(text)


def html_comment(body: str) -> str:
    """``<!-- body -->``; ``body`` must not be able to end the comment or open another."""
    if "--" in body or "<!" in body or body.startswith((">", "->")) or body.endswith("-"):
        raise ValueError(f"text cannot be put in an HTML comment: {body[:60]!r}")
    return f"<!-- {body} -->"
