"""The handouts' page breaks keep a code cell with its output wherever the two fit on one page.

Each chapter's page of the book is printed again exactly as ``make handouts`` prints it (``book/handouts.py``,
the same Chromium and flags), with probes added: a tiny white word at the top and at the bottom of every
code cell's input and of its output (absolutely placed, so they take no room; the probe print has as many
pages as the chapter's handout, which is checked). ``pdftotext -bbox`` (poppler, from ``make browser-deps``)
gives each probe's page and height on it. For every cell:

* its height on paper is added up from the probes (the part on each page it spans, in points);
* when that fits in one page's printed area (measured from the PDF: the highest and lowest text of any
  page, less ``SLACK``), the cell's code and output must be on one page: no code at a page's foot with its
  output (or the rest of the code) on the next.

The rule it measures is ``book/static/print.css`` (``break-inside: avoid-page`` on a cell); without it,
cells that fit are cut at page ends and this test fails.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
#: A cell counts as fitting a page when it is at least this many points shorter than the printed area
#: (the area is measured from the text on the pages, which can fall a line short of the page's margins).
SLACK = 24.0
PROBE = "zqprobe"
# Probes at the top and bottom of each code cell's input and output: white 3 px words, placed absolutely in
# the boxes they mark, so the layout and the page breaks are the handout's own.
PROBES = f"""<script>
document.addEventListener('DOMContentLoaded', () => {{
  document.querySelectorAll('div.cell').forEach((cell, i) => {{
    const input = cell.querySelector(':scope > div.cell_input');
    const output = cell.querySelector(':scope > div.cell_output');
    if (!input || !output) return;
    for (const [box, part] of [[input, 'i'], [output, 'o']]) {{
      if (getComputedStyle(box).position === 'static') box.style.position = 'relative';
      for (const [end, side] of [['top', 's'], ['bottom', 'e']]) {{
        const probe = document.createElement('span');
        probe.textContent = '{PROBE}' + part + side + i + 'x';
        probe.style.cssText = 'position:absolute;left:0;' + end + ':0;font:3px/3px monospace;color:#fff;' +
                              'white-space:nowrap;pointer-events:none';
        box.appendChild(probe);
      }}
    }}
  }});
}});
</script>"""
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass
class Printed:
    """Where every word of a PDF lies: ``(page, top, bottom)`` per probe, and the printed area's extent."""

    probes: dict[str, tuple[int, float, float]]
    pages: int
    top: float  # the highest text on any page, points from the page's top
    bottom: float  # the lowest


def read_pdf(pdf: Path) -> Printed:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext not found: run `make browser-deps` (poppler-utils)")
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    probes, tops, bottoms, pages = {}, [], [], 0
    for number, (_, _, body) in enumerate(PAGE.findall(text)):
        pages += 1
        for _, y0, _, y1, word in WORD.findall(body):
            word = html.unescape(word)
            tops.append(float(y0))
            bottoms.append(float(y1))
            for probe in re.findall(PROBE + r"([io][se]\d+)x", word):
                probes.setdefault(probe, (number, float(y0), float(y1)))
    return Printed(probes, pages, min(tops, default=0.0), max(bottoms, default=0.0))


def split_cells(printed: Printed) -> tuple[list[str], int]:
    """The cells that fit on a page yet were cut between two pages: ``"cell N: pages a-b, h pt"`` each;
    and how many cells were measured."""
    area = printed.bottom - printed.top
    cells = sorted({int(key[2:]) for key in printed.probes}, key=int)
    cut, measured = [], 0
    for cell in cells:
        ends = [printed.probes.get(f"{part}{cell}") for part in ("is", "ie", "os", "oe")]
        if None in ends:
            continue  # a probe not drawn (an empty output): nothing to measure
        measured += 1
        (first, top, _), (last, _, bottom) = ends[0], ends[3]
        if first == last:
            continue
        height = (printed.bottom - top) + (last - first - 1) * area + (bottom - printed.top)
        if height <= area - SLACK:
            pages = sorted({ends[0][0], ends[1][0], ends[2][0], ends[3][0]})
            where = "code and output" if ends[1][0] == ends[2][0] else "code | output"
            cut.append(f"cell {cell}: {where} across pages {pages[0] + 1}-{pages[-1] + 1}, {height:.0f} of "
                       f"{area:.0f} pt")
    return cut, measured


def print_with_probes(book_dir: Path, name: str, folder: Path) -> Path:
    """The chapter's book page printed as ``make handouts`` prints it, with the probes added."""
    page = (book_dir / f"{name}.html").read_text(encoding="utf-8")
    base = f'<base href="{book_dir.resolve().as_uri()}/">'
    page = page.replace("<head>", "<head>" + base, 1).replace("</body>", PROBES + "</body>", 1)
    probe_page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    probe_page.write_text(page, encoding="utf-8")
    # In a process of its own: this session's browser fixture already runs Playwright's synchronous API,
    # which cannot be started twice in one thread.
    printed = subprocess.run(
        [sys.executable, "-c", "import runpy, sys; from pathlib import Path; "
         "runpy.run_path(sys.argv[1])['print_page'](Path(sys.argv[2]), Path(sys.argv[3]))",
         str(ROOT / "book" / "handouts.py"), str(probe_page), str(pdf)],
        capture_output=True, text=True, timeout=300)
    assert printed.returncode == 0, f"printing {name} failed:\n{printed.stderr[-2000:]}"
    return pdf


@pytest.mark.parametrize("name", NAMES)
def test_a_code_cell_stays_on_one_page_with_its_output_where_they_fit(book_dir: Path, handouts_dir: Path,
                                                                      tmp_path: Path, name: str):
    printed = read_pdf(print_with_probes(book_dir, name, tmp_path))
    handout = len(PdfReader(handouts_dir / f"{name}.pdf").pages)
    assert printed.pages == handout, f"{name}: the probes moved the layout ({printed.pages} pages, handout {handout})"
    cut, measured = split_cells(printed)
    with_output = len(re.findall(r'<div class="cell_output\b', (book_dir / f"{name}.html").read_text(encoding="utf-8")))
    assert measured >= 0.9 * with_output, f"{name}: {measured} of {with_output} cells with an output measured"
    assert not cut, f"{name}: {len(cut)} of {measured} cells that fit on a page are cut between pages: {cut[:5]}"
