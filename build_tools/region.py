"""Where a document comes from: province → city → district (省/市/区), or 全国.

The names and codes of China's administrative divisions (GB/T 2260: 330000 浙江省,
330100 杭州市, 330106 西湖区, with short names 浙江, 杭州, 西湖 and every change up to
the dataset's date) are read from the data file that the ``jionlp`` package ships
(pinned in ``requirements.txt``): only that file is opened, read-only, from the installed
package; nothing is fetched or written at run time and ``jionlp`` itself is not imported.

The evidence, in order (the first that gives a region wins):

1. the sidecar's ``region:`` (``浙江绍兴`` → 浙江省 › 绍兴市; a name the dataset does not
   know is kept as written);
2. the issuer (``杭州市规划和自然资源局``, ``国家税务总局东莞市税务局``), else, for a text a
   notice issues or forwards, the notice's issuer (a plan of ``省发展改革委`` forwarded by
   ``江苏省人民政府办公厅`` is 江苏省's);
3. the issuing organ's 统一社会信用代码 (GB 32100-2015) that a 政府信息公开 索引号 starts with
   (``11370800670547056Y/2017-00005``): characters 3–8 are the registering authority's
   division code, checked by the code's own check character;
4. the title, then the subtitle.

A text names a division by its full name anywhere (``宁乡市``, ``黔东南苗族侗族自治州``), or by
its short name: a province's or a city's anywhere (``浙江杭州…``, ``长沙住房公积金管理中心``,
``推进杭州都市经济圈…``), a county's only right after a larger division or before ``州``
(``黔东南州``), since issuers write a county with its full name. The
first division named, deepened by the divisions inside it named after it, is the region; a
name shared by several divisions (鼓楼区) with nothing to tell them apart files nowhere.
A national organ (国务院, 中共中央, 国家发展改革委, 财政部 …) that names no place is 全国.
A name in traditional characters (東莞市, 國務院) is looked up folded to simplified ones
(``ingest.script``) when it is not found as printed.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .ingest.script import fold
from .package_data import package_dir
from .model import Document, Region

NATIONAL = "全国"
#: A national organ at the start of an issuer: 国务院, 中共中央, 全国人大常委会, 国家…, 中国人民银行.
_NATIONAL_ORGAN = re.compile(r"^(?:国务院|中共中央|中央|全国|国家|中华人民共和国|中国)")
#: A State Council ministry or commission named without a place: 财政部, 住房城乡建设部, 海关总署,
#: also by its general office (财政部办公厅).
_MINISTRY = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:部|总署|总局)(?:办公厅)?$")
#: Where a local organ's name starts without its place (本级): 省住房城乡建设厅, 市政府.
_LOCAL_START = re.compile(r"^(?:省|市|县|区|州|盟|旗|镇|乡|自治区|各|本|我)")
#: A national organ's title: 国务院关于…, 国家发展改革委关于…, 中华人民共和国…法实施办法.
_NATIONAL_TITLE = re.compile(r"^(?:(?:国务院|中共中央|国家|全国|中国)[\u4e00-\u9fff、]{0,24}?关于|中华人民共和国)")
#: The 18 characters of a 统一社会信用代码 and the weights of its check character.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC = re.compile(r"^([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class Division:
    name: str  # 杭州市
    code: str  # 330100
    short: str  # 杭州
    level: int  # 0 province, 1 city (prefecture), 2 county/district


def data_file() -> Path:
    return package_dir("jionlp", "the administrative-division data") / "dictionary" / "china_location.zip"


def parse_divisions(text: str) -> list[Division]:
    """The dataset's lines (``name<TAB>code<TAB>short``, indented by level; towns and
    entries without a code are skipped) → divisions."""
    out: list[Division] = []
    for line in text.splitlines():
        level = len(line) - len(line.lstrip("\t"))
        parts = line.strip("\t").split("\t")
        if level > 2 or len(parts) < 3 or not parts[1].isdigit():
            continue
        if parts[0] == "省直辖行政区划" or (level == 1 and out and parts[1] == out[-1].code):
            continue  # a municipality's city level repeats it; 省直辖 is no place
        out.append(Division(parts[0], parts[1], parts[2], level))
    return out


@lru_cache(maxsize=1)
def _gazetteer() -> "_Gazetteer":
    with zipfile.ZipFile(data_file()) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    return _Gazetteer(parse_divisions(text))


class _Gazetteer:
    def __init__(self, divisions: list[Division]):
        self.by_code = {d.code: d for d in divisions}
        self.full: dict[str, list[Division]] = {}
        self.short: dict[str, list[Division]] = {}
        for d in divisions:
            self.full.setdefault(d.name, []).append(d)
            if 2 <= len(d.short) < len(d.name):
                self.short.setdefault(d.short, []).append(d)
        self.longest = max(len(n) for n in self.full)

    def ancestors(self, d: Division) -> list[Division]:
        """``d`` and the divisions that hold it, largest first."""
        chain = [d]
        for code in (d.code[:4] + "00", d.code[:2] + "0000"):
            parent = self.by_code.get(code)
            if parent and parent.code != chain[0].code:
                chain.insert(0, parent)
        return chain

    def hits(self, text: str) -> list[list[Division]]:
        """The divisions named in ``text``, left to right, longest name first; each hit is
        the list of divisions bearing that name."""
        found: list[tuple[int, int, list[Division]]] = []
        i = 0
        while i < len(text):
            for n in range(min(self.longest, len(text) - i), 1, -1):
                word = text[i:i + n]
                if word in self.full:
                    found.append((i, n, self.full[word]))
                    break
                if word in self.short and self._short_here(text, i, n, found, self.short[word]):
                    found.append((i, n, self.short[word]))
                    break
            else:
                i += 1
                continue
            i += found[-1][1]
        return [f[2] for f in found]

    @staticmethod
    def _short_here(text: str, i: int, n: int, found, candidates: list[Division]) -> bool:
        """A province's or city's short name counts anywhere (推进杭州都市圈…); a county's
        (太白, 安宁, 福清) only right after a larger division (浙江杭州西湖) or before 州,
        since issuers write a county with its full name (宁乡市, 福清市)."""
        after = bool(found) and found[-1][0] + found[-1][1] == i
        if after or text[i + n:i + n + 1] == "州":
            return True
        return any(d.level < 2 for d in candidates)

    def region(self, text: str) -> Region | None:
        chain: Division | None = None
        for candidates in self.hits(text):
            inside = [d for d in candidates if chain is None or d.code.startswith(_prefix(chain))]
            if chain is not None:
                deeper = [d for d in inside if d.level > chain.level]
                if len(deeper) == 1:
                    chain = deeper[0]
                continue
            if len(inside) == 1:
                chain = inside[0]
        if chain is None:
            return None
        path = self.ancestors(chain)
        return Region(tuple(d.name for d in path), chain.code)


def leading_place_length(text: str) -> int:
    """How many characters of ``text`` the divisions named at its very start take (浙江省杭州市…
    → 6, 上海…  → 2, 城市… → 0): a full name, or a province's or city's short name, then
    any that follow it directly."""
    gazetteer = _gazetteer()
    at = 0
    while True:
        for n in range(min(gazetteer.longest, len(text) - at), 1, -1):
            word = text[at:at + n]
            if word in gazetteer.full or (word in gazetteer.short and (
                    at > 0 or any(d.level < 2 for d in gazetteer.short[word]))):
                at += n
                break
        else:
            return at


def _prefix(d: Division) -> str:
    return d.code[: 2 * (d.level + 1)]


def place_region(text: str | None) -> Region | None:
    """The region a text (an issuer, a title) names, or None."""
    if not text:
        return None
    text = re.sub(r"\s", "", text)
    folded = fold(text)
    return _gazetteer().region(text) or (_gazetteer().region(folded) if folded != text else None)


def _national(issuer: str | None, title: str) -> bool:
    if issuer:
        first = re.split(r"[、,，\s]", issuer.strip())[0]
        if _NATIONAL_ORGAN.match(first) or (_MINISTRY.match(first) and not _LOCAL_START.match(first)):
            return True
    return bool(_NATIONAL_TITLE.match(re.sub(r"\s", "", title)))


def credit_code_region(code: str | None) -> Region | None:
    """The division of a 统一社会信用代码 at the start of ``code`` (check character verified)."""
    match = _USCC.match((code or "").strip().upper())
    if not match:
        return None
    uscc = match.group(1)
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(uscc[:17], _USCC_WEIGHTS))
    if _USCC_CHARS[(31 - total % 31) % 31] != uscc[17]:
        return None
    g = _gazetteer()
    for code6 in (uscc[2:8], uscc[2:6] + "00", uscc[2:4] + "0000"):
        if code6 in g.by_code:
            d = g.by_code[code6]
            return Region(tuple(x.name for x in g.ancestors(d)), d.code)
    return None


def sidecar_region(text: str) -> Region:
    return place_region(text) or Region((text.strip(),), None)


def region_path(doc: Document) -> Region | None:
    """The document's region (see the module's docstring), or None when nothing names one."""
    src = doc.source
    if src.region:
        return sidecar_region(src.region)
    found = place_region(src.issuer) or place_region(src.notice_issuer)
    if found:
        return found
    for key, value in src.metadata:
        if key == "索引号":
            found = credit_code_region(value)
            if found:
                return found
    if _national(src.issuer, doc.title) or _national(src.issuer and fold(src.issuer), fold(doc.title)):
        return Region((NATIONAL,), None)
    return place_region(doc.title) or place_region(src.subtitle)


def region_of(doc: Document) -> str | None:
    """The region as one name (浙江省杭州市, 全国), or None."""
    found = region_path(doc)
    return found.name if found else None


def stated_region(doc: Document) -> str | None:
    """The region a reader is shown (the page's 地区, the export's ``region``, the document
    list): the sidecar's ``region:`` as the editor wrote it (``山东省济宁市太白湖新区`` keeps a
    development zone that is no GB/T 2260 division), else the region read from the document,
    so a page states the place the places index files it under."""
    return doc.source.region or region_of(doc)
