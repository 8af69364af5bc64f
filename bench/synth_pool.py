"""Material for synthetic documents: the real seeds cut into reusable fragments.

``harvest(seeds_dir)`` reads every ``*.txt`` source and sorts its paragraphs by the
marker they start with (一、 / (一) / 1. / (1) / 一是 / ——) into pools of
:class:`Fragment`. The marker itself is removed: the composer in ``synth.py`` numbers
fragments again by their new position, so numbering in a synthetic document is always
consistent.

What a harvested fragment guarantees:

- ``head`` and ``body`` hold no marker that a structure parser would read as a heading
  of its own (a sentence ending in 。;: followed by 二、 / (三) / 4. / (5) / 二是 / —— /
  第N篇 is cut before the marker; a whole-document line as in 004 is split at its
  inline 一、 and 一是 items first);
- hard-wrapped lines are joined back into paragraphs (a long line without final
  punctuation continues on the next line, as in seeds/001);
- the names of the seed cities and zones are replaced by placeholders (:data:`CITY_SLOTS`,
  ``ZONE``, ``DISTRICT``) that ``Fragment.render`` fills per document;
- chrome and metadata lines (索引号, 发布日期, 浏览次数, 热门排行, separators …) are not
  harvested as content, nor is the masked-URL watermark ``***.******.***`` of 004.

Harvesting is deterministic: pools keep source order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CN = "一二三四五六七八九十"
TERMINAL = "。;;!!??::”)〉】』"

# The seed cities, each replaced by its own slot so that one document can still name
# several different cities (001#5: "杭州、湖州、嘉兴、绍兴四城市"). Slot 0 is the
# document's own city: every seed document's home city goes there.
HOME_CITIES = ("乌鲁木齐", "深圳", "绍兴", "济宁")
NEIGHBOUR_CITIES = ("杭州", "湖州", "嘉兴", "宁波")
CITY_SLOTS = 1 + len(NEIGHBOUR_CITIES)
ZONES = ("太白湖新区", "滨海新区")
DISTRICTS = ("越城区",)
_SLOT = "\x00"  # placeholder prefix; never in a source after normalisation

# Paragraph-start markers, most specific first. Each yields (style, rest of paragraph).
_START = (
    ("measure", re.compile(r"行动计划\d+[.．]")),
    ("section", re.compile(rf"[{CN}]+、")),
    ("subsection", re.compile(rf"[((][{CN}]+[))]")),
    ("item", re.compile(r"[((]\d+[))]")),
    ("measure", re.compile(r"\d{1,2}[.、．](?!\d)")),
    ("yishi", re.compile(rf"[{CN}]是")),
    ("dash", re.compile(r"——")),
)
# A marker inside a paragraph that a parser could take for the start of a new clause.
_INNER_MARKER = re.compile(
    rf"(?<=[。;;::!!])\s*(?:[{CN}]+[、是]|[((][{CN}\d]+[))]|\d{{1,2}}[.、．](?!\d)"
    rf"|——|第[{CN}]+[篇章节条]|行动计划\d)"
)
_SPLIT_SECTION = re.compile(rf"(?<=[。::])(?=[{CN}]+、)")
_SPLIT_YISHI = re.compile(rf"(?<=[。;;::])(?=[{CN}]是)")
_CHROME = re.compile(
    r"索引号|公开方式|发布机构|成文日期|发布日期|浏览次数|信息来源|信息提供日期|作者|热门排行"
    r"|编辑[::]|第[一二三四五六七八九十]+篇|查看隐藏|字体|分享"
)
_WATERMARK = re.compile(r"\*{2,}(?:\.\*{2,}){2,}")  # ***.******.*** (004): chrome
_STAGE = re.compile(rf"第[{CN}]+阶段")
_VERB_TOPIC = re.compile(
    r"^(?:推进|加快|深化|提升|打造|开展|加强|大力发展|实施|强化|促进|培育|完善|优化|统筹|构建|全面|建设)"
)


@dataclass(frozen=True)
class Fragment:
    """A paragraph without its marker: ``head`` (up to and with the first 。) and ``body``."""

    head: str
    body: str = ""
    origin: str = ""  # "file:line" of the source paragraph

    @property
    def run_in(self) -> bool:
        """True when the head is a sentence with a body after it on the same line."""
        return bool(self.body)

    def text(self, places: tuple[str, ...], zone: str, district: str) -> str:
        return fill(self.head + self.body, places, zone, district)


@dataclass(frozen=True)
class Pool:
    """Harvested fragments by the role they can play in a new document."""

    sections: tuple[Fragment, ...]  # 一、 headings (own-line or run-in)
    subsections: tuple[Fragment, ...]  # (一)
    measures: tuple[Fragment, ...]  # 1. / 1、 / 行动计划1.
    items: tuple[Fragment, ...]  # (1)
    yishi: tuple[Fragment, ...]  # 一是 …
    dashes: tuple[Fragment, ...]  # —— …
    bodies: tuple[Fragment, ...]  # unnumbered paragraphs that open with a long sentence
    runins: tuple[Fragment, ...]  # unnumbered run-in headings: 科学规划,合理布局。…  (002)
    prefaces: tuple[Fragment, ...]  # bodies that read as a preamble (特制定本方案 …)
    topics: tuple[str, ...]  # short verb phrases usable in a title (推进区域旅游一体化)
    sentences: tuple[str, ...] = ()  # body sentences (ending in 。) of every fragment

    def remix(self, fragment: Fragment, rng) -> Fragment:
        """The fragment with its body after the first sentence replaced by 1–3 sentences
        drawn from the whole pool, so that two documents rarely share a whole measure.
        A closing annotation such as (牵头单位:…) stays at the end."""
        body = fragment.body
        stop = body.find("。")
        if stop == -1 or not self.sentences:
            return fragment
        tail = body[body.rfind("。") + 1:]
        extra = "".join(rng.choice(self.sentences) for _ in range(rng.randint(1, 3)))
        return Fragment(fragment.head, body[: stop + 1] + extra + tail, fragment.origin)

    def sizes(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}


def fill(text: str, places: tuple[str, ...], zone: str, district: str) -> str:
    """Replace the placeholders of a harvested text by one document's place names."""
    if _SLOT not in text:
        return text
    for slot, name in enumerate(places):
        text = text.replace(f"{_SLOT}C{slot}", name)
    return text.replace(f"{_SLOT}Z", zone).replace(f"{_SLOT}D", district)


def _placeholders(text: str) -> str:
    for name in HOME_CITIES:
        text = text.replace(name, f"{_SLOT}C0")
    for slot, name in enumerate(NEIGHBOUR_CITIES, start=1):
        text = text.replace(name, f"{_SLOT}C{slot}")
    for name in ZONES:
        text = text.replace(name, f"{_SLOT}Z")
    for name in DISTRICTS:
        text = text.replace(name, f"{_SLOT}D")
    return text


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\ufeff", "").replace("\xa0", " ")
    return _WATERMARK.sub("", line).strip().replace("\u3000", "")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, paragraph) pairs, hard wraps joined, whole-body lines split."""
    out: list[tuple[int, str]] = []
    start, buf = 0, ""
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _normalise(raw)
        if buf and line and len(buf) >= 30 and buf[-1] not in TERMINAL:
            buf += line  # a hard wrap: the paragraph goes on
            continue
        if buf:
            out.append((start, buf))
        start, buf = number, line
    if buf:
        out.append((start, buf))
    split: list[tuple[int, str]] = []
    for number, para in out:
        for piece in _SPLIT_SECTION.split(para):
            pieces = _SPLIT_YISHI.split(piece) if len(piece) > 300 else [piece]
            split.extend((number, p) for p in pieces if p)
    return split


def _cut_inner_markers(text: str) -> str:
    match = _INNER_MARKER.search(text)
    return text if match is None else text[: match.start()]


def _fragment(rest: str, origin: str) -> Fragment | None:
    rest = _cut_inner_markers(rest.strip())
    if len(rest) < 2 or _CHROME.search(rest):
        return None
    stop = rest.find("。")
    if stop == -1 or stop == len(rest) - 1:
        if len(rest) > 60 and stop == -1:
            return None  # a long line with no sentence end: a wrap we could not join
        return Fragment(_placeholders(rest), "", origin)
    return Fragment(_placeholders(rest[: stop + 1]), _placeholders(rest[stop + 1 :]), origin)


def harvest(seeds_dir: Path) -> Pool:
    """Cut every ``*.txt`` source under ``seeds_dir`` into marker-free fragments."""
    roles: dict[str, list[Fragment]] = {
        "section": [], "subsection": [], "measure": [], "item": [], "yishi": [],
        "dash": [], "body": [],
    }
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"{seeds_dir}: no *.txt sources to build a synthetic corpus from")
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig", errors="replace")
        for number, para in _paragraphs(text):
            origin = f"{path.name}:{number}"
            for style, pattern in _START:
                match = pattern.match(para)
                if match:
                    fragment = _fragment(para[match.end():], origin)
                    if fragment is not None:
                        roles[style].append(fragment)
                    break
            else:
                if (len(para) >= 30 and para[-1] in "。;;!!" and "。" in para
                        and not _CHROME.search(para) and not _STAGE.match(para)
                        and unicodedata.category(para[0]) == "Lo"):
                    body = _cut_inner_markers(para)
                    if len(body) >= 30:
                        roles["body"].append(Fragment("", _placeholders(body), origin))
    heads = [_runin(b) for b in roles["body"]]
    openings = [h.head[:4] for h in heads if h is not None]
    # Parallel openings (未来的X,将在…上取得新突破。 ×5 in 003) are body text, not headings.
    runins = tuple(h for h in heads if h is not None and openings.count(h.head[:4]) == 1)
    bodies = tuple(b for b, h in zip(roles["body"], heads) if h is None)
    prefaces = tuple(b for b in bodies if re.search(r"特制定|制定本|现提出|提出如下|为此", b.body))
    everything = [f for pool in roles.values() for f in pool]
    return Pool(
        sentences=_sentences(everything),
        sections=tuple(roles["section"]),
        subsections=tuple(roles["subsection"]),
        measures=tuple(roles["measure"]),
        items=tuple(roles["item"]),
        yishi=tuple(roles["yishi"]),
        dashes=tuple(roles["dash"]),
        bodies=bodies,
        runins=runins,
        prefaces=prefaces or bodies[:1],
        topics=_topics(roles["section"] + roles["subsection"]),
    )


def _sentences(fragments: list[Fragment]) -> tuple[str, ...]:
    """Every body sentence of 8–160 characters, in source order, without duplicates."""
    seen: dict[str, None] = {}
    for fragment in fragments:
        for sentence in re.findall(r"[^。]+。", fragment.body):
            if 8 <= len(sentence) <= 160 and "牵头单位" not in sentence:
                seen.setdefault(sentence, None)
    return tuple(seen)


def _runin(fragment: Fragment) -> Fragment | None:
    """A body paragraph opening with a short sentence reads as a heading (seeds/002)."""
    stop = fragment.body.find("。")
    if 4 <= stop <= 30 and stop < len(fragment.body) - 1:
        return Fragment(fragment.body[: stop + 1], fragment.body[stop + 1:], fragment.origin)
    return None


def _topics(headings: list[Fragment]) -> tuple[str, ...]:
    """Short verb phrases from headings, to name synthetic documents."""
    seen: dict[str, None] = {}
    for fragment in headings:
        head = fragment.head.rstrip("。")
        if (4 <= len(head) <= 14 and _VERB_TOPIC.match(head) and _SLOT not in head
                and not re.search(r"[,,、“”()()*]", head)):
            seen.setdefault(head, None)
    return tuple(seen)
