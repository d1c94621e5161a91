"""The handouts (``make handouts``): A4 pages, and one whole-course PDF with its contents.

* Every chapter's PDF and ``course.pdf`` are A4 (595 x 842 pt), page by page.
* ``course.pdf`` holds a contents page, then every chapter's pages in course order (its page count is
  theirs plus the contents), and an outline (bookmarks) with one entry per chapter pointing at the page
  where that chapter starts; the contents page names each chapter with that page number.
* A browser panel prints as a chart: its controls' labels, a picture per chart (the canvas), and a
  caption that says the page is printed at the chapter's values (not "move a slider").
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS
from pypdf import PdfReader

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
from .conftest import EDITION, NOTEBOOKS  # noqa: E402  (the edition under test)

#: The handouts' own words in the edition under test (book/handouts.py, book/static/stored-copy.css).
WORDS = {"en": {"contents": "Contents", "printed": "Printed at the chapter's values", "live": "Live: move a slider"},
         "zh": {"contents": "目录", "printed": "按本章的取值打印", "live": "实时：拖动滑块"}}[EDITION]


def _has_browser_panel(name: str) -> bool:
    import json

    state = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"].get(
        "widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return any(m.get("model_name") == "AnyModel" and "spec" in m.get("state", {}) for m in state.values())
A4 = (595.28, 841.89)  # points
TOLERANCE = 1.0


def _sizes(reader: PdfReader) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in reader.pages}


def test_every_handout_page_is_a4(handouts_dir: Path):
    for name in [*NAMES, "course"]:
        sizes = _sizes(PdfReader(handouts_dir / f"{name}.pdf"))
        wrong = [s for s in sizes if abs(s[0] - A4[0]) > TOLERANCE or abs(s[1] - A4[1]) > TOLERANCE]
        assert not wrong, f"{name}.pdf has pages of {wrong} pt, not A4 {A4}"


def test_course_pdf_has_every_chapter_behind_its_contents(handouts_dir: Path):
    course = PdfReader(handouts_dir / "course.pdf")
    counts = [len(PdfReader(handouts_dir / f"{name}.pdf").pages) for name in NAMES]
    outline = [item for item in course.outline if not isinstance(item, list)]
    assert outline[0].title == WORDS["contents"] and course.get_destination_page_number(outline[0]) == 0
    chapters = outline[1:]
    assert len(chapters) == len(NAMES)
    lead = course.get_destination_page_number(chapters[0])
    assert lead >= 1 and len(course.pages) == lead + sum(counts)
    starts = [lead + sum(counts[:i]) for i in range(len(NAMES))]
    assert [course.get_destination_page_number(item) for item in chapters] == starts
    # pdftotext (poppler): pypdf reads some Chinese glyphs as radicals (⼼ U+2F3C for 心, ⻅ U+2EC5 for 见).
    contents = subprocess.run(["pdftotext", "-f", "1", "-l", str(lead), str(handouts_dir / "course.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    for chapter, item, start in zip(CHAPTERS, chapters, starts):
        title = chapter.english if EDITION == "en" else chapter.chinese
        assert title in item.title and title in contents
        assert str(start + 1) in contents  # printed page numbers count from 1
    # Each chapter's first page in the course PDF is that chapter's first page.
    for name, start in zip(NAMES, starts):
        first = PdfReader(handouts_dir / f"{name}.pdf").pages[0].extract_text()[:200]
        assert course.pages[start].extract_text()[:200] == first


def _pictures(pdf: Path, folder: Path) -> list[tuple[int, int, bool]]:
    """Every picture the PDF embeds (``pdfimages``; soft masks left out): width, height, and whether it has
    ink (more than a few colours: a drawn chart, not an empty box)."""
    from PIL import Image

    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "img")], check=True, capture_output=True)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:] if line.strip()]
    files = sorted(folder.glob("img-*.png"))
    out = []
    for row, path in zip(rows, files, strict=True):
        if row[2] != "image":
            continue
        with Image.open(path) as image:
            out.append((int(row[3]), int(row[4]), image.convert("RGB").getcolors(maxcolors=8) is None))
    return out


@pytest.mark.parametrize("name", [n for n in NAMES if _has_browser_panel(n)])
def test_browser_panels_print_as_charts(handouts_dir: Path, browser_specs, widget_panels, expected, tmp_path: Path,
                                       name: str):
    """A browser panel prints its controls and its charts (each canvas an embedded picture with ink, not an
    empty box), under a caption that says it is printed at the chapter's values (no "move a slider")."""
    if shutil.which("pdfimages") is None:
        pytest.fail("pdfimages not found: install poppler-utils (make browser-deps)")
    pdf = handouts_dir / f"{name}.pdf"
    # pdftotext (poppler, as pdfimages) reads the panel's labels as printed (pypdf loses a subscript's glyph).
    flat = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    import json

    stored = widget_panels(json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")))
    panels = [(spec, controls) for spec, controls in zip(browser_specs(name), stored) if spec is not None]
    specs = [spec for spec, _ in panels]
    live = sum(1 for spec in specs if not spec.get("kernel"))
    assert flat.count(WORDS["printed"]) == live
    assert WORDS["live"] not in flat
    for spec, controls in panels:
        values = {c.name: c.value for c in controls}
        for control in spec["controls"]:
            when = control.get("when")  # a control shown only while another has one of some values
            if when and values.get(when["control"]) not in when["in"]:
                continue
            assert " ".join(control["label"].split()) in flat, f"{name}: control {control['label']!r} not printed"
    # The stored PNGs print as they are; each chart's canvas prints as one more picture.
    charts = sum(len(spec["plots"]) for spec in specs)
    drawn = [p for p in _pictures(pdf, tmp_path) if p[0] >= 300 and p[1] >= 200 and p[2]]
    assert len(drawn) >= expected(name).pictures + charts, drawn
