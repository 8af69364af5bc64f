"""The places index: documents by region, nested province → city → district (省/市/区),
全国 first and 未注明 last, on the paging mechanism of ``render_indexes``."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from .model import Document, Region
from .region import NATIONAL, region_path
from .render_indexes import UNKNOWN, Render, _doc_lines, _Entry, _named_index, _Names, stable_anchor
from .safe_markup import esc


def _place_order(region: Region | None) -> tuple:
    """全国 first, then divisions in the order of their codes (a province, then its cities,
    each followed by its districts), names the dataset does not know, and 未注明 last."""
    if region is None:
        return (3,)
    if region.code is None:
        return (0,) if region.names == (NATIONAL,) else (2, region.name)
    c = region.code  # 330000 → 330100 → 330106 sorts a province, its city, the city's district
    return (1, c[:2] + "0000", c[:4] + "00", c)


def _nested_sections(regions: dict[str, Region]) -> Callable[[_Names, Render], Render]:
    """Sections nested province → city → district: each division a heading one level below
    the one that holds it (## 浙江省, ### 杭州市, #### 西湖区), an enclosing division with no
    document of its own a heading all the same; its anchor is that of its full name."""
    def make(names: _Names, render: Render) -> Render:
        def lines(entries: Sequence[_Entry], page: str) -> list[str]:
            out: list[str] = []
            opened: tuple[str, ...] = ()
            start = 0
            for i in range(1, len(entries) + 1):
                if i < len(entries) and entries[i].name == entries[start].name:
                    continue
                name = entries[start].name
                path = regions[name].names if name in regions else (name,)
                common = 0
                while common < min(len(opened), len(path) - 1) and opened[common] == path[common]:
                    common += 1
                for depth in range(common, len(path)):
                    full = "".join(path[:depth + 1])
                    out += [f"{'#' * (depth + 2)} {esc(path[depth])} {{#{names.anchor(full)}}}", ""]
                out += [*render(entries[start:i], page), ""]
                opened, start = path, i
            return out
        return lines
    return make


def place_pages(documents: Sequence[Document]) -> dict[str, str]:
    """Documents by region, nested province → city → district, 全国 first, 未注明 last."""
    groups: dict[str, list[_Entry]] = defaultdict(list)
    regions: dict[str, Region] = {}
    for doc in sorted(documents, key=lambda d: (d.source.date or "", d.id)):
        region = region_path(doc)
        name = region.name if region else UNKNOWN
        if region:
            regions[name] = region
        groups[name].append(_Entry(doc, name=name))
    order = sorted(groups, key=lambda n: (_place_order(regions.get(n)), n))
    names = _Names(label=lambda n: " › ".join(regions[n].names) if n in regions else n,
                   anchor=lambda n: stable_anchor("place", n), slug=lambda n: stable_anchor("place", n))
    intro = ("按地区列出文件：省（自治区、直辖市）、市、区（县）逐级排列，全国性机关的文件列在“全国”。"
             "地区取自来源说明，或发布机构、索引号中的统一社会信用代码、标题中的行政区划名称。")
    return _named_index("indexes/places.md", "地区", intro, groups, order, names, _doc_lines,
                        ("地区", "文件数"), sections=_nested_sections(regions))
