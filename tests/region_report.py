"""Score the region reader on ``fixtures/region_gold.yaml`` (issuer/title texts, region by hand).

``python tests/region_report.py [-v]`` prints right/total per set (``-v`` also each miss).
Each text's parts (issuer first) are read in order, as ``region_path`` reads a document's
issuer then title; a national organ naming no place is 全国.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.region import NATIONAL, _national, place_region  # noqa: E402

GOLD = Path(__file__).resolve().parent / "fixtures" / "region_gold.yaml"


def read(text: str) -> list[str] | None:
    parts = text.split(" ")
    for part in parts:
        found = place_region(part)
        if found:
            return list(found.names)
    return [NATIONAL] if _national(parts[0], parts[-1]) else None


def score() -> dict[str, tuple[int, int, list[str]]]:
    out: dict[str, tuple[int, int, list[str]]] = {}
    for row in yaml.safe_load(GOLD.read_text(encoding="utf-8")):
        right, total, misses = out.get(row["set"], (0, 0, []))
        got = read(row["text"])
        ok = got == row["region"]
        out[row["set"]] = (right + ok, total + 1, misses + ([] if ok else [f"{row['text']}: {got} ≠ {row['region']}"]))
    return out


if __name__ == "__main__":
    for name, (right, total, misses) in score().items():
        print(f"{name:10} {right}/{total}")
        if "-v" in sys.argv:
            print("\n".join(f"  miss {m}" for m in misses))
