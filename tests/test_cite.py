"""Citations: the plain form and the GB/T 7714-2015 electronic-resource form, parts the
archive does not know left out."""
from __future__ import annotations

from dataclasses import replace

from build_tools.cite import gbt7714_citation, plain_citation
from build_tools.model import Clause, Document, SourceDocument

BASE = "https://archive.example.cn/"
SOURCE = SourceDocument(file="a.txt", index=1, title="市区发展行动方案", title_lines=(1,),
                        first_line=1, last_line=9, body=(), metadata=(), issuer="绍兴市人民政府",
                        date="2006-09-01", number="绍政发〔2006〕1号")
CLAUSE = Clause(id="sec_2__sec_1__item_1", parent="sec_2__sec_1", level=3, depth=3, number="1.",
                heading="大力发展商贸服务业", text="1.大力发展商贸服务业。", line=5, kind="heading",
                style="arabic_dot", label="二(一)1")


def document(**source) -> Document:
    return Document(id="shaoxing", title="市区发展行动方案", source=replace(SOURCE, **source), clauses=(CLAUSE,))


URL = f"{BASE}documents/shaoxing/#sec_2__sec_1__item_1"


def test_the_plain_citation_names_title_label_and_url() -> None:
    assert plain_citation(document(), CLAUSE, BASE) == f"《市区发展行动方案》二(一)1 ——{URL}"


def test_the_gbt7714_citation_has_issuer_title_number_clause_type_date_and_url() -> None:
    assert gbt7714_citation(document(), CLAUSE, BASE) == (
        f"绍兴市人民政府. 市区发展行动方案(绍政发〔2006〕1号): 二(一)1[EB/OL]. (2006-09-01). {URL}")


def test_unknown_parts_are_left_out_with_their_punctuation() -> None:
    assert gbt7714_citation(document(issuer=None, number=None, date=None), CLAUSE, BASE) == (
        f"市区发展行动方案: 二(一)1[EB/OL]. {URL}")
    assert gbt7714_citation(document(number=None), CLAUSE, BASE) == (
        f"绍兴市人民政府. 市区发展行动方案: 二(一)1[EB/OL]. (2006-09-01). {URL}")
    assert gbt7714_citation(document(issuer="  ", date=None), CLAUSE, BASE) == (
        f"市区发展行动方案(绍政发〔2006〕1号): 二(一)1[EB/OL]. {URL}")
