"""The handouts (``make handouts``): A4 pages, and one whole-course PDF with its contents.

* Every chapter's PDF and ``course.pdf`` are A4 (595 x 842 pt), page by page.
* ``course.pdf`` holds a contents page, then every chapter's pages in course order (its page count is
  theirs plus the contents), and an outline (bookmarks) with one entry per chapter pointing at the page
  where that chapter starts; the contents page names each chapter with that page number.
"""

from __future__ import annotations

from pathlib import Path

from lrdecay_lessons.chapters.course import CHAPTERS
from pypdf import PdfReader

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
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
    assert outline[0].title == "Contents" and course.get_destination_page_number(outline[0]) == 0
    chapters = outline[1:]
    assert len(chapters) == len(NAMES)
    lead = course.get_destination_page_number(chapters[0])
    assert lead >= 1 and len(course.pages) == lead + sum(counts)
    starts = [lead + sum(counts[:i]) for i in range(len(NAMES))]
    assert [course.get_destination_page_number(item) for item in chapters] == starts
    contents = " ".join(course.pages[i].extract_text() for i in range(lead))
    for chapter, item, start in zip(CHAPTERS, chapters, starts):
        assert chapter.english in item.title and chapter.english in contents
        assert str(start + 1) in contents  # printed page numbers count from 1
    # Each chapter's first page in the course PDF is that chapter's first page.
    for name, start in zip(NAMES, starts):
        first = PdfReader(handouts_dir / f"{name}.pdf").pages[0].extract_text()[:200]
        assert course.pages[start].extract_text()[:200] == first
