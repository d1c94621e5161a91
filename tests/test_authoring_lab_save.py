"""``authoring/lab_save.py``: JupyterLab's save before Run All writes an empty widget state (only live
widgets are saved, ipywidgets#3888); the server's pre-save hook puts back the stored models the outputs show."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

from lrdecay_lessons.authoring.lab_save import WIDGET_STATE, WIDGET_VIEW, keep_stored_widget_state, \
    restore_shown_models

BOX, SLIDER, LAYOUT, ORPHAN, LIVE = "a" * 32, "b" * 32, "c" * 32, "d" * 32, "e" * 32


def _model(name: str, **state) -> dict:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
            "state": state}


def _view(model_id: str) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {WIDGET_VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0}, "text/plain": "x"}}


def stored_chapter() -> dict:
    """A chapter as `make notebooks` stores it: one panel (box > slider > layout) and its state."""
    return {"nbformat": 4, "nbformat_minor": 5, "cells": [
        {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "panel",
         "outputs": [_view(BOX)]}],
        "metadata": {"widgets": {WIDGET_STATE: {"version_major": 2, "version_minor": 0, "state": {
            BOX: _model("VBoxModel", children=[f"IPY_MODEL_{SLIDER}"]),
            SLIDER: _model("FloatSliderModel", layout=f"IPY_MODEL_{LAYOUT}", value=0.1),
            LAYOUT: _model("LayoutModel"),
            ORPHAN: _model("LayoutModel"),
        }}}}}


def saved_before_run_all() -> dict:
    """What JupyterLab sends when the chapter is saved before Run All: no live widget, an empty state."""
    saved = stored_chapter()
    saved["metadata"]["widgets"] = {WIDGET_STATE: {"state": {}, "version_major": 2, "version_minor": 0}}
    return saved


def test_a_save_before_run_all_keeps_the_models_the_outputs_show():
    saved = saved_before_run_all()
    assert restore_shown_models(saved, stored_chapter()) == 3
    state = saved["metadata"]["widgets"][WIDGET_STATE]["state"]
    assert state == {key: stored_chapter()["metadata"]["widgets"][WIDGET_STATE]["state"][key]
                     for key in (BOX, SLIDER, LAYOUT)}


def test_a_save_after_run_all_keeps_the_live_state_only():
    saved = stored_chapter()
    saved["cells"][0]["outputs"] = [_view(LIVE)]
    live = {LIVE: _model("VBoxModel", children=[])}
    saved["metadata"]["widgets"] = {WIDGET_STATE: {"state": copy.deepcopy(live), "version_major": 2,
                                                   "version_minor": 0}}
    assert restore_shown_models(saved, stored_chapter()) == 0
    assert saved["metadata"]["widgets"][WIDGET_STATE]["state"] == live


def test_the_hook_restores_the_state_in_what_the_server_writes(tmp_path: Path):
    (tmp_path / "03.ipynb").write_text(json.dumps(stored_chapter()))

    class Manager:
        log = logging.getLogger("test")

        def _get_os_path(self, path: str) -> str:
            return str(tmp_path / path)

    model = {"type": "notebook", "content": saved_before_run_all()}
    keep_stored_widget_state(model, "03.ipynb", Manager())
    assert set(model["content"]["metadata"]["widgets"][WIDGET_STATE]["state"]) == {BOX, SLIDER, LAYOUT}
    untouched = {"type": "file", "content": "text"}
    keep_stored_widget_state(untouched, "03.ipynb", Manager())
    assert untouched == {"type": "file", "content": "text"}


def test_setup_installs_the_hook_into_the_venv_s_server_config():
    root = Path(__file__).resolve().parents[1]
    config = json.loads((root / "tools" / "jupyter_server_config.json").read_text())
    assert config["ContentsManager"]["pre_save_hook"] == "lrdecay_lessons.authoring.lab_save.keep_stored_widget_state"
    assert ("cp tools/jupyter_server_config.json $(VENV)/etc/jupyter/jupyter_server_config.json"
            in (root / "Makefile").read_text())


def test_an_empty_widget_state_is_not_written():
    """JupyterLab writes {"state": {}} into a chapter that shows no widget; `make notebooks` stores none."""
    stored = stored_chapter()
    stored["metadata"].pop("widgets")
    stored["cells"][0]["outputs"] = []
    saved = copy.deepcopy(stored)
    saved["metadata"]["widgets"] = {WIDGET_STATE: {"state": {}, "version_major": 2, "version_minor": 0}}
    assert restore_shown_models(saved, stored) == 0
    assert saved == stored
