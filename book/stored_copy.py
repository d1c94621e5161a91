"""A small Sphinx extension of the book (``book/conf.py``): every page says honestly that it is a stored copy.

* **Once per page, under its title**, a short note (``div.stored-copy``): the page shows the outputs
  saved when the notebook last ran, nothing runs here, and how to run the chapter: ``make lab`` in the
  course folder, or the notebook itself, downloaded from the note's button (the notebooks are copied to
  ``notebooks/`` in the built book).
* **Slider panels**: above each panel a one-line caption (``p.stored-sliders``) says that its sliders move
  but redraw nothing on this page; and a sentence of the chapter that promises a redraw or a retraining
  ("Move one and the picture below redraws at once") is followed by "(in JupyterLab: ``make lab``)".

The notebooks are never edited: the note, the captions and the qualifiers are added to the parsed pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docutils import nodes

#: A sentence that promises the picture moves with the sliders.
PROMISE = re.compile(r"\b(re-?draws?|re-?trains?|redrawn|retrained)\b", re.I)
QUALIFIER = " (in JupyterLab: make lab; on this stored page the picture stays as saved)"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def note_html(notebook: str) -> str:
    """The stored-copy note of one page, with the download button of its ``notebook`` (a file name)."""
    return (
        '<div class="stored-copy" role="note"><p><strong>Stored copy.</strong> This page shows the outputs '
        "saved when the notebook last ran: nothing runs here, and its sliders redraw nothing. "
        "To run the chapter, type <code>make lab</code> in the course folder, or open the notebook "
        f'in Jupyter: <a class="stored-copy-download" href="notebooks/{notebook}" download="{notebook}">'
        f"⬇ Download {notebook}</a></p></div>"
    )


def _is_panel(node: nodes.Node) -> bool:
    return isinstance(node, nodes.raw) and WIDGET_VIEW in node.astext()


def _output_of(node: nodes.Node) -> nodes.Node:
    """The cell output container holding ``node`` (or ``node`` itself)."""
    parent = node
    while parent.parent is not None and not (
            isinstance(parent, nodes.container) and "cell_output" in parent.get("classes", [])):
        parent = parent.parent
    return parent if parent.parent is not None else node


def mark_stored_copy(app, doctree: nodes.document) -> None:
    """Add the page's note under its title, captions over its panels, qualifiers after its promises."""
    notebook = f"{app.env.docname}.ipynb"
    if not (Path(app.srcdir) / notebook).is_file():
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, nodes.raw("", note_html(notebook), format="html"))
    for raw in [r for r in doctree.findall(nodes.raw) if _is_panel(r)]:
        output = _output_of(raw)
        caption = nodes.paragraph("", "", nodes.Text(
            "Stored copy: these controls move, but the picture stays as saved (make lab runs it)."),
            classes=["stored-sliders"])
        output.parent.insert(output.parent.index(output), caption)
    for paragraph in list(doctree.findall(nodes.paragraph)):
        if "stored-sliders" in paragraph["classes"] or not PROMISE.search(paragraph.astext()):
            continue
        if any(isinstance(p, nodes.container) and "cell_output" in p.get("classes", [])
               for p in _ancestors(paragraph)):
            continue
        _qualify(paragraph)


def _qualify(paragraph: nodes.paragraph) -> None:
    """Put :data:`QUALIFIER` before the full stop of the paragraph's first sentence that promises a redraw."""
    for text in list(paragraph.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.literal, nodes.math)):
            continue
        found = PROMISE.search(str(text))
        if not found:
            continue
        stop = str(text).find(".", found.end())
        stop = len(text) if stop < 0 else stop
        parent = text.parent
        at = parent.index(text)
        parent.replace(text, nodes.Text(str(text)[:stop]))
        parent.insert(at + 1, nodes.inline("", QUALIFIER, classes=["stored-qualifier"]))
        if str(text)[stop:]:
            parent.insert(at + 2, nodes.Text(str(text)[stop:]))
        return


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def copy_notebooks(app, exception) -> None:
    """Put every page's notebook into the built book's ``notebooks/``, for the download buttons."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "notebooks"
    target.mkdir(exist_ok=True)
    for docname in app.env.found_docs:
        source = Path(app.srcdir) / f"{docname}.ipynb"
        if source.is_file():
            shutil.copyfile(source, target / source.name)


def setup(app):
    app.connect("doctree-read", mark_stored_copy)
    app.connect("build-finished", copy_notebooks)
    app.add_css_file("stored-copy.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
