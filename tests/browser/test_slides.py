"""The reveal.js decks (``make slides``) in headless Chromium with every outside host blocked.

Every deck, opened from ``file://``: reveal.js starts, formulas typeset by MathJax 2 (no raw ``$``),
pictures loaded, the sliders' stored state drawn, ArrowRight moves to the next slide, and not one
request to an outside host.

Browser panels (an anywidget ``AnyModel`` with a ``spec``) render from the stored state with no kernel:
their controls at the chapter's values, a chart with ink per plot. On its own slide, once the slide is
fitted and the panel has settled (a panel drawn while its slide was hidden is redrawn at its own width
when shown; fonts loaded), an arrow key on a schedule panel's first slider redraws it (``data-drawn``
grows) with a new readout and picture, one key back draws the starting picture again, and the deck
stays on that slide (the key is the panel's). A training panel (``spec["kernel"]``) keeps its stored
picture (no kernel).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from lrdecay_lessons.chapters.course import CHAPTERS

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
from .conftest import NOTEBOOKS  # noqa: E402  (the edition under test)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _has_browser_panel(name: str) -> bool:
    state = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"].get(
        "widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return any(m.get("model_name") == "AnyModel" and "spec" in m.get("state", {}) for m in state.values())


WITH_BROWSER_PANELS = [name for name in NAMES if _has_browser_panel(name)]
PANELS_DRAWN = "n => [...document.querySelectorAll('.lrd-panel')].filter(e => Number(e.dataset.drawn) > 0).length >= n"

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
# The deck's fit script last fitted the panel's slide at the size it has now, and MathJax is idle.
SLIDE_FITTED = """el => {
  const slide = el.closest('section');
  return slide.dataset.fittedAt === slide.scrollWidth + 'x' + slide.scrollHeight
    && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0;
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
    page.wait_for_function(PANELS_DRAWN, arg=want.browser_panels, timeout=15_000)

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
    assert page.locator(".reveal .lrd-panel").count() == want.browser_panels
    assert page.locator(".reveal .lrd-panel .lrd-control [data-name]").count() == want.browser_controls

    # The arrow keys walk every slide in order (navigationMode 'linear'): the next one may be a sub-slide.
    first = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("f => JSON.stringify(Reveal.getIndices()) !== f", arg=first)
    second = page.evaluate("() => Reveal.getIndices()")
    assert (second["h"], second["v"]) in {(0, 1), (1, 0)}, second

    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []


@pytest.mark.parametrize("name", WITH_BROWSER_PANELS)
def test_browser_panels_are_live_on_their_slides(slides_dir: Path, guarded_page, expected, widget_panels,
                                                browser_specs, live_panel, arrow_keys, name: str):
    want = expected(name)
    page = guarded_page.open((slides_dir / f"{name}.slides.html").as_uri())
    page.wait_for_selector(".reveal.ready", state="attached")
    page.wait_for_function(PANELS_DRAWN, arg=want.browser_panels, timeout=15_000)
    stored = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    panels = [(spec, controls) for spec, controls in zip(browser_specs(name), widget_panels(stored))
              if spec is not None]
    assert len(panels) == want.browser_panels > 0
    problems = []
    for number, (spec, controls) in enumerate(panels):
        root = page.locator(".reveal .lrd-panel").nth(number)
        # Go to the panel's slide, as a lecturer would, and wait until it is shown.
        page.evaluate("el => { const s = el.closest('section'); const i = Reveal.getIndices(s);"
                      " Reveal.slide(i.h, i.v); }", root.element_handle())
        page.wait_for_function("el => el.closest('section').classList.contains('present')", arg=root.element_handle())
        # The panel was drawn while its slide was hidden (at a stand-in width): its starting picture is the
        # one it draws once shown at its own size, and its slide fitted to the screen at the size it has.
        panel = live_panel(page, root)
        panel.settle(also=SLIDE_FITTED)
        start = panel.read()
        where = f"panel {number} ({spec.get('heading', '')})"
        assert start["names"] == [c["name"] for c in spec["controls"]], where
        assert start["readouts"] == [c.text for c in controls], where
        assert start["charts"] == len(spec["plots"]) and start["inked"], f"{where}: no chart drawn"
        assert start["error"] == "", where
        slide = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
        f = arrow_keys.first(start)
        first = controls[f]
        away, back = arrow_keys(start["positions"][f], start["maxima"][f], start["kinds"][f])
        moved = panel.press(first.name, away, timeout=1_000 if spec.get("kernel") else 10_000)
        if spec.get("kernel"):
            if moved["redrawn"] or moved["after"]["picture"] != start["picture"]:
                problems.append(f"{where}: a training panel redrew with no kernel")
        elif not (moved["redrawn"] and moved["after"]["picture"] != start["picture"]
                  and moved["after"]["readouts"][f] != start["readouts"][f]):
            problems.append(f"{where}: {away} on {first.label} did not redraw with a new picture and readout")
        if page.evaluate("() => JSON.stringify(Reveal.getIndices())") != slide:
            problems.append(f"{where}: {away} on {first.label} moved the deck to another slide")
        returned = panel.press(first.name, back, timeout=1_000 if spec.get("kernel") else 10_000)
        if returned["after"]["picture"] != start["picture"] or returned["after"]["readouts"] != start["readouts"]:
            problems.append(f"{where}: a key away and back on {first.label} does not draw the start again")
    assert problems == []
    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []
