"""The synthetic corpus is deterministic, realistic in size and numbering, and parses cleanly."""
from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from bench.synth import cn_date, cn_number, compose, generate, main, write_corpus
from bench.synth_pool import Pool, harvest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CN = "一二三四五六七八九十"

# Every marker the generator writes, at a paragraph start or right after a sentence end.
_MARKER = re.compile(
    rf"(?:^|(?<=[。;:!)]))[\xa0 ]*(?:"
    rf"(?P<sec>[{CN}]+)、|[((](?P<sub>[{CN}]+)[))]|(?P<item>\d{{1,2}})[.、](?!\d)"
    rf"|[((](?P<para>\d{{1,2}})[))]|(?P<enum>[{CN}]+)是|(?P<dash>——))",
    re.M,
)


def _cn(text: str) -> int:
    return next(n for n in range(1, 100) if cn_number(n) == text)


def _markers(text: str) -> list[tuple[str, int]]:
    """(kind, number) of each numbered marker in reading order, as the id convention names them."""
    out = []
    for match in _MARKER.finditer(text):
        kind = match.lastgroup
        if kind == "dash":  # not numbered: its id is its heading's tag
            continue
        value = match.group(kind)
        number = int(value) if value.isdigit() else _cn(value)
        out.append(({"sub": "sec"}.get(kind, kind), number))
    return out


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("neither UTF-8 nor GB18030")


@pytest.fixture(scope="module")
def pool() -> Pool:
    return harvest(SEEDS)


@pytest.fixture(scope="module")
def sample(pool: Pool):
    return list(generate(pool, 300, seed="test"))


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 40, seed=7, seeds_dir=SEEDS)
    b = write_corpus(tmp_path / "b", 40, seed=7, seeds_dir=SEEDS)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))


def test_another_seed_writes_other_documents(pool: Pool) -> None:
    one = [d.data for d in generate(pool, 20, seed=1)]
    two = [d.data for d in generate(pool, 20, seed=2)]
    assert not set(one) & set(two)


def test_small_corpus_is_the_prefix_of_a_larger_one(pool: Pool) -> None:
    small = list(generate(pool, 15, seed=3))
    large = list(generate(pool, 60, seed=3))
    assert small == large[:15]
    assert compose(pool, 3, 42) == large[41]


def test_cli_writes_n_files_and_replaces_a_larger_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    assert main(["--docs", "25", "--out", str(out), "--seeds", str(SEEDS)]) == 0
    assert len(list(out.glob("*.txt"))) == 25
    assert main(["--docs", "10", "--out", str(out), "--seeds", str(SEEDS)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 10
    assert all(re.fullmatch(r"\d{5}_[0-9a-f]{16}\.txt", n) for n in names)


def test_refuses_a_directory_that_holds_other_files(tmp_path: Path) -> None:
    (tmp_path / "000_real_source.txt").write_text("一、真实来源", encoding="utf-8")
    assert main(["--docs", "3", "--out", str(tmp_path), "--seeds", str(SEEDS)]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["000_real_source.txt"]


def test_clause_density_is_that_of_the_seeds(sample) -> None:
    # The nine seed documents hold 406 numbered outline entries (~45 a document).
    numbered = [len(d.expected_ids) for d in sample]
    assert 35 <= statistics.mean(numbered) <= 48
    assert min(numbered) >= 5
    assert {d.shape for d in sample} == {"plan", "outline", "report", "guideline", "opinion"}


def test_numbering_in_the_text_is_the_numbering_of_the_outline(sample) -> None:
    for doc in sample:
        found = _markers(_text(doc.data))
        expected = [(part.rpartition("_")[0], int(part.rpartition("_")[2]))
                    for part in (i.split("__")[-1] for i in doc.expected_ids)
                    if not part.startswith(("hd_", "dash_"))]
        assert found == expected, doc.name


def test_siblings_count_one_two_three(sample) -> None:
    for doc in sample:
        children: dict[tuple[str, str], list[int]] = {}
        for path in doc.expected_ids:
            parent, _, last = path.rpartition("__")
            kind, _, number = last.rpartition("_")
            if kind in ("hd", "dash"):  # named by their heading's tag, not numbered
                assert re.fullmatch(r"[a-z]{6}", number), path
                continue
            children.setdefault((parent, kind), []).append(int(number))
        running: dict[str, int] = {}
        for (parent, kind), numbers in children.items():
            start = numbers[0]
            assert numbers == list(range(start, start + len(numbers))), (doc.name, parent, kind)
            if kind in ("item", "para") and start != 1:  # numbered on through the document
                assert start == running.get(kind, 0) + 1, (doc.name, parent, kind)
            else:
                assert start == 1, (doc.name, parent, kind)
            running[kind] = numbers[-1]


def test_fragments_carry_no_marker_of_their_own(pool: Pool) -> None:
    for name in ("sections", "subsections", "measures", "items", "yishi", "dashes", "bodies",
                 "runins"):
        for fragment in getattr(pool, name):
            text = fragment.head + fragment.body
            assert not _MARKER.search(text[1:]), (fragment.origin, text[:40])
            assert "***.***" not in text, fragment.origin


def test_documents_name_different_cities(sample) -> None:
    titles = [d.title for d in sample]
    assert len(set(titles)) > 0.9 * len(titles)
    placeholders = [d.name for d in sample if b"\x00" in d.data]
    assert not placeholders


def test_encodings_and_line_ends_vary(sample) -> None:
    datas = [d.data for d in sample]
    assert any(d.startswith(b"\xef\xbb\xbf") for d in datas)
    assert any(b"\r\n" in d for d in datas)
    gb = [d for d in datas if not _is_utf8(d)]
    assert gb and all("一、" in d.decode("gb18030") for d in gb)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_chinese_numerals() -> None:
    assert [cn_number(n) for n in (1, 10, 12, 20, 35)] == ["一", "十", "十二", "二十", "三十五"]
    assert cn_date(2013, 8, 12) == "二〇一三年八月十二日"


def test_synthetic_documents_parse_cleanly_with_the_outline_they_were_built_with(
        tmp_path: Path, pool: Pool) -> None:
    from build_tools.ingest import ingest_all
    from build_tools.structure import structure

    write_corpus(tmp_path, 80, seed="parse", seeds_dir=SEEDS)
    expected = {d.name: d for d in generate(pool, 80, seed="parse")}
    sources, problems = ingest_all(tmp_path)
    assert [str(p) for p in problems] == []
    assert sorted(s.file for s in sources) == sorted(expected)  # one document a file
    counts = []
    for source in sources:
        doc = structure(source)
        made = expected[source.file]
        assert doc.title == made.title, source.file
        ids = [c.id for c in doc.clauses]
        assert len(ids) == len(set(ids)), source.file
        missing = [i for i in made.expected_ids if i not in ids]
        assert missing == [], source.file
        counts.append(len(ids))
    assert 35 <= statistics.mean(counts) <= 50  # the seeds: ~45 a document
