"""Facts read off a clause's own text: lead units, quantitative targets, redactions.

Pure functions of a string; ``structure`` stores their results on each ``Clause``.
"""
from __future__ import annotations

import re

from .ingest.frame import ends_in_organ
from .model import Target
from .numerals import cn_to_int

# ---------------------------------------------------------------------------
# Lead units: (牵头单位:A、B,参加单位:C) or 〈牵头单位:…〉, brackets may nest inside names;
# or, as implementation plans write it, (A、B牵头,C配合) after the measure

_OPEN = {"(": ")", "（": "）", "〈": "〉", "<": ">", "【": "】", "[": "]"}
_LEAD_LABEL = re.compile(r"(牵头单位|牵头部门|责任单位|主办单位)\s*[:：]")
_OTHER_LABEL = re.compile(r"[,，;；]?\s*(参加单位|参与单位|配合单位|协办单位|协助单位|责任人)\s*[:：]")
#: (省工业和信息化厅牵头) (市发展改革委、市财政局牵头，各区人民政府负责落实): the organs
#: before 牵头; (财政部、税务总局等按职责分工负责): the organs charged, the first leading.
_LEADS = re.compile(r"^\s*(?P<units>[^:：()（）,，;；。]{2,160}?)(?:牵头(?:\s*[,，;；。].*)?"
                    r"|等?(?:按职责分工|按职责|分别)负责(?:落实)?)\s*$", re.S)
_LEAD_WORD = re.compile(r"牵头|负责")
_SPLIT = "、,，;；/"


def _closing(text: str, start: int) -> int | None:
    """The end (one past the closer) of the bracket opened at ``start``, or None."""
    opener = text[start]
    closer = _OPEN[opener]
    depth = 0
    for pos in range(start, len(text)):
        ch = text[pos]
        if ch == opener or (ch in "(（" and opener in "(（"):
            depth += 1
        elif ch == closer or (ch in ")）" and opener in "(（"):
            depth -= 1
            if depth == 0:
                return pos + 1
    return None


def _annotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed annotation that opens with a lead-unit label, or that
    names organs and then 牵头 or 按职责分工负责."""
    spans = []
    for label in _LEAD_LABEL.finditer(text):
        start = label.start() - 1
        while start >= 0 and text[start] in " \u3000":
            start -= 1
        if start < 0 or text[start] not in _OPEN:
            continue
        end = _closing(text, start)
        spans.append((start, end if end is not None else len(text)))
    pos = 0
    while (found := _LEAD_WORD.search(text, pos)) is not None:
        found, pos = found.start(), found.end()
        start = max((text.rfind(o, 0, found) for o in "(（"), default=-1)
        if start < 0 or any(a <= start < b for a, b in spans):
            continue
        end = _closing(text, start)
        if end is not None and end > found and _lead_units_before(text[start + 1: end - 1]):
            spans.append((start, end))
            pos = end
    return sorted(set(spans))


def _lead_units_before(inner: str) -> list[str]:
    """The organs an annotation names before 牵头 (or 按职责分工负责), if it is one: every
    name an organ's."""
    match = _LEADS.match(inner)
    if match is None:
        return []
    units = _split_units(match.group("units"))
    return units if units and all(map(ends_in_organ, units)) else []


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
            units = _lead_units_before(inner)
        else:
            lead = inner[label.end():]
            other = _OTHER_LABEL.search(lead)
            if other:
                lead = lead[: other.start()]
            units = _split_units(lead)
        for unit in units:
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
                          r"控制在|降低|下降|减少|新增|建成|完成|实现|覆盖|累计|打造|培育|引进|保持")
_NUM = r"[0-9一二两三四五六七八九十]+(?:\s*[至到~-]\s*[0-9一二两三四五六七八九十]+)?"
#: A deadline or time frame: the sentence commits to something by a date.
_DEADLINE = re.compile(
    r"(?:到|至|力争|于)\s*(?:19|20)\d{2}\s*年"
    r"|(?:19|20)\d{2}\s*年(?:\d{1,2}月\d{1,2}日|年?底)?(?:以|之)?前(?![一二三四五六七八九十两\d])"
    rf"|未来{_NUM}年|(?:通过|用){_NUM}年|{_NUM}年(?:左右)?(?:时间|内)")
#: Words that look forward (a commitment) and words that report what was done.
_FORWARD = re.compile(r"力争|确保|争取|全年|年内|年底前")
_PAST = re.compile(r"(?<![为除])了(?!解)|已|截至|截止|以来|前[两三四]年|上半年|历史最好|同比|比上年"
                   r"|较(?:(?:19|20)\d{2}|上年|去年|“)|相继")
_TARGET_YEAR = re.compile(r"(?:到|至|力争|于)\s*((?:19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(r"(?<![较比与])((?:19|20)\d{2})\s*(?:[-—–~至到]\s*((?:19|20)\d{2})\s*)?年")
_THIS_YEAR = re.compile(r"全年|今年|年内|年底")
_MASKED_YEAR = re.compile(r"[*×]{2,4}\s*年")  # a year the source masks: unknown, not this year
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_PART = re.compile(r"[^；;]+[；;]?")
_MAY_TARGET = re.compile(r"[\d*年]")
_CLAUSE_PART = re.compile(r"[^,，:：]+[,，:：]?")
#: A five-year plan period by its short name: “十一五”, 十二五规划, “十三五”时期.
_PLAN_PERIOD = re.compile(r"(?<![一二三四五六七八九十百千万第])(十[一二三四五六七八九]?|[二三四五六七八九])五"
                          r"(?=[”\"’」』]|期间|时期|规划|计划|末)")


def plan_period(text: str) -> tuple[int, int] | None:
    """The years of the one five-year plan period ``text`` names (“十一五” → (2006, 2010)),
    or None when it names none or several.

    The plans run 1953–1957, 1958–1962, then, after three years of readjustment, in
    five-year steps from the third (1966–1970): the N-th from 1966 + 5(N − 3).
    """
    found = set()
    for match in _PLAN_PERIOD.finditer(text):
        n = cn_to_int(match.group(1))
        if n is None or n < 2:
            continue
        first = 1958 if n == 2 else 1966 + 5 * (n - 3)
        found.add((first, first + 4))
    return found.pop() if len(found) == 1 else None


def target_phrase(piece: str) -> str:
    """The part of a target sentence that states the target: from the first comma-separated
    part that sets a quantity, a deadline, a plan period or a forward word (力争, 确保 …) to
    the last part with a quantity, a deadline or a verb of attainment (…以上, 完成 …), so the
    lead-in (加大…力度，扶持…，) and trailing measures with neither are left out; a span that
    is only a deadline or time frame runs on to the end of the piece. Always a substring of
    ``piece``."""
    parts = [m.group(0) for m in _CLAUSE_PART.finditer(piece)]

    def quantity(part: str) -> bool:
        return any(not re.match(r"(?:19|20)\d{2}\s*年", part[q.start():]) for q in _QUANTITY.finditer(part))

    starts = [i for i, part in enumerate(parts)
              if quantity(part) or _DEADLINE.search(part) or _FORWARD.search(part)
              or _PLAN_PERIOD.search(part)]
    ends = [i for i, part in enumerate(parts)
            if quantity(part) or _DEADLINE.search(part) or _TARGET_VERB.search(part)]
    if not starts:
        return piece
    first = starts[0]
    last = ends[-1] if ends and ends[-1] >= first else len(parts) - 1
    if not any(quantity(part) or _TARGET_VERB.search(part) for part in parts[first:last + 1]):
        last = len(parts) - 1  # a deadline alone (到2050年,) says nothing of what is aimed at
    phrase = "".join(parts[first:last + 1])
    if last < len(parts) - 1:
        phrase = phrase.rstrip(",，:：")
    return phrase.strip() or piece


def targets(text: str, plan_year: int | None = None,
            current_year: int | None = None) -> tuple[Target, ...]:
    """Sentences, or their ；-separated parts, that commit to a quantity or a deadline, with
    the year they aim at.

    A sentence that reports what was done (了, 已, 截至, 以来, 较…) and has no forward word
    (力争, 确保, 全年 …) or deadline is skipped. In the others, a part is a target when it
    states a quantity and the sentence has a verb of attainment (达到, 突破, 新增, 控制在 …) or
    looks forward, or when the part sets a deadline or time frame (到2020年, 2011年年底前,
    通过三年努力). Its year is the one it aims at (到/至/力争 YYYY年, the end of a span, never a
    base year after 较/比/与); a part naming none (and no masked ****年) takes ``plan_year``,
    the one year a plan is titled for (2020年工作思路), or, when it speaks of 全年/今年/年内,
    ``current_year``. A part aiming at a year before ``current_year`` reports the past and
    is skipped. A target over a five-year plan period (“十一五”期间) carries that period's years.
    The text kept is the target phrase (:func:`target_phrase`), not the whole sentence.
    """
    found = []
    for sentence in _SENTENCE.finditer(text.replace("\n", "")):
        whole = sentence.group(0)
        if not _MAY_TARGET.search(whole):  # neither a quantity nor a year: no target
            continue
        forward = _FORWARD.search(whole) is not None or _DEADLINE.search(whole) is not None
        if _PAST.search(whole) and not forward:
            continue
        committing = forward or _TARGET_VERB.search(whole) is not None
        for part in _PART.finditer(whole):
            piece = part.group(0).strip()
            quantities = [q for q in _QUANTITY.finditer(piece)
                          if not re.match(r"(?:19|20)\d{2}\s*年", piece[q.start():])]
            if not (quantities and committing) and not _DEADLINE.search(piece):
                continue
            year = _year(piece)
            if year is None and not _MASKED_YEAR.search(piece):
                year = plan_year or (current_year if _THIS_YEAR.search(piece) else None)
            period = plan_period(piece) or plan_period(whole)
            if year is not None and current_year is not None and year < current_year:
                continue
            if year is None and period is not None and current_year is not None \
                    and period[1] < current_year:
                continue  # a period already over when the document was written: a report
            found.append(Target(target_phrase(piece), year, period))
    return tuple(found)


def document_years(title: str, date: str | None) -> tuple[int | None, int | None]:
    """(plan year, current year) of a document: the one year its title names, if it names
    exactly one (a 2020年工作思路 plans for 2020); and the year it was written, its date's
    year, else that title year."""
    named = {int(y) for y in re.findall(r"(?:19|20)\d{2}", title)}
    plan_year = named.pop() if len(named) == 1 else None
    return plan_year, int(date[:4]) if date else plan_year


def _year(piece: str) -> int | None:
    aimed = _TARGET_YEAR.search(piece)
    if aimed:
        return int(aimed.group(1))
    named = _ANY_YEAR.search(piece)
    return int(named.group(2) or named.group(1)) if named else None


# ---------------------------------------------------------------------------
# Redactions: characters masked in the source (*, ××, xx)

REDACTION = re.compile(r"\*+|×+|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])")


def count_redactions(text: str) -> int:
    return len(REDACTION.findall(text))
