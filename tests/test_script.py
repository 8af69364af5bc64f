"""Traditional characters are read folded to simplified ones and given back as printed."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.build import load_corpus
from build_tools.ingest.script import Unfold, fold, traditional

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
