"""Facts read off a clause's own text: lead units, quantitative targets, redactions.

Pure functions of a string; ``structure`` stores their results on each ``Clause``.
"""
from __future__ import annotations

import re

from .model import Target

# ---------------------------------------------------------------------------
# Lead units: (牵头单位:A、B,参加单位:C) or 〈牵头单位:…〉, brackets may nest inside names

_OPEN = {"(": ")", "（": "）", "〈": "〉", "<": ">", "【": "】", "[": "]"}
_LEAD_LABEL = re.compile(r"(牵头单位|牵头部门|责任单位|主办单位)\s*[:：]")
_OTHER_LABEL = re.compile(r"[,，;；]?\s*(参加单位|参与单位|配合单位|协办单位|协助单位|责任人)\s*[:：]")
_SPLIT = "、,，;；/"


def _annotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed annotation that opens with a lead-unit label."""
    spans = []
    for label in _LEAD_LABEL.finditer(text):
        start = label.start() - 1
        while start >= 0 and text[start] in " \u3000":
            start -= 1
        if start < 0 or text[start] not in _OPEN:
            continue
        opener, closer = text[start], _OPEN[text[start]]
        depth, end = 0, None
        for pos in range(start, len(text)):
            ch = text[pos]
            if ch == opener or (ch in "(（" and opener in "(（"):
                depth += 1
            elif ch == closer or (ch in ")）" and opener in "(（"):
                depth -= 1
                if depth == 0:
                    end = pos + 1
                    break
        spans.append((start, end if end is not None else len(text)))
    return spans


def _split_units(text: str) -> list[str]:
    units, depth, current = [], 0, ""
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        if depth == 0 and ch in _SPLIT:
            units.append(current)
            current = ""
        else:
            current += ch
    units.append(current)
    return [u.strip(" \u3000\u00a0。.") for u in units if u.strip(" \u3000\u00a0。.")]


def lead_units(text: str) -> tuple[str, ...]:
    """The lead units named in the clause's annotations, in order, without repeats."""
    found: list[str] = []
    for start, end in _annotation_spans(text):
        inner = text[start + 1: end - 1] if end - start >= 2 else ""
        label = _LEAD_LABEL.search(inner)
        if label is None:
            continue
        lead = inner[label.end():]
        other = _OTHER_LABEL.search(lead)
        if other:
            lead = lead[: other.start()]
        for unit in _split_units(lead):
            if unit not in found:
                found.append(unit)
    return tuple(found)


def strip_lead_unit_annotations(text: str) -> str:
    """The text without its ``(牵头单位:…)`` annotations (for heading text)."""
    for start, end in reversed(_annotation_spans(text)):
        text = text[:start] + text[end:]
    return text


# ---------------------------------------------------------------------------
# Quantitative targets

_QUANTITY = re.compile(
    r"(?<![\d*])[\d*]+(?:\.[\d*]+)?\s*(?:%|％|‰|万|亿|千|百|家|个|人|名|公里|平方|千米|米|公顷|亩|元|"
    r"户|所|座|张|条|项|倍|吨|辆|套|处|次|小时|天|床|间|栋|台|兆瓦|千瓦|标箱|人次|件|场|批)")
_TARGET_VERB = re.compile(r"达到|达|超过|超|突破|增长|提高到|提升到|提高|力争|以上|不低于|不少于|"
                          r"控制在|降低|下降|减少|新增|建成|完成|实现|覆盖|累计")
_YEAR = re.compile(r"(?:到|至|在)?((?:19|20)\d{2})\s*年")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def targets(text: str) -> tuple[Target, ...]:
    """Sentences that state a quantity to reach, with the year they name (if any)."""
    found = []
    for match in _SENTENCE.finditer(text.replace("\n", "")):
        sentence = match.group(0).strip()
        quantities = [q for q in _QUANTITY.finditer(sentence)
                      if not re.match(r"(?:19|20)\d{2}\s*年", sentence[q.start():])]
        if not quantities or not _TARGET_VERB.search(sentence):
            continue
        year_match = _YEAR.search(sentence)
        year = int(year_match.group(1)) if year_match else None
        found.append(Target(sentence, year))
    return tuple(found)


# ---------------------------------------------------------------------------
# Redactions: characters masked in the source (*, ××, xx)

REDACTION = re.compile(r"\*+|×+|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])")


def count_redactions(text: str) -> int:
    return len(REDACTION.findall(text))
