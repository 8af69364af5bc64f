"""Word classes of a thesaurus: what two measures mean when they do not use the same words.

Two cities that do the same thing seldom write it alike: 贷款 and 信贷, 投资 and 融资,
老旧小区 and 老旧社区. The extended Tongyici Cilin (同义词词林扩展版, HIT-SCIR) files about
77,000 Chinese words under a five-level code (``Dj08B29#``: D 抽象事物 › Dj 经济 › Dj08
帐目 款项 费用 › …). ``WordClasses`` maps a word to its classes at the third level, the 1,428
classes of words of one narrow meaning (Dj08: 贷款, 信贷, 公积金; He01: 投资, 融资, 引资;
Cb08: 小区, 社区); a word of several senses has several. The linker counts each measure's words by
class (``class_counts``) and compares the two measures' classes by a TF-IDF cosine
(``similarity``'s feature ``concepts``): knowledge of the language, the same in any corpus,
where the corpus's own statistics see only different strings.

The thesaurus is read from the data file that the ``cilin`` package ships (pinned in
``requirements.txt``): only that file is opened, read-only, from the installed package;
nothing is fetched or written at run time and ``cilin`` itself is not imported.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .package_data import package_dir

LEVEL_CHARS = {1: 1, 2: 2, 3: 4, 4: 5, 5: 8}  # length of a code at each level: D, Dj, Dj08, Dj08B, Dj08B29#
CLASS_LEVEL = 3


@dataclass(frozen=True)
class WordClasses:
    """Each word's thesaurus classes at one level, sorted."""

    classes: Mapping[str, tuple[str, ...]]
    level: int = CLASS_LEVEL

    def of(self, word: str) -> tuple[str, ...]:
        return self.classes.get(word, ())


def data_file() -> Path:
    return package_dir("cilin", "the thesaurus").parent / "data" / "cilin_tree.json"


def parse_tree(tree: Mapping, level: int = CLASS_LEVEL) -> WordClasses:
    """The thesaurus's tree (``{"A": {"tag": …, "sub": {"a": {… "sub": {"01=": [words]}}}}}``,
    one key a level, words in the lists of the fifth) → each word's classes at ``level``."""
    chars = LEVEL_CHARS[level]
    found: dict[str, set[str]] = {}

    def walk(node, code: str) -> None:
        if isinstance(node, list):
            for word in node:
                found.setdefault(word, set()).add(code[:chars])
            return
        for key, child in node.get("sub", {}).items():
            walk(child, code + key)

    for key, node in tree.items():
        walk(node, key)
    return WordClasses({word: tuple(sorted(codes)) for word, codes in sorted(found.items())}, level)


@lru_cache(maxsize=2)
def word_classes(level: int = CLASS_LEVEL) -> WordClasses:
    """The installed thesaurus's word classes at ``level`` (read once a process)."""
    return parse_tree(json.loads(data_file().read_text(encoding="utf-8")), level)


def class_counts(counts: Iterable[Mapping[str, float]], classes: WordClasses) -> list[Counter]:
    """Each unit's weight by class: a word's count is shared evenly among its classes;
    words the thesaurus does not know count for none."""
    out = []
    for count in counts:
        by_class: Counter = Counter()
        for word, weight in sorted(count.items()):
            codes = classes.of(word)
            for code in codes:
                by_class[code] += weight / len(codes)
        out.append(by_class)
    return out
