"""Re-run chapters top to bottom in a fresh kernel and save them so that nothing changes unless something did.

    .venv/bin/python -m lrdecay_lessons.authoring.notebooks notebooks/*.ipynb   # or `make notebooks`

A plain ``jupyter nbconvert --execute --inplace`` rewrites a notebook even when its
content is the same: every cell gets fresh timing metadata, and every widget gets a new
random model id, which reshuffles the stored widget state. This runner saves

* no per-cell ``execution`` timing metadata;
* one stream output per run of printed text (the kernel may flush one ``print`` in two
  pieces, depending on timing);
* widget model ids numbered in the order the notebook shows them (cell by cell, then
  down each widget's tree of children, layouts and styles), so the same panels get the
  same ids on every run; models no output refers to are left out;
* the slide marks of :mod:`lrdecay_lessons.authoring.slides`;
* the kernelspec JupyterLab writes on save: the name, display name and language the venv's
  kernel reports (a notebook stored with another ``display_name`` was rewritten by every save in
  Lab, so a learner's clone changed by opening and saving a chapter).

The widget state is kept: it holds each panel's starting picture, which GitHub, nbviewer
and the book show where no kernel runs. Run it twice on an unchanged notebook and
``git diff`` is empty.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from .slides import slide_type

#: The kernel every chapter runs in (``make setup`` installs it into .venv with ipykernel).
KERNEL = "python3"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_MODEL_REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def _referenced_models(value: Any) -> Iterator[str]:
    """Model ids a widget's state points at (``"IPY_MODEL_<id>"`` strings), in order."""
    yield from _MODEL_REFERENCE.findall(json.dumps(value, sort_keys=True))


def _stable_id(notebook_name: str, position: int) -> str:
    return hashlib.sha1(f"{notebook_name}:{position}".encode()).hexdigest()[:32]


def stabilise_widgets(nb: nbformat.NotebookNode, notebook_name: str) -> None:
    """Renumber widget model ids in display order and drop models nothing shows."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if not state:
        nb.metadata.pop("widgets", None)
        return
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        for child in _referenced_models(state[model_id]["state"]):
            visit(child)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    renamed = {old: _stable_id(notebook_name, i) for i, old in enumerate(order)}
    text = re.sub(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", lambda m: renamed.get(m.group(0), m.group(0)),
                  json.dumps({k: state[k] for k in order}))
    nb.metadata["widgets"][WIDGET_STATE]["state"] = json.loads(text)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = renamed.get(view["model_id"], view["model_id"])


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream (stdout or stderr) into one."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
            previous["text"] += output["text"]
        else:
            joined.append(output)
    return joined


def kernelspec(name: str = KERNEL) -> dict:
    """The notebook metadata ``kernelspec`` JupyterLab writes for kernel ``name``: what its spec reports."""
    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def clean(nb: nbformat.NotebookNode, notebook_name: str) -> None:
    """Everything a re-run changes without a change of content, made stable."""
    nb.metadata["kernelspec"] = kernelspec()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
        cell.metadata.setdefault("slideshow", {})["slide_type"] = slide_type(cell)
    stabilise_widgets(nb, notebook_name)


def run(path: str | Path, timeout: int = 600) -> str:
    """Execute one notebook in a fresh kernel (working directory: its folder) and save it cleaned."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    clean(nb, path.name)
    nbformat.write(nb, path)
    return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to re-run in place")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run side by side (default 2)")
    args = parser.parse_args(argv)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name in pool.map(run, args.notebooks):
            print(f"re-ran {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
