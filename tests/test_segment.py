"""The segmenter returns content terms only, keeps policy terms whole and caches by content."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.segment import REPO_ROOT, Segmenter, TokenCache, default_segmenter, read_user_dictionary


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return default_segmenter()


def test_user_dictionary_terms_stay_whole(seg: Segmenter) -> None:
    text = "建设人才公寓,发展总部经济,推进城中村改造,实施腾笼换鸟,推广数字城管和“最多跑一次”改革。"
    terms = seg.tokens(text)
    for term in ("人才公寓", "总部经济", "城中村", "腾笼换鸟", "数字城管", "最多跑一次"):
        assert term in terms


def test_boilerplate_and_compounds_of_boilerplate_are_dropped(seg: Segmenter) -> None:
    terms = seg.tokens("进一步加快推进建设,积极大力发展,全面实施,切实加强。")
    assert terms == []


def test_masks_places_numbers_are_not_terms(seg: Segmenter) -> None:
    terms = seg.tokens("到20xx年,深圳市越城区***公司引进500家以上企业,三年内完成×××工程。")
    assert not [t for t in terms if "x" in t or "*" in t or "×" in t]
    assert "深圳市" not in terms and "越城区" not in terms and "深圳" not in terms
    assert not [t for t in terms if any(c.isdigit() for c in t)]
    assert "三年" not in terms
    assert "企业" in terms


def test_latin_words_are_folded(seg: Segmenter) -> None:
    assert "ppp" in seg.tokens("加大ＰＰＰ项目融资力度")


def test_subwords_split_a_long_term_the_dictionary_way(seg: Segmenter) -> None:
    assert seg.subwords("总部经济") == ["总部", "经济"]
    assert seg.subwords("人才公寓") == ["人才", "公寓"]
    assert seg.subwords("人才") == []


def test_same_text_same_terms_and_the_cache_is_used(tmp_path: Path) -> None:
    text = "实施“英才”计划,建设人才公寓,引进高层次人才。"
    first = Segmenter(cache_dir=tmp_path)
    terms = first.tokens(text)
    first.close()
    (db,) = (tmp_path / "tokens").glob("*.sqlite3")
    assert db.stem == first.version

    second = Segmenter(cache_dir=tmp_path)
    second._segment = None  # a cache miss would now fail
    assert second.tokens(text) == terms
    assert second.tokens_many([text, text]) == [terms, terms]
    second.close()


def test_cache_file_changes_with_the_dictionaries(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    source = Path(__file__).resolve().parent.parent / "build_tools" / "data"
    for name in ("userdict.txt", "stopwords.txt", "places.txt"):
        (data / name).write_bytes((source / name).read_bytes())
    before = Segmenter(data_dir=data, cache_dir=None).version
    with (data / "stopwords.txt").open("a", encoding="utf-8") as f:
        f.write("公寓\n")
    after = Segmenter(data_dir=data, cache_dir=None)
    assert after.version != before
    assert "公寓" not in after.tokens("建设公寓")


def test_malformed_user_dictionary_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "userdict.txt"
    bad.write_text("# comment\n人才公寓\n总部经济 many n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"userdict.txt:3:"):
        read_user_dictionary(bad)


def test_token_cache_round_trip(tmp_path: Path) -> None:
    cache = TokenCache(tmp_path / "t.sqlite3")
    key = TokenCache.key("文本")
    cache.put(key, ["人才", "公寓"])
    cache.put(TokenCache.key("空"), [])
    cache.close()
    again = TokenCache(tmp_path / "t.sqlite3")
    assert again.get_many([key, TokenCache.key("空"), TokenCache.key("无")]) == {
        key: ["人才", "公寓"],
        TokenCache.key("空"): [],
    }
    again.close()


def test_rjieba_cuts_every_seed_clause_as_jieba_does(seg: Segmenter) -> None:
    documents, _ = load_corpus(REPO_ROOT / "seeds")
    texts = [clause.text for doc in documents for clause in doc.clauses]
    assert len(texts) > 400
    differing = [text for text in texts if seg.cut(text) != seg.cut(text, reference=True)]
    assert differing == []
