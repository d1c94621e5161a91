"""A chapter opened in JupyterLab and saved before anything runs is the file it was: headless Chromium
against ``jupyter lab`` (the course's venv, its settings and server hook), on a fresh copy of ``notebooks/``.

* Open a chapter from the file browser, wait 5 s (kernel started, stored widgets loaded), Ctrl+S: the
  file on disk is byte for byte the one in the repository. Before: chapter 03 lost its whole stored
  widget state (1 insertion, 726 deletions) and 9 of 13 chapters had their kernelspec rewritten.
* A chapter with no stored widget state is not even marked modified after 5 s.
* A chapter with stored widget state is marked modified by JupyterLab's widget manager when it loads
  that state (jupyterlab_widgets' ``register_model`` calls ``setDirty``, which sets the notebook dirty whenever
  "save widget state" is on; upstream, beside ipywidgets#3888): recorded here as an expected failure, so the
  day it changes upstream this says so.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CHAPTERS = [path.stem for path in sorted(NOTEBOOKS.glob("*.ipynb"))]


def _stores_widgets(name: str) -> bool:
    metadata = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"]
    return bool(metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state"))


WITH_WIDGETS = [name for name in CHAPTERS if _stores_widgets(name)]
WITHOUT_WIDGETS = [name for name in CHAPTERS if not _stores_widgets(name)]
DIRTY = "() => jupyterapp.shell.currentWidget.context.model.dirty"
KERNEL_IDLE = """path => {
  const w = jupyterapp.shell.currentWidget;
  const kernel = w && w.context && w.context.path === path && w.sessionContext.session
    && w.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""


class Opener:
    """Opens a chapter in one JupyterLab page, and closes it (shutting its kernel down) afterwards."""

    def __init__(self, guard, server) -> None:
        self.page, self.server = guard.page, server
        self.page.goto(server.url("lab"), wait_until="load")
        self.page.wait_for_selector(".jp-DirListing-item", timeout=90_000)
        self.page.wait_for_function("() => Boolean(window.jupyterapp && jupyterapp.shell)")

    def open_and_wait(self, name: str, seconds: float = 5.0) -> bool:
        """Open ``name``, wait for its kernel and then ``seconds``; whether the document is dirty."""
        self.page.locator(".jp-DirListing-item", has_text=f"{name}.ipynb").dblclick()
        self.page.wait_for_function(KERNEL_IDLE, arg=f"{name}.ipynb", timeout=90_000)
        time.sleep(seconds)
        return bool(self.page.evaluate(DIRTY))

    def save(self, name: str) -> bytes:
        path = self.server.root / f"{name}.ipynb"
        self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(0).locator(".jp-InputPrompt").click()
        before = path.stat().st_mtime_ns
        self.page.keyboard.press("Control+s")
        self.page.wait_for_function(f"() => !{DIRTY[6:]}", timeout=30_000)
        deadline = time.monotonic() + 10
        while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.1)
        return path.read_bytes()

    def close(self) -> None:
        # Clean-up only: nothing is to be kept, so no "unsaved changes" dialog may stop the close.
        self.page.evaluate("""() => {
          for (const w of jupyterapp.shell.widgets('main')) { if (w.context) w.context.model.dirty = false; }
          return jupyterapp.commands.execute('application:close-all');
        }""")
        for kernel in self.server.api("kernels") or []:
            self.server.api(f"kernels/{kernel['id']}", method="DELETE")
        deadline = time.monotonic() + 30
        while self.server.api("kernels") and time.monotonic() < deadline:
            time.sleep(0.2)


@pytest.fixture(scope="module")
def opener(new_guarded_page, fresh_lab_server):
    with new_guarded_page() as guard:
        yield Opener(guard, fresh_lab_server)


@pytest.mark.parametrize("name", CHAPTERS)
def test_a_save_before_run_all_writes_the_same_bytes(opener: Opener, name: str):
    original = (NOTEBOOKS / f"{name}.ipynb").read_bytes()
    try:
        opener.open_and_wait(name)
        saved = opener.save(name)
    finally:
        opener.close()
    if saved != original:
        old, new = json.loads(original), json.loads(saved)
        changed = sorted(key for key in set(old["metadata"]) | set(new["metadata"])
                         if old["metadata"].get(key) != new["metadata"].get(key))
        lost = len(old["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})) - len(
            new["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))
        pytest.fail(f"{name}: saving before Run All rewrote the file: metadata {changed} changed, "
                    f"{lost} stored widget models lost, cells equal: {old['cells'] == new['cells']}")


@pytest.mark.parametrize("name", WITHOUT_WIDGETS)
def test_a_chapter_without_stored_widgets_opens_unmodified(opener: Opener, name: str):
    try:
        assert not opener.open_and_wait(name), f"{name} is marked modified 5 s after opening"
    finally:
        opener.close()


@pytest.mark.xfail(strict=True, reason="JupyterLab's widget manager marks a notebook dirty when it loads "
                                       "stored widget state with saveState on (upstream: register_model -> setDirty; "
                                       "see also ipywidgets#3888)")
@pytest.mark.parametrize("name", WITH_WIDGETS[:1])
def test_a_chapter_with_stored_widgets_opens_unmodified(opener: Opener, name: str):
    try:
        assert not opener.open_and_wait(name), f"{name} is marked modified 5 s after opening"
    finally:
        opener.close()
