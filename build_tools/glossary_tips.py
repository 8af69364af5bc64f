"""Glossary tooltips by reference: each definition once per page and once per site.

A term in the text is ``<abbr class="gloss" tabindex="0" aria-describedby="gloss-…">``.
The id names the entry by a hash of its term (adding or editing another entry never
changes it). What the reader gets:

- **on screen**, on hover and on keyboard focus: the definition drawn by the style sheet
  (``archive.css``: ``content: var(--gloss)``), whose text comes from ``glossary.css``,
  written by the build with one rule per entry (``[aria-describedby="gloss-…"]
  {--gloss: "…"}``): one file for the whole site, fetched once. No script is involved;
- **read aloud**: the accessible description, the text of the page's hidden list of the
  definitions its terms use (``<div class="gloss-defs" hidden>``, one ``<span id="gloss-…">``
  per entry), which ``aria-describedby`` points at.

The tooltip text is the term, ``：`` and the definition as one line of plain text.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from .model import GlossaryEntry
from .safe_markup import esc

#: The site's glossary style sheet, a generated file at the root of ``docs/``.
STYLESHEET = "glossary.css"


def gloss_id(entry: GlossaryEntry) -> str:
    """The element id of an entry's definition on a page (``gloss-`` and 10 hex digits)."""
    return "gloss-" + hashlib.sha1(entry.term.encode("utf-8")).hexdigest()[:10]


def tooltip(entry: GlossaryEntry) -> str:
    """An entry as one line of plain text: the term, ``：`` and its definition without
    Markdown (link text kept, emphasis marks dropped)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", entry.definition)
    return entry.term + "：" + re.sub(r"[*_`]+", "", " ".join(text.split()))


def term_html(entry: GlossaryEntry, shown: str) -> str:
    """A term in the text (``shown`` is already escaped), pointing at its definition."""
    return f'<abbr class="gloss" tabindex="0" aria-describedby="{gloss_id(entry)}">{shown}</abbr>'


_USED = re.compile(r'<abbr class="gloss" tabindex="0" aria-describedby="(gloss-[0-9a-f]{10})">')


def definitions_block(page: str, glossary: Sequence[GlossaryEntry]) -> str:
    """The hidden list of the definitions of the terms that ``page`` (its Markdown) marks,
    in glossary order; empty if it marks none."""
    used = set(_USED.findall(page))
    spans = [f'<span id="{gloss_id(e)}">{esc(tooltip(e))}</span>'
             for e in glossary if gloss_id(e) in used]
    return f'<div class="gloss-defs" hidden>{"".join(spans)}</div>' if spans else ""


def css_string(text: str) -> str:
    """``text`` as a CSS string: every character that could end the string, the rule or
    the sheet, and every control character, as a hexadecimal escape."""
    def escape(m: re.Match) -> str:
        return f"\\{ord(m.group(0)):x} "
    return '"' + re.sub(r'["\\<>\x00-\x1f\x7f\u2028\u2029]', escape, text) + '"'


def glossary_css(glossary: Iterable[GlossaryEntry]) -> str:
    """``glossary.css``: one custom property per entry, the tooltip text that the style
    sheet draws beside a term."""
    lines = ['@charset "utf-8";',
             "/* The glossary's tooltips, written by the build (build_tools/glossary_tips.py). */"]
    lines += [f'abbr.gloss[aria-describedby="{gloss_id(e)}"]{{--gloss:{css_string(tooltip(e))}}}'
              for e in glossary]
    return "\n".join(lines) + "\n"
