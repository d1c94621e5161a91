"""lrdecay_lessons.authoring.deck: the notebooks cut into slides for `make slides` (copies only)."""

from __future__ import annotations

import collections
import copy
import re
from pathlib import Path

import nbformat
import pytest

from lrdecay_lessons.authoring.deck import BUDGET, browser_panel_height, deck, estimate

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = list(cells)
    return notebook


def _kinds(notebook: nbformat.NotebookNode) -> list[str]:
    return [c.metadata["slideshow"]["slide_type"] for c in notebook.cells]


def test_a_heading_inside_a_cell_opens_a_slide_and_a_fenced_one_does_not():
    md = nbformat.v4.new_markdown_cell(
        "# Title\n\nIntro.\n\n## First\n\nText.\n\n```python\n## not a heading\n```\n\n## Second\n\nMore.")
    out = deck(_notebook(md))
    slides = [c.source.split("\n")[0] for c in out.cells if c.metadata["slideshow"]["slide_type"] == "slide"]
    assert slides == ["# Title", "## First", "## Second"]
    holder = next(c for c in out.cells if "## not a heading" in c.source)
    assert holder.source.startswith("## First")  # the fenced line stays in its section's cell


def test_a_level_three_heading_opens_a_sub_slide():
    out = deck(_notebook(nbformat.v4.new_markdown_cell("## Section\n\nText.\n\n### Part\n\nMore.")))
    assert _kinds(out) == ["slide", "notes", "subslide", "-"]
    assert out.cells[2].source.startswith('<p class="deck-continued">Section (2/2)')


def test_a_long_section_is_cut_into_sub_slides_within_the_budget():
    code = [nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(8))) for _ in range(12)]
    out = deck(_notebook(nbformat.v4.new_markdown_cell("## Long\n\nText."), *code))
    kinds = _kinds(out)
    assert kinds.count("slide") == 1 and kinds.count("subslide") >= 2
    starts = [i for i, k in enumerate(kinds) if k in ("slide", "subslide")] + [len(kinds)]
    for start, end in zip(starts, starts[1:]):
        assert sum(estimate(c) for c in out.cells[start:end]) <= BUDGET + estimate(out.cells[start])
    # every code cell is still there, once, in order
    assert [c.source for c in out.cells if c.cell_type == "code"] == [c.source for c in code]


def test_every_section_has_notes_naming_its_opening_and_what_it_shows():
    png = nbformat.v4.new_output("display_data", data={"image/png": _PNG, "text/plain": "<Figure>"})
    cell = nbformat.v4.new_code_cell("fig", outputs=[png])
    out = deck(_notebook(nbformat.v4.new_markdown_cell("## A\n\nWhy decay helps.\n\n## B\n\nAnother."), cell))
    notes = [c.source for c in out.cells if c.metadata["slideshow"]["slide_type"] == "notes"]
    assert len(notes) == 2
    assert "Why decay helps." in notes[0] and "figure" not in notes[0]
    assert "Another." in notes[1] and "1 figure" in notes[1]


def test_the_source_notebook_is_not_changed():
    md = nbformat.v4.new_markdown_cell("## A\n\nText.\n\n## B")
    notebook = _notebook(md)
    before = copy.deepcopy(notebook)
    deck(notebook)
    assert notebook == before


def _text(output) -> str:
    data = output.get("data", {})
    text = data.get("text/markdown", data.get("text/html", ""))
    return "".join(text) if isinstance(text, list) else text


def _tokens(text: str) -> list[str]:
    """What an output shows, in order: table rows, and outside tables each line of text between two tags
    (an HTML output cut between its blocks re-opens the elements it lies in: their tags are no tokens)."""
    text = re.sub(r"</?(table|thead|tbody)\b[^>]*>|<caption\b.*?</caption>", " ", text, flags=re.S)
    parts = re.split(r"(<tr\b.*?</tr>)", text, flags=re.S)
    return [" ".join(p.split()) if p.startswith("<tr") else line for p in parts
            for line in ([p] if p.startswith("<tr") else
                         ["".join(x.split()) for node in re.split(r"<[^>]+>", p) for x in node.splitlines()])
            if line.strip()]


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` is a subsequence of ``whole``."""
    rest = iter(whole)
    return all(item in rest for item in part)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_chapter_deck_keeps_every_output_and_its_markdown(path: Path):
    """Nothing is lost or reordered; the only additions are a long table's heading rows, repeated on each of
    its pieces (a code output's table goes on in markdown cells after its cell)."""
    notebook = nbformat.read(path, as_version=4)
    out = deck(notebook)
    original = [c for c in notebook.cells if c.cell_type == "code"]
    copies = [c for c in out.cells if c.cell_type == "code"]
    assert [c.source for c in copies] == [c.source for c in original]
    for before, after in zip(original, copies):
        if after.outputs != before.outputs:  # its last outputs moved on into markdown pieces, all of them, in order
            kept = next(i for i, (a, b) in enumerate(zip(after.outputs, before.outputs)) if a != b)
            assert after.outputs[:kept] == before.outputs[:kept]
            pieces = [_text(o) for o in after.outputs[kept:]]
            for cell in out.cells[out.cells.index(after) + 1:]:
                if cell.metadata.get("deck_piece"):
                    pieces.append(cell.source)
                elif "deck-continued" not in cell.source and cell.metadata["slideshow"]["slide_type"] != "notes":
                    break
            wanted = [t for o in before.outputs[kept:] for t in _tokens(_text(o))]
            shown = [t for piece in pieces for t in _tokens(piece)]
            assert _in_order(wanted, shown)
            assert set(shown) <= set(wanted)  # only repeated table headings added
    squash = lambda text: "".join(text.split())  # noqa: E731
    shown = [squash(line) for c in out.cells if c.cell_type == "markdown"
             and c.metadata["slideshow"]["slide_type"] != "notes" and "deck-continued" not in c.source
             and not c.metadata.get("deck_piece")
             for line in c.source.splitlines() if line.strip()]
    source = [squash(line) for c in notebook.cells if c.cell_type == "markdown"
              for line in c.source.splitlines() if line.strip()]
    assert _in_order(source, shown)
    extra = collections.Counter(shown) - collections.Counter(source)
    assert all(line.startswith("|") and line in source for line in extra), list(extra)[:3]
    assert out.metadata == notebook.metadata
    assert deck(notebook) == out  # deterministic


# A 1x1 PNG.
_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_notes_carry_formulas_as_tex_in_code_spans_not_as_math():
    """MathJax does not typeset the hidden notes: a $...$ there would count as a formula left as TeX."""
    from lrdecay_lessons.authoring.deck import _plain

    assert _plain(r"The rate $\eta_t$ falls, $$\eta_0 \gamma^t$$ and [a link](x.ipynb).") == \
        r"The rate `\eta_t` falls, `\eta_0 \gamma^t` and a link."
    assert _plain(r"costs \$5 and $x$") == r"costs \$5 and `x`"


def _items(html: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", html)


def test_a_tall_html_note_is_cut_between_its_items_each_piece_in_its_box():
    from lrdecay_lessons.authoring.deck import TABLE_ROOM, _html_height, split_html_blocks

    items = [f"item {i}: " + "words " * 30 for i in range(20)]
    note = ("<div style='font-size:1.1em'><b>Note</b><ul>" + "".join(f"<li>{t}</li>" for t in items)
            + "</ul></div>")
    pieces = split_html_blocks(note, TABLE_ROOM)
    assert len(pieces) >= 3
    assert [t for p in pieces for t in _items(p)] == items  # every item once, in order
    for piece in pieces:
        assert piece.startswith("<div style='font-size:1.1em'>") and piece.endswith("</ul></div>")
        assert piece.count("<ul>") == piece.count("</ul>") == 1
        assert _html_height(piece) <= TABLE_ROOM or len(_items(piece)) == 1
    assert pieces[0].startswith("<div style='font-size:1.1em'><b>Note</b><ul><li>")  # the label kept with items


def test_a_label_stays_with_what_follows_and_a_numbered_list_numbers_on():
    from lrdecay_lessons.authoring.deck import split_html_blocks

    groups = "".join(f"<p><code>name{i}</code></p><ol>" + "".join(f"<li>{'x ' * 60}</li>" for _ in range(3))
                     + "</ol>" for i in range(6))
    pieces = split_html_blocks(f"<div>{groups}</div>", 300)
    assert len(pieces) > 1
    for piece in pieces:
        assert not re.search(r"</code></p>(</ol>)*</div>$", piece)  # no label left at a piece's end
    long = "<div><ol>" + "".join(f"<li>{'y ' * 80}</li>" for _ in range(12)) + "</ol></div>"
    pieces = split_html_blocks(long, 300)
    numbered = [len(_items(p)) for p in pieces]
    starts = [int(m[1]) if (m := re.search(r'<ol start="(\d+)">', p)) else 1 for p in pieces]
    assert starts == [1 + sum(numbered[:i]) for i in range(len(pieces))]


def test_a_short_html_output_is_left_whole():
    from lrdecay_lessons.authoring.deck import split_html_blocks

    note = "<div><b>Note</b><ul><li>one</li><li>two</li></ul></div>"
    assert split_html_blocks(note, 400) == [note]


def test_a_code_cell_with_a_tall_html_output_goes_on_in_pieces_on_sub_slides():
    html = "<div><b>Gaps</b>" + "".join(f"<p><code>s{i}</code></p><ul><li>{'gap ' * 40}</li><li>{'more ' * 40}</li></ul>"
                                        for i in range(10)) + "</div>"
    cell = nbformat.v4.new_code_cell("gaps()", outputs=[nbformat.v4.new_output(
        "execute_result", data={"text/html": html, "text/plain": "<gaps>"}, execution_count=1)])
    out = deck(_notebook(nbformat.v4.new_markdown_cell("## Gaps\n\nText."), cell))
    pieces = [c for c in out.cells if c.metadata.get("deck_piece")]
    assert pieces and all(c.source.startswith("<div>") for c in pieces)
    starts = [i for i, c in enumerate(out.cells) if c.metadata["slideshow"]["slide_type"] in ("slide", "subslide")]
    assert len(starts) >= 3
    for start, end in zip(starts, starts[1:] + [len(out.cells)]):
        assert sum(estimate(c) for c in out.cells[start:end] if c.metadata["slideshow"]["slide_type"] != "notes") \
            <= BUDGET + estimate(out.cells[start])


def _panel_notebook(spec: dict, values: dict, before: str) -> nbformat.NotebookNode:
    """A section: a paragraph, a browser panel's cell (an anywidget with a ``spec``), a paragraph."""
    view = nbformat.v4.new_output("execute_result", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "panel", "version_major": 2, "version_minor": 0},
        "text/plain": "BrowserPanel()"}, execution_count=1)
    notebook = _notebook(nbformat.v4.new_markdown_cell(f"## Panel\n\n{before}"),
                         nbformat.v4.new_code_cell("panel = comparison_panel(SLIDERS)\npanel", outputs=[view]),
                         nbformat.v4.new_markdown_cell("What the lower chart shows. " * 12))
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"panel": {
        "model_name": "AnyModel", "model_module": "anywidget", "state": {"spec": spec, "values": values}}}}}
    return notebook


_SPEC = {"heading": "Matched settings", "layout": "column",
         "controls": [{"name": "lr0"}, {"name": "T"}, {"name": "gamma", "when": {"control": "kind", "in": ["step"]}}],
         "plots": [{"title": "Same mean rate", "height": 440, "legend": "below", "series": [{}] * 5},
                   {"title": "Share of the budget", "height": 380, "series": [{}] * 4}]}


def test_a_browser_panel_is_estimated_from_its_controls_and_charts():
    # heading + two controls shown (the third only for kind "step") + two charts at 0.45 of their height,
    # each under a title line, the first with a legend below in two columns (3 rows), 8 px apart;
    # measured in the Chinese 06 deck: 637 px
    column = 32 + 2 * 24 + (35 + 198 + 3 * 24.3 + 12) + 8 + (35 + 171)
    assert browser_panel_height(_SPEC, {"kind": "cosine"}) == pytest.approx(column)
    assert browser_panel_height(_SPEC, {"kind": "step"}) == pytest.approx(column + 24)
    row = dict(_SPEC, layout="row")  # side by side: the taller chart
    assert browser_panel_height(row, {}) == pytest.approx(32 + 2 * 24 + 35 + 198 + 3 * 24.3 + 12)
    untitled = dict(_SPEC, plots=[{"title": "", "height": 260, "series": [{}]}])
    assert browser_panel_height(untitled, {}) == pytest.approx(32 + 2 * 24 + 117)


def test_a_browser_panel_takes_its_room_on_a_sub_slide():
    # chapter 06's matched panel: the paragraph before it and the one after it do not share its sub-slide
    notebook = _panel_notebook(_SPEC, {"kind": "cosine"}, "Each mean moves in one direction. " * 10)
    assert estimate(notebook.cells[1], notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
                    ["state"]) > BUDGET
    out = deck(notebook)
    kinds, sources = _kinds(out), [c.source for c in out.cells]
    panel = next(i for i, c in enumerate(out.cells) if c.cell_type == "code")
    assert kinds[panel - 1] == "subslide" and sources[panel - 1].startswith('<p class="deck-continued">')
    assert kinds[panel + 1] == "subslide"  # the paragraph after it opens the next sub-slide
