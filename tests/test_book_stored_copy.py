"""``book/stored_copy.py``, the book's stored-copy note and panel captions: which panels it calls live.

A schedule panel (a browser panel, ``AnyModel`` with a ``spec`` and no ``spec["kernel"]``) redraws in the
page; a training panel (``spec["kernel"]`` true) and an ipywidgets panel need a kernel. The browser test
``tests/browser/test_book_static.py`` checks the built pages.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def stored_copy():
    pytest.importorskip("docutils")
    spec = importlib.util.spec_from_file_location("stored_copy", ROOT / "book" / "stored_copy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _any(spec):
    return {"model_name": "AnyModel", "state": {"spec": spec, "values": {}}}


STATE = {
    "live": _any({"controls": [], "plots": [], "kernel": False}),
    "old-live": _any({"controls": [], "plots": []}),  # a spec from before the kernel key
    "trains": _any({"controls": [], "plots": [], "kernel": True}),
    "vbox": {"model_name": "VBoxModel", "state": {"children": []}},
    "other-anywidget": {"model_name": "AnyModel", "state": {"value": 3}},
}


@pytest.mark.parametrize(("model_id", "kind"), [("live", "live"), ("old-live", "live"), ("trains", "kernel"),
                                                ("vbox", "stored"), ("other-anywidget", "stored"),
                                                ("missing", "stored")])
def test_each_panel_kind(stored_copy, model_id, kind):
    assert stored_copy.panel_kind(STATE, model_id) == kind


def test_the_captions_say_live_only_for_a_schedule_panel(stored_copy):
    captions = stored_copy.CAPTIONS
    assert "redraws in this page" in captions["live"] and "saved" not in captions["live"]
    for kind in ("kernel", "stored"):
        assert "stays as saved" in captions[kind] and "make lab" in captions[kind]
    assert "trains" in captions["kernel"]


@pytest.mark.parametrize(("kinds", "live", "kernel"), [
    (set(), False, False), ({"live"}, True, False), ({"live", "kernel"}, True, True),
    ({"live", "stored"}, True, True), ({"stored"}, False, True), ({"kernel"}, False, True)])
def test_the_note_describes_the_pages_panels(stored_copy, kinds, live, kernel):
    note = stored_copy.note_html("02_step_decay.ipynb", frozenset(kinds))
    assert 'href="notebooks/02_step_decay.ipynb"' in note and "make lab" in note
    assert "redraw nothing" not in note
    assert ("are live" in note) == live
    assert ("kernel" in note) == kernel
