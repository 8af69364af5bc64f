"""The kinds of document (文种): one set of lists read by the frame, the document tables
and the citations."""
from build_tools import citations, doc_kinds
from build_tools.ingest import frame


def test_kind_of_reads_the_kind_at_the_end_of_a_title():
    assert doc_kinds.kind_of("关于印发某市人才发展行动方案的通知") == "通知"
    assert doc_kinds.kind_of("某市促进消费若干举措(试行)") == "措施"
    assert doc_kinds.kind_of("某市国际化城市建设情况汇报") == "汇报"
    assert doc_kinds.kind_of("某市城市更新条例（2021年修订）") == "条例"
    assert doc_kinds.kind_of("国务院令") is None  # the head of a decree, not a title
    assert doc_kinds.kind_of("商务函") is None  # a letter says what it is about: 关于…的函
    assert doc_kinds.kind_of("关于商请支持某项工作的函") == "函"


def test_frame_document_tables_and_citations_share_the_lists():
    assert frame.KINDS is doc_kinds.KINDS and frame.kind_of is doc_kinds.kind_of
    assert set(doc_kinds.KINDS) <= set(citations.DOCUMENT_KINDS)
    assert set(doc_kinds.CITED) <= set(citations.DOCUMENT_KINDS)
    # every kind a document may be of is also a kind its citation is recognised by
    for kind in doc_kinds.OFFICIAL + doc_kinds.ISSUED:
        assert citations.is_document_title(f"关于加强某项工作的{kind}"), kind


def test_longest_first_puts_a_kind_before_the_kinds_it_ends_with():
    order = doc_kinds.longest_first(["计划", "行动计划", "方案", "计划"])
    assert order == ("行动计划", "方案", "计划")
    assert doc_kinds.longest_first(reversed(order)) == order
