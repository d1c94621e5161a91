"""The offline book and the handouts as a reader sees them: measured, not just present.

* Figures keep their natural aspect ratio (book at 1280 and at 390 px wide; in the handouts the
  x and y resolution of every embedded picture agree) and their alt text says what they show.
* Output tables are readable: cells padded, rows ruled, numbers right-aligned and on one line, and
  no table hides behind an invisible scroll area at 1280 px: either it fits its column, or it sits
  in a box that scrolls with a scrollbar a reader can see. Printed, every table fits the page.
* On a phone (390 × 844) the sliders' readouts are on the screen and every display formula either
  fits or scrolls inside its own box.

Chromium under Playwright normally runs headless with ``--hide-scrollbars``; these tests start their
own Chromium without that flag, so a scrollbar is measured as a reader's browser draws it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The handouts are A4 (book/static/print.css) with Chromium's 1 cm margins: 21 cm − 2 cm ≈ 718 CSS px of line.
PRINTED_LINE = 718
ASPECT_TOLERANCE = 0.02
MIN_CELL_PADDING = 4  # px left and right of a cell's text
MIN_SCROLLBAR = 6  # px: a scroll box's horizontal scrollbar a reader can see and grab


@pytest.fixture(scope="module")
def reader_browser(browser):
    """Debian's Chromium as a reader's: headless, but with its scrollbars drawn (a second browser
    from the session's Playwright: one process may run one sync Playwright only)."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        ignore_default_args=["--hide-scrollbars"],
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"],
    )
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def chapter_page(reader_browser, book_dir: Path, guarded_in, expected):
    """``chapter_page(name, viewport, media)``: :func:`open_chapter` in the reader's browser."""
    return lambda name, viewport, media="screen": open_chapter(
        guarded_in(reader_browser), book_dir, name, viewport, media, expected(name))


@contextlib.contextmanager
def open_chapter(guarded, book_dir: Path, name: str, viewport: dict, media: str, want):
    """Chapter ``name`` opened from ``file://`` at ``viewport``, typeset, its widgets drawn."""
    with guarded as guard:
        page = guard.page
        page.set_viewport_size(viewport)
        page.emulate_media(media=media)
        guard.open((book_dir / f"{name}.html").as_uri())
        page.wait_for_function("() => Boolean(window.MathJax && MathJax.startup && MathJax.startup.promise)")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        page.wait_for_function(
            "([s, d, p]) => document.querySelectorAll('.widget-slider .widget-readout').length >= s"
            " && document.querySelectorAll('.widget-dropdown').length >= d"
            " && [...document.querySelectorAll('.lrd-panel')].filter(e => Number(e.dataset.drawn) > 0).length >= p",
            arg=[want.sliders, want.dropdowns, want.browser_panels], timeout=15_000)
        yield page
        assert guard.outside == []


# ---- Figures -------------------------------------------------------------------------------------
FIGURES = """() => [...document.querySelectorAll('article img')].map(img => {
  const box = img.getBoundingClientRect();
  return {src: img.getAttribute('src'), alt: img.getAttribute('alt') || '', shownW: box.width, shownH: box.height,
          naturalW: img.naturalWidth, naturalH: img.naturalHeight};
})"""


def distorted(figures: list[dict]) -> list[str]:
    """The figures whose shown aspect is more than 2 % from their natural aspect."""
    bad = []
    for fig in figures:
        natural = fig["naturalW"] / fig["naturalH"]
        shown = fig["shownW"] / fig["shownH"] if fig["shownH"] else float("inf")
        if abs(shown / natural - 1) > ASPECT_TOLERANCE:
            bad.append(f"{fig['src']}: {fig['shownW']:.0f}x{fig['shownH']:.0f} shown, "
                       f"{fig['naturalW']}x{fig['naturalH']} natural (aspect x{shown / natural:.2f})")
    return bad


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
@pytest.mark.parametrize("name", NAMES)
def test_figures_keep_their_aspect_ratio(chapter_page, expected, name: str, viewport: dict):
    with chapter_page(name, viewport) as page:
        figures = page.evaluate(FIGURES)
    assert len(figures) >= expected(name).pictures
    bad = distorted(figures)
    assert bad == [], f"{len(bad)} of {len(figures)} figures distorted: {bad[:3]}"
    assert all(fig["shownW"] <= viewport["width"] for fig in figures)


@pytest.mark.parametrize("name", NAMES)
def test_figures_have_alt_text_saying_what_they_show(chapter_page, name: str):
    with chapter_page(name, DESKTOP) as page:
        alts = [fig["alt"] for fig in page.evaluate(FIGURES)]
    paths = [alt for alt in alts if re.search(r"\.(png|jpe?g|svg|gif)$|_images/|^\S*/\S*$", alt) or len(alt) < 12]
    assert paths == [], f"{len(paths)} of {len(alts)} figures have a file path or no description as alt text"
    assert len(set(alts)) == len(alts), "two figures of one chapter share an alt text"


def test_handout_pictures_keep_their_aspect_ratio(handouts_dir: Path):
    """``pdfimages -list``: every picture in every handout has the same resolution across and down."""
    handouts = handouts_dir
    if shutil.which("pdfimages") is None:
        pytest.fail("pdfimages not found: run `make browser-deps` (Debian's poppler-utils)")
    pictures, bad = 0, []
    for name in NAMES:
        listing = subprocess.run(["pdfimages", "-list", str(handouts / f"{name}.pdf")],
                                 capture_output=True, text=True, check=True).stdout.splitlines()
        header = listing[0].split()
        x_ppi, y_ppi, kind = header.index("x-ppi"), header.index("y-ppi"), header.index("type")
        for row in listing[2:]:
            cells = row.split()
            if cells[kind] != "image":  # an smask (transparency) repeats its picture's numbers
                continue
            pictures += 1
            ratio = int(cells[x_ppi]) / int(cells[y_ppi])
            if abs(ratio - 1) > ASPECT_TOLERANCE:
                bad.append(f"{name}: page {cells[0]}, x/y ppi {cells[x_ppi]}/{cells[y_ppi]} = {ratio:.2f}")
    assert pictures > 0
    assert bad == [], f"{len(bad)} of {pictures} handout pictures distorted, e.g. {bad[:3]}"


# ---- Tables --------------------------------------------------------------------------------------
# For every table of the article: its cells' padding and rules, its numeric cells' alignment and line
# count, and whether it fits. A table wider than its column must sit in a box that scrolls
# horizontally (overflow auto or scroll, not hidden) with a scrollbar a reader sees: the box is taller
# than its inner area by at least the scrollbar's height. Any other box it overflows hides a part of it.
TABLES = r"""([minScrollbar]) => {
  const article = document.querySelector('article');
  const right = Math.min(article.getBoundingClientRect().right, document.documentElement.clientWidth);
  const number = /^[−+-]?(\d[\d,]*\.?\d*|\.\d+)(e[−+-]?\d+)?\s*%?(\s*±\s*(\d[\d,]*\.?\d*|\.\d+)(e[−+-]?\d+)?%?)?$/i;
  return [...article.querySelectorAll('table')].map((table, index) => {
    const cells = [...table.querySelectorAll('td, th')];
    const style = c => getComputedStyle(c);
    const padding = Math.min(...cells.map(c => Math.min(parseFloat(style(c).paddingLeft), parseFloat(style(c).paddingRight))));
    const bodyCells = [...table.querySelectorAll('tbody td')];
    const ruled = bodyCells.every(c => {
      const s = style(c);
      return (parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none')
          || (parseFloat(s.borderBottomWidth) > 0 && s.borderBottomStyle !== 'none')
          || (parseFloat(getComputedStyle(c.parentElement).borderBottomWidth) > 0
              && getComputedStyle(c.parentElement).borderBottomStyle !== 'none');
    });
    const numeric = bodyCells.filter(c => !c.querySelector('mjx-container') && number.test(c.textContent.trim()));
    const leftNumbers = numeric.filter(c => !['right', 'end'].includes(style(c).textAlign)).map(c => c.textContent.trim());
    // A number on two lines (a "mean ± spread" may put its "± spread" on a line of its own).
    const lines = e => {
      const tops = new Set(), walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const range = document.createRange(); range.selectNodeContents(t);
        [...range.getClientRects()].forEach(r => tops.add(Math.round(r.top)));
      }
      return tops.size;
    };
    const wrapped = numeric.filter(c => {
      const parts = c.querySelectorAll('.num-part');
      return (parts.length ? [...parts] : [c]).some(part => lines(part) > 1);
    }).map(c => c.textContent.trim());
    // Boxes between the table and the article that cut it off.
    let hidden = null, scrolled = null;
    const tableWidth = table.getBoundingClientRect().width;
    for (let box = table.parentElement; box && box !== article.parentElement; box = box.parentElement) {
      const s = style(box);
      if (!['visible'].includes(s.overflowX) && box.scrollWidth > box.clientWidth + 1) {
        const bar = box.offsetHeight - box.clientHeight - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
        if (['auto', 'scroll'].includes(s.overflowX) && bar >= minScrollbar && box.getBoundingClientRect().right <= right + 1) {
          scrolled = scrolled || {bar, shown: box.clientWidth, width: box.scrollWidth};
        } else {
          hidden = hidden || {box: box.tagName + '.' + box.className, overflow: s.overflowX, bar,
                               shown: box.clientWidth, width: box.scrollWidth};
        }
      }
    }
    const fits = table.getBoundingClientRect().right <= right + 1;
    return {index, text: (table.querySelector('caption, th, td') || table).textContent.trim().slice(0, 40),
            width: Math.round(tableWidth), padding, ruled, leftNumbers, wrapped, hidden, scrolled, fits,
            cells: cells.length};
  });
}"""


def table_problems(tables: list[dict], printed: bool = False) -> dict[str, list]:
    """What is wrong with each measured table, by kind (empty lists when all is well)."""
    return {
        "padding under 4 px": [(t["text"], t["padding"]) for t in tables if t["cells"] and t["padding"] < MIN_CELL_PADDING],
        "no rules between rows": [t["text"] for t in tables if not t["ruled"]],
        "numbers not right-aligned": [(t["text"], t["leftNumbers"][:3]) for t in tables if t["leftNumbers"]],
        "numbers over two lines": [(t["text"], t["wrapped"][:3]) for t in tables if t["wrapped"]],
        "behind an invisible scroll area" if not printed else "cut off":
            [(t["text"], t["width"], t["hidden"]) for t in tables if t["hidden"] or (printed and t["scrolled"])],
        "wider than the column": [(t["text"], t["width"]) for t in tables if not t["fits"] and not t["scrolled"] and not t["hidden"]],
    }


@pytest.mark.parametrize("name", NAMES)
def test_tables_are_readable_at_1280px(chapter_page, name: str):
    with chapter_page(name, DESKTOP) as page:
        tables = page.evaluate(TABLES, [MIN_SCROLLBAR])
    problems = {kind: found for kind, found in table_problems(tables).items() if found}
    assert problems == {}, f"{len(tables)} tables: {problems}"


@pytest.mark.parametrize("name", NAMES)
def test_printed_tables_fit_the_page(chapter_page, name: str):
    """The handouts are the book printed: with print styles at a printed line's width, every
    table fits, with nothing behind a scroll area (paper does not scroll)."""
    with chapter_page(name, {"width": PRINTED_LINE, "height": 1000}, media="print") as page:
        tables = page.evaluate(TABLES, [MIN_SCROLLBAR])
    problems = {kind: found for kind, found in table_problems(tables, printed=True).items()
                if found and kind not in ("no rules between rows",)}
    assert problems == {}, f"{len(tables)} tables: {problems}"


# ---- Phone ---------------------------------------------------------------------------------------
# An ipywidgets slider's readout, and a browser panel's (the <output> beside each of its controls).
READOUTS = """() => [...document.querySelectorAll('article .widget-readout, article .lrd-panel .lrd-control output')].map(r => {
  const box = r.getBoundingClientRect();
  return {text: r.textContent.trim(), left: box.left, right: box.right};
})"""

# A display formula fits the screen, or an element around it (below the article) scrolls across
# and itself fits the screen.
FORMULAS = """() => {
  const width = document.documentElement.clientWidth;
  const article = document.querySelector('article');
  return [...article.querySelectorAll('mjx-container[display="true"]')].map(f => {
    const box = f.getBoundingClientRect();
    let scroller = null;
    for (let e = f; e && e !== article; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (['auto', 'scroll'].includes(s.overflowX)) { scroller = e; break; }
    }
    const sbox = scroller && scroller.getBoundingClientRect();
    return {text: (f.getAttribute('aria-label') || f.textContent).slice(0, 40), left: box.left, right: box.right,
            fits: box.left >= -1 && box.right <= width + 1,
            scrolls: Boolean(scroller) && sbox.left >= -1 && sbox.right <= width + 1
                     && scroller.scrollWidth >= Math.floor(box.width)};
  });
}"""


@pytest.mark.parametrize("name", NAMES)
def test_phone_shows_readouts_and_formulas(chapter_page, expected, name: str):
    with chapter_page(name, PHONE) as page:
        readouts = page.evaluate(READOUTS)
        formulas = page.evaluate(FORMULAS)
    assert len(readouts) == expected(name).sliders + expected(name).browser_controls
    off = [r["text"] for r in readouts if r["left"] < 0 or r["right"] > PHONE["width"]]
    assert off == [], f"{len(off)} of {len(readouts)} slider readouts outside the 390 px screen: {off[:5]}"
    wide = [f["text"] for f in formulas if not (f["fits"] or f["scrolls"])]
    assert wide == [], f"{len(wide)} of {len(formulas)} display formulas wider than the screen: {wide[:3]}"
