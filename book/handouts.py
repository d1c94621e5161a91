"""Print every chapter of the built book (``build/book``) to an A4 PDF handout with headless Chromium,
and join them into one whole-course PDF with a table of contents.

``python book/handouts.py BOOK_DIR OUT_DIR`` writes ``OUT_DIR/NN_name.pdf`` per chapter and
``OUT_DIR/course.pdf``: a contents page (each chapter and the page it starts on) followed by every
chapter, with a PDF outline (bookmarks) to each. The page size (A4) and the page breaks that keep a
code cell with its output are the book's print style (``book/static/print.css``). Chromium runs with a
fresh profile and no background networking; it waits (virtual time) until MathJax has typeset the
formulas and the widget manager has drawn the sliders' starting state before printing.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lrdecay_lessons.chapters.course import CHAPTERS
from pypdf import PdfReader, PdfWriter

COURSE = "course.pdf"
TITLE = "Learning-Rate Decay 学习率衰减"
#: The words of the whole-course PDF in each edition: its title and the contents heading.
WORDS = {"en": (TITLE, "Contents"), "zh": ("学习率衰减 Learning-Rate Decay", "目录")}

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--virtual-time-budget=20000",
]


def print_page(page: Path, pdf: Path) -> None:
    """Print one HTML page to ``pdf``; raise if Chromium fails or writes nothing."""
    with tempfile.TemporaryDirectory(prefix="handout-profile-") as profile:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()]
        run = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if run.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise SystemExit(f"handouts: Chromium could not print {page}:\n{run.stderr[-2000:]}")


def contents_html(entries: list[tuple[str, int]], lang: str = "en") -> str:
    """The contents page: each ``(title, first page)``, on A4."""
    title, contents = WORDS[lang]
    rows = "".join(f"<tr><td>{html.escape(title)}</td><td class='page'>{page}</td></tr>" for title, page in entries)
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{contents}</title><style>"
        "@page { size: A4; margin: 2cm; } body { font-family: sans-serif; } h1 { font-size: 20pt; }"
        "table { width: 100%; border-collapse: collapse; font-size: 12pt; }"
        "td { padding: 4pt 0; border-bottom: 1px solid #ccc; } td.page { text-align: right; }"
        f"</style></head><body><h1>{html.escape(title)}</h1><h2>{contents}</h2><table>{rows}</table></body></html>"
    )


def course_pdf(out: Path, chapters: list[tuple[str, Path]], lang: str = "en") -> Path:
    """Join the chapters' PDFs (``(title, pdf)``, in order) behind a contents page, with an outline."""
    title, contents = WORDS[lang]
    counts = [len(PdfReader(pdf).pages) for _, pdf in chapters]
    with tempfile.TemporaryDirectory(prefix="handout-contents-") as folder:
        contents_page, contents_pdf = Path(folder) / "contents.html", Path(folder) / "contents.pdf"
        first, entries = 1, []
        for (title, _), count in zip(chapters, counts):
            entries.append((title, first))
            first += count
        contents_page.write_text(contents_html(entries, lang), encoding="utf-8")
        print_page(contents_page, contents_pdf)
        lead = len(PdfReader(contents_pdf).pages)
        # Numbered as printed, after the contents pages.
        contents_page.write_text(contents_html([(t, p + lead) for t, p in entries], lang), encoding="utf-8")
        print_page(contents_page, contents_pdf)
        writer = PdfWriter()
        writer.append(str(contents_pdf))
        writer.add_outline_item(contents, 0)
        for (chapter, pdf), (_, start) in zip(chapters, entries):
            writer.append(str(pdf))
            writer.add_outline_item(chapter, start - 1 + lead)
        writer.add_metadata({"/Title": title})
        target = out / COURSE
        with target.open("wb") as stream:
            writer.write(stream)
    return target


def main(book: Path, out: Path, lang: str = "en") -> None:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for chapter in CHAPTERS:
        name = Path(chapter.notebook).stem
        page = (book / f"{name}.html").resolve()
        if not page.is_file():
            raise SystemExit(f"handouts: {page} is missing: run `make book` first")
        print_page(page, out / f"{name}.pdf")
        print(f"handouts: {out / (name + '.pdf')}")
    chapters = [(f"{Path(c.notebook).stem[:2]} · " + (f"{c.chinese} {c.english}" if lang == "zh" else
                                                     f"{c.english} {c.chinese}"), out / f"{Path(c.notebook).stem}.pdf")
                for c in CHAPTERS]
    print(f"handouts: {course_pdf(out, chapters, lang)} (the whole course, with its contents)")
    print(f"handouts: {len(CHAPTERS) + 1} PDFs in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["en"], ["zh"]):
        raise SystemExit("usage: python book/handouts.py BOOK_DIR OUT_DIR [en|zh]")
    main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:])
