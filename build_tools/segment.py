"""Chinese word segmentation for the analysis stage: content terms of a clause.

One :class:`Segmenter` holds jieba's dictionary with the project's policy words
(``data/userdict.txt``), loaded once, when a text first needs cutting (never jieba's
global instance). Text is cut by
``rjieba``, the Rust port of jieba: the same dictionary and the same best-path algorithm
without HMM, so the same words (``tests/test_segment.py`` compares the two on every seed
clause), more than ten times faster. ``jieba.Tokenizer`` itself splits long terms into
their dictionary parts (``subwords``). The segmenter returns the *content terms* of a
text, in reading order:

* masks (``*``, ``×``, ``xx``) are word boundaries and never terms;
* policy boilerplate (``data/stopwords.txt``: 加快, 推进, 建设 …) is dropped, and so is a
  word made only of boilerplate (全面实施 = 全面 + 实施);
* place names (``data/places.txt``, also with an administrative suffix: 深圳市, 越城区)
  are dropped: where a measure applies says nothing about what it does;
* single characters, numbers, years and counted amounts (三年, 一批) are dropped;
* Latin words are lower-cased (``PPP`` → ``ppp``), full-width forms folded (NFKC).

Results are also cached on disk by content: ``.cache/tokens/<version>.sqlite3`` maps the
SHA-256 of a text to its terms, where ``version`` hashes the jieba and rjieba versions,
the three data files and the rules below. An unchanged text is never segmented twice;
editing a data file starts a new cache file.
jieba's own prefix-dictionary cache is written to ``.cache/jieba/`` in the repository,
not to the system temporary directory, so builds do not depend on the machine's state.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import re
import sqlite3
import sys
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

import jieba
import rjieba

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache"
JIEBA_CACHE_DIR = DEFAULT_CACHE_DIR / "jieba"  # jieba's own prefix dictionary, one per checkout

# Bump when the filtering rules in this module change, so old caches are not reused.
RULES_REVISION = "1"

MASK = re.compile(r"[*＊×]+|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])")
NUMBER = re.compile(r"[\d.%]+[年月日号个家项条座所万亿元米公里平方度倍次期]*")
COUNTED = re.compile(r"[一二三四五六七八九十百千万亿两零〇几多第]+[年月日个大项条次批种类家位名所点张期轮化]?")
LATIN = re.compile(r"[a-z][a-z0-9]+")
HAN = re.compile(r"[\u3400-\u9fff]")
PLACE_SUFFIXES = ("省", "市", "区", "县", "镇", "乡", "街道", "新区", "新城", "湖", "江", "河")
FLUSH_EVERY = 20_000

log = logging.getLogger(__name__)


def read_word_list(path: Path) -> tuple[str, ...]:
    """Words of a data file: whitespace-separated, ``#`` starts a comment line."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.extend(unicodedata.normalize("NFKC", w).lower() for w in line.split())
    return tuple(words)


def read_user_dictionary(path: Path) -> tuple[tuple[str, int | None, str | None], ...]:
    """Entries ``word [freq] [tag]`` of a jieba user dictionary with ``#`` comments.

    Raises ``ValueError`` naming ``path:line`` for a malformed line.
    """
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 3 or (len(parts) >= 2 and not parts[1].isdigit()):
            raise ValueError(f"{path}:{number}: expected 'word [frequency] [tag]', found {line!r}")
        word = unicodedata.normalize("NFKC", parts[0]).lower()
        freq = int(parts[1]) if len(parts) >= 2 else None
        tag = parts[2] if len(parts) == 3 else None
        entries.append((word, freq, tag))
    return tuple(entries)


def _words(terms: str) -> list[str]:
    """A cached entry's terms, each the one shared string of its word (``sys.intern``), as
    freshly segmented terms are (``Segmenter._segment`` keeps one string a word): an
    archive's texts hold millions of terms but tens of thousands of distinct words, and
    the analysis holds every text's terms at once (themes, similar measures)."""
    return list(map(sys.intern, terms.split(" "))) if terms else []


class TokenCache:
    """A persistent map from SHA-256(text) to its terms, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS tokens (key BLOB PRIMARY KEY, terms TEXT)")
        self._pending: dict[bytes, str] = {}
        self._finalizer = weakref.finalize(self, TokenCache._close, self._db, self._pending)

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, list[str]]:
        found: dict[bytes, list[str]] = {}
        missing = []
        for key in keys:
            if key in self._pending:
                terms = self._pending[key]
                found[key] = _words(terms)
            else:
                missing.append(key)
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, terms FROM tokens WHERE key IN ({marks})", chunk)
            for key, terms in rows:
                found[key] = _words(terms)
        return found

    def put(self, key: bytes, terms: list[str]) -> None:
        self._pending[key] = " ".join(terms)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        TokenCache._write(self._db, self._pending)

    def close(self) -> None:
        self._finalizer()

    @staticmethod
    def _write(db: sqlite3.Connection, pending: dict[bytes, str]) -> None:
        if not pending:
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany("INSERT OR IGNORE INTO tokens VALUES (?, ?)", pending.items())
        except sqlite3.Error as error:  # a cache that cannot be written only costs time
            log.warning("token cache %s not written: %s", db, error)
        pending.clear()

    @staticmethod
    def _close(db: sqlite3.Connection, pending: dict[bytes, str]) -> None:
        TokenCache._write(db, pending)
        db.close()


class Segmenter:
    """Content terms of Chinese policy text, from one jieba tokenizer loaded once.

    ``tokens(text)`` is the contract: the content terms in reading order, repeats kept
    (callers count them). ``version`` identifies dictionaries and rules; segmenters with
    the same version give the same terms for the same text.
    """

    def __init__(self, *, data_dir: Path = DATA_DIR, cache_dir: Path | None = DEFAULT_CACHE_DIR) -> None:
        self.user_words = read_user_dictionary(data_dir / "userdict.txt")
        self.stopwords = frozenset(read_word_list(data_dir / "stopwords.txt"))
        self.places = frozenset(read_word_list(data_dir / "places.txt"))
        digest = hashlib.sha256()
        for part in (jieba.__version__, importlib.metadata.version("rjieba"), RULES_REVISION):
            digest.update(part.encode() + b"\0")
        for name in ("userdict.txt", "stopwords.txt", "places.txt"):
            digest.update((data_dir / name).read_bytes() + b"\0")
        self.version = digest.hexdigest()[:16]

        self._loaded: tuple | None = None  # (jieba's tokenizer, rjieba's cutter), on first use
        self._content: dict[str, bool] = {}
        self._kept: dict[str, str] = {}
        self._cache = (
            TokenCache(cache_dir / "tokens" / f"{self.version}.sqlite3") if cache_dir else None
        )

    def _dictionaries(self) -> tuple:
        """jieba's tokenizer and rjieba's cutter with the user words, loaded on first use:
        a build whose texts are all in the token cache never loads them."""
        if self._loaded is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            JIEBA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(JIEBA_CACHE_DIR)
            tokenizer.initialize()
            cutter = rjieba.Jieba()  # jieba's own dictionary, built into rjieba
            for word, freq, tag in self.user_words:
                tokenizer.add_word(word, freq, tag)
                cutter.add_word(word, freq, tag)
            self._loaded = (tokenizer, cutter)
        return self._loaded

    @property
    def _tokenizer(self):
        return self._dictionaries()[0]

    @property
    def _cutter(self):
        return self._dictionaries()[1]

    # -- the contract -------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """Content terms of ``text`` in reading order (see the module docstring)."""
        return self.tokens_many([text])[0]

    def tokens_many(self, texts: Iterable[str]) -> list[list[str]]:
        """``tokens`` for many texts, reading and writing the cache in batches."""
        texts = list(texts)
        unique = list(dict.fromkeys(texts))
        if self._cache is None:
            done = dict(zip(unique, [self._segment(text) for text in unique]))
            return [list(done[text]) for text in texts]
        keys = {text: TokenCache.key(text) for text in unique}
        found = self._cache.get_many(list(keys.values()))
        missing = [text for text in unique if keys[text] not in found]
        for text, terms in zip(missing, [self._segment(text) for text in missing]):
            found[keys[text]] = terms
            self._cache.put(keys[text], terms)
        self._cache.flush()
        return [list(found[keys[text]]) for text in texts]

    def is_content(self, word: str) -> bool:
        """Whether a word counts as content (not mask, number, place or boilerplate)."""
        known = self._content.get(word)
        if known is None:
            known = self._content[word] = (
                len(word) >= 2
                and bool(HAN.search(word) or LATIN.fullmatch(word))
                and not (NUMBER.fullmatch(word) or COUNTED.fullmatch(word))
                and not self.is_place(word)
                and not self._is_boilerplate(word)
            )
        return known

    def is_place(self, word: str) -> bool:
        """A listed place name, alone or with an administrative suffix (深圳市)."""
        if word in self.places:
            return True
        for suffix in PLACE_SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2 and stem in self.places:
                return True
        return False

    def subwords(self, term: str) -> list[str]:
        """The content words of ``term`` when it is not taken whole.

        A long term is split the way jieba would split it if the term itself were not in
        the dictionary (the best path that does not take the whole term), so 总部经济
        gives 总部, 经济 and can meet 总部基地 through 总部.
        """
        if len(term) <= 2 or not HAN.search(term):
            return []
        dag = self._tokenizer.get_DAG(term)
        dag[0] = [end for end in dag[0] if end != len(term) - 1] or [0]
        route: dict[int, tuple[float, int]] = {}
        self._tokenizer.calc(term, dag, route)
        parts, start = [], 0
        while start < len(term):
            end = route[start][1] + 1
            part = term[start:end]
            if self.is_content(part):
                parts.append(part)
            start = end
        return parts

    def close(self) -> None:
        """Write pending cache entries (also done when the segmenter is collected)."""
        if self._cache is not None:
            self._cache.close()

    # -- internals ----------------------------------------------------------------
    def _is_boilerplate(self, word: str) -> bool:
        """A stop word, or a word made only of stop words (全面实施 = 全面 + 实施)."""
        if word in self.stopwords:
            return True
        ends = {0}  # positions reachable by a run of stop words
        for end in range(1, len(word) + 1):
            if any(word[start:end] in self.stopwords for start in ends if start < end):
                ends.add(end)
        return len(word) in ends

    def _segment(self, text: str) -> list[str]:
        kept = self._kept  # word as cut -> the content term it is, or ""
        terms = []
        for word in self.cut(text):
            term = kept.get(word)
            if term is None:
                term = kept[word] = word.strip() if self.is_content(word.strip()) else ""
            if term:
                terms.append(term)
        return terms

    def cut(self, text: str, *, reference: bool = False) -> list[str]:
        """All words of ``text`` after normalisation (NFKC, lower case, masks as spaces),
        cut by rjieba, or by ``jieba`` itself with ``reference=True``."""
        text = MASK.sub(" ", unicodedata.normalize("NFKC", text)).lower()
        if reference:
            return list(self._tokenizer.cut(text, HMM=False))
        return self._cutter.cut(text, False)


@functools.lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The process-wide segmenter with the project's dictionaries and cache."""
    return Segmenter()
