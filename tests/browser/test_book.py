"""The web book (``make book``) in headless Chromium with every outside host blocked.

Every chapter's page, opened from ``file://``: formulas typeset (no raw ``$``), pictures loaded,
the sliders' stored state drawn as controls, next/previous links to the neighbouring chapters, and
not one request to an outside host. From a plain local web server: the landing page, search and a
click on "next".

Browser panels (an anywidget ``AnyModel`` with a ``spec``, drawn by the panel module with no kernel):
each renders from its stored state (its controls at the chapter's values, readouts as stored, a chart
with ink per plot). A schedule panel follows the keyboard: an arrow key on any shown control redraws it
(``data-drawn`` grows) with a new readout, and on the first slider a new picture, the starting one
again one key back. The time from the key press to the frame after the redraw is measured for every
press and written to ``benchmarks/results/book_latency.md`` (``build/`` when only some chapters ran);
its median per schedule panel must be at most 50 ms. A training panel (``spec["kernel"]``) has no
kernel here: its controls move and its picture stays as saved, as its caption says.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]
from .conftest import NOTEBOOKS  # noqa: E402  (the edition under test)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _has_browser_panel(name: str) -> bool:
    state = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"].get(
        "widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return any(m.get("model_name") == "AnyModel" and "spec" in m.get("state", {}) for m in state.values())


# Discovered from the notebooks: every chapter that stores a browser panel.
WITH_BROWSER_PANELS = [name for name in NAMES if _has_browser_panel(name)]
PRESSES = 3  # pairs of key presses on a panel's first slider: one step away, one back
LATENCY_TABLE = "book_latency.md"

# The article's prose as a reader sees it: code, scripts and typeset formulas left out.
PROSE = """() => {
  const article = document.querySelector('article').cloneNode(true);
  article.querySelectorAll('pre, code, script, style, mjx-container, .highlight').forEach(e => e.remove());
  return article.textContent;
}"""


def typeset(page) -> None:
    """Wait until MathJax has typeset the page and the widget manager has drawn its widgets."""
    page.wait_for_function("() => Boolean(window.MathJax && MathJax.startup && MathJax.startup.promise)")
    page.evaluate("() => MathJax.startup.promise.then(() => true)")


def wait_for_controls(page, sliders: int, dropdowns: int, panels: int = 0) -> None:
    """Wait until the widget manager has drawn the ipywidgets controls and the browser panels
    (each with its first picture: ``data-drawn`` at least 1)."""
    page.wait_for_function(
        "([s, d, p]) => document.querySelectorAll('.widget-slider').length >= s"
        " && document.querySelectorAll('.widget-dropdown').length >= d"
        " && [...document.querySelectorAll('.lrd-panel')].filter(e => Number(e.dataset.drawn) > 0).length >= p",
        arg=[sliders, dropdowns, panels],
        timeout=15_000,
    )


@pytest.mark.parametrize("name", NAMES)
def test_chapter_page_renders_offline(book_dir: Path, guarded_page, expected, name: str):
    want = expected(name)
    page = guarded_page.open((book_dir / f"{name}.html").as_uri())
    typeset(page)
    wait_for_controls(page, want.sliders, want.dropdowns, want.browser_panels)

    formulas = page.locator("article .math").count()
    rendered = page.locator("article .math mjx-container").count()
    assert rendered == formulas, f"{formulas - rendered} of {formulas} formulas left as TeX"
    assert rendered > 0 or not want.has_math
    prose = page.evaluate(PROSE)
    assert "$" not in prose and "\\(" not in prose and "\\[" not in prose, [
        line for line in prose.splitlines() if "$" in line or "\\(" in line][:3]

    pictures = page.evaluate(
        "() => [...document.querySelectorAll('article img')].map(i => i.complete && i.naturalWidth)")
    assert len(pictures) >= want.pictures and all(pictures), pictures

    assert page.locator("article .widget-slider").count() == want.sliders
    assert page.locator("article .widget-dropdown").count() == want.dropdowns
    assert page.locator("article .widget-slider .widget-readout").count() == want.sliders  # the values show
    assert page.locator("article .lrd-panel").count() == want.browser_panels
    assert page.locator("article .lrd-panel .lrd-control [data-name]").count() == want.browser_controls
    assert page.locator("article .lrd-panel .lrd-control output").count() == want.browser_controls

    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []


@pytest.mark.parametrize("index", range(len(NAMES)))
def test_next_and_previous_link_the_neighbouring_chapters(book_dir: Path, guarded_page, index: int):
    page = guarded_page.open((book_dir / f"{NAMES[index]}.html").as_uri())
    links = {
        kind: page.locator(f"a.{kind}").get_attribute("href") if page.locator(f"a.{kind}").count() else None
        for kind in ("left-prev", "right-next")
    }
    assert links["left-prev"] == (f"{NAMES[index - 1]}.html" if index > 0 else None)
    assert links["right-next"] == (f"{NAMES[index + 1]}.html" if index + 1 < len(NAMES) else None)
    for href in filter(None, links.values()):
        assert (book_dir / href).is_file()
    assert guarded_page.outside == []


def test_table_of_contents_lists_every_chapter_in_order(book_dir: Path, guarded_page):
    page = guarded_page.open((book_dir / "index.html").as_uri())
    page.wait_for_url("**/00_course_map.html")
    hrefs = page.locator("nav.bd-docs-nav a.reference").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    # The current page links to itself as "#".
    assert [href.split("#")[0] or "00_course_map.html" for href in hrefs] == [f"{name}.html" for name in NAMES]
    assert guarded_page.outside == []


def test_served_book_searches_and_follows_next(book_dir: Path, guarded_page, static_server):
    with static_server(book_dir) as base:
        page = guarded_page.open(base)  # index.html sends the reader on to the course map
        page.wait_for_url("**/00_course_map.html")
        typeset(page)
        page.wait_for_load_state("networkidle")  # fonts and speech maps in, before leaving the page
        page.locator("a.right-next").click()
        page.wait_for_url(f"**/{NAMES[1]}.html")

        page = guarded_page.open(f"{base}search.html?q=cosine+annealing")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0",
                               timeout=15_000)
        hits = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(href.startswith("05_cosine_annealing.html") for href in hits), hits

    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []


# ---- Browser panels: live from the stored state, and how fast -----------------------------------------
@pytest.fixture(scope="module")
def book_latencies(latency):
    """Rows of the latency table, filled by the test below, written when the module ends."""
    rows: list[dict] = []
    yield rows
    if not rows:
        return
    rows = latency.gather(LATENCY_TABLE, rows)  # with the other xdist workers' (the last to end writes all)
    lines = [
        "# The book: key press to new picture, per browser panel",
        "",
        "Written by `make test-browser` (`tests/browser/test_book.py`): headless Chromium, the built book",
        "opened from file:// (no kernel); an arrow key on the panel's first slider, one step away and one back,",
        f"{PRESSES} times; the time from the keydown event (capture phase) to the animation frame after the panel's",
        "redraw (`data-drawn` grows). \"Panel's own\": the panel's `data-latency` (keydown on the control to the",
        f"chart's draw hook). Goal: median at most {latency.schedule_goal:.0f} ms per schedule panel, asserted.",
        latency.machine(),
        "",
        "The panel column counts the page's browser panels from 0.",
        "",
        *latency.rows(rows),
    ]
    chapters = {row["chapter"] for row in rows}
    latency.write(LATENCY_TABLE, lines, complete=chapters == set(WITH_BROWSER_PANELS))


@pytest.mark.parametrize("name", WITH_BROWSER_PANELS)
def test_browser_panels_render_from_stored_state_and_follow_the_keyboard(
        book_dir: Path, guarded_page, expected, widget_panels, browser_specs, live_panel, arrow_keys,
        book_latencies, latency, name: str):
    want = expected(name)
    page = guarded_page.open((book_dir / f"{name}.html").as_uri())
    wait_for_controls(page, want.sliders, want.dropdowns, want.browser_panels)
    stored = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    specs = browser_specs(name)
    panels = [(spec, controls) for spec, controls in zip(specs, widget_panels(stored)) if spec is not None]
    assert len(panels) == want.browser_panels > 0
    problems = []
    for number, (spec, controls) in enumerate(panels):
        panel = live_panel(page, page.locator("article .lrd-panel").nth(number))
        page.locator("article .lrd-panel").nth(number).scroll_into_view_if_needed()
        start = panel.read()
        where = f"panel {number} ({spec.get('heading', '')})"
        # Rendered from the stored state: the controls, their values and readouts, a chart per plot.
        assert start["names"] == [c["name"] for c in spec["controls"]], where
        assert start["labels"] == [c["label"] for c in spec["controls"]], where
        assert start["readouts"] == [c.text for c in controls], where
        assert start["positions"] == [c_spec["options"].index(c.value) for c_spec, c in zip(spec["controls"], controls)]
        assert start["charts"] == len(spec["plots"]) and start["inked"], f"{where}: no chart drawn"
        assert start["drawn"] >= 1 and start["error"] == "", where
        f = arrow_keys.first(start)
        first = controls[f]
        away, back = arrow_keys(start["positions"][f], start["maxima"][f], start["kinds"][f])
        if spec.get("kernel"):  # no kernel in the book: the controls move, the picture stays as saved
            moved = panel.press(first.name, away, timeout=1_000)
            assert not moved["redrawn"] and moved["after"]["picture"] == start["picture"], where
            assert moved["after"]["readouts"][f] != start["readouts"][f], f"{where}: the control did not move"
            book_latencies.append({"chapter": name, "panel": number, "kind": "training", "control": first.label,
                                   "ms": [], "note": "no kernel: stays as saved", "goal": None})
            continue
        ms, own = [], []
        for _ in range(PRESSES):
            for key, is_away in ((away, True), (back, False)):
                moved = panel.press(first.name, key)
                after = moved["after"]
                if not moved["redrawn"]:
                    problems.append(f"{where}: {key} on {first.label} did not redraw")
                    continue
                ms.append(moved["ms"])
                own.append(moved["panel_ms"])
                if is_away and (after["picture"] == start["picture"] or after["readouts"][f] == start["readouts"][f]):
                    problems.append(f"{where}: {key} on {first.label}: same picture or readout as at the start")
                if not is_away and (after["picture"] != start["picture"] or after["readouts"] != start["readouts"]):
                    problems.append(f"{where}: a key away and back on {first.label} does not draw the start again")
        # Every other control redraws the panel too, with its own new readout.
        for c, control in enumerate(controls):
            now = panel.read()
            if c == f or not now["visible"][c]:
                continue
            there, home = arrow_keys(now["positions"][c], now["maxima"][c], now["kinds"][c])
            moved = panel.press(control.name, there)
            if not (moved["redrawn"] and moved["after"]["readouts"][c] != now["readouts"][c]):
                problems.append(f"{where}: {there} on {control.label} did not redraw with a new readout")
            panel.press(control.name, home)
        book_latencies.append({"chapter": name, "panel": number, "kind": "schedule", "control": first.label,
                               "ms": ms, "panel_ms": own, "goal": latency.schedule_goal})
        if ms and statistics.median(ms) > latency.schedule_goal:
            problems.append(f"{where}: median {statistics.median(ms):.0f} ms from key press to new picture "
                            f"(goal {latency.schedule_goal:.0f} ms): {[round(m) for m in ms]}")
    assert problems == []
    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []
