"""``chapters/course.py``: the chapter list is the same in the package, the course map, README and on disk."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lrdecay_lessons.chapters.course import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _links(text: str) -> set[str]:
    return set(re.findall(r"\(((?:notebooks/)?\d\d_[a-z_]+\.ipynb)\)", text))


def test_every_notebook_on_disk_is_a_chapter():
    on_disk = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert on_disk <= {c.notebook for c in CHAPTERS}


def test_every_chapter_exists():
    missing = [c.notebook for c in CHAPTERS if not (NOTEBOOKS / c.notebook).exists()]
    assert missing == []


def test_course_map_and_readme_link_every_chapter():
    course_map = json.loads((NOTEBOOKS / "00_course_map.ipynb").read_text())
    markdown = "\n".join("".join(c["source"]) for c in course_map["cells"] if c["cell_type"] == "markdown")
    readme = (ROOT / "README.md").read_text()
    expected = {c.notebook for c in CHAPTERS}
    assert _links(markdown) == expected
    assert {Path(link).name for link in _links(readme)} == expected
    for chapter in CHAPTERS:
        assert chapter.chinese in markdown and chapter.chinese in readme


def test_every_section_heading_starts_a_slide():
    """`make slides` relies on this metadata (set by `python -m lrdecay_lessons.authoring.slides`)."""
    for chapter in CHAPTERS:
        notebook = json.loads((NOTEBOOKS / chapter.notebook).read_text())
        for cell in notebook["cells"]:
            source = "".join(cell["source"]).lstrip()
            wanted = "-"
            if cell["cell_type"] == "markdown" and source.startswith(("# ", "## ")):
                wanted = "slide"
            elif cell["cell_type"] == "markdown" and source.startswith("### "):
                wanted = "subslide"
            assert cell["metadata"].get("slideshow", {}).get("slide_type") == wanted, (chapter.notebook, source[:40])


def test_every_chapter_opens_with_its_number_and_the_same_setting_up_section():
    for chapter in CHAPTERS[1:]:
        cells = json.loads((NOTEBOOKS / chapter.notebook).read_text())["cells"]
        title = "".join(cells[0]["source"]).splitlines()[0]
        assert title.startswith(f"# {chapter.notebook[:2]} · "), (chapter.notebook, title)
        first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
        assert "".join(cells[first_code - 1]["source"]).startswith("## Setting up 准备"), chapter.notebook
