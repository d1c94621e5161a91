"""A notebook saved in JupyterLab keeps the stored widget state its outputs still show.

JupyterLab's widget manager, set to save the widgets' state with the notebook (``make setup`` turns
that on, so a chapter saved after Run All reopens with its panels), writes on every save only the
widgets alive in the kernel. Saved before Run All, a chapter therefore lost its whole stored state
(ipywidgets#3888, upstream): its panels then show only their text fallback. The Jupyter server runs
:func:`keep_stored_widget_state` before writing a notebook (``ContentsManager.pre_save_hook``, set in
``tools/jupyter_server_config.json``, which ``make setup`` installs into ``.venv``): every widget model
an output shows, or that a shown model refers to, and that the saved state lacks, is taken from the
file as it is on disk. Models no output shows are not carried over, so a Run All still replaces them.
An empty widget state is not written at all (the widget manager writes one into every notebook it
saves, even one that shows no widget), as ``make notebooks`` stores none.
Standard library only: it runs inside the Jupyter server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator, Mapping, MutableMapping

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")

__all__ = ["keep_stored_widget_state", "restore_shown_models"]


def _shown(notebook: Mapping[str, Any]) -> Iterator[str]:
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            view = (output.get("data") or {}).get(WIDGET_VIEW)
            if view and view.get("model_id"):
                yield view["model_id"]


def _state(notebook: Mapping[str, Any]) -> dict:
    return ((notebook.get("metadata") or {}).get("widgets") or {}).get(WIDGET_STATE) or {}


def restore_shown_models(saved: MutableMapping[str, Any], stored: Mapping[str, Any]) -> int:
    """Copy into ``saved`` (a notebook about to be written) the widget models from ``stored`` (the
    notebook on disk) that ``saved``'s outputs show, directly or through another model, and that its
    widget state lacks. Returns how many models were copied."""
    stored_state = _state(stored)
    stored_models = stored_state.get("state") or {}
    saved_widgets = _state(saved)
    if not stored_models and not saved_widgets.get("state"):
        (saved.get("metadata") or {}).pop("widgets", None)
    if not stored_models:
        return 0
    saved_models = dict(saved_widgets.get("state") or {})
    copied = 0
    pending = list(_shown(saved))
    seen: set[str] = set()
    while pending:
        model_id = pending.pop(0)
        if model_id in seen:
            continue
        seen.add(model_id)
        model = saved_models.get(model_id)
        if model is None and model_id in stored_models:
            model = saved_models[model_id] = stored_models[model_id]
            copied += 1
        if model is not None:
            pending.extend(_REFERENCE.findall(json.dumps(model.get("state", {}), sort_keys=True)))
    if copied:
        saved.setdefault("metadata", {})["widgets"] = {WIDGET_STATE: {
            "state": saved_models,
            "version_major": saved_widgets.get("version_major", stored_state.get("version_major", 2)),
            "version_minor": saved_widgets.get("version_minor", stored_state.get("version_minor", 0)),
        }}
    return copied


def keep_stored_widget_state(model: MutableMapping[str, Any], path: str, contents_manager: Any,
                             **kwargs: Any) -> None:
    """Jupyter server ``pre_save_hook``: see the module docstring. Never stops a save."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), MutableMapping):
        return
    try:
        on_disk = Path(contents_manager._get_os_path(path))
        if not on_disk.is_file():
            return
        stored = json.loads(on_disk.read_text(encoding="utf-8"))
        copied = restore_shown_models(model["content"], stored)
    except Exception as error:  # a hook that fails would lose the learner's save: log and go on
        contents_manager.log.warning("lrdecay_lessons: could not keep the stored widget state of %s: %s",
                                     path, error)
        return
    if copied:
        contents_manager.log.info("lrdecay_lessons: kept %d stored widget models in %s", copied, path)
