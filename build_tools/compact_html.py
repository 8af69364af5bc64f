"""A finished page without the bytes that change nothing a reader sees.

Two things are cut, outside ``pre``, ``code``, ``textarea``, ``script`` and ``style``
(whose content is left exactly as it is):

- **Runs of white space holding a line break**, between two tags or inside text, become
  one line break. The theme's templates leave runs of blank, indented lines between tags
  and around the words of navigation entries (a document page of 120 KB carried about
  7 KB of them, repeated on every page of the archive); HTML collapses such a run to one
  space either way, so a page reads and lays out exactly as before. A run without a line
  break (the space between two words or two links) is left alone.
- **Runs of white space holding a line break between the attributes of a tag** (a
  template that writes one attribute a line) become one space, which is what HTML reads
  there; quoted attribute values are left exactly as they are.
- **Numeric character references of harmless ASCII punctuation in text**: the escaping
  of source text writes every ASCII punctuation character as a reference (``&#40;`` for
  ``(``), so that Markdown reads none of them as markup; once the page is HTML, ``(`` and
  ``&#40;`` are the same text. Only references in text between tags are written back as
  the character, and never those of ``<``, ``>``, ``&``, ``"`` or ``'`` (nor any
  reference inside a tag, such as an attribute value), so no text can become markup.
"""
from __future__ import annotations

import re

#: Elements whose content keeps its white space and its references.
_KEPT = re.compile(r"<(pre|code|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
#: A tag, comment or declaration: left as it is (its attribute values included).
_TAG = re.compile(r"<[^>]*>")
#: A run of white space that holds at least one line break.
_BREAKING_SPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
#: ASCII punctuation whose character means nothing in HTML text.
_HARMLESS = frozenset(ord(c) for c in "!#$%()*+,-./:;=?@[\\]^_`{|}~")
_REFERENCE = re.compile(r"&#([0-9]{2,3});")


def _literal(match: re.Match) -> str:
    code = int(match.group(1))
    return chr(code) if code in _HARMLESS else match.group(0)


def _text(text: str) -> str:
    return _REFERENCE.sub(_literal, _BREAKING_SPACE.sub("\n", text))


def _between(pattern: re.Pattern, html: str, change) -> str:
    """``html`` with ``change`` applied to the stretches between the matches of ``pattern``
    (the matches themselves left as they are)."""
    out, pos = [], 0
    for found in pattern.finditer(html):
        out.append(change(html[pos:found.start()]))
        out.append(found.group(0))
        pos = found.end()
    out.append(change(html[pos:]))
    return "".join(out)


#: A quoted attribute value inside a tag: left as it is.
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')


def _tag(tag: str) -> str:
    """A tag with each white-space run that holds a line break, outside quoted values, cut
    to one space."""
    if "\n" not in tag or not tag.startswith("<") or tag.startswith(("<!", "<?")):
        return tag
    return _between(_QUOTED, tag, lambda part: _BREAKING_SPACE.sub(" ", part))


def _outside_kept(html: str) -> str:
    out, pos = [], 0
    for found in _TAG.finditer(html):
        out.append(_text(html[pos:found.start()]))
        out.append(_tag(found.group(0)))
        pos = found.end()
    out.append(_text(html[pos:]))
    return "".join(out)


def compact(html: str) -> str:
    """``html`` with every white-space run holding a line break cut to one line break (one
    space between a tag's attributes) and harmless punctuation references written as
    characters, outside the elements of ``_KEPT`` (and outside tags, for references)."""
    return _between(_KEPT, html, _outside_kept)
