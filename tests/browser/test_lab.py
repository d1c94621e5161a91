"""The chapters in JupyterLab, as a learner uses them: headless Chromium against ``jupyter lab``.

For every chapter whose stored outputs show a widget (found from ``notebooks/*.ipynb``, so new or
renamed chapters are picked up), in one JupyterLab serving a temporary copy of ``notebooks/``:

* open it from the file browser, Run All (the Run menu), wait for the kernel to be idle: every code
  cell ran in order, no error or stderr output (on the page and in the saved file), no "Error
  displaying widget", no console error, no request to an outside host, and every panel shows its
  picture (the ``img`` in the panel's cell output);
* MathJax typeset the formulas of every markdown cell that has one (``mjx-container``, no raw ``$``);
* the starting values: each slider's readout and each dropdown shows the value the chapter sets (the
  widget state the chapter's code stored when ``make notebooks`` ran it), the saved model values are
  exactly those, and one arrow key away and one back returns to that value and to that picture;
* each panel's picture changes on every press of an arrow key on its first slider's focused handle
  (one step away, one back, twice) and after a drag of the handle with the mouse;
* save (Ctrl+S), File > Close and Shut Down Notebook, reopen from the file browser in a new kernel:
  the saved file holds every displayed widget's model, and the panels show their controls and
  picture, with no "Error displaying widget: model not found".

Two kinds of panel, side by side while chapters are converted: an ipywidgets panel (sliders and
dropdowns; its picture a PNG the kernel draws, an ``img``) and a browser panel (an anywidget ``AnyModel``
whose ``spec`` lists its controls and charts: ``.lrd-panel`` with an ``input[type=range]`` and an
``output`` readout per control, uPlot canvases, ``data-drawn`` counting redraws). A browser panel's
controls are counted from its spec and must all show; its "picture" is its canvases' pixels, titles and
legends; it must start at the chapter's values (readouts as the spec's texts), and be back after save,
close and reopen at the values saved.

The latency from a key press to the new picture is measured on every press: for an ipywidgets panel to
the new picture decoded in the page; for a browser panel to the animation frame after its redraw
(``data-drawn`` grows; the panel's own ``data-latency`` beside it). Written, with each chapter's run
time, to ``benchmarks/results/lab_latency.md`` (``build/`` when only some chapters ran). Asserted: the
median per schedule panel (a browser panel without ``spec["kernel"]``) at most 50 ms, and every browser
panel redraws on a key press. Training panels (``spec["kernel"]``: the kernel trains and sends the
lines) are measured and recorded beside their goal (150 ms for chapter 07's, the goal issue 25 names for
its lab panel), not asserted: a training run on a shared 2-core machine is timed, not held to a bound
(as ``tests/browser/test_training_panel_latency.py`` of the training-panels work does). ipywidgets
panels are measured only.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
from .conftest import NOTEBOOKS  # noqa: E402  (the edition under test)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
LATENCY_TABLE = ROOT / "benchmarks" / "results" / "lab_latency.md"
PRESSES = 2  # pairs of key presses: one step away from the starting value, one back
# A browser panel redraws with no kernel in between: one more pair, so that its median latency is of 6 presses
# and one press slowed by the machine (CI measured 20, 99, 50, 79 ms on one panel) does not decide it.
BROWSER_PRESSES = 3
# Console errors JupyterLab itself logs that say nothing of the course: its debugger asks each new
# kernel for its state, and the request is cancelled when the previous chapter's kernel is shut down
# while it waits ("Canceled future for debug_request message before replies were done").
LAB_NOISE = ("Could not restore the debugger state: Canceled future for debug_request",)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _widget_cells(notebook: dict) -> list[int]:
    """Indices of the cells whose stored outputs show a widget."""
    return [i for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == "code"
            and any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))]


def _models(name: str) -> list[str]:
    """The model names in a chapter's stored widget state."""
    state = _load(NOTEBOOKS / f"{name}.ipynb")["metadata"].get("widgets", {}).get(WIDGET_STATE, {})
    return [model["model_name"] for model in state.get("state", {}).values()]


# Discovered from the notebooks: every chapter whose stored outputs show a widget.
CHAPTERS = [path.stem for path in sorted(NOTEBOOKS.glob("*.ipynb")) if _widget_cells(_load(path))]
WITH_SLIDERS = [name for name in CHAPTERS if any(m.endswith("SliderModel") or m == "AnyModel" for m in _models(name))]
WITH_BROWSER_PANELS = [name for name in CHAPTERS if "AnyModel" in _models(name)]
TRAINING_GOAL_CHAPTERS = ("07_hands_on_training", "08_the_lab")  # training panels whose table row shows the 150 ms goal


# ---- In the page ------------------------------------------------------------------------------------
CURRENT = "(() => { const w = window.jupyterapp && jupyterapp.shell.currentWidget; return w; })()"
KERNEL_IDLE = f"""path => {{
  const w = {CURRENT};
  const kernel = w && w.context && w.context.path === path && w.sessionContext.session
    && w.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}}"""
PENDING = "() => [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')].some(p => p.textContent.includes('*'))"
COUNTS = f"""() => [...{CURRENT}.content.model.cells].filter(c => c.type === 'code').map(c => c.executionCount)"""
SAVED = f"""() => !{CURRENT}.context.model.dirty"""
# One cell's panel: its error text, pictures, the visible sliders and dropdowns.
PANEL = """cell => {
  const visible = e => e.offsetParent !== null;
  const out = cell.querySelector('.jp-Cell-outputArea') || cell;
  // A picture's id: a hash of its decoded pixels (two PNG encodings of the same pixels are the same).
  const pixels = img => {
    if (!(img.complete && img.naturalWidth > 0)) return 'not loaded';
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i++) { h ^= data[i]; h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + canvas.width + 'x' + canvas.height;
  };
  return {
    error: out.textContent.includes('Error displaying widget') ? out.textContent.trim().slice(0, 200) : '',
    pictures: [...out.querySelectorAll('img')].map(i => ({ok: i.complete && i.naturalWidth > 0, id: pixels(i),
                                                         src: i.src.startsWith('data:') ? i.src : ''})),
    sliders: [...out.querySelectorAll('.widget-slider')].filter(visible).map(s => ({
      label: s.querySelector('.widget-label').textContent,
      readout: s.querySelector('.widget-readout').textContent,
      now: Number(s.querySelector('.noUi-handle').getAttribute('aria-valuenow')),
      max: Number(s.querySelector('.noUi-handle').getAttribute('aria-valuemax'))})),
    dropdowns: [...out.querySelectorAll('.widget-dropdown')].filter(visible).map(d => ({
      label: d.querySelector('.widget-label').textContent,
      shown: d.querySelector('select').selectedOptions[0]?.textContent})),
    browser: [...out.querySelectorAll('.lrd-panel')].map(/*LIVE_PANEL*/),
  };
}"""
# Watch a cell's pictures: the time of the next key press, and when a new picture is decoded.
ARM = """cell => {
  const out = cell.querySelector('.jp-Cell-outputArea');
  const signature = () => [...out.querySelectorAll('img')].map(i => i.src).join('|');
  const before = signature();
  const watch = window.__labWatch = {pressed: null, shown: null};
  document.addEventListener('keydown', e => { watch.pressed = performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (signature() === before) return;
    observer.disconnect();
    const images = [...out.querySelectorAll('img')];
    Promise.all(images.map(i => i.decode().catch(() => null)))
      .then(() => { watch.shown = performance.now(); });
  });
  observer.observe(out, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""
MATH = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
  .map(cell => {
  if (!cell.classList.contains('jp-MarkdownCell')) return null;
  const rendered = cell.querySelector('.jp-RenderedMarkdown');
  if (!rendered) return {formulas: 0, prose: ''};
  const copy = rendered.cloneNode(true);
  copy.querySelectorAll('mjx-container, code, pre, script, style').forEach(e => e.remove());
  return {formulas: rendered.querySelectorAll('mjx-container').length, prose: copy.textContent};
})"""


@dataclass
class Panel:
    """What one panel showed and did."""

    cell: int
    start: dict  # PANEL after Run All
    pictured: bool = True  # the stored outputs of its cell hold a PNG
    keyboard: list[tuple] = field(default_factory=list)  # (key, picture changed, picture ids) per press
    latencies_ms: list[float] = field(default_factory=list)
    back: dict | None = None  # PANEL after the last press back
    slider: str = ""  # the slider moved
    dragged: bool | None = None
    reopened: dict | None = None  # PANEL after save, close, reopen
    spec: dict | None = None  # a browser panel's spec (None: an ipywidgets panel)
    moved: int = 0  # a browser panel's control moved (index in its spec)
    panel_ms: list[float] = field(default_factory=list)  # a browser panel's own data-latency per press

    @property
    def kind(self) -> str:
        """"schedule" (a browser panel the page redraws), "training" (a browser panel whose lines the
        kernel computes: spec["kernel"]) or "ipywidgets" (its picture a PNG from the kernel)."""
        if self.spec is None:
            return "ipywidgets"
        return "training" if self.spec.get("kernel") else "schedule"


@dataclass
class Run:
    """One chapter in JupyterLab: observations for the tests below."""

    name: str
    counts: list = field(default_factory=list)
    stderr_on_page: int = 0
    panels: list[Panel] = field(default_factory=list)
    math: list = field(default_factory=list)
    saved_first: dict = field(default_factory=dict)  # the file after the first save (before any move)
    saved_last: dict = field(default_factory=dict)  # the file after the last save (before closing)
    console: list[str] = field(default_factory=list)  # console errors up to the first close
    page_errors: list[str] = field(default_factory=list)
    console_reopened: list[str] = field(default_factory=list)  # console errors after reopening
    outside: list[str] = field(default_factory=list)
    failure: str = ""  # an exception that stopped the run
    seconds: dict[str, float] = field(default_factory=dict)


class Lab:
    """One JupyterLab page for the whole session, driven through its menus, file browser and keys."""

    def __init__(self, guard, server, live_panel, browser_specs, arrow_keys) -> None:
        self.guard, self.page, self.server = guard, guard.page, server
        self.live_panel = live_panel  # conftest's LivePanel
        self.browser_specs = browser_specs  # name -> each displayed widget's browser-panel spec or None
        self.arrow_keys = arrow_keys  # (position, maximum, kind) -> the keys one step away and back
        self.panel_script = PANEL.replace("/*LIVE_PANEL*/", live_panel.READ)
        self.runs: dict[str, Run] = {}

    def start(self) -> None:
        self.page.goto(self.server.url("lab"), wait_until="load")
        self.page.wait_for_selector(".jp-DirListing-item", timeout=90_000)
        self.page.wait_for_function("() => Boolean(window.jupyterapp && jupyterapp.shell)")

    def menu(self, top: str, item: str) -> None:
        self.page.locator(f'.lm-MenuBar-itemLabel:text-is("{top}")').click()
        self.page.locator(f'.lm-Menu-itemLabel:text-is("{item}")').click()

    def open(self, name: str) -> None:
        self.page.locator(".jp-DirListing-item", has_text=f"{name}.ipynb").dblclick()
        self.page.wait_for_function(KERNEL_IDLE, arg=f"{name}.ipynb", timeout=90_000)
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30_000)

    def cell(self, index: int):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)

    def idle(self, name: str, timeout: float = 60_000) -> None:
        self.page.wait_for_function(KERNEL_IDLE, arg=f"{name}.ipynb", timeout=timeout)

    def save(self, name: str) -> dict:
        path = self.server.root / f"{name}.ipynb"
        before = path.stat().st_mtime_ns
        dirty = not self.page.evaluate(SAVED)
        self.cell(0).locator(".jp-InputPrompt").click()  # command mode, focus in the notebook
        self.page.keyboard.press("Control+s")
        self.page.wait_for_function(SAVED, timeout=30_000)
        deadline = time.monotonic() + (30 if dirty else 2)  # a clean notebook may not be written again
        while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.1)
        return _load(path)

    def close_and_shut_down(self) -> None:
        self.menu("File", "Close and Shut Down Notebook\u2026")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator(".jp-mod-accept").click()
        deadline = time.monotonic() + 30
        while self.server.api("kernels") and time.monotonic() < deadline:
            time.sleep(0.2)

    def panel(self, index: int) -> dict:
        return self.cell(index).evaluate(self.panel_script)

    def wait_for_browser_panel(self, index: int, timeout: float = 60_000) -> None:
        """Wait until the cell's browser panel has drawn its first picture (``data-drawn`` >= 1)."""
        self.cell(index).scroll_into_view_if_needed()
        self.cell(index).locator(".lrd-panel[data-drawn]:not([data-drawn='0'])").first.wait_for(timeout=timeout)

    def wait_for_panel(self, panel: Panel) -> None:
        if panel.spec is not None:
            self.wait_for_browser_panel(panel.cell)
        elif panel.pictured:
            self.wait_for_pictures(panel.cell)
        else:
            self.cell(panel.cell).locator(".jupyter-widgets").first.wait_for(timeout=30_000)

    def move_browser_panel(self, name: str, panel: Panel) -> None:
        """An arrow key on the browser panel's first control, one step away and one back, BROWSER_PRESSES times;
        then a drag of that control's thumb. A training panel waits for the kernel's answer."""
        live = self.live_panel(self.page, self.cell(panel.cell).locator(".lrd-panel").first)
        start = panel.start["browser"][0]
        f = panel.moved = self.arrow_keys.first(start)
        control = start["names"][f]
        panel.slider = start["labels"][f]
        timeout = 60_000 if panel.kind == "training" else 10_000
        away, back = self.arrow_keys(start["positions"][f], start["maxima"][f], start["kinds"][f])
        state = None
        for key in [away, back] * BROWSER_PRESSES:
            moved = live.press(control, key, timeout=timeout)
            if moved["redrawn"]:
                panel.latencies_ms.append(moved["ms"])
                panel.panel_ms.append(moved["panel_ms"])
            self.idle(name)
            state = self.panel(panel.cell)
            panel.keyboard.append((key, moved["redrawn"], state["browser"]))
        panel.back = state
        before = self.panel(panel.cell)["browser"][0]["picture"]
        if start["kinds"][f] != "range":
            return  # a dropdown has no thumb to drag
        dragged = live.drag(control, timeout=timeout)
        self.idle(name)
        panel.dragged = dragged["redrawn"] and self.panel(panel.cell)["browser"][0]["picture"] != before

    def wait_for_pictures(self, index: int, timeout: float = 30_000) -> None:
        self.cell(index).scroll_into_view_if_needed()
        self.cell(index).evaluate(
            """(cell, timeout) => new Promise((resolve, reject) => {
                 const t0 = performance.now();
                 const check = () => {
                   const out = cell.querySelector('.jp-Cell-outputArea');
                   const imgs = out ? [...out.querySelectorAll('img')] : [];
                   const shown = out && (out.querySelector('.jupyter-widgets, .jp-RenderedText'));
                   if (shown && imgs.length && imgs.every(i => i.complete && i.naturalWidth > 0)) resolve(true);
                   else if (out && out.textContent.includes('Error displaying widget')) resolve(false);
                   else if (performance.now() - t0 > timeout) resolve(false);
                   else setTimeout(check, 50);
                 };
                 check();
               })""",
            timeout,
        )

    def move_by_keys(self, name: str, panel: Panel) -> None:
        """Press an arrow key on the panel's first slider: one step away, one back, PRESSES times.

        Back and forth between two values, so every press has a new picture to wait for (a step
        further might draw the same picture: 08's plateau panel draws the same for patience 3, 4, 5).
        """
        cell = self.cell(panel.cell)
        handle = cell.locator(".widget-slider .noUi-handle").first
        first = panel.start["sliders"][0]
        panel.slider = first["label"]
        away, back = ("ArrowLeft", "ArrowRight") if math.isclose(first["now"], first["max"]) else (
            "ArrowRight", "ArrowLeft")
        handle.scroll_into_view_if_needed()
        for key in [away, back] * PRESSES:
            cell.evaluate(ARM)
            handle.focus()
            self.page.keyboard.press(key)
            changed = self.picture_changed()
            watch = self.page.evaluate("() => window.__labWatch")
            if changed and watch["pressed"] is not None:
                panel.latencies_ms.append(watch["shown"] - watch["pressed"])
            self.idle(name)
            state = self.panel(panel.cell)
            panel.keyboard.append((key, changed, state["pictures"]))
        panel.back = state

    def picture_changed(self, timeout: float = 15_000) -> bool:
        try:
            self.page.wait_for_function("() => window.__labWatch.shown !== null", timeout=timeout)
            return True
        except PlaywrightTimeout:
            return False

    def drag(self, name: str, panel: Panel) -> None:
        """Drag the panel's first slider's handle a fifth of its track with the mouse."""
        cell = self.cell(panel.cell)
        slider = cell.locator(".widget-slider").first
        handle, track = slider.locator(".noUi-handle"), slider.locator(".noUi-base")
        handle.scroll_into_view_if_needed()
        box, line = handle.bounding_box(), track.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        dx = line["width"] / 5 * (1 if x < line["x"] + line["width"] / 2 else -1)
        cell.evaluate(ARM)
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx, y, steps=8)
        self.page.mouse.up()
        panel.dragged = self.picture_changed()
        self.idle(name)

    def run(self, name: str) -> Run:
        if name in self.runs:
            return self.runs[name]
        run = self.runs[name] = Run(name)
        console, errors, outside = len(self.guard.console), len(self.guard.errors), len(self.guard.outside)
        stored = _load(NOTEBOOKS / f"{name}.ipynb")
        clock = time.monotonic()
        split = None  # where the console errors after reopening start

        def lap(phase: str) -> None:
            nonlocal clock
            run.seconds[phase] = time.monotonic() - clock
            clock = time.monotonic()

        try:
            self.open(name)
            lap("open")
            self.menu("Run", "Run All Cells")
            self.page.wait_for_function(f"() => ({PENDING})() || ({COUNTS})().every(n => n > 0)")
            self.page.wait_for_function(f"() => !({PENDING})()", timeout=300_000)
            # The prompts only show the cells on screen (JupyterLab renders a long notebook in windows), and the
            # kernel is idle for a moment between two cells: wait until the model holds a count for every cell.
            try:
                self.page.wait_for_function(f"() => ({COUNTS})().every(n => n > 0)", timeout=300_000)
            except PlaywrightTimeout:
                pass  # a cell that failed stops Run All: the counts below say which cells did not run
            self.idle(name)
            run.counts = self.page.evaluate(COUNTS)
            specs = iter(self.browser_specs(name))
            for index in _widget_cells(stored):
                spec = next(specs)
                pictured = spec is None and any("image/png" in o.get("data", {})
                                                for o in stored["cells"][index]["outputs"])
                panel = Panel(index, {}, pictured, spec=spec)
                self.wait_for_panel(panel)
                run.panels.append(panel)
            # Views send their first changes (a slider snapping to its step) as they appear: let the
            # kernel answer them before reading the starting state.
            self.page.wait_for_timeout(300)
            self.idle(name)
            for panel in run.panels:
                panel.start = self.panel(panel.cell)
            run.stderr_on_page = self.page.locator(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output'
                '[data-mime-type="application/vnd.jupyter.stderr"]').count()
            lap("run all")
            try:
                self.page.wait_for_function(
                    f"() => ({MATH})().every(c => !c || !c.prose.includes('$'))", timeout=20_000)
            except Exception:
                pass  # the test reports which cells
            run.math = self.page.evaluate(MATH)
            run.saved_first = self.save(name)
            lap("save")
            for panel in run.panels:
                if panel.spec is not None and panel.start["browser"]:
                    self.move_browser_panel(name, panel)
                elif panel.start["sliders"]:
                    self.move_by_keys(name, panel)
                    self.drag(name, panel)
            lap("sliders")
            run.saved_last = self.save(name)
            self.close_and_shut_down()
            split = len(self.guard.console)
            self.open(name)
            for panel in run.panels:
                self.wait_for_panel(panel)
                panel.reopened = self.panel(panel.cell)
            self.close_and_shut_down()
            lap("save, close, reopen, close")
        except Exception as error:  # the tests report it; the next chapter starts from a clean page
            run.failure = f"{type(error).__name__}: {str(error)[:2000]}"
            self.recover()
        split = len(self.guard.console) if split is None else split
        run.console = _course_errors(self.guard.console[console:split])
        run.console_reopened = _course_errors(self.guard.console[split:])
        run.page_errors = self.guard.errors[errors:]
        run.outside = self.guard.outside[outside:]
        return run

    def recover(self) -> None:
        for kernel in self.server.api("kernels") or []:
            self.server.api(f"kernels/{kernel['id']}", method="DELETE")
        self.start()


def _course_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if not m.startswith(LAB_NOISE)]


@pytest.fixture(scope="module")
def lab(new_guarded_page, lab_server, live_panel, browser_specs, arrow_keys, latency):
    with new_guarded_page() as guard:
        lab = Lab(guard, lab_server, live_panel, browser_specs, arrow_keys)
        lab.start()
        yield lab
        _write_table(lab.runs, latency)


def _ran(lab: Lab, name: str) -> Run:
    run = lab.run(name)
    if run.failure:
        pytest.fail(f"{name}: the run in JupyterLab stopped: {run.failure}", pytrace=False)
    return run


# ---- The tests ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CHAPTERS)
def test_run_all_shows_every_panel_without_errors(lab: Lab, widget_panels, name: str):
    run = _ran(lab, name)
    assert run.counts == list(range(1, len(run.counts) + 1)), f"code cells did not all run in order: {run.counts}"
    assert run.stderr_on_page == 0, "error or stderr output on the page"
    saved_outputs = [o for c in run.saved_first["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert [o for o in saved_outputs if o["output_type"] == "error"] == []
    assert [o["text"] for o in saved_outputs if o.get("name") == "stderr"] == []
    stored = widget_panels(_load(NOTEBOOKS / f"{name}.ipynb"))
    assert len(run.panels) == len(stored)
    for panel, controls in zip(run.panels, stored):
        assert panel.start["error"] == "", f"cell {panel.cell}: {panel.start['error']}"
        if panel.spec is not None:  # a browser panel: every control of its spec, a chart per plot, drawn
            assert len(panel.start["browser"]) == 1, f"cell {panel.cell}: {len(panel.start['browser'])} panels"
            shown = panel.start["browser"][0]
            assert shown["names"] == [c.name for c in controls], f"cell {panel.cell}: controls {shown['names']}"
            assert shown["charts"] == len(panel.spec["plots"]) and shown["inked"], f"cell {panel.cell}: no chart"
            assert shown["drawn"] >= 1 and shown["error"] == "", f"cell {panel.cell}: {shown['error']}"
            continue
        assert panel.start["browser"] == [], f"cell {panel.cell}: a browser panel where the chapter stores another"
        shown = len(panel.start["sliders"]) + len(panel.start["dropdowns"])
        assert 0 < shown <= len(controls), f"cell {panel.cell}: {shown} controls shown of {len(controls)}"
        if panel.pictured:
            assert panel.start["pictures"] and all(p["ok"] for p in panel.start["pictures"]), (
                f"cell {panel.cell}: the panel shows no picture: {panel.start['pictures']}")
    assert run.console == [], "console errors"
    assert run.page_errors == []
    assert run.outside == []


@pytest.mark.parametrize("name", CHAPTERS)
def test_formulas_are_typeset_by_mathjax(lab: Lab, name: str):
    run = _ran(lab, name)
    cells = _load(NOTEBOOKS / f"{name}.ipynb")["cells"]
    assert len(run.math) == len(cells)
    with_math = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and "$" in "".join(c["source"])]
    assert [i for i in with_math if not run.math[i]["formulas"]] == [], "markdown cells without mjx-container"
    raw = {i: m["prose"] for i, m in enumerate(run.math) if m and "$" in m["prose"]}
    assert raw == {}, "TeX left untypeset"


# Two renderings of the same values may differ by anti-aliasing (a redraw that blits the changed
# lines over a kept background, 07's training panel: at most 9 of 255 on 0.5% of the pixels); a
# changed value moves lines, which changes pixels by far more.
SAME_PIXELS = 24


def _same(pictures: list[dict], others: list[dict]) -> bool:
    """The same pictures: identical pixels, or no channel of any pixel off by more than SAME_PIXELS."""
    if [p["id"] for p in pictures] == [p["id"] for p in others]:
        return True
    if len(pictures) != len(others) or not all(p["src"] for p in pictures + others):
        return False
    import base64
    import io

    import numpy as np
    from PIL import Image

    def decode(src: str):
        return np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB"), dtype=int)

    for p, q in zip(pictures, others):
        a, b = decode(p["src"]), decode(q["src"])
        if a.shape != b.shape or np.abs(a - b).max() > SAME_PIXELS:
            return False
    return True


def _shows(readout: str, value: object) -> bool:
    """A slider's readout shows ``value``: a selection slider its label as it is, a number slider
    the number to the 3 significant digits of its readout format (``.3g``; ``d`` for integers)."""
    if isinstance(value, str):
        return readout.strip() == value
    return float(readout.replace("\u2212", "-")) == float(f"{value:.3g}")


@pytest.mark.parametrize("name", CHAPTERS)
def test_controls_start_at_the_chapters_values(lab: Lab, widget_panels, name: str):
    run = _ran(lab, name)
    stored = widget_panels(_load(NOTEBOOKS / f"{name}.ipynb"))
    wrong = []
    for panel, controls in zip(run.panels, stored):
        if panel.spec is not None:
            wrong += _browser_start_problems(panel, controls)
            continue
        want = {c.label: c for c in controls}
        for slider in panel.start["sliders"]:
            expected = want[slider["label"]].value
            if not _shows(slider["readout"], expected):
                wrong.append(f"cell {panel.cell} {slider['label']}: shows {slider['readout']}, chapter sets {expected}")
        for dropdown in panel.start["dropdowns"]:
            if (dropdown["shown"] or "").replace("\xa0", " ") != want[dropdown["label"]].value:  # options show nbsp
                wrong.append(f"cell {panel.cell} {dropdown['label']}: shows {dropdown['shown']!r}, "
                             f"chapter sets {want[dropdown['label']].value!r}")
        if panel.back is not None:  # away by the keyboard and back: the starting value and picture
            slider = panel.back["sliders"][0]
            expected = want[slider["label"]].value
            if not _shows(slider["readout"], expected):
                wrong.append(f"cell {panel.cell} {slider['label']}: a key away and back shows "
                             f"{slider['readout']}, chapter sets {expected}")
            if not all(_same(panel.start["pictures"], back) for _, _, back in panel.keyboard[1::2]):
                wrong.append(f"cell {panel.cell} {slider['label']}: a key away and back draws another picture "
                             "than the one shown after Run All")
    # The values the page's models hold (and the kernel draws with), saved before any slider moved.
    for index, (saved, controls) in enumerate(zip(widget_panels(run.saved_first), stored)):
        used = {c.label: c.value for c in saved}
        for control in controls:
            value = used.get(control.label)
            same = value == control.value if not isinstance(value, float) else math.isclose(
                value, control.value, rel_tol=1e-12, abs_tol=1e-15)
            if not same:
                wrong.append(f"panel {index} {control.label}: the model holds {value!r}, chapter sets {control.value!r}")
    assert wrong == []


def _browser_start_problems(panel: Panel, controls: list) -> list[str]:
    """A browser panel after Run All shows the chapter's values; a key away and back shows them again."""
    wrong = []
    start = panel.start["browser"][0] if panel.start["browser"] else None
    if start is None:
        return [f"cell {panel.cell}: no browser panel"]
    if None in [c.text for c in controls]:
        wrong.append(f"cell {panel.cell}: a stored value is none of its control's options: {controls}")
    if start["readouts"] != [c.text for c in controls]:
        wrong.append(f"cell {panel.cell}: readouts {start['readouts']}, chapter sets {[c.text for c in controls]}")
    positions = [spec["options"].index(c.value) if c.value in spec["options"] else None
                 for spec, c in zip(panel.spec["controls"], controls)]
    if start["positions"] != positions:
        wrong.append(f"cell {panel.cell}: control positions {start['positions']}, chapter sets {positions}")
    if panel.back is not None:
        back = panel.back["browser"][0]
        if back["readouts"] != start["readouts"]:
            wrong.append(f"cell {panel.cell} {panel.slider}: a key away and back shows {back['readouts']}")
        if not all(state and state[0]["picture"] == start["picture"] for _, _, state in panel.keyboard[1::2]):
            wrong.append(f"cell {panel.cell} {panel.slider}: a key away and back draws another picture "
                         "than the one shown after Run All")
    return wrong


@pytest.mark.parametrize("name", WITH_SLIDERS)
def test_pictures_follow_the_keyboard_and_a_drag(lab: Lab, name: str):
    run = _ran(lab, name)
    moved = [p for p in run.panels if p.start["sliders"] or p.start["browser"]]
    assert moved
    for panel in moved:
        if panel.spec is not None:
            start = panel.start["browser"][0]
            assert [changed for _, changed, _ in panel.keyboard] == [True] * (2 * BROWSER_PRESSES), (
                f"cell {panel.cell} ({panel.slider}): a key press did not redraw the panel: "
                f"{[(key, changed) for key, changed, _ in panel.keyboard]}")
            away = [state[0] for _, _, state in panel.keyboard[0::2]]
            assert all(a["picture"] != start["picture"] for a in away), (
                f"cell {panel.cell} ({panel.slider}): a key away draws the starting picture again")
            assert all(a["readouts"][panel.moved] != start["readouts"][panel.moved] for a in away), (
                f"cell {panel.cell} ({panel.slider}): a key away leaves the readout as it was")
            assert all(a["drawn"] > start["drawn"] for a in away)
            assert panel.dragged or start["kinds"][panel.moved] != "range", (
                f"cell {panel.cell} ({panel.slider}): the picture did not change after a drag")
            continue
        assert [changed for _, changed, _ in panel.keyboard] == [True] * (2 * PRESSES), (
            f"cell {panel.cell} ({panel.slider}): a key press left the picture as it was: "
            f"{[(key, changed) for key, changed, _ in panel.keyboard]}")
        assert not any(_same(panel.start["pictures"], away) for _, _, away in panel.keyboard[0::2]), (
            f"cell {panel.cell} ({panel.slider}): a key away draws the starting picture again")
        assert panel.dragged, f"cell {panel.cell} ({panel.slider}): the picture did not change after a drag"


@pytest.mark.parametrize("name", CHAPTERS)
def test_save_close_and_reopen_keeps_the_panels(lab: Lab, widget_panels, name: str):
    run = _ran(lab, name)
    state = run.saved_last["metadata"].get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [o["data"][WIDGET_VIEW]["model_id"] for c in run.saved_last["cells"] if c["cell_type"] == "code"
             for o in c["outputs"] if WIDGET_VIEW in o.get("data", {})]
    assert views and [v for v in views if v not in state] == [], "displayed widgets whose model was not saved"
    saved = iter(widget_panels(run.saved_last))
    for panel in run.panels:
        again = panel.reopened
        controls = next(saved)
        assert again is not None and again["error"] == "", f"cell {panel.cell}: {again and again['error']}"
        if panel.spec is not None:  # drawn again from the saved file, at the values saved (after the drag)
            assert len(again["browser"]) == 1, f"cell {panel.cell}: no browser panel after reopening"
            shown = again["browser"][0]
            assert shown["names"] == panel.start["browser"][0]["names"]
            assert shown["charts"] == len(panel.spec["plots"]) and shown["inked"] and shown["drawn"] >= 1
            assert shown["readouts"] == [c.text for c in controls], f"cell {panel.cell}: not the values saved"
            continue
        assert len(again["sliders"]) == len(panel.start["sliders"])
        assert len(again["dropdowns"]) == len(panel.start["dropdowns"])
        if panel.pictured:
            assert again["pictures"] and all(p["ok"] for p in again["pictures"]), f"cell {panel.cell}: no picture"
    assert run.console_reopened == [] and run.page_errors == []


@pytest.mark.parametrize("name", WITH_BROWSER_PANELS)
def test_browser_panels_redraw_within_the_goal(lab: Lab, latency, name: str):
    """Median key press to new picture: each schedule panel at most 50 ms (training panels: measured, their
    goal in the table)."""
    run = _ran(lab, name)
    slow = []
    for panel in [p for p in run.panels if p.spec is not None]:
        assert panel.latencies_ms, f"cell {panel.cell}: no key press redrew the panel"
        median = statistics.median(panel.latencies_ms)
        if panel.kind == "schedule" and median > latency.schedule_goal:
            goal = latency.schedule_goal
            slow.append(f"cell {panel.cell} ({panel.kind}, {panel.slider}): median {median:.0f} ms > {goal:.0f} ms, "
                        f"{[round(ms) for ms in panel.latencies_ms]}")
    assert slow == []


def _goal(name: str, panel: Panel, latency) -> float | None:
    if panel.kind == "schedule":
        return latency.schedule_goal
    if panel.kind == "training" and name in TRAINING_GOAL_CHAPTERS:
        return latency.training_goal
    return None


# ---- The benchmark table ----------------------------------------------------------------------------
def _write_table(runs: dict[str, Run], latency) -> None:
    measured = [run for run in runs.values() if run.panels and not run.failure]
    if not measured:
        return
    rows = [{"chapter": run.name, "panel": panel.cell, "kind": panel.kind, "control": panel.slider,
             "ms": panel.latencies_ms, "panel_ms": panel.panel_ms, "goal": _goal(run.name, panel, latency)}
            for run in measured for panel in run.panels if panel.latencies_ms]
    lines = [
        "# JupyterLab: key press to new picture, per panel",
        "",
        "Written by `make test-browser` (`tests/browser/test_lab.py`): headless Chromium, JupyterLab on",
        f"127.0.0.1; an arrow key on the panel's first slider, one step away and one back, {BROWSER_PRESSES} times "
        f"(ipywidgets panels: {PRESSES} times).",
        "Schedule and training panels (browser panels, anywidget): from the keydown event (capture phase) to the",
        "animation frame after the panel's redraw (`data-drawn` grows); \"panel's own\": its `data-latency`",
        "(keydown on the control to the chart's draw hook). A training panel waits for the kernel's lines.",
        "ipywidgets panels: from the keydown event to the kernel's new PNG decoded in the page.",
        f"Asserted: median at most {latency.schedule_goal:.0f} ms per schedule panel. Training panels: measured, the goal",
        f"of {latency.training_goal:.0f} ms shown for those of {', '.join(TRAINING_GOAL_CHAPTERS)} (issue 25: its lab panel), "
        "not asserted. ipywidgets panels: measured only.",
        latency.machine(),
        "",
        "The panel column is the panel's cell in the notebook.",
        "",
        *latency.rows(rows),
    ]
    lines += ["", "## Time per chapter (seconds)", "",
              "| chapter | open | Run All | save | sliders | save, close, reopen, close | total |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for run in measured:
        s = run.seconds
        phases = ["open", "run all", "save", "sliders", "save, close, reopen, close"]
        lines.append(f"| {run.name} | " + " | ".join(f"{s.get(p, float('nan')):.1f}" for p in phases)
                     + f" | {sum(s.values()):.1f} |")
    lines.append(f"| all | | | | | | {sum(sum(r.seconds.values()) for r in measured):.1f} |")
    # A run of some chapters only (pytest -k) leaves the table of the last full run as it is.
    latency.write(LATENCY_TABLE.name, lines, complete=len(measured) == len(CHAPTERS))
