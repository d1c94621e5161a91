"""Print every chapter of the built book (``build/book``) to a PDF handout with headless Chromium.

``python book/handouts.py BOOK_DIR OUT_DIR`` writes ``OUT_DIR/NN_name.pdf`` per chapter. Chromium
runs with a fresh profile and no background networking; it waits (virtual time) until MathJax has
typeset the formulas and the widget manager has drawn the sliders' starting state before printing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lrdecay_lessons.chapters.course import CHAPTERS

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


def main(book: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for chapter in CHAPTERS:
        name = Path(chapter.notebook).stem
        page = (book / f"{name}.html").resolve()
        if not page.is_file():
            raise SystemExit(f"handouts: {page} is missing: run `make book` first")
        print_page(page, out / f"{name}.pdf")
        print(f"handouts: {out / (name + '.pdf')}")
    print(f"handouts: {len(CHAPTERS)} PDFs in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python book/handouts.py BOOK_DIR OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
