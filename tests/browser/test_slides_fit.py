"""Every slide of every deck (``make slides``) fits a 1024x768 screen, and a lecturer can teach from it.

Headless Chromium at 1024x768, every outside host blocked. Each deck is walked with the right arrow key
alone, from the first slide to the last, and on every slide:

* the slide's content is no taller than the deck's slide (``Reveal.getConfig().height``, the box reveal.js
  scales to the screen) and nothing is drawn below or right of the screen;
* no code, output or table is cut at the right edge: nothing inside is wider than the box that holds it
  (code wraps instead), and slider panels and their readouts lie inside the slide;
* a slide that had to be shrunk to fit (``data-fit-zoom``) stays readable (at least ``MIN_ZOOM``).

A slide is measured only once it has settled (the machine may be busy): MathJax's queue is empty, the
fonts are loaded, the slide's transition is over and its pictures loaded, the deck's fit script last fitted
it at the size it has now (``data-fitted-at``) and that size has held for ``SETTLE_FRAMES`` frames; all are
conditions waited for, never a fixed pause.

Each deck also has a slide per ``#``/``##`` heading of its notebook, wherever the heading stands in a
markdown cell, each opening a horizontal slide, and every horizontal slide has speaker notes (``s``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
from .conftest import NOTEBOOKS  # noqa: E402  (the edition under test)
SCREEN = {"width": 1024, "height": 768}
MIN_ZOOM = 0.6

# reveal.js is loaded through require.js (an AMD module, no global): take it from require's registry.
REVEAL = "(window.Reveal || Object.entries(require.s.contexts._.defined).find(([k]) => k.endsWith('/dist/reveal.js'))[1])"
MATHJAX_DONE = """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue
  && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0
  && document.querySelectorAll('.MathJax_Processing, .MathJax_Preview:not(:empty)').length === 0"""
READY = f"() => !!{REVEAL} && {REVEAL}.isReady()"
# The slide has arrived (no transition left: neither it nor its stack is moved) and its pictures loaded.
SLIDE_READY = f"""() => {{
  const slide = {REVEAL}.getCurrentSlide();
  const still = (e) => e.tagName !== 'SECTION' || getComputedStyle(e).transform === 'none';
  return still(slide) && still(slide.parentElement) && [...slide.querySelectorAll('img')].every(i => i.complete);
}}"""
# Settled, so a loaded machine measures what an idle one does: the fonts (MathJax's too) are loaded, the deck's
# fit script last fitted the slide at the size it has now (``data-fitted-at``; it fits again whenever the
# slide's content changes size), and that size and the slide's place have held for SETTLE_FRAMES frames.
SETTLE_FRAMES = 3
SETTLED = f"""() => {{
  const R = {REVEAL};
  const slide = R.getCurrentSlide();
  if (document.fonts.status !== 'loaded') return false;
  const size = slide.scrollWidth + 'x' + slide.scrollHeight;
  if (slide.dataset.fittedAt !== size) return false;
  const i = R.getIndices();
  const key = [i.h, i.v, size, slide.dataset.fitZoom || '1', slide.getBoundingClientRect().top].join(' ');
  const seen = window.__settle || (window.__settle = {{key: null, frames: 0}});
  if (seen.key === key) seen.frames += 1; else {{ seen.key = key; seen.frames = 0; }}
  return seen.frames >= {SETTLE_FRAMES};
}}"""
INDICES_NOW = f"JSON.stringify({REVEAL}.getIndices())"
INDICES = f"() => {INDICES_NOW}"
# What one slide measures: its content's height against the deck's slide height, what is drawn off the
# screen, and what is wider than the box holding it (scrolls or is clipped instead of wrapping).
MEASURE = f"""() => {{
  const R = {REVEAL};
  const slide = R.getCurrentSlide();
  const height = R.getConfig().height;
  const screen = {{w: window.innerWidth, h: window.innerHeight}};
  const label = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
  const offscreen = [], cut = [];
  // MathJax's assistive MathML is for screen readers, clipped to 1 px: not drawn, so not measured.
  const visible = [...slide.querySelectorAll('*')].filter(e => !e.closest('aside.notes, .MJX_Assistive_MathML'))
    .filter(e => {{ const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }});
  for (const e of visible) {{
    const r = e.getBoundingClientRect();
    if (r.bottom > screen.h + 1 || r.right > screen.w + 1 || r.top < -1 || r.left < -1) {{
      offscreen.push(label(e) + ` (${{Math.round(r.left)}}..${{Math.round(r.right)}} x ${{Math.round(r.top)}}..${{Math.round(r.bottom)}})`);
    }}
  }}
  const slideBox = slide.getBoundingClientRect();
  for (const e of slide.querySelectorAll('pre, table, .jp-OutputArea-output, .jp-RenderedHTMLCommon, .widget-box, .widget-readout, .widget-slider, img, .lrd-panel, .lrd-control, .lrd-chart')) {{
    if (e.closest('aside.notes')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') {{
      cut.push(`${{label(e)}} scrolls (${{e.scrollWidth}} > ${{e.clientWidth}} px)`);
    }}
    if (r.right > slideBox.right + 1) cut.push(`${{label(e)}} ends ${{Math.round(r.right - slideBox.right)}} px right of the slide`);
  }}
  return {{indices: R.getIndices(), content: slide.scrollHeight, height: height, offscreen: offscreen.slice(0, 3),
           offscreenCount: offscreen.length, cut: cut.slice(0, 3), cutCount: cut.length,
           zoom: parseFloat(slide.dataset.fitZoom || '1'),
           title: (slide.querySelector('h1, h2, h3') || {{textContent: ''}}).textContent.trim().slice(0, 50)}};
}}"""
TOTAL = f"() => {REVEAL}.getTotalSlides()"
AT_END = f"() => {REVEAL}.isLastSlide()"
# The horizontal slides: the first heading of each and whether it (or its first vertical slide) has notes.
HORIZONTAL = f"""() => {REVEAL}.getHorizontalSlides().map(h => {{
  const first = h.querySelector(':scope > section') || h;
  const heading = first.querySelector('h1, h2');
  return {{heading: heading ? heading.textContent.replace('¶', '').trim() : null,
           notes: ({REVEAL}.getSlideNotes(first) || '').trim().length}};
}})"""


def headings(name: str) -> list[str]:
    """The ``#`` and ``##`` headings of a notebook's markdown, outside code fences, as the page shows them."""
    found = []
    notebook = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced and re.match(r"#{1,2} ", line):
                found.append(re.sub(r"[*_`]", "", line.split(" ", 1)[1]).strip())
    return found


def open_deck(guarded_page, slides_dir: Path, name: str):
    page = guarded_page.page
    page.set_viewport_size(SCREEN)
    guarded_page.open((slides_dir / f"{name}.slides.html").as_uri())
    page.wait_for_selector(".reveal.ready", state="attached")
    page.wait_for_function(READY)
    page.wait_for_function(MATHJAX_DONE, timeout=30_000)
    return page


@pytest.mark.parametrize("name", NAMES)
def test_every_slide_fits_the_screen_walking_with_the_right_arrow(slides_dir: Path, guarded_page, expected, name: str):
    page = open_deck(guarded_page, slides_dir, name)
    page.wait_for_function("n => document.querySelectorAll('.widget-slider').length >= n", arg=expected(name).sliders)
    page.wait_for_function("n => [...document.querySelectorAll('.lrd-panel')].filter(e => Number(e.dataset.drawn) > 0)"
                           ".length >= n", arg=expected(name).browser_panels, timeout=15_000)
    total = page.evaluate(TOTAL)
    seen, missed = [], []  # every slide's measures; where the right arrow did not move on
    while True:
        page.wait_for_function(MATHJAX_DONE, timeout=30_000)
        page.wait_for_function(SLIDE_READY)
        page.wait_for_function(SETTLED, polling="raf", timeout=30_000)
        seen.append(page.evaluate(MEASURE))
        if len(seen) >= total:
            break
        before = page.evaluate(INDICES)
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(f"b => {INDICES_NOW} !== b", arg=before, timeout=5_000)
        except Exception:  # noqa: BLE001 (the key did nothing: recorded, and the walk goes on by the API)
            missed.append(before)
            page.evaluate(f"() => {REVEAL}.next()")
            page.wait_for_function(f"b => {INDICES_NOW} !== b", arg=before)
    assert len(seen) == total

    tall = [s for s in seen if s["content"] > s["height"] + 1]
    offscreen = [s for s in seen if s["offscreenCount"]]
    cut = [s for s in seen if s["cutCount"]]
    tiny = [s for s in seen if s["zoom"] < MIN_ZOOM]
    tallest = max(seen, key=lambda s: s["content"])
    summary = (f"{name}: {len(tall)} of {total} slides taller than {seen[0]['height']} px "
               f"(tallest {tallest['content']} px, {tallest['title']!r}); {len(offscreen)} draw off the "
               f"{SCREEN['width']}x{SCREEN['height']} screen; {len(cut)} cut at the right edge; "
               f"{len(tiny)} shrunk below {MIN_ZOOM}; the right arrow missed {len(missed)}")
    details = [(s["indices"], s["title"], s["content"], s["offscreen"], s["cut"], s["zoom"])
               for s in tall + offscreen + cut + tiny][:6]
    assert not (tall or offscreen or cut or tiny or missed), f"{summary}\n{details}"


@pytest.mark.parametrize("name", NAMES)
def test_every_section_opens_a_slide_with_speaker_notes(slides_dir: Path, guarded_page, name: str):
    page = open_deck(guarded_page, slides_dir, name)
    assert page.evaluate(f"() => {REVEAL}.hasPlugin('notes')"), "the speaker notes plugin (key s) is not loaded"
    horizontal = page.evaluate(HORIZONTAL)
    wanted = headings(name)
    opening = [h["heading"] for h in horizontal]
    assert page.evaluate(TOTAL) >= len(wanted)
    assert opening == wanted, f"{name}: {len(wanted)} headings, {len(horizontal)} horizontal slides"
    without = [h["heading"] for h in horizontal if not h["notes"]]
    assert not without, f"{name}: {len(without)} of {len(horizontal)} sections without speaker notes: {without[:3]}"
