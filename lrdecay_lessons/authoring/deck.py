"""The notebooks as ``make slides`` shows them: a copy cut into slides that fit a 1024x768 screen.

``python -m lrdecay_lessons.authoring.deck OUTDIR notebooks/*.ipynb`` writes, for each notebook, a copy
into ``OUTDIR`` (same file name) that nbconvert turns into a reveal.js deck. The source notebooks are
never changed; only the copy is cut:

* every markdown cell is split at its ``#``, ``##`` and ``###`` headings (outside code fences), so each
  ``#``/``##`` heading opens a horizontal slide, wherever it stands in a cell, and ``###`` a vertical one;
* a section is packed into vertical sub-slides (reveal.js's ``subslide``), cell by cell, each holding at
  most :data:`BUDGET` pixels of estimated height (:func:`estimate`); a long markdown cell is split at its
  paragraphs for it. A continued sub-slide starts with a line naming its section ("… (2/3)");
* a code cell's long output goes on after it in pieces: a table cut by rows (its heading repeated), other
  HTML (a note, a list of gaps) cut between its blocks (:func:`split_html_blocks`: paragraphs, list items;
  each piece re-opens the boxes it lies in, a label stays with what it labels);
* every section gets speaker notes (a ``notes`` cell, key ``s`` in the deck): its opening paragraph,
  then what its slides show (figures, tables, panels, exercises, sub-slides).

Cells, sources and outputs are copied as they are (a markdown cell split in two renders the same), so the
decks show exactly the stored outputs. Whatever the estimate misses, the deck template
(``book/templates/offline-slides``) shrinks to fit on screen; ``tests/browser/test_slides_fit.py``
measures every slide.
"""

from __future__ import annotations

import base64
import copy
import html as htmllib
import re
import struct
import sys
import unicodedata
from pathlib import Path

import nbformat

#: Estimated pixels a sub-slide may hold (reveal.js's slide is 960x700; headings and margins take the rest).
BUDGET = 600
#: Width of the text column in pixels, and average widths of one character (20 px prose, 19 px code).
WIDTH = 900
PROSE_CHAR, CODE_CHAR = 10.0, 11.5
PROSE_LINE, CODE_LINE, OUTPUT_LINE = 31, 27, 25
#: The deck's CSS caps a picture's height (``.jp-OutputArea-output img``), in pixels.
PICTURE_MAX = 440
#: Estimated pixels one piece of a long table may take (the rest of the sub-slide: a heading, a line).
TABLE_ROOM = BUDGET - 110
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
HEADING = re.compile(r"^(#{1,3}) (.*)$")
FENCE = re.compile(r"^\s*(```|~~~)")


def _width(text: str) -> float:
    """Characters of ``text`` counted in Latin character widths (a CJK character is two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, per_line: float) -> int:
    return sum(max(1, -(-int(_width(line)) // int(per_line))) for line in text.splitlines()) if text else 0


def _markdown_height(source: str) -> float:
    height, per_line = 0.0, WIDTH / PROSE_CHAR
    in_math = in_fence = False
    for block in re.split(r"\n\s*\n", source.strip()):
        first = block.lstrip().splitlines()[0] if block.strip() else ""
        if heading := HEADING.match(first):
            level = len(heading.group(1))
            height += {1: 2 * 55, 2: 75, 3: 60}[level] * max(1, _lines(heading.group(2), per_line / 1.6))
            block = block.split("\n", 1)[1] if "\n" in block else ""
            if not block.strip():
                continue
        if block.strip().startswith("$$") or in_math:
            height += 28 * block.count("\n") + 60
            in_math = block.count("$$") % 2 == 1 and not in_math
            continue
        if FENCE.match(block) or in_fence:
            height += CODE_LINE * len(block.splitlines()) + 20
            in_fence = len(FENCE.findall(block)) % 2 == 1 and not in_fence
            continue
        text = re.sub(r"\$[^$]+\$", "xxxxx", block)  # inline math: about a word
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link shows its text only
        items = len(re.findall(r"^\s*([-*+]|\d+\.) ", text, re.M))
        if text.lstrip().startswith("|"):  # a markdown table
            height += table_height(_markdown_rows(text))
        else:
            height += PROSE_LINE * _lines(text, per_line) + 22 + 8 * items
    return height


#: Height of one line of a table's cell, and a row's padding and rule, in pixels.
TABLE_LINE, TABLE_ROW = 26, 14
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)


def _html(data: dict) -> str:
    html = data["text/html"]
    return "".join(html) if isinstance(html, list) else html


def _html_rows(html: str) -> list[list[str]]:
    """The text of each cell of each row of an HTML table."""
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in _CELL.findall(row)]
            for row in _ROW.findall(html)]


def _markdown_rows(block: str) -> list[list[str]]:
    """The text of each cell of each row of a markdown table (its ``|---|`` line left out)."""
    rows = [line.strip().strip("|").split("|") for line in block.splitlines() if line.lstrip().startswith("|")]
    return [[re.sub(r"\$[^$]+\$", "xxxxx", cell).strip() for cell in row] for row in rows
            if not all(re.fullmatch(r"\s*:?-{3,}:?\s*", cell) for cell in row)]


def row_height(row: list[str], columns: int) -> float:
    """A table row's height: its cell with the most lines, the columns sharing the slide's width."""
    per_line = WIDTH / PROSE_CHAR / max(columns, 1)
    return TABLE_ROW + TABLE_LINE * max((max(1, -(-int(_width(cell)) // max(int(per_line), 1))) for cell in row),
                                        default=1)


def table_height(rows: list[list[str]]) -> float:
    columns = max((len(row) for row in rows), default=1)
    return sum(row_height(row, columns) for row in rows) + 20


def _row_chunks(rows: list[list[str]], room: float, first: float) -> list[tuple[int, int]]:
    """Rows ``1..`` (row 0 is the heading, repeated) packed into ``(start, stop)`` chunks of at most ``room``
    estimated pixels, the first chunk of at most ``first``."""
    columns = max((len(row) for row in rows), default=1)
    head = row_height(rows[0], columns) + 20 if rows else 0
    chunks, start, used, limit = [], 1, head, first
    for i in range(1, len(rows)):
        height = row_height(rows[i], columns)
        if i > start and used + height > limit:
            chunks.append((start, i))
            start, used, limit = i, head, room
        used += height
    chunks.append((start, len(rows)))
    return chunks


def split_html_table(html: str, room: float, first: float | None = None) -> list[str]:
    """``html`` (one ``<table>`` with a heading row) cut into tables of at most ``room`` estimated pixels
    (the first of at most ``first``), each repeating the heading; one piece when it fits or has no table."""
    first = room if first is None else first
    match = re.search(r"(?P<open><table\b[^>]*>)(?P<body>.*?)</table>", html, re.S)
    if not match:
        return [html]
    rows = _ROW.findall(match["body"])
    texts = _html_rows(match["body"])
    if len(rows) < 3 or table_height(texts) <= first:
        return [html]
    caption = re.search(r"<caption\b.*?</caption>", match["body"], re.S)
    before, after = html[:match.start()], html[match.end():]
    pieces = []
    for number, (start, stop) in enumerate(_row_chunks(texts, room, first)):
        table = (match["open"] + (caption[0] if caption and number == 0 else "")
                 + f"<thead>{rows[0]}</thead><tbody>{''.join(rows[start:stop])}</tbody></table>")
        pieces.append(table)
    pieces[0] = before + pieces[0]
    pieces[-1] = pieces[-1] + after
    return pieces


def split_markdown_table(block: str, room: float) -> list[str]:
    """The markdown table in ``block`` cut like :func:`split_html_table` (its heading and ``|---|`` lines
    repeated); lines before the table go with its first piece, lines after it with its last."""
    lines = block.split("\n")
    rows_at = [i for i, line in enumerate(lines) if line.lstrip().startswith("|")]
    if len(rows_at) < 4 or rows_at != list(range(rows_at[0], rows_at[-1] + 1)):
        return [block]
    before, table, after = lines[:rows_at[0]], lines[rows_at[0]:rows_at[-1] + 1], lines[rows_at[-1] + 1:]
    if table_height(_markdown_rows("\n".join(table))) <= room:
        return [block]
    head, body = table[:2], table[2:]
    rows = [_markdown_rows(table[0])[0]] + [(_markdown_rows(line) or [[""]])[0] for line in body]
    pieces = ["\n".join(head + body[start - 1:stop - 1]) for start, stop in _row_chunks(rows, room, room)]
    pieces[0] = "\n".join(before + [pieces[0]])
    pieces[-1] = "\n".join([pieces[-1]] + after)
    return pieces


#: HTML elements that open a block of their own (a line break before and after), and void ones (no end tag).
BLOCKS = {"div", "p", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "blockquote", "section",
          "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "figure", "hr"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}
#: Containers a too-tall HTML output is opened up at (their children become the pieces' parts).
CONTAINERS = {"div", "ul", "ol", "dl", "section", "blockquote", "details"}
#: Short parts that introduce what follows them (a label, a heading): never left at a piece's end.
LEADS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<!--.*?-->", re.S)
_FONT = re.compile(r"font-size:\s*([\d.]+)em")
_MONO = re.compile(r"<(?:code|tt|kbd)\b[^>]*>.*?</(?:code|tt|kbd)>|<span\b[^>]*monospace[^>]*>.*?</span>", re.S)


def _html_height(html: str, scale: float = 1.0) -> float:
    """Estimated height of an HTML fragment: a line per block (paragraph, list item, code line), wrapped
    at the slide's width, at ``scale`` times the prose's size (times its outer element's ``font-size: ..em``);
    a ``<pre>`` in code lines, and text in a monospace font counted in code characters' widths."""
    height = 0.0
    if outer := _FONT.search(html.lstrip().split(">", 1)[0]):
        scale *= float(outer[1])
    plain = len(re.sub(r"<[^>]+>", "", html)) or 1
    mono = sum(len(re.sub(r"<[^>]+>", "", m)) for m in _MONO.findall(html))
    wide = 1 + (CODE_CHAR / PROSE_CHAR - 1) * min(mono / plain, 1.0)  # monospace text runs wider than prose
    for pre, text in re.findall(r"<pre\b[^>]*>(.*?)</pre>|((?:(?!<pre\b).)+)", html, re.S):
        if pre:
            height += CODE_LINE * scale * _lines(htmllib.unescape(re.sub(r"<[^>]+>", "", pre)),
                                                 WIDTH / CODE_CHAR / scale) + 12
            continue
        blocks = len(re.findall(r"<(p|ul|ol|dl|table|blockquote)\b", text))
        text = re.sub(r"<(/?)(?:" + "|".join(BLOCKS) + r")\b[^>]*>|<br\s*/?>", "\n", text)
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", text))
        lines = [" ".join(line.split()) for line in text.split("\n")]
        height += PROSE_LINE * scale * sum(_lines(line, WIDTH / PROSE_CHAR / scale / wide) for line in lines if line)
        height += 8 * blocks
    return height


def _elements(html: str) -> list[tuple[int, int, str, str]]:
    """The top-level parts of ``html``: ``(start, stop, tag, open tag)`` per element, tag ``""`` for text
    between them (whitespace-only text left out)."""
    parts, depth, start, name, opening, at = [], 0, 0, "", "", 0
    for match in _TAG.finditer(html):
        if match[0].startswith("<!--"):
            continue
        closing, tag = match[1] == "/", match[2].lower()
        if depth == 0 and not closing:
            if html[at:match.start()].strip():
                parts.append((at, match.start(), "", ""))
            start, name, opening = match.start(), tag, match[0]
        if tag in VOID or match[0].endswith("/>"):
            if depth == 0:
                parts.append((start, match.end(), tag, opening))
                at = match.end()
            continue
        depth += -1 if closing else 1
        if depth == 0 and closing:
            parts.append((start, match.end(), name, opening))
            at = match.end()
        depth = max(depth, 0)
    if html[at:].strip():
        parts.append((at, len(html), "", ""))
    return parts


def _atoms(html: str, room: float, path: tuple[str, ...] = (), scale: float = 1.0) -> list[tuple[tuple[str, ...], str, float]]:
    """``html`` as a list of ``(open tags around it, fragment, estimated height)``: each part that is a
    container taller than ``room`` (or the only part) opened up into its own parts, recursively."""
    atoms = []
    parts = _elements(html)
    for start, stop, tag, opening in parts:
        fragment = html[start:stop]
        size = scale * float(_FONT.search(opening)[1]) if _FONT.search(opening) else scale
        height = _html_height(fragment, scale)
        inner = fragment[len(opening):fragment.rfind("</")]
        if tag in CONTAINERS and (height > room or len(parts) == 1) and len(_elements(inner)) > 1:
            atoms += _atoms(inner, room, path + (opening,), size)
        else:
            atoms.append((path, fragment, height))
    return atoms


def _reopen(opening: str, items: int) -> str:
    """An ``<ol>`` opened again after ``items`` of its items went on an earlier piece: numbered on."""
    if items and re.match(r"<ol\b", opening, re.I) and "start=" not in opening:
        return f'{opening[:-1].rstrip("/")} start="{items + 1}">'
    return opening


def split_html_blocks(html: str, room: float, first: float | None = None) -> list[str]:
    """``html`` (paragraphs, lists, notes; no table) cut between its blocks into pieces of at most ``room``
    estimated pixels (the first of at most ``first``); each piece re-opens the elements it lies in (a
    numbered list numbered on), and a label or heading stays with what follows it. One piece when it fits."""
    first = room if first is None else first
    if _html_height(html) <= first:
        return [html]
    atoms = _atoms(html, room)
    if len(atoms) < 2:
        return [html]
    groups: list[list[int]] = []
    for i, (path, fragment, _) in enumerate(atoms):
        tag = (_elements(fragment) or [(0, 0, "", "")])[0][2]
        lead = groups and groups[-1][-1] == i - 1 and atoms[i - 1][1].lstrip().startswith("<") \
            and (_elements(atoms[i - 1][1]) or [(0, 0, "", "")])[0][2] in LEADS
        if lead or (groups and tag in ("ul", "ol", "pre", "dl") and atoms[i - 1][0] == path
                    and (_elements(atoms[i - 1][1]) or [(0, 0, "", "")])[0][2] == "p"
                    and atoms[i - 1][2] < 2 * PROSE_LINE):
            groups[-1].append(i)  # a lead-in (a label, a one-line paragraph) stays with what follows
        else:
            groups.append([i])
    pieces: list[list[int]] = [[]]
    used, limit = 0.0, first
    for group in groups:
        height = sum(atoms[i][2] for i in group)
        if pieces[-1] and used + height > limit:
            pieces.append([])
            used, limit = 0.0, room
        pieces[-1] += group
        used += height
    out, items = [], {}  # items: how many parts of each open element went on earlier pieces
    for piece in pieces:
        text, stack = "", []
        for i in piece:
            path, fragment, _ = atoms[i]
            common = 0
            while common < min(len(stack), len(path)) and stack[common] == path[common]:
                common += 1
            for opening in reversed(stack[common:]):
                text += f"</{_TAG.match(opening)[2]}>"
            for depth in range(common, len(path)):
                text += _reopen(path[depth], items.get(path[:depth + 1], 0))
            stack = list(path)
            text += fragment
            items[path] = items.get(path, 0) + 1
        for opening in reversed(stack):
            text += f"</{_TAG.match(opening)[2]}>"
        out.append(text)
    return out


def _png_height(data: str) -> float:
    head = base64.b64decode(data[:64])
    width, height = struct.unpack(">II", head[16:24])
    return min(PICTURE_MAX, height * min(1.0, WIDTH / width))


def _output_height(output: nbformat.NotebookNode, widgets: dict) -> float:
    if output.get("output_type") == "stream":
        return OUTPUT_LINE * _lines(output.get("text", ""), WIDTH / CODE_CHAR) + 14
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        return _widget_height(data[WIDGET_VIEW].get("model_id", ""), widgets)
    if "image/png" in data:
        return _png_height(data["image/png"]) + 10
    if "text/html" in data:
        html = _html(data)
        if "<tr" in html and _only_a_table(html):
            return table_height(_html_rows(html)) + 30
        if "<tr" in html:  # a table among paragraphs and lists: measured block by block
            return _html_height(html) + 30
        text = re.sub(r"<[^>]+>", " ", html)
        return 30 + PROSE_LINE * _lines(re.sub(r"\s+", " ", text).strip(), WIDTH / PROSE_CHAR)
    if "text/markdown" in data:
        return _markdown_height("".join(data["text/markdown"]))
    if "text/plain" in data:
        return OUTPUT_LINE * _lines("".join(data["text/plain"]), WIDTH / CODE_CHAR) + 14
    return 0.0


#: A browser panel on a slide (``webpanel/src/panel.js``, ``panel.css``): its heading, a row per control
#: shown, and its charts at ``DECK_SCALE`` of their height with a title line above each (and a legend
#: "below" in two columns under it), charts 8 px apart in a column, side by side in a row.
PANEL_HEADING, PANEL_CONTROL, PANEL_CHART_SCALE, PANEL_TITLE = 32, 24, 0.45, 35
PANEL_LEGEND_ROW, PANEL_LEGEND_BOX, PANEL_GAP, PANEL_CHART_HEIGHT = 24.3, 12, 8, 520


def browser_panel_height(spec: dict, values: dict) -> float:
    """A browser panel's height on a slide, from its ``spec`` and starting ``values``.

    ``heading + control * shown controls + charts``, where a chart is
    ``title + scale * height`` (no title line for an empty title), plus
    ``legend row * ceil(series / 2) + legend box`` for a legend "below"; the charts' heights are summed
    (with the gaps) in a column, their tallest taken in a row. A control with ``when`` counts only if it
    is shown at the start.
    """
    shown = [c for c in spec.get("controls", [])
             if "when" not in c or values.get(c["when"]["control"]) in c["when"]["in"]]
    charts = []
    for plot in spec.get("plots", []):
        chart = PANEL_TITLE * bool(plot.get("title"))
        chart += round(PANEL_CHART_SCALE * (plot.get("height") or PANEL_CHART_HEIGHT))
        if plot.get("legend") == "below":
            chart += PANEL_LEGEND_ROW * -(-len(plot.get("series", [])) // 2) + PANEL_LEGEND_BOX
        charts.append(chart)
    if spec.get("layout") == "row":
        plots = max(charts, default=0.0)
    else:
        plots = sum(charts) + PANEL_GAP * max(len(charts) - 1, 0)
    return PANEL_HEADING + PANEL_CONTROL * len(shown) + plots


def _widget_height(model_id: str, widgets: dict, seen: set | None = None) -> float:
    """A panel's height: a row per control, its picture capped like every picture; a browser panel
    (an anywidget with a ``spec``) as :func:`browser_panel_height` estimates it."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in widgets:
        return 0.0
    seen.add(model_id)
    model = widgets[model_id]
    name, state = model.get("model_name", ""), model.get("state", {})
    if name == "AnyModel" and isinstance(state.get("spec"), dict):
        return browser_panel_height(state["spec"], state.get("values") or {})
    if name.endswith(("SliderModel", "DropdownModel", "TextModel", "CheckboxModel", "ButtonModel")):
        return 40.0
    if name == "OutputModel":
        return sum(_output_height(nbformat.from_dict(o), widgets) for o in state.get("outputs", [])) or PICTURE_MAX
    if name in ("HTMLModel", "LabelModel", "HTMLMathModel"):
        return 40.0
    children = [c.removeprefix("IPY_MODEL_") for c in state.get("children", [])]
    parts = [_widget_height(c, widgets, seen) for c in children]
    if name == "HBoxModel":
        return max(parts, default=0.0)
    if name in ("ImageModel",):
        return PICTURE_MAX
    return sum(parts)


def estimate(cell: nbformat.NotebookNode, widgets: dict | None = None) -> float:
    """Estimated height of a cell in the deck, in the slide's pixels (reveal.js's 960x700 slide)."""
    widgets = widgets or {}
    if cell.cell_type == "markdown":
        if cell.metadata.get("deck_piece") and cell.source.lstrip().startswith("<") and "<tr" not in cell.source:
            return _html_height(cell.source)  # a piece of an HTML output: its tags take no room
        return _markdown_height(cell.source)
    if cell.cell_type != "code":
        return 0.0
    height = CODE_LINE * _lines(cell.source, WIDTH / CODE_CHAR) + 24
    return height + sum(_output_height(o, widgets) for o in cell.get("outputs", []))


def _split_markdown(source: str, paragraphs: bool) -> list[str]:
    """``source`` cut before every heading line, and (``paragraphs``) between its paragraphs, where a
    cut changes nothing: never inside a code fence, a ``$$`` formula, an HTML block or before an
    indented line (a list item's continuation)."""
    pieces: list[list[str]] = [[]]
    fenced = math = False
    html = 0
    lines = source.split("\n")
    for i, line in enumerate(lines):
        cut = False
        if not fenced and not math and not html:
            if HEADING.match(line) and any(x.strip() for x in pieces[-1]):
                cut = True
            elif paragraphs and line.strip() and i and not lines[i - 1].strip() \
                    and not line[0].isspace() and any(x.strip() for x in pieces[-1]):
                cut = True
        if cut:
            pieces.append([])
        pieces[-1].append(line)
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            if line.count("$$") % 2 == 1:
                math = not math
            html += len(re.findall(r"<(div|details|table|ul|ol|blockquote)\b", line))
            html -= len(re.findall(r"</(div|details|table|ul|ol|blockquote)>", line))
            html = max(html, 0)
    return ["\n".join(p).strip("\n") for p in pieces if "\n".join(p).strip()]


def _heading(cell: nbformat.NotebookNode) -> tuple[int, str] | None:
    if cell.cell_type != "markdown":
        return None
    match = HEADING.match(cell.source.lstrip().split("\n", 1)[0])
    return (len(match.group(1)), match.group(2).strip()) if match else None


def _piece(cell: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    piece = copy.deepcopy(cell)
    piece.source = source
    piece.pop("id", None)
    return piece


def _plain(markdown: str) -> str:
    """Markdown reduced to a sentence for the notes: no heading marks, links as their text, and formulas as
    their TeX in code spans (MathJax leaves the hidden notes untypeset, so they would show as raw ``$...$``)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\$\$(.+?)\$\$", r"`\1`", text, flags=re.S)
    text = re.sub(r"(?<!\\)\$([^$]+?)\$", r"`\1`", text)
    return re.sub(r"\s+", " ", text).strip()


def _notes(title: str, cells: list[nbformat.NotebookNode], slides: int) -> str:
    """A lecturer's note for one section: its opening paragraph and what its slides show."""
    opening = next((c.source for c in cells if c.cell_type == "markdown" and not _heading(c)
                    and not c.source.lstrip().startswith(("$$", "|", "<", "```"))), "")
    figures = tables = panels = 0
    exercise = False
    for cell in cells:
        if cell.cell_type == "code" and "question(" in cell.source:
            exercise = True
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            panels += WIDGET_VIEW in data
            figures += "image/png" in data and WIDGET_VIEW not in data
            tables += "<tr" in "".join(data.get("text/html", "")) and WIDGET_VIEW not in data
    shown = [f"{n} {word}{'s' if n > 1 else ''}" for n, word in
             ((figures, "figure"), (tables, "table"), (panels, "slider panel")) if n]
    lines = [f"**{title}**", ""]
    if opening:
        lines += [_plain(opening), ""]
    summary = f"{slides} slide{'s' if slides > 1 else ''} (arrow right for each)"
    if shown:
        summary += "; shows " + ", ".join(shown)
    if panels:
        summary += " (the sliders move the picture only in `make lab`)"
    if exercise:
        summary += "; ends with an exercise for the audience"
    return "\n".join(lines + [summary + "."])


def _as_markdown(output: nbformat.NotebookNode) -> str | None:
    """An output a markdown cell shows the same (HTML without a widget, or markdown), as that cell's source."""
    data = output.get("data", {})
    if WIDGET_VIEW in data or "image/png" in data:
        return None
    if "text/markdown" in data:
        markdown = data["text/markdown"]
        return "".join(markdown) if isinstance(markdown, list) else markdown
    if "text/html" in data:
        return _html(data)
    return None


def _only_a_table(html: str) -> bool:
    """Whether ``html`` is one table (with its caption) and little else: then it is cut by rows; an output with
    paragraphs or lists around a table is cut between its blocks instead, the table one of them."""
    outside = re.sub(r"<table\b.*?</table>", "", html, count=1, flags=re.S)
    return len(re.sub(r"<[^>]+>", "", outside).strip()) < 80


def _split_outputs(cell: nbformat.NotebookNode, widgets: dict) -> list[nbformat.NotebookNode]:
    """A code cell too tall for a slide whose last outputs are HTML or markdown: the cell with the first of
    them (its first rows, if a long table), then a markdown cell per further piece (marked ``deck_piece``),
    each output's long table cut by rows with its heading repeated. Else the cell alone."""
    cell = copy.deepcopy(cell)
    outputs = cell.get("outputs", [])
    if cell.cell_type != "code" or estimate(cell, widgets) <= BUDGET:
        return [cell]
    keep = len(outputs)
    while keep > 0 and _as_markdown(outputs[keep - 1]) is not None:
        keep -= 1
    if keep == len(outputs):
        return [cell]
    moved = outputs[keep:]
    above = estimate(cell, widgets) - sum(_output_height(o, widgets) for o in moved)
    pieces: list[tuple[str, str]] = []  # (mime type, text)
    for number, output in enumerate(moved):
        text = _as_markdown(output)
        kind = "text/markdown" if "text/markdown" in output.get("data", {}) else "text/html"
        first = max(TABLE_ROOM - above, 120) if number == 0 else TABLE_ROOM
        if kind == "text/markdown":
            split = split_markdown_table(text, TABLE_ROOM)
        elif "<tr" in text and _only_a_table(text):
            split = split_html_table(text, TABLE_ROOM, first=first)
        else:
            split = split_html_blocks(text, TABLE_ROOM, first=first)
        pieces += [(kind, piece) for piece in split]
    if len(pieces) == 1:
        return [cell]
    first_kind, first_text = pieces[0]
    cell.outputs = outputs[:keep] + [nbformat.v4.new_output("display_data", data={first_kind: first_text})]
    more = []
    for _, text in pieces[1:]:
        piece = nbformat.v4.new_markdown_cell(text)
        piece.metadata["deck_piece"] = True  # a piece of a code output, not the author's markdown
        more.append(piece)
    return [cell] + more


def deck(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` cut into slides that fit (see the module's docstring)."""
    widgets = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    widgets = widgets.get("state", {})
    # 1. Cut markdown at headings, and long markdown at paragraphs.
    pieces: list[tuple[nbformat.NotebookNode, int]] = []  # (cell, index of the source cell)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            long = estimate(cell) > BUDGET / 3
            for source in _split_markdown(cell.source, paragraphs=long):
                for part in split_markdown_table(source, TABLE_ROOM):
                    pieces.append((_piece(cell, part), index))
        else:
            pieces += [(part, index) for part in _split_outputs(cell, widgets)]
    # 2. Sections (a # or ## heading) of sub-slides (a ### heading, or the budget spent).
    sections: list[tuple[str, list[list[tuple[nbformat.NotebookNode, int]]]]] = []
    for cell, index in pieces:
        heading = _heading(cell)
        if heading and heading[0] <= 2 or not sections:
            sections.append((heading[1] if heading else "", [[]]))
        title, subslides = sections[-1]
        current = subslides[-1]
        used = sum(estimate(c, widgets) for c, _ in current)
        height = estimate(cell, widgets)
        if current and (heading and heading[0] == 3 or used + height > BUDGET):
            subslides.append([])
        subslides[-1].append((cell, index))
    # 3. Join the pieces of one source cell that share a sub-slide; mark; add notes and continuations.
    out = copy.deepcopy(notebook)
    out.cells = []
    for title, subslides in sections:
        every = [c for sub in subslides for c, _ in sub]
        for number, sub in enumerate(subslides):
            cells: list[nbformat.NotebookNode] = []
            for cell, index in sub:
                previous = cells[-1] if cells else None
                if previous is not None and cell.cell_type == "markdown" and previous.cell_type == "markdown" \
                        and previous.metadata.get("_deck_source") == index and not _heading(cell):
                    previous.source += "\n\n" + cell.source
                    continue
                cell.metadata["_deck_source"] = index
                cells.append(cell)
            if number and title:
                cont = nbformat.v4.new_markdown_cell(
                    f'<p class="deck-continued">{title} ({number + 1}/{len(subslides)})</p>')
                cells.insert(0, cont)
            for i, cell in enumerate(cells):
                cell.metadata.pop("_deck_source", None)
                kind = "-"
                if i == 0:
                    kind = "slide" if number == 0 else "subslide"
                cell.metadata["slideshow"] = {"slide_type": kind}
            if number == 0:
                note = nbformat.v4.new_markdown_cell(_notes(title, every, len(subslides)))
                note.metadata["slideshow"] = {"slide_type": "notes"}
                cells.insert(1, note)
            out.cells += cells
    for i, cell in enumerate(out.cells):  # fresh, stable ids for the copy
        cell.id = f"deck-{i}"
    return out


def write_decks(outdir: str, paths: list[str]) -> None:
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        nbformat.write(deck(notebook), target / Path(path).name)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit("usage: python -m lrdecay_lessons.authoring.deck OUTDIR NOTEBOOK...")
    write_decks(sys.argv[1], sys.argv[2:])
