"""Editors' notes: loading, errors with file:line, rendering beside the clause."""
from __future__ import annotations

from pathlib import Path

import markdown

from build_tools.build import load_corpus
from build_tools.model import Analysis
from build_tools.notes import load_notes
from build_tools.render import document_page

ROOT = Path(__file__).parent.parent
MD_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details", "tables", "toc"]


def corpus():
    documents, _ = load_corpus(ROOT / "seeds")
    return documents


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_shipped_annotations_load_without_problems() -> None:
    notes, problems = load_notes(ROOT / "annotations", corpus())
    assert [str(p) for p in problems] == []
    assert sum(len(v) for v in notes.values()) >= 4


def test_unknown_clause_is_an_error_with_line_and_nearest_ids(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    write(folder, "000-aa956a1b4a998e8a.yml",
          "- clause: preface\n  note: 好。\n- clause: sec_9\n  note: 没有这一条。\n"
          "- clause: sec_2__sec_2__item_77\n  note: 打错了。\n")
    notes, problems = load_notes(folder, corpus())
    assert len(notes["000-aa956a1b4a998e8a"]) == 1
    messages = [str(p) for p in problems]
    assert messages[0].startswith("annotations/000-aa956a1b4a998e8a.yml:3: error: no clause 'sec_9' "
                                  "in 000-aa956a1b4a998e8a; nearest: ")
    assert messages[1].startswith("annotations/000-aa956a1b4a998e8a.yml:5: error: no clause "
                                  "'sec_2__sec_2__item_77'")
    assert "sec_2__sec_2__item_7" in messages[1]


def test_bad_yaml_bad_date_and_unknown_document(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    write(folder, "000-aa956a1b4a998e8a.yml", "- clause: preface\n  note: [未闭合\n")
    write(folder, "001-41fdb1d0b6ca1f9e.yml", "- clause: preface\n  note: 好。\n  date: 2026/1/1\n")
    write(folder, "no-such-doc.yml", "- clause: preface\n  note: 好。\n")
    _, problems = load_notes(folder, corpus())
    found = {(p.path, p.line) for p in problems}
    assert ("annotations/000-aa956a1b4a998e8a.yml", 3) in found
    assert ("annotations/001-41fdb1d0b6ca1f9e.yml", 3) in found
    assert ("annotations/no-such-doc.yml", 1) in found


def test_note_is_rendered_beside_its_clause_with_raw_html_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    write(folder, "000-aa956a1b4a998e8a.yml",
          "- clause: sec_2__sec_2__item_8\n  note: 见**词表**。<script>alert(1)</script>\n"
          "  source: https://example.org/x\n  date: 2026-01-02\n")
    documents = corpus()
    notes, problems = load_notes(folder, documents)
    assert problems == []
    doc = next(d for d in documents if d.id == "000-aa956a1b4a998e8a")
    titles = {d.id: d.title for d in documents}
    page = document_page(doc, Analysis(notes=notes), titles, {})
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=MD_EXTENSIONS)
    heading = html.index('id="sec_2__sec_2__item_8"')
    note = html.index("编者注（2026-01-02）")
    assert heading < note < html.index('id="sec_2__sec_2__item_9"')
    assert "<strong>词表</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://example.org/x"' in html


def test_note_naming_a_former_clause_id_lands_on_the_clause_it_now_is(tmp_path: Path) -> None:
    documents = corpus()
    doc = next(d for d in documents if d.source.aliases)
    old, new = doc.source.aliases[0]
    assert old not in {c.id for c in doc.clauses}
    folder = tmp_path / "annotations"
    write(folder, f"{doc.id}.yml", f"- clause: {old}\n  note: 旧编号写的注释。\n")
    notes, problems = load_notes(folder, documents)
    assert [n.clause for n in notes[doc.id]] == [new]
    assert [str(p) for p in problems] == [
        f"annotations/{doc.id}.yml:1: warning: clause {old!r} is now {new!r} (aliases: in the "
        f"sidecar); the note is shown there: write clause: {new}"]
