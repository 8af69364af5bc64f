"""A deterministic synthetic archive, recombined from the real seeds, for scale tests.

    python -m bench.synth --docs 1000 --out bench/corpus/1000 [--seed 0]

writes N source files that look like the scraped seeds: a title line (sometimes twice),
sometimes metadata lines (索引号 / 发布机构 / 成文日期 / 发文字号, or 信息提供日期 …),
sometimes web chrome (a breadcrumb, 分享, a post-info line, 热门排行), a preamble, then an
outline of real paragraphs from ``seeds/*.txt`` (see ``synth_pool.py``) renumbered by
their new position: 一、 / (一) / 1. or 1、 / (1) / 一是 / ——. Three paragraphs in four
keep their heading and first sentence and take their later sentences from elsewhere in
the seeds, so that measures recur across documents as variations rather than as exact
copies (a linker sees near-duplicates, not 800 identical vectors per measure). Each
document gets its own city, zone and district in place of the seed place names.

Guarantees:

- Deterministic: document ``i`` depends only on ``(seed, i)`` and the seed texts, so the
  same seed gives byte-identical files, and the corpus of N documents is the first N
  files of any larger corpus with the same seed.
- Consistent numbering: every level counts 1, 2, 3 … under its parent (measures and
  (1) items may instead run on through the document, as in seeds 000 and 001#1); the
  ids a parser should give the numbered clauses are returned in ``SynthDoc.expected_ids``
  (``sec_2__sec_1__item_7`` convention: 一、/(一) → sec_N, 1. → item_N, (1) → para_N,
  一是 → enum_N, —— → dash_<tag>, an unnumbered run-in heading → hd_<tag>, the tag
  from the heading's text as ``ingest.ids.tag`` makes it).
- About 40 numbered clauses per document on average (the nine seed documents hold 406).
- Encodings and line ends vary as in a real archive: about 3 % GB18030, 3 % UTF-8 with
  BOM, the rest UTF-8; 5 % ``\r\n`` line ends; 70 % blank lines between paragraphs.
- File names ``NNNNN_<16 hex>.txt`` never collide with the seeds' ``NNN_<16 hex>.txt``.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.synth_pool import CITY_SLOTS, Fragment, Pool, fill, harvest
from build_tools.ingest.ids import tag

CN_DIGITS = "〇一二三四五六七八九"
CITIES = (
    "宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 苏州 无锡 常州 南通 扬州 镇江 泰州 "
    "徐州 盐城 淮安 连云港 宿迁 合肥 芜湖 蚌埠 安庆 马鞍山 福州 厦门 泉州 漳州 莆田 南昌 "
    "赣州 九江 济南 青岛 烟台 潍坊 济宁 临沂 淄博 威海 郑州 洛阳 开封 新乡 武汉 宜昌 襄阳 "
    "长沙 株洲 湘潭 岳阳 广州 深圳 珠海 佛山 东莞 中山 惠州 江门 南宁 柳州 桂林 海口 成都 "
    "绵阳 贵阳 遵义 昆明 大理 西安 宝鸡 兰州 西宁 银川 乌鲁木齐 呼和浩特 包头 太原 大同 "
    "石家庄 保定 唐山 邯郸 沈阳 大连 鞍山 长春 吉林 哈尔滨 大庆"
).split()
ZONE_NAMES = ("高新区", "经济开发区", "滨江新区", "临港新区", "城东新区", "空港新区",
              "南部新城", "北湖新区", "太白湖新区", "滨海新区", "高铁新城", "科学城")
DISTRICT_NAMES = ("城关区", "东城区", "西城区", "鼓楼区", "城南区", "新城区", "开发区", "中心城区")
TITLE_TEMPLATES = (
    "{city}市{topic}行动方案",
    "{city}市人民政府关于{topic}的意见",
    "{city}市{topic}实施方案",
    "{city}市{year}年{topic}工作要点",
    "{city}市{topic}三年行动计划({year}-{year2})",
    "关于{year}年{topic}的实施意见",
    "{city}{zone}{year}年工作思路",
    "{city}市{topic}规划纲要",
)
ISSUER_TEMPLATES = ("{city}市人民政府", "{city}市人民政府办公室", "{city}市发展和改革委员会",
                    "{city}{zone}管理委员会", "中共{city}市委 {city}市人民政府")
LEAD_UNITS = ("市发展改革委", "市经信局", "市财政局", "市商务局", "市住建局", "市自然资源和规划局",
              "市生态环境局", "市文广旅游局", "市科技局", "市人力社保局", "市教育局", "市交通运输局",
              "各区县政府", "各开发区(工业区、新区)管委会")
CATEGORIES = ("国民经济和社会发展规划", "城乡建设", "综合政务", "工业、交通", "商贸、海关、旅游")
BREADCRUMBS = ("首页 > 文章中心 > 正文", "首页 > 政务公开 > 政策文件", "首页 > 信息公开 > 规划计划",
               "首页 > 新闻中心 > 通知公告")
SHAPES = (("plan", 38), ("outline", 24), ("report", 24), ("guideline", 8), ("opinion", 6))
REMIX = 0.75  # share of drawn paragraphs whose later sentences come from elsewhere
_NAME = re.compile(r"^\d{5}_[0-9a-f]{16}\.txt$")


@dataclass(frozen=True)
class SynthDoc:
    """One synthetic source file and what a parser should find in it."""

    name: str  # file name, NNNNN_<hex>.txt
    data: bytes  # the file's bytes, encoding and line ends applied
    title: str
    shape: str
    expected_ids: tuple[str, ...]  # numbered clauses, in reading order


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1 ≤ n ≤ 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def cn_date(year: int, month: int, day: int) -> str:
    """2013, 8, 12 → 二〇一三年八月十二日."""
    return "".join(CN_DIGITS[int(d)] for d in str(year)) + f"年{cn_number(month)}月{cn_number(day)}日"


class _Deck:
    """Draws fragments of one pool without repeats until the pool runs out."""

    def __init__(self, rng: random.Random, fragments: tuple[Fragment, ...]):
        self._rng, self._all, self._left = rng, fragments, []

    def draw(self) -> Fragment:
        if not self._left:
            self._left = list(self._all)
            self._rng.shuffle(self._left)
        return self._left.pop()


class _Composer:
    """Builds one document: a list of paragraphs plus the ids of its numbered clauses."""

    def __init__(self, pool: Pool, rng: random.Random):
        self.rng, self.pool = rng, pool
        self.deck = {name: _Deck(rng, getattr(pool, name)) for name in (
            "sections", "subsections", "measures", "items", "yishi", "dashes", "bodies", "runins", "prefaces")}
        self.places = tuple(rng.sample(CITIES, CITY_SLOTS))
        self.zone = rng.choice(ZONE_NAMES)
        self.district = rng.choice(DISTRICT_NAMES)
        self.paren = ("(", ")") if rng.random() < 0.85 else ("(", ")")
        self.dot = "." if rng.random() < 0.55 else "、"
        self.indent = "\xa0\xa0\xa0 " if rng.random() < 0.05 else ""
        self.paragraphs: list[str] = []
        self.ids: list[str] = []

    # -- text helpers -------------------------------------------------------
    def fill(self, text: str) -> str:
        return fill(text, self.places, self.zone, self.district)

    def draw(self, pool: str) -> Fragment:
        fragment = self.deck[pool].draw()
        if fragment.body and self.rng.random() < REMIX:
            fragment = self.pool.remix(fragment, self.rng)
        return fragment

    def add(self, text: str) -> None:
        self.paragraphs.append(self.fill(text))

    def clause(self, path: str, marker: str, fragment: Fragment, *, own_line: bool,
               lead_unit: bool = False) -> None:
        """Emit a numbered clause: run-in (marker+head+body) or heading line + body. A path
        ending in ``_?`` is an item without a number, named by its heading's tag."""
        start = len(self.paragraphs)
        suffix = ""
        if lead_unit and "牵头单位" not in fragment.body + fragment.head:
            units = self.rng.sample(LEAD_UNITS, self.rng.randint(1, 2))
            suffix = f"(牵头单位:{'、'.join(units)})"
        if own_line or not fragment.body:
            self.add(marker + fragment.head.rstrip("。") if own_line else marker + fragment.head)
            if fragment.body:
                self.add(fragment.body + suffix)
        else:
            self.add(marker + fragment.head + fragment.body + suffix)
        if path.endswith("_?"):
            path = path[:-1] + tag(self.paragraphs[start][len(marker):].split("。")[0])
        self.ids.append(path)

    def body(self) -> None:
        self.add(self.draw("bodies").body)

    # -- markers ------------------------------------------------------------
    def sec(self, n: int) -> str:
        return f"{cn_number(n)}、"

    def sub(self, n: int) -> str:
        return f"{self.paren[0]}{cn_number(n)}{self.paren[1]}"

    def measure(self, n: int) -> str:
        return f"{self.indent if self.rng.random() < 0.3 else ''}{n}{self.dot}"

    def item(self, n: int) -> str:
        return f"{self.paren[0]}{n}{self.paren[1]}"

    # -- shapes -------------------------------------------------------------
    def preface(self) -> None:
        if self.rng.random() < 0.85:
            self.add(self.draw("prefaces" if self.rng.random() < 0.4 else "bodies").body)

    def plan(self, first: int = 1) -> None:
        """Action plan (seeds 000, 003): 一、 > (一) > 1. measures, lead units."""
        running = self.rng.random() < 0.4
        lead = self.rng.random() < 0.5
        m = 0
        for s in range(first, first + self.rng.randint(3, 5)):
            spath = f"sec_{s}"
            self.clause(spath, self.sec(s), self.draw("sections"), own_line=True)
            if self.rng.random() < 0.5:
                self.body()
            if self.rng.random() < 0.25:  # measures straight under 一、 (001#3)
                m = m if running else 0
                for _ in range(self.rng.randint(2, 5)):
                    m += 1
                    self.clause(f"{spath}__item_{m}", self.measure(m), self.draw("measures"),
                                own_line=False, lead_unit=lead)
                continue
            for u in range(1, self.rng.randint(2, 4) + 1):
                upath = f"{spath}__sec_{u}"
                self.clause(upath, self.sub(u), self.draw("subsections"),
                            own_line=self.rng.random() < 0.6)
                m = m if running else 0
                for _ in range(self.rng.randint(1, 4)):
                    m += 1
                    self.clause(f"{upath}__item_{m}", self.measure(m), self.draw("measures"),
                                own_line=False, lead_unit=lead)
                    if self.rng.random() < 0.08:
                        for i in range(1, self.rng.randint(2, 3) + 1):
                            self.clause(f"{upath}__item_{m}__para_{i}", self.item(i),
                                        self.draw("items"), own_line=False)

    def outline(self) -> None:
        """Outline (001#1): 一、 > run-in (一) > (1) items numbered through the document."""
        p = 0
        for s in range(1, self.rng.randint(3, 6) + 1):
            spath = f"sec_{s}"
            self.clause(spath, self.sec(s), self.draw("sections"), own_line=True)
            if self.rng.random() < 0.4:
                self.body()
            for u in range(1, self.rng.randint(2, 4) + 1):
                upath = f"{spath}__sec_{u}"
                self.clause(upath, self.sub(u), self.draw("subsections"), own_line=False)
                for _ in range(self.rng.choice((0, 0, 1, 2, 3, 4))):
                    p += 1
                    self.clause(f"{upath}__para_{p}", self.item(p), self.draw("items"),
                                own_line=False)

    def enumeration(self, parent: str) -> None:
        """一是 … 二是 …: one per line, or all inline in one paragraph (001#5, 004)."""
        count = self.rng.randint(3, 5)
        frags = [self.draw("yishi") for _ in range(count)]
        prefix = f"{parent}__" if parent else ""
        self.ids.extend(f"{prefix}enum_{k}" for k in range(1, count + 1))
        texts = [f"{cn_number(k)}是{f.head}{f.body}" for k, f in enumerate(frags, 1)]
        if self.rng.random() < 0.4:
            lead = self.draw("bodies").body if self.rng.random() < 0.5 else ""
            self.add(lead + "".join(texts))
        else:
            for text in texts:
                self.add(text)

    def report(self) -> None:
        """Work report (001#2, 004): 一、 sections holding 一是/二是 enumerations."""
        if self.rng.random() < 0.1:  # doc-level principles before 一、 (004)
            self.enumeration("")
        for s in range(1, self.rng.randint(3, 6) + 1):
            spath = f"sec_{s}"
            fragment = self.draw("sections")
            self.clause(spath, self.sec(s), fragment, own_line=self.rng.random() < 0.7)
            if self.rng.random() < 0.3:
                for u in range(1, self.rng.randint(2, 3) + 1):
                    upath = f"{spath}__sec_{u}"
                    self.clause(upath, self.sub(u), self.draw("subsections"), own_line=True)
                    self.enumeration(upath)
            else:
                if self.rng.random() < 0.5:
                    self.body()
                self.enumeration(spath)

    def opinion(self) -> None:
        """Opinion (002): 一、 sections whose measures are unnumbered run-in headings."""
        for s in range(1, self.rng.randint(3, 4) + 1):
            spath = f"sec_{s}"
            self.clause(spath, self.sec(s), self.draw("sections"), own_line=True)
            for _ in range(self.rng.randint(3, 5)):
                self.clause(f"{spath}__hd_?", "", self.draw("runins"), own_line=False)

    def guideline(self) -> None:
        """Guiding principles (003 一(二)): (一) with —— lead-dash items, then a plan."""
        self.clause("sec_1", self.sec(1), self.draw("sections"), own_line=True)
        self.clause("sec_1__sec_1", self.sub(1), self.draw("subsections"), own_line=True)
        self.body()
        self.clause("sec_1__sec_2", self.sub(2), self.draw("subsections"), own_line=True)
        for _ in range(self.rng.randint(3, 5)):
            self.clause("sec_1__sec_2__dash_?", "——", self.draw("dashes"), own_line=True)
            self.body()
        self.plan(first=2)


def _front_matter(rng: random.Random, c: _Composer, title: str, year: int) -> tuple[list[str], str]:
    """Chrome, title and metadata lines before the body; also the issuer for a signature."""
    city, zone = c.places[0], c.zone
    issuer = rng.choice(ISSUER_TEMPLATES).format(city=city, zone=zone)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}"
    number = f"{city[0]}政发〔{year}〕{rng.randint(1, 150)}号"
    lines: list[str] = []
    if rng.random() < 0.25:
        lines.append(rng.choice(BREADCRUMBS))
    style = rng.random()
    if style < 0.15:  # government portal table (003)
        pub = f"{year + rng.randint(0, 1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines += [f"索引号: {rng.getrandbits(40):011X}/{year}-{rng.randint(1, 99999):05d} 公开方式: 主动公开",
                  f"发布机构: {issuer} 组配分类: {rng.choice(CATEGORIES)}",
                  f"成文日期: {date} 废止日期:", "有效性:",
                  f"{title} 发布日期:{pub} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d} 浏览次数: 字体:[ ]",
                  "分享", title]
    elif style < 0.35:  # plain field lines
        lines.append(title)
        lines += [f"发布机构:{issuer}", f"成文日期:{date}"]
        if rng.random() < 0.6:
            lines.append(f"发文字号:{number}")
    elif style < 0.45:  # 001#1
        lines += [title, f"信息提供日期:{date} 信息来源:{issuer}"]
    elif style < 0.55:  # 002
        lines += [title, f"时间:{year + rng.randint(1, 9)}-{month:02d}-{day:02d} "
                         f"{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
                         " 来源:政策文库 作者:管理员"]
    else:
        lines.append(title)
        if rng.random() < 0.15:  # the title twice (000)
            lines.append(title)
    if rng.random() < 0.2:
        lines.append(f"({year}年{month}月)")
    return lines, f"{issuer} {cn_date(year, month, day)}"


def _title(rng: random.Random, pool: Pool, c: _Composer, year: int) -> str:
    template = rng.choice(TITLE_TEMPLATES)
    return template.format(city=c.places[0], zone=c.zone, topic=rng.choice(pool.topics),
                           year=year, year2=year + 2)


def compose(pool: Pool, seed: int | str, index: int) -> SynthDoc:
    """Synthetic document number ``index`` (1-based) of the corpus with ``seed``."""
    key = f"synth:{seed}:{index}"
    rng = random.Random(key)
    c = _Composer(pool, rng)
    shape = rng.choices([s for s, _ in SHAPES], weights=[w for _, w in SHAPES])[0]
    year = rng.randint(2005, 2023)
    title = _title(rng, pool, c, year)
    front, signature = _front_matter(rng, c, title, year)
    c.preface()
    getattr(c, shape)()
    if rng.random() < 0.15:
        c.paragraphs.append(signature)
    body = c.paragraphs
    if shape == "report" and rng.random() < 0.15:  # the whole body on one line (004)
        body = ["".join(p if p[-1] in "。;!:)" else p + "。" for p in body)]
    lines = front + body
    if rng.random() < 0.08:
        lines.append(f"热门排行: {_title(rng, pool, c, year + 1)}")
    blank = rng.random() < 0.7
    text = ("\n\n" if blank else "\n").join(lines)
    if rng.random() < 0.5:
        text += "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    encoding = rng.random()
    if encoding < 0.03:  # an older portal's GB18030 page
        data = text.encode("gb18030")
    elif encoding < 0.06:
        data = text.encode("utf-8-sig")
    else:
        data = text.encode("utf-8")
    name = f"{index:05d}_{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"
    return SynthDoc(name, data, title, shape, tuple(c.ids))


def generate(pool: Pool, count: int, seed: int | str = 0):
    """Yield documents 1 … ``count`` of the corpus with ``seed``."""
    for index in range(1, count + 1):
        yield compose(pool, seed, index)


def write_corpus(out: Path, count: int, seed: int | str = 0,
                 seeds_dir: Path = Path("seeds")) -> list[Path]:
    """Write ``count`` synthetic sources into ``out`` (which holds nothing else)."""
    out.mkdir(parents=True, exist_ok=True)
    foreign = sorted(p.name for p in out.iterdir() if not _NAME.match(p.name))
    if foreign:
        raise FileExistsError(f"{out}: not a synthetic corpus directory (holds {foreign[0]})")
    pool = harvest(seeds_dir)
    written = []
    for doc in generate(pool, count, seed):
        path = out / doc.name
        path.write_bytes(doc.data)
        written.append(path)
    keep = {p.name for p in written}
    for stale in out.iterdir():
        if stale.name not in keep:
            stale.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents to write")
    parser.add_argument("--out", type=Path, required=True, help="directory for the source files")
    parser.add_argument("--seed", default="0", help="corpus seed (same seed, same bytes)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="real sources to recombine")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    started = time.perf_counter()
    try:
        paths = write_corpus(args.out, args.docs, args.seed, args.seeds)
    except (FileExistsError, FileNotFoundError) as error:
        print(f"synth: {error}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in paths)
    print(f"synth: {len(paths)} documents, {size / 1e6:.1f} MB in {args.out} "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
