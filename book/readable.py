"""A small Sphinx extension of the book (``book/conf.py``): the stored outputs as a reader needs them.

* **Alt text of figures.** myst-nb gives a stored PNG no alt text, so the HTML writer uses the file's
  path. The figures' titles are drawn into the pixels and not stored beside them, so each figure of
  a cell output is described by its place: "Figure 3 of 02 Step Decay 阶梯衰减, in Step Decay 阶梯衰减"
  (the chapter's title and the heading of the section it sits in). An alt text set in the cell's
  metadata (myst-nb's ``mystnb: image: alt``) is kept.
* **Output tables** (``display.Table``'s ``<table class="lrdecay-table">``): a cell that holds a
  number (``150``, ``0.05``, ``1e-05``, ``12.5 %``, ``0.031 ± 0.002``) gets ``class="num"`` (right
  aligned, on one line; ``static/reading.css``), a heading over a column of numbers too, and the
  table goes into a box of its own (``div.table-scroll``) that scrolls across, with a scrollbar, when
  the table is wider than the column (printed, the table wraps instead). The markdown tables' number
  cells get ``class="num"`` too.

The HTML is rewritten the same way on every build, so the book stays deterministic.
"""

from __future__ import annotations

import html
import re

from docutils import nodes

# A number as display.format_number writes it, with an optional unit % and an optional "± spread".
_NUMBER = r"[−+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][−+-]?\d+)?\s*%?"
NUMBER = re.compile(rf"^{_NUMBER}(?:\s*±\s*{_NUMBER})?$")
_TABLE = re.compile(r'<table class="lrdecay-table"[^>]*>.*?</table>', re.S)
_ROW = re.compile(r"<tr(?P<attrs>[^>]*)>(?P<cells>.*?)</tr>", re.S)
_CELL = re.compile(r"<(?P<tag>td|th)>(?P<text>.*?)</(?P=tag)>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def is_number(cell_html: str) -> bool:
    """Whether a table cell (its inner HTML) shows a number."""
    return bool(NUMBER.match(html.unescape(_TAGS.sub("", cell_html)).strip()))


def _mark_numbers(table: str) -> str:
    """``table`` with its numeric cells, and the headings of all-numeric columns, of class ``num``."""
    rows = [[(m["tag"], m["text"]) for m in _CELL.finditer(row["cells"])] for row in _ROW.finditer(table)]
    body = [row for row in rows if row and all(tag == "td" for tag, _ in row)]
    width = max((len(row) for row in rows), default=0)
    numeric_columns = {
        i for i in range(width)
        if body and all(i < len(row) and (is_number(row[i][1]) or row[i][1].strip() in ("", "—")) for row in body)
        and any(i < len(row) and is_number(row[i][1]) for row in body)
    }

    def cell(index: int, match: re.Match) -> str:
        tag, text = match["tag"], match["text"]
        numeric = is_number(text) if tag == "td" else index in numeric_columns
        if not numeric:
            return match[0]
        if tag == "td" and "±" in text:  # printed, the line may break before the ±, never in a number
            mean, spread = text.split("±", 1)
            text = f'<span class="num-part">{mean.strip()}</span> <span class="num-part">± {spread.strip()}</span>'
        return f'<{tag} class="num">{text}</{tag}>'

    def row(match: re.Match) -> str:
        cells = iter(range(10_000))
        return f"<tr{match['attrs']}>" + _CELL.sub(lambda m: cell(next(cells), m), match["cells"]) + "</tr>"

    return _ROW.sub(row, table)


def readable_tables(text: str) -> str:
    """Every ``lrdecay-table`` in ``text`` with its numbers marked, in a scroll box of its own."""
    return _TABLE.sub(lambda m: f'<div class="table-scroll">{_mark_numbers(m[0])}</div>', text)


def _in_cell_output(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and "cell_output" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def _section_title(node: nodes.Node) -> str | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children and isinstance(parent[0], nodes.title):
            return parent[0].astext()
        parent = parent.parent
    return None


def describe_outputs(app, doctree: nodes.document) -> None:
    """Give the figures of cell outputs an alt text and make the output tables readable."""
    titles = list(doctree.findall(nodes.title))
    chapter = titles[0].astext() if titles else app.env.docname
    number = 0
    for image in doctree.findall(nodes.image):
        if not _in_cell_output(image):
            continue
        number += 1
        if image.get("alt") and image["alt"] != image.get("uri"):
            continue  # the author's own alt text
        section = _section_title(image)
        where = f", in {section}" if section and section != chapter else ""
        image["alt"] = f"Figure {number} of {chapter}{where}"
    for entry in doctree.findall(nodes.entry):  # the markdown tables' numbers
        if is_number(entry.astext()):
            entry["classes"].append("num")
    for raw in doctree.findall(nodes.raw):
        if raw.get("format") == "html" and "lrdecay-table" in raw.astext():
            text = readable_tables(raw.astext())
            raw.children = [nodes.Text(text)]


def setup(app):
    app.connect("doctree-read", describe_outputs)
    app.add_css_file("reading.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
