"""The thesaurus's word classes (build_tools/concepts.py) and what the linker reads of them."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from build_tools.concepts import WordClasses, class_counts, parse_tree, word_classes
from build_tools.link_evidence import FEATURES
from build_tools.segment import default_segmenter
from build_tools.similarity import LinkSettings, pair_table, prepare

from test_links import _doc

TREE = {"D": {"tag": "抽象事物", "sub": {"j": {"tag": "经济", "sub": {
    "08": {"tag": "帐目 款项", "sub": {"B": {"tag": "贷款", "sub": {"29#": ["贷款", "信贷"], "11=": ["公积金"]}}}},
    "05": {"tag": "证券", "sub": {"B": {"tag": "债券", "sub": {"09=": ["债券"]}}}},
}}}}, "H": {"tag": "活动", "sub": {"e": {"tag": "经济活动", "sub": {
    "07": {"tag": "借贷", "sub": {"A": {"tag": "借", "sub": {"01=": ["贷款", "借款"]}}}},
}}}}}


def test_a_word_is_filed_under_each_class_of_the_third_level_it_stands_in():
    classes = parse_tree(TREE)
    assert classes.of("信贷") == ("Dj08",)
    assert classes.of("公积金") == ("Dj08",)  # another group of the same class
    assert classes.of("贷款") == ("Dj08", "He07")  # two senses, sorted
    assert classes.of("债券") == ("Dj05",)
    assert classes.of("城中村") == ()
    assert parse_tree(TREE, level=5).of("贷款") == ("Dj08B29#", "He07A01=")


def test_a_words_weight_is_shared_among_its_classes_and_unknown_words_count_for_none():
    classes = parse_tree(TREE)
    counts = class_counts([Counter({"贷款": 2.0, "信贷": 1.0, "城中村": 5.0})], classes)
    assert counts == [Counter({"Dj08": 2.0, "He07": 1.0})]


def test_the_installed_thesaurus_files_words_a_policy_text_uses():
    classes = word_classes()
    assert isinstance(classes, WordClasses) and len(classes.classes) > 70_000
    assert set(classes.of("贷款")) & set(classes.of("信贷"))
    assert set(classes.of("投资")) & set(classes.of("融资"))
    assert not set(classes.of("融资")) & set(classes.of("绿化"))


def test_measures_in_other_words_of_one_class_share_concepts_but_no_word():
    seg = default_segmenter()
    corpus = (
        _doc("doc-a", "加大信贷支持。扩大中小企业信贷投放规模,信贷审批限时办结。",
             "加强绿化建设。沿主干道种植行道树,新建街头游园和口袋公园。"),
        _doc("doc-b", "落实贷款政策。提高中小企业贷款额度上限,贷款审批限时办结。",
             "完善城市绿化。沿主干道种植行道树,新建社区公园和口袋公园。"),
    )
    prepared = prepare(corpus, seg, LinkSettings(min_df=1))
    index = {(u.ref.document, u.ref.clause): i for i, u in enumerate(prepared.units)}
    rows = np.asarray([index["doc-a", "item_1"], index["doc-a", "item_1"]])
    cols = np.asarray([index["doc-b", "item_1"], index["doc-b", "item_2"]])
    features = pair_table(prepared, rows, cols)[0]
    concepts = features[:, FEATURES.index("concepts")]
    cosine = features[:, FEATURES.index("cosine")]
    words = prepared.evidence.words
    a, b = index["doc-a", "item_1"], index["doc-b", "item_1"]
    shared = set(words[a].indices) & set(words[b].indices)
    assert "信贷" not in {prepared.vocabulary[i] for i in shared}
    assert concepts[0] > cosine[0]  # 信贷 and 贷款 are one class: the classes say more than the words
    assert concepts[1] < concepts[0]  # credit and greening: other classes
