"""Mark each chapter's sections as slides, so `make slides` gives a lecturer a deck per chapter.

A markdown cell opening with '# ' or '## ' starts a new slide, one opening with '### '
a sub-slide (reveal.js's vertical stack); every other cell follows on the same slide
and scrolls. Run it after adding cells to a notebook:

    .venv/bin/python -m lrdecay_lessons.authoring.slides notebooks/*.ipynb

It changes cell metadata only, never sources or outputs, so the stored outputs that
nbval compares are untouched.
"""

from __future__ import annotations

import sys

import nbformat


def slide_type(cell: nbformat.NotebookNode) -> str:
    """The reveal.js slide type for one cell."""
    if cell.cell_type == "markdown":
        first = cell.source.lstrip().split("\n", 1)[0]
        if first.startswith(("# ", "## ")):
            return "slide"
        if first.startswith("### "):
            return "subslide"
    return "-"


def mark(path: str) -> bool:
    """Set every cell's slide type; return whether anything changed."""
    notebook = nbformat.read(path, as_version=4)
    changed = False
    for cell in notebook.cells:
        wanted = slide_type(cell)
        if cell.metadata.get("slideshow", {}).get("slide_type") != wanted:
            cell.metadata["slideshow"] = {"slide_type": wanted}
            changed = True
    if changed:
        nbformat.write(notebook, path)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {'marked' if mark(name) else 'already marked'}")
