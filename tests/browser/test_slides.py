"""The reveal.js decks (``make slides``) in headless Chromium with every outside host blocked.

Every deck, opened from ``file://``: reveal.js starts, formulas typeset by MathJax 2 (no raw ``$``),
pictures loaded, the sliders' stored state drawn, ArrowRight moves to the next slide, and not one
request to an outside host.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from lrdecay_lessons.chapters.course import CHAPTERS

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]

MATHJAX_DONE = """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue
  && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0
  && document.querySelectorAll('.MathJax_Processing, .MathJax_Preview:not(:empty)').length === 0"""
ALL_TYPESET = """() => {
  const slides = document.querySelector('.reveal .slides').cloneNode(true);
  const sources = document.querySelectorAll('.reveal script[type^="math/tex"]').length;
  const rendered = document.querySelectorAll('.reveal .MathJax_CHTML').length;
  slides.querySelectorAll('pre, code, script, style, .MathJax_CHTML, .MathJax_Preview, .jp-InputArea, aside')
    .forEach(e => e.remove());
  return sources === rendered && !slides.textContent.includes('$');
}"""
PROSE = """() => {
  const slides = document.querySelector('.reveal .slides').cloneNode(true);
  slides.querySelectorAll('pre, code, script, style, .MathJax_CHTML, .MathJax_Preview, .jp-InputArea')
    .forEach(e => e.remove());
  return slides.textContent;
}"""


@pytest.mark.parametrize("name", NAMES)
def test_deck_renders_offline_and_advances(slides_dir: Path, guarded_page, expected, name: str):
    want = expected(name)
    page = guarded_page.open((slides_dir / f"{name}.slides.html").as_uri())
    page.wait_for_selector(".reveal.ready", state="attached")
    page.wait_for_function(MATHJAX_DONE, timeout=30_000)
    page.wait_for_function("n => document.querySelectorAll('.widget-slider').length >= n", arg=want.sliders)

    # MathJax works through a long deck in chunks, and its queue can be empty between two of them:
    # wait (up to a minute) until every formula it has found is rendered and no raw TeX is left.
    try:
        page.wait_for_function(ALL_TYPESET, timeout=60_000)
    except PlaywrightTimeout:
        pass  # the assertions below say what is left
    sources = page.locator('.reveal script[type^="math/tex"]').count()
    rendered = page.locator(".reveal .MathJax_CHTML").count()
    assert rendered == sources, f"{sources - rendered} of {sources} formulas left as TeX"
    assert rendered > 0 or not want.has_math
    prose = page.evaluate(PROSE)
    assert "$" not in prose and "\\(" not in prose, [line for line in prose.splitlines() if "$" in line][:3]

    pictures = page.evaluate(
        "() => [...document.querySelectorAll('.reveal img')].map(i => i.complete && i.naturalWidth)")
    assert len(pictures) >= want.pictures and all(pictures), pictures
    assert page.locator(".reveal .widget-slider").count() == want.sliders
    assert page.locator(".reveal .widget-dropdown").count() == want.dropdowns

    # The arrow keys walk every slide in order (navigationMode 'linear'): the next one may be a sub-slide.
    first = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("f => JSON.stringify(Reveal.getIndices()) !== f", arg=first)
    second = page.evaluate("() => Reveal.getIndices()")
    assert (second["h"], second["v"]) in {(0, 1), (1, 0)}, second

    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []
