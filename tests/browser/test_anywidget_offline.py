"""A widget built with anywidget is live in the offline book and slides (no kernel, no network) and in JupyterLab.

A tiny notebook (made here, in a temporary folder) shows one anywidget: a range control and a readout that
its ES module computes in the browser from the model's value (``model.on("change:value")``). It is run in
a fresh kernel and saved with its widget state by the course's own runner
(:func:`lrdecay_lessons.authoring.notebooks.run`), then built as ``make book`` and ``make slides`` build the
chapters (the book's Sphinx configuration ``-c book``; ``lrdecay_lessons.authoring.deck``, nbconvert with
``book/slides_config.py``; the assets staged by ``book/vendor.py``), into the temporary folder only.

Each page, opened from ``file://`` with every outside host blocked: the readout is drawn from the stored
state (so the front-end and the widget's ``_esm`` ran), an arrow key on the control changes it to the new
value's square, the front-end came from the page's own folder, and no request left the machine or failed.
In JupyterLab (the anywidget lab extension of the wheel), after Run All the arrow key changes the readout
and the kernel's model gets the new value.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from lrdecay_lessons.authoring.notebooks import WIDGET_STATE, run

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
NAME = "squares"
# The open notebook's kernel is idle and connected (as tests/browser/test_lab.py waits for it).
KERNEL_IDLE = """path => {
  const w = window.jupyterapp && jupyterapp.shell.currentWidget;
  const kernel = w && w.context && w.context.path === path && w.sessionContext.session
    && w.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""
START = 3

ESM = """
function render({ model, el }) {
  const control = Object.assign(document.createElement("input"),
    { type: "range", min: 0, max: 10, step: 1, className: "aw-control" });
  // JupyterLab's notebook shortcuts take the arrow keys from a focused element unless it says not to
  // (ArrowRight: notebook:move-cursor-heading-below-or-expand); the attribute must be on that element.
  control.setAttribute("data-lm-suppress-shortcuts", "true");
  const readout = Object.assign(document.createElement("output"), { className: "aw-readout" });
  const show = () => {
    control.value = model.get("value");
    readout.textContent = `squared: ${model.get("value") ** 2}`;
  };
  control.addEventListener("input", () => { model.set("value", Number(control.value)); model.save_changes(); });
  model.on("change:value", show);
  show();
  el.append(control, readout);
}
export default { render };
"""

SETUP = f'''import anywidget
import traitlets


class Squares(anywidget.AnyWidget):
    _esm = {ESM!r}
    value = traitlets.Int({START}).tag(sync=True)


squares = Squares()
squares'''


def _sh(*command: str, cwd: Path = ROOT) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The tiny notebook run and saved, then its book page and its deck: ``{"notebook", "book", "slides"}``."""
    tmp = tmp_path_factory.mktemp("anywidget")
    source = tmp / "source"
    source.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Squares 平方\n\nThe readout below is computed in the page."),
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell("print(squares.value)"),
    ])
    path = source / f"{NAME}.ipynb"
    nbformat.write(notebook, path)
    run(path, timeout=120)

    vendor = tmp / "vendor-book"
    _sh(sys.executable, "book/vendor.py", "book", str(vendor))
    book = tmp / "book"
    _sh(sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(BOOK), str(source), str(book),
        "-D", f"root_doc={NAME}", "-D", f"include_patterns={NAME}.ipynb",
        "-D", f"html_static_path={vendor},{BOOK / 'static'}")

    deck, slides = tmp / "deck", tmp / "slides"
    _sh(sys.executable, "-m", "lrdecay_lessons.authoring.deck", str(deck), str(path))
    _sh(str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "slides", "--log-level=WARN",
        "--config", str(BOOK / "slides_config.py"), "--output-dir", str(slides), str(deck / f"{NAME}.ipynb"))
    _sh(sys.executable, "book/vendor.py", "slides", str(slides / "_assets"))
    return {"notebook": path, "book": book / f"{NAME}.html", "slides": slides / f"{NAME}.slides.html"}


def _readout_is(page, text: str, timeout: float = 5_000) -> None:
    page.wait_for_function("t => { const r = document.querySelector('.aw-readout'); return r && r.textContent === t; }",
                           arg=text, timeout=timeout)


def test_the_notebook_stores_the_widget_and_its_module(built):
    state = json.loads(built["notebook"].read_text())["metadata"]["widgets"][WIDGET_STATE]["state"]
    (model,) = [m for m in state.values() if m["model_name"] == "AnyModel"]
    assert model["model_module"] == "anywidget"
    assert model["state"]["_model_module_version"].startswith("~0.")  # a range: html-manager ignores it
    assert model["state"]["value"] == START and "change:value" in model["state"]["_esm"]


@pytest.mark.parametrize("kind", ["book", "slides"])
def test_the_widget_is_live_offline(built, guarded_page, kind: str):
    requests: list[str] = []
    guarded_page.page.on("request", lambda request: requests.append(request.url))
    page = guarded_page.open(built[kind].as_uri())
    page.locator(".aw-readout").wait_for(timeout=15_000)
    assert page.locator(".aw-readout").count() == 1
    _readout_is(page, f"squared: {START ** 2}")

    control = page.locator(".aw-control")
    control.focus()
    page.keyboard.press("ArrowRight")
    _readout_is(page, f"squared: {(START + 1) ** 2}")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _readout_is(page, f"squared: {(START + 3) ** 2}")
    assert control.input_value() == str(START + 3)

    assets = "_static" if kind == "book" else "_assets"
    loaded = [url for url in requests if url.endswith("/anywidget/index.js")]
    assert loaded and all(url.startswith(built[kind].parent.as_uri() + f"/{assets}/") for url in loaded), requests
    assert guarded_page.outside == []
    assert guarded_page.failed == []
    assert guarded_page.errors == []


def test_the_widget_is_live_in_jupyterlab_and_syncs_the_kernel(built, fresh_lab_server, guarded_page):
    shutil.copy(built["notebook"], fresh_lab_server.root / f"{NAME}.ipynb")
    page = guarded_page.page
    page.goto(fresh_lab_server.url(f"lab/tree/{NAME}.ipynb"), wait_until="load")
    page.wait_for_function("() => Boolean(window.jupyterapp && jupyterapp.shell)", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, arg=f"{NAME}.ipynb", timeout=90_000)
    page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
    page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click()
    _readout_is(page, f"squared: {START ** 2}", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, arg=f"{NAME}.ipynb", timeout=60_000)

    page.locator(".aw-control").focus()
    page.keyboard.press("ArrowRight")
    _readout_is(page, f"squared: {(START + 1) ** 2}")
    page.wait_for_function(KERNEL_IDLE, arg=f"{NAME}.ipynb", timeout=30_000)
    printed = page.locator(".jp-Notebook .jp-Cell").nth(2)
    printed.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("t => [...document.querySelectorAll('.jp-Notebook .jp-Cell')][2]"
                           ".querySelector('.jp-OutputArea-output')?.textContent.trim() === t",
                           arg=str(START + 1), timeout=30_000)
    assert guarded_page.outside == []
    assert guarded_page.errors == []
