"""Read a built HTML page as a tree: elements, their attributes and their decoded text.

A small tree builder on the standard library's ``html.parser`` (character references
decoded; inside ``<title>`` and ``<textarea>`` left as written), enough to ask what a reader's browser would see: which elements exist, which
ids they carry, and the text inside them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
#: Elements whose content a browser reads as text, never as markup (``html.parser`` itself
#: only knows ``script`` and ``style``).
RAW_TEXT = {"title", "textarea"}
#: Elements a following start tag closes implicitly (enough for MkDocs' well-formed output).
_IMPLIED_END = {"p": {"p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                      "details", "dl", "pre", "blockquote"},
                "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: "Element | None" = field(default=None, repr=False)
    children: list["Element | str"] = field(default_factory=list, repr=False)

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: Callable[["Element"], bool] = lambda e: False) -> str:
        """The decoded text inside, without the elements for which ``skip`` is true."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not skip(child):
                out.append(child.text(skip))
        return "".join(out)

    def iter(self) -> Iterator["Element"]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Element"]:
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and (cls is None or cls in e.classes)]

    def ancestors(self) -> Iterator["Element"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def inside(self, tag: str | None = None, cls: str | None = None) -> bool:
        return any((tag is None or a.tag == tag) and (cls is None or cls in a.classes)
                   for a in self.ancestors())

    def text_nodes(self) -> Iterator[tuple[str, "Element"]]:
        """Every piece of text inside, with the element that directly holds it."""
        for child in self.children:
            if isinstance(child, str):
                yield child, self
            else:
                yield from child.text_nodes()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, 0)
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = _IMPLIED_END
        while len(self.open) > 1 and tag in closes.get(self.open[-1].tag, ()):
            self.open.pop()
        element = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)
        if tag in RAW_TEXT:
            self.set_cdata_mode(tag)  # as browsers do: no elements inside, only text

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.open[-1])
        self.open[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return  # an end tag without its start tag is ignored, as browsers do

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def all_ids(root: Element) -> list[str]:
    """Every ``id`` attribute in the page, in document order (duplicates kept)."""
    return [e.id for e in root.iter() if e.id is not None]


def by_id(root: Element, element_id: str) -> list[Element]:
    return [e for e in root.iter() if e.id == element_id]


def article(root: Element) -> Element:
    """The page's content area (Material: ``<article class="md-content__inner">``)."""
    found = [e for e in root.find_all("article") if "md-content__inner" in e.classes]
    assert len(found) == 1, f"expected one content <article>, found {len(found)}"
    return found[0]


def without_permalink(element: Element) -> bool:
    """``skip`` for ``Element.text``: the ``¶`` permalink inside a heading."""
    return element.tag == "a" and "headerlink" in element.classes
