"""Property-based tests of ingest + structure on generated sources (``hypothesis``).

Sources are drawn from the pieces official documents and their scrapes are made of —
outline markers (一、 (一) 1. (1) ① 一是 第一， —— 第一条 第一章), ``第N篇:`` separators (at
a line start or glued), titles ending in a 文种, addressee and signature lines, web chrome,
dates, line ends of every kind — mixed with arbitrary Unicode text, and written in one of
the encodings the archive reads. For every source:

* ingest and structure raise nothing (a source is documents, or a ``file:line`` problem);
* every character is accounted for: the non-space characters of the source are exactly
  those of the documents' clauses and dropped lines;
* document ids and clause ids are ASCII, and unique.

Examples are bounded (``max_examples``) so the suite stays fast in ``make test``.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.ingest import ingest_file
from build_tools.structure import structure

PIECES = ["一、", "二、", "三、", "（一）", "(二)", "1.", "2、", "(1)", "1）", "①", "一是", "二是",
          "第一，", "第二，", "——", "第一条", "第二条", "第一章", "第一阶段", "第1篇:", "第二篇：",
          "关于推进产业发展的实施意见", "通知", "各区县人民政府：", "某某市人民政府",
          "2020年3月1日", "二〇二〇年三月一日", "（此件公开发布）", "抄送：市委办公室。",
          "当前位置：首页 > 政策", "分享 打印 关闭", "索引号：123 发布机构：某局", "国办发〔2019〕6号",
          "科学规划，合理布局。", "加快发展。", "推进各项工作落实。", "《某某条例》第十一条",
          "。", "，", "：", "；", " ", "\u3000", "\u00a0", "\n", "\n\n", "\r\n", "\r", "\t"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
SOURCE = st.lists(st.one_of(st.sampled_from(PIECES), TEXT), min_size=1, max_size=40).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32"])
CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def squeeze(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if not ch.isspace() and ch not in "\u200b\ufeff")


def _ingest(text: str, encoding: str):
    """(documents, problems, file name, the bytes written)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        path.write_bytes(data)
        documents, problems = ingest_file(path)
        return documents, problems, path.name, data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOURCE, ENCODINGS)
def test_generated_sources_never_raise_and_lose_no_character(text: str, encoding: str) -> None:
    documents, problems, name, data = _ingest("关于推进工作的意见\n" + text, encoding)
    for problem in problems:
        assert str(problem).startswith(f"{name}:") or problem.path.endswith(".yml")
    if not documents:
        assert any(p.severity == "error" for p in problems)
        return
    structured = [structure(doc) for doc in documents]
    published = Counter()
    for doc in structured:
        for clause in doc.clauses:
            published.update(squeeze(clause.text))
        for dropped in doc.source.dropped:
            if dropped.reason != "bad_byte":
                published.update(squeeze(dropped.text))
    # the source as decoded in the encoding ingest found (a short GB18030 text may be read
    # as another legacy encoding; a stray byte is U+FFFD): every character of it is kept
    found = documents[0].encoding
    source_text = (data[3:] if found == "utf-8-sig" else data).decode(
        "utf-8" if found == "utf-8-sig" else found, errors="replace")
    wanted = Counter(squeeze(unicodedata.normalize("NFC", source_text)))
    assert published == wanted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOURCE, ENCODINGS)
def test_generated_sources_get_unique_ascii_ids(text: str, encoding: str) -> None:
    documents, _, _, _ = _ingest("第1篇:关于推进工作的意见\n" + text, encoding)
    doc_ids = [d.slug for d in documents]
    assert len(doc_ids) == len(set(doc_ids))
    assert all(DOC_ID.match(i) for i in doc_ids)
    for doc in documents:
        ids = [c.id for c in structure(doc).clauses]
        assert len(ids) == len(set(ids)), ids
        assert all(CLAUSE_ID.match(i) and i.isascii() for i in ids), ids
