"""Print every chapter of the built book (``build/book``) to an A4 PDF handout with headless Chromium,
and join them into one whole-course PDF with a table of contents.

``python book/handouts.py BOOK_DIR OUT_DIR`` writes ``OUT_DIR/NN_name.pdf`` per chapter and
``OUT_DIR/course.pdf``: a contents page (each chapter and the page it starts on) followed by every
chapter, with a PDF outline (bookmarks) to each. The page size (A4) and the page breaks that keep a
code cell with its output are the book's print style (``book/static/print.css``).

Headless Chromium (Debian's, driven by Playwright; a fresh profile, no background networking) lays the
page out as it prints it, at the width of the printed A4 column, and prints only once the page is ready
(:data:`READY`): every widget drawn, each browser panel drawn at that width and unchanged for
:data:`SETTLE_FRAMES` frames, MathJax done, the fonts and pictures loaded. Each is a condition waited for,
so a busy machine prints what an idle one does: a panel drawn before its box had a width is 1000 px wide
until its ResizeObserver resizes it, and printed then it made Chromium shrink the whole page to fit
(chapter 09's handout came out 37 pages instead of 48 when the old fixed time budget ran out first).
"""

from __future__ import annotations

import html
import os
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
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A4 with 1 cm margins (Chromium's own default ones); the page is laid out at the printed column's width
#: in CSS pixels (96 per inch), so what is sized on screen (a panel's charts) is sized for the paper.
PAPER = {"format": "A4", "margin": {"top": "1cm", "right": "1cm", "bottom": "1cm", "left": "1cm"}}
COLUMN = round((210 - 20) / 25.4 * 96)
SETTLE_FRAMES = 3
#: Ready to print: the document and its fonts loaded, MathJax's typesetting done, every picture loaded,
#: every widget the page holds drawn (a view's ``.widget-subarea`` filled, each browser panel's
#: ``data-drawn`` above 0 and, where shown, its charts no wider than it), and each panel's redraw count,
#: width and canvas sizes unchanged for SETTLE_FRAMES animation frames (polled once a frame; a panel
#: resizes itself a frame after its box changes).
READY = f"""() => {{
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const panels = [...document.querySelectorAll('.lrd-panel')];
  const mathjax = !window.MathJax || !MathJax.startup || window.__mathjaxDone === true;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise && !window.__mathjaxWaiting) {{
    window.__mathjaxWaiting = true;
    MathJax.startup.promise.then(() => {{ window.__mathjaxDone = true; }});
  }}
  const ready = document.readyState === 'complete' && document.fonts.status === 'loaded' && mathjax
    && [...document.images].every(i => i.complete)
    && views.every(v => v.previousElementSibling && v.previousElementSibling.classList.contains('widget-subarea')
                        && v.previousElementSibling.childElementCount > 0)
    && panels.every(p => Number(p.dataset.drawn) > 0 && (p.offsetParent === null
        || [...p.querySelectorAll('canvas')].every(c => c.getBoundingClientRect().width <= p.clientWidth + 1)));
  const key = panels.map(p => [p.dataset.drawn, p.clientWidth,
    ...[...p.querySelectorAll('canvas')].map(c => c.width + 'x' + c.height)].join(' ')).join('|');
  const seen = window.__printSettle || (window.__printSettle = {{key: null, frames: 0}});
  if (!ready) {{ seen.key = null; return false; }}
  if (seen.key === key) seen.frames += 1; else {{ seen.key = key; seen.frames = 0; }}
  return seen.frames >= {SETTLE_FRAMES};
}}"""
#: How long a page may take to be ready before the print fails (a widget that never draws, say).
READY_TIMEOUT_MS = 120_000


def print_page(page: Path, pdf: Path) -> None:
    """Print one HTML page to ``pdf`` once it is ready (:data:`READY`); raise if it never is, or if
    Chromium writes nothing."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            tab = browser.new_page(viewport={"width": COLUMN, "height": 1000})
            tab.emulate_media(media="print")
            tab.goto(page.as_uri(), wait_until="load")
            try:
                tab.wait_for_function(READY, polling="raf", timeout=READY_TIMEOUT_MS)
            except Error as error:
                raise SystemExit(f"handouts: {page} was not ready to print in {READY_TIMEOUT_MS / 1000:.0f} s "
                                 f"(widgets, MathJax, fonts or pictures): {error.message.splitlines()[0]}")
            tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=False, **PAPER)
        finally:
            browser.close()
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise SystemExit(f"handouts: Chromium could not print {page}")


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
