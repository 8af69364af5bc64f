"""Glossary tooltips by reference: a term points at its definition, stated once per page
(for screen readers) and once per site (``glossary.css``, for the tooltip drawn on screen)."""
from __future__ import annotations

import re
from dataclasses import replace

from build_tools.glossary_tips import (css_string, definitions_block, gloss_id, glossary_css,
                                       tooltip)
from build_tools.model import Analysis, ClauseRef, GlossaryEntry
from build_tools.render import document_page, inline

from test_cite import CLAUSE, document

HUB = GlossaryEntry("总部经济", "吸引企业把**总部**设在本地的[发展方式](https://example.org/)。", "2000年代")
LINE = GlossaryEntry("一张蓝图绘到底", "规划一经确定就持续实施。", "")


def css_value(sheet: str, entry: GlossaryEntry) -> str:
    """What a browser reads as the entry's ``--gloss`` in ``sheet``: the string with its
    hexadecimal escapes resolved."""
    rule = re.search(rf'\[aria-describedby="{gloss_id(entry)}"\]\{{--gloss:"(.*?)"\}}', sheet)
    assert rule, f"no rule for {entry.term}"
    return re.sub(r"\\([0-9a-f]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), rule.group(1))


def test_a_term_points_at_its_definition_instead_of_carrying_it() -> None:
    text = inline("大力发展总部经济,发展总部经济。", [HUB])
    assert text.count(f'aria-describedby="{gloss_id(HUB)}"') == 2
    assert "吸引企业" not in text


def test_the_page_states_each_used_definition_once_and_no_other() -> None:
    clause = replace(CLAUSE, text="1.大力发展商贸服务业。发展总部经济,再发展总部经济。")
    doc = replace(document(), clauses=(clause,))
    page = document_page(doc, Analysis(glossary=(HUB, LINE)), {doc.id: doc.title},
                         {ClauseRef(doc.id, c.id): c for c in doc.clauses})
    block = re.search(r'<div class="gloss-defs" hidden>.*?</div>', page).group(0)
    assert page.count(f'id="{gloss_id(HUB)}"') == 1
    assert f'<span id="{gloss_id(HUB)}">总部经济：吸引企业把总部设在本地的发展方式。</span>' in block
    assert gloss_id(LINE) not in page


def test_a_page_without_terms_has_no_definitions_list() -> None:
    assert definitions_block("没有词条的正文", [HUB]) == ""


def test_the_site_stylesheet_gives_each_entry_its_tooltip_text() -> None:
    sheet = glossary_css([HUB, LINE])
    assert css_value(sheet, HUB) == tooltip(HUB) == "总部经济：吸引企业把总部设在本地的发展方式。"
    assert css_value(sheet, LINE) == "一张蓝图绘到底：规划一经确定就持续实施。"
    assert sheet == glossary_css([HUB, LINE])


def test_a_definition_cannot_end_the_css_string_rule_or_sheet() -> None:
    hostile = GlossaryEntry("词", 'a"}\\ </style>\nbody{display:none} \u2028x', "")
    sheet = glossary_css([hostile])
    body = sheet.split("\n", 2)[2]  # the rules, after the charset and the comment
    assert body.count("\n") == 1 and body.endswith("}\n")
    value = body.split("{--gloss:", 1)[1]
    assert re.fullmatch(r'"[^"]*"\}\n', value), value  # one string, then the rule's end
    assert "<" not in body and "\u2028" not in body
    assert css_value(sheet, hostile) == tooltip(hostile)
    assert css_string("a") == '"a"'


def test_ids_depend_on_the_term_alone() -> None:
    assert gloss_id(HUB) == gloss_id(GlossaryEntry("总部经济", "另一个释义", ""))
    assert gloss_id(HUB) != gloss_id(LINE)
    assert re.fullmatch(r"gloss-[0-9a-f]{10}", gloss_id(HUB))
