"""The web book (``make book``) in headless Chromium with every outside host blocked.

Every chapter's page, opened from ``file://``: formulas typeset (no raw ``$``), pictures loaded,
the sliders' stored state drawn as controls, next/previous links to the neighbouring chapters, and
not one request to an outside host. From a plain local web server: the landing page, search and a
click on "next".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lrdecay_lessons.chapters.course import CHAPTERS

NAMES = [Path(chapter.notebook).stem for chapter in CHAPTERS]

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


def wait_for_controls(page, sliders: int, dropdowns: int) -> None:
    page.wait_for_function(
        "([s, d]) => document.querySelectorAll('.widget-slider').length >= s"
        " && document.querySelectorAll('.widget-dropdown').length >= d",
        arg=[sliders, dropdowns],
        timeout=15_000,
    )


@pytest.mark.parametrize("name", NAMES)
def test_chapter_page_renders_offline(book_dir: Path, guarded_page, expected, name: str):
    want = expected(name)
    page = guarded_page.open((book_dir / f"{name}.html").as_uri())
    typeset(page)
    wait_for_controls(page, want.sliders, want.dropdowns)

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
