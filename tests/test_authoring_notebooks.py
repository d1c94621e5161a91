"""``authoring/notebooks.py``, `make notebooks`: a re-run of an unchanged notebook saves the same bytes."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lrdecay_lessons.authoring.notebooks import WIDGET_STATE, WIDGET_VIEW, clean, coalesce_streams, run


def _model(name: str, **state) -> dict:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "state": state}


def _notebook_with_widgets(box: str, slider: str, layout: str, orphan: str) -> nbformat.NotebookNode:
    view = new_output("display_data", data={WIDGET_VIEW: {"model_id": box, "version_major": 2, "version_minor": 0},
                                           "text/plain": "a panel"})
    cell = new_code_cell("panel", outputs=[view], execution_count=1)
    cell.metadata["execution"] = {"iopub.execute_input": "2026-12-01T10:00:00Z"}
    nb = new_notebook(cells=[new_markdown_cell("## A section", id="section"), cell])
    cell["id"] = "panel"
    nb.metadata["widgets"] = {WIDGET_STATE: {"version_major": 2, "version_minor": 0, "state": {
        orphan: _model("LayoutModel"),
        slider: _model("FloatSliderModel", layout=f"IPY_MODEL_{layout}", value=0.1),
        box: _model("VBoxModel", children=[f"IPY_MODEL_{slider}"]),
        layout: _model("LayoutModel"),
    }}}
    return nb


def test_clean_numbers_widgets_in_display_order_and_drops_what_nothing_shows():
    first = _notebook_with_widgets("a" * 32, "b" * 32, "c" * 32, "d" * 32)
    second = _notebook_with_widgets("1" * 32, "2" * 32, "3" * 32, "4" * 32)  # the same panel, other random ids
    for nb in (first, second):
        clean(nb, "99_example.ipynb")
    assert nbformat.writes(first) == nbformat.writes(second)
    state = first.metadata["widgets"][WIDGET_STATE]["state"]
    assert [m["model_name"] for m in state.values()] == ["VBoxModel", "FloatSliderModel", "LayoutModel"]
    box, slider, layout = state
    assert first.cells[1].outputs[0]["data"][WIDGET_VIEW]["model_id"] == box
    assert state[box]["state"]["children"] == [f"IPY_MODEL_{slider}"]
    assert state[slider]["state"]["layout"] == f"IPY_MODEL_{layout}"
    assert "execution" not in first.cells[1].metadata
    assert [c.metadata["slideshow"]["slide_type"] for c in first.cells] == ["slide", "-"]


def test_streams_printed_in_pieces_are_saved_as_one():
    pieces = [new_output("stream", name="stdout", text="Cosine"), new_output("stream", name="stdout", text=" — torch\n"),
              new_output("stream", name="stderr", text="note\n"), new_output("stream", name="stdout", text="end\n")]
    joined = coalesce_streams(pieces)
    assert [(o["name"], o["text"]) for o in joined] == [("stdout", "Cosine — torch\n"), ("stderr", "note\n"),
                                                        ("stdout", "end\n")]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_running_an_unchanged_notebook_twice_changes_nothing(tmp_path):
    source = ("import ipywidgets as w\nfrom IPython.display import display\n"
              "display(w.VBox([w.FloatLogSlider(value=0.1, min=-3, max=0), w.IntSlider(3)]))\n"
              "for i in range(3):\n    print(i, end=' ', flush=True)")
    path = tmp_path / "99_example.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(source)]), path)
    run(path)
    once = path.read_bytes()
    run(path)
    assert path.read_bytes() == once
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].outputs[-1]["text"] == "0 1 2 "
    assert len(nb.metadata["widgets"][WIDGET_STATE]["state"]) >= 3  # the box, its sliders and their layouts


def test_clean_writes_the_kernelspec_jupyterlab_writes():
    """JupyterLab saves the display name the running kernel's spec reports; a notebook stored with
    another one ("Python 3") was rewritten by every save in Lab."""
    import json
    import sys
    from pathlib import Path

    nb = _notebook_with_widgets("a" * 32, "b" * 32, "c" * 32, "d" * 32)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    clean(nb, "99_example.ipynb")
    spec_file = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    reported = json.loads(spec_file.read_text())["display_name"] if spec_file.is_file() else "Python 3 (ipykernel)"
    assert nb.metadata["kernelspec"] == {"display_name": reported, "language": "python", "name": "python3"}


def test_every_chapter_stores_the_kernelspec_jupyterlab_writes():
    """Fails until the chapters are re-run with `make notebooks` (9 of 13 stored "Python 3")."""
    from pathlib import Path

    from lrdecay_lessons.authoring.notebooks import kernelspec

    expected = kernelspec()
    stored = {path.name: nbformat.read(path, as_version=4).metadata.get("kernelspec")
              for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))}
    assert {name: spec for name, spec in stored.items() if spec != expected} == {}
