"""The book says what it is: a stored copy. Each page tells the reader how to run it, and finds in Chinese.

* Every chapter page carries, once and under its title, a short note that it is a stored copy, with
  ``make lab`` and a download button whose file is the chapter's notebook (valid, with its cells).
* Above every panel of controls a caption says what it does on this page: a schedule panel (a browser
  panel without ``spec["kernel"]``) is live and redraws in the page; a training panel (``spec["kernel"]``)
  and an ipywidgets panel keep the picture as saved. The note under the title says the same of the page's
  panels (never that the sliders redraw nothing when a live one is there). No sentence of the prose promises
  a redraw or a retraining without "(in JupyterLab: make lab …)", unless the first panel after it in its
  section is a live one.
* Every code cell has a copy button (sphinx-copybutton).
* Every page links to the same chapter in the other edition (中文版 / English), and the link arrives there.
* One search box at 1280 and at 390 px; served from a local web server, the search finds a chapter by a Chinese
  term of its title (余弦 → 05, 步数 → 02) and by an English one, and shows a snippet of the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS

from .conftest import BUILD, EDITION

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NOTE_MAX_CHARS = 400  # "briefly"
# Prose outside the outputs that promises the picture follows the sliders, without the qualifier.
# (one whose next panel caption in its own section says the panel is live keeps its promise on the page).
UNQUALIFIED_PROMISES = r"""() => [...document.querySelectorAll('article p, article li')]
  .filter(p => !p.closest('.cell_output') && !p.classList.contains('stored-sliders'))
  .filter(p => {
    const section = p.closest('section');
    const next = section && [...section.querySelectorAll('p.stored-sliders')]
      .find(c => p.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    return !(next && next.classList.contains('panel-live'));
  })
  .map(p => p.textContent.replace(/\s+/g, ' '))
  .filter(t => PROMISE.test(t) && !t.includes('make lab'))"""
#: A promise of a redraw, and the words of the note and captions, in the edition under test (book/stored_copy.py).
PROMISE_JS = {"en": r"/\bre-?(draw|train)(s|n|ed)?\b/i", "zh": r"/(重绘|重新绘制|重画|重新画|重新训练)/"}[EDITION]
UNQUALIFIED_PROMISES = UNQUALIFIED_PROMISES.replace("PROMISE.test", f"{PROMISE_JS}.test")
WORDS = {
    "en": {"live": "redraws in this page", "saved": "stays as saved", "nothing": "redraw nothing",
           "note live": "are live", "note kernel": "kernel", "other": "中文版"},
    "zh": {"live": "在本页重绘", "saved": "保持保存时的样子", "nothing": "不会重绘",
           "note live": "是实时的", "note kernel": "内核", "other": "English"},
}[EDITION]
PANELS_WITHOUT_CAPTION = """() => [...document.querySelectorAll('article .cell_output')]
  .filter(o => o.querySelector('.widget-slider, .widget-dropdown, .lrd-panel'))
  .filter(o => { const p = o.previousElementSibling; return !(p && p.classList.contains('stored-sliders')); })
  .length"""
# Each panel's caption kind and whether the page drew it as a browser panel, in page order.
CAPTIONED_PANELS = """() => [...document.querySelectorAll('article .cell_output')]
  .filter(o => o.querySelector('.widget-slider, .widget-dropdown, .lrd-panel'))
  .map(o => { const p = o.previousElementSibling;
              return {kind: [...p.classList].find(c => c.startsWith('panel-')) || '', text: p.textContent,
                      browser: Boolean(o.querySelector('.lrd-panel'))}; })"""
CODE_WITHOUT_COPY = """() => [...document.querySelectorAll('article .cell_input div.highlight')]
  .filter(h => !h.querySelector('button.copybtn')).length"""
VISIBLE_SEARCH = """() => [...document.querySelectorAll('.search-button__button, .bd-search input[type=search]')]
  .filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                 return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; }).length"""


@pytest.mark.parametrize("name", NAMES)
def test_page_says_it_is_a_stored_copy_and_offers_its_notebook(book_dir: Path, guarded_page, expected, browser_specs,
                                                               name: str):
    page = guarded_page.open((book_dir / f"{name}.html").as_uri())
    page.set_viewport_size(DESKTOP)
    want = expected(name)
    page.wait_for_function("([n, b]) => document.querySelectorAll('.widget-slider').length >= n"
                           " && document.querySelectorAll('.lrd-panel').length >= b",
                           arg=[want.sliders, want.browser_panels], timeout=15_000)

    notes = page.locator("article div.stored-copy")
    assert notes.count() == 1, f"{name}: {notes.count()} stored-copy notes"
    text = notes.inner_text()
    assert "make lab" in text and len(text) <= NOTE_MAX_CHARS, text
    # Under the page's title: the first thing after the h1.
    assert page.evaluate("() => document.querySelector('article h1').nextElementSibling.classList.contains('stored-copy')")
    link = notes.locator("a[download]")
    assert link.is_visible()
    notebook = json.loads((book_dir / link.get_attribute("href")).read_text(encoding="utf-8"))
    assert link.get_attribute("href") == f"notebooks/{name}.ipynb" and notebook["cells"]

    assert page.evaluate(PANELS_WITHOUT_CAPTION) == 0
    # The caption of each panel says what it does here: live for a schedule panel, as saved otherwise.
    specs = browser_specs(name)
    kinds = ["stored" if spec is None else "kernel" if spec.get("kernel") else "live" for spec in specs]
    captions = page.evaluate(CAPTIONED_PANELS)
    assert [c["kind"] for c in captions] == [f"panel-{k}" for k in kinds]
    assert [c["browser"] for c in captions] == [spec is not None for spec in specs]
    for caption, kind in zip(captions, kinds):
        live = kind == "live"
        assert (WORDS["live"] in caption["text"]) == live, caption
        assert (WORDS["saved"] in caption["text"]) == (not live), caption
    assert WORDS["nothing"] not in text
    assert (WORDS["note live"] in text) == ("live" in kinds), text
    assert (WORDS["note kernel"] in text) == bool(set(kinds) - {"live"}), text
    assert page.evaluate(UNQUALIFIED_PROMISES) == []
    page.wait_for_function("() => document.querySelectorAll('button.copybtn').length > 0 || "
                           "!document.querySelector('article .cell_input div.highlight')")
    assert page.evaluate(CODE_WITHOUT_COPY) == 0
    assert page.evaluate(VISIBLE_SEARCH) == 1
    page.set_viewport_size(PHONE)
    page.wait_for_function(f"() => ({VISIBLE_SEARCH})() === 1")
    assert guarded_page.outside == []


@pytest.mark.parametrize("name", NAMES)
def test_page_links_to_the_same_chapter_in_the_other_edition(book_dir: Path, guarded_page, name: str):
    page = guarded_page.open((book_dir / f"{name}.html").as_uri())
    link = page.locator("article a.edition-switch")
    assert link.count() == 1 and link.is_visible()
    assert link.inner_text() == WORDS["other"]
    other = (book_dir / link.get_attribute("href")).resolve()
    assert other == ((BUILD / "book" / "zh") if EDITION == "en" else (BUILD / "book")).resolve() / f"{name}.html"
    assert other.is_file(), f"{other} is missing: make book builds both editions"
    link.click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.documentElement.lang") == ("zh-CN" if EDITION == "en" else "en")
    assert page.locator("article h1").count() == 1


@pytest.mark.parametrize(("term", "chapter"), [("余弦", "05_cosine_annealing"), ("步数", "02_step_decay"),
                                               ("warm-up" if EDITION == "en" else "预热", "09_warmup_and_cycles")])
def test_search_finds_a_chapter_by_a_chinese_or_english_term_with_a_snippet(
        book_dir: Path, guarded_page, static_server, term: str, chapter: str):
    with static_server(book_dir) as base:
        page = guarded_page.open(f"{base}search.html?q={term}")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=20_000)
        hits = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(href.startswith(f"{chapter}.html") for href in hits), hits
        page.wait_for_function("() => [...document.querySelectorAll('#search-results li p.context')]"
                               ".some(p => p.textContent.trim().length > 20)", timeout=20_000)
    assert guarded_page.outside == []
