"""Chinese and Arabic numerals, and dates written either way.

Pure functions used by ingest (dates) and structure (marker numbers, clause ids).
"""
from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3,
           "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇○一二两三四五六七八九十百千"
#: The digits of a year written out, as in ``二〇一三年`` (the letter O often stands for 〇:
#: ``二OO六年``) or in figures: a character class's contents.
YEAR_DIGITS = "0-9〇○零一二三四五六七八九OＯ"


def cn_to_int(text: str) -> int | None:
    """``十二`` → 12, ``一百零五`` → 105, ``二〇一三`` → 2013 (digit by digit); else None."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):  # 二〇一三: read digit by digit
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


def to_int(text: str) -> int | None:
    """An Arabic (ASCII or full-width) or Chinese numeral as an int."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text).strip()
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


_DATE = re.compile(
    r"(?P<y>[0-9０-９]{4}|[" + CN_NUMERAL + r"OＯ]{4})\s*(?:年|[-./])\s*"
    r"(?P<m>[0-9０-９]{1,2}|[" + CN_NUMERAL + r"]{1,3})\s*(?:月|[-./])\s*"
    r"(?:(?P<d>[0-9０-９]{1,2}|[" + CN_NUMERAL + r"]{1,3})\s*日?)?"
)
_YEAR_MONTH = re.compile(r"(?P<y>[0-9０-９]{4}|[" + CN_NUMERAL + r"OＯ]{4})\s*年\s*(?P<m>[0-9０-９]{1,2}|["
                         + CN_NUMERAL + r"]{1,3})\s*月")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (or ``YYYY-MM`` without a day)."""
    for pattern in (_DATE, _YEAR_MONTH):
        match = pattern.search(text)
        if not match:
            continue
        year, month = to_int(match.group("y")), to_int(match.group("m"))
        day = to_int(match.group("d")) if match.groupdict().get("d") else None
        if year is None or month is None or not (1 <= month <= 12) or not (1900 <= year <= 2100):
            continue
        if day is not None and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
        return f"{year:04d}-{month:02d}"
    return None
