"""Traditional characters are read folded to simplified ones and given back as printed."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.ingest.script import Unfold, fold, traditional
from build_tools.model import ClauseRef

ROOT = Path(__file__).resolve().parent.parent


def test_folding_keeps_length_and_maps_character_for_character() -> None:
    printed = "國務院辦公廳關於印發《城市更新行動方案》的通知"
    assert fold(printed) == "国务院办公厅关于印发《城市更新行动方案》的通知"
    assert len(fold(printed)) == len(printed)


def test_no_seed_and_no_real_sample_is_taken_for_traditional() -> None:
    """Every seed and every document of the real sample is in simplified characters: none
    is folded (著名, 乾县 stay as printed)."""
    documents = load_corpus(ROOT / "seeds")[0] + load_corpus(ROOT / "tests" / "fixtures" / "real")[0]
    assert len(documents) > 50
    texts = {doc.id: "\n".join(line.text for line in doc.source.body) for doc in documents}
    assert [i for i, text in texts.items() if traditional(text)] == []
    assert [doc.id for doc in documents if doc.source.traditional] == []
    assert not traditional("陕西省乾县人民政府关于表彰著名企业家的决定\n各乡镇人民政府，县政府各部门：为进一步激发"
                           "著名企业家和乾县籍企业家的创业热情，县政府决定对一批企业家予以表彰。")


def test_a_traditional_text_is_one() -> None:
    assert traditional("國務院辦公廳關於落實中共中央國務院關於全面深化農村改革加快推進農業現代化若干意見有關政策措施分工的通知")


@pytest.mark.parametrize("value, printed", [
    ("国务院办公厅", "國務院辦公廳"),  # a span of the text: given back as printed
    ("国务院办公厅关于广州开发区的复函", "國務院辦公廳關於廣州開發區的復函"),  # joined from two lines
    ("于", "於"),  # 於 and 于 both fold to 于: the commoner in this text
])
def test_a_value_read_from_the_folded_text_is_given_back_as_printed(value: str, printed: str) -> None:
    unfold = Unfold("國務院辦公廳關於廣州\n開發區的復函\n於是於此")
    assert unfold(value) == printed


def _traditional_copy(text: str) -> str:
    """``text`` in traditional characters, character for character (OpenCC's simplified-to-
    traditional table, first reading): a simplified seed as a 繁體 mirror prints it."""
    from build_tools.ingest.script import data_file

    table = {}
    for line in data_file().with_name("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[1]) == 1:
            table[ord(parts[0])] = parts[1]
    return text.translate(table)


def test_a_traditional_mirror_of_a_seed_is_read_by_the_analyses_as_the_seed(tmp_path) -> None:
    """A seed copied into traditional characters (as gov.cn's 繁體 mirror prints it): its
    clauses, one for one, are classified into the same themes as the seed's, read folded;
    read as printed, far fewer are. (An unnumbered item's id is a digest of its printed
    text, so a mirror's differ.)"""
    from build_tools.ingest.script import reading_copy
    from build_tools.segment import Segmenter
    from build_tools.themes import classify, load_themes

    seed = ROOT / "seeds" / "003_cb4907d4163f6bcb.txt"
    (tmp_path / "mirror.txt").write_text(_traditional_copy(seed.read_text(encoding="utf-8")), encoding="utf-8")
    (simplified,) = [d for d in load_corpus(ROOT / "seeds")[0] if d.source.file == seed.name][:1]
    (mirror,) = load_corpus(tmp_path)[0]
    assert traditional("\n".join(c.text for c in mirror.clauses))
    assert mirror.source.traditional and not simplified.source.traditional  # ingest marks it
    assert [c.label for c in mirror.clauses] == [c.label for c in simplified.clauses]
    folded = reading_copy(mirror)
    assert [c.id for c in folded.clauses] == [c.id for c in mirror.clauses]
    assert folded.clauses[5].text != mirror.clauses[5].text and reading_copy(simplified) is simplified
    themes = load_themes(ROOT / "themes.yaml")[0]
    segmenter = Segmenter()

    def agreement(copy) -> float:
        got = classify((simplified, copy), themes, segmenter)
        pairs = [(got.get(ClauseRef(simplified.id, a.id)), got.get(ClauseRef(copy.id, b.id)))
                 for a, b in zip(simplified.clauses, copy.clauses)]
        pairs = [(a, b) for a, b in pairs if a or b]
        return sum(a == b for a, b in pairs) / len(pairs)

    assert agreement(folded) >= 0.9
    assert agreement(mirror) < 0.5


def test_a_traditional_mirrors_lead_units_and_targets_are_read_and_printed_as_printed(tmp_path) -> None:
    """牽頭 is 牵头: the mirror's clauses name the seed's lead units and targets, in its own
    characters."""
    seed = ROOT / "seeds" / "000_aa956a1b4a998e8a.txt"
    (tmp_path / "mirror.txt").write_text(_traditional_copy(seed.read_text(encoding="utf-8")), encoding="utf-8")
    (simplified,) = [d for d in load_corpus(ROOT / "seeds")[0] if d.source.file == seed.name][:1]
    (mirror,) = load_corpus(tmp_path)[0]
    units = [(a.lead_units, b.lead_units) for a, b in zip(simplified.clauses, mirror.clauses) if a.lead_units]
    goals = [(a.targets, b.targets) for a, b in zip(simplified.clauses, mirror.clauses) if a.targets]
    assert len(units) >= 5 and len(goals) >= 3
    assert all(tuple(map(fold, b)) == a for a, b in units)
    assert all(b and b[0].text in c.text for (a, b), c in zip(goals, [c for c in mirror.clauses if c.targets]))
    assert all([fold(t.text) for t in b] == [t.text for t in a] for a, b in goals)
