"""Headless Chromium for the browser tests (``make test-browser``), with every outside host blocked.

Reusable by any browser test (the book, the slides, JupyterLab):

* ``browser``: Debian's Chromium (``$CHROMIUM``, default ``/usr/bin/chromium``) driven by Playwright,
  one per session; Playwright never downloads a browser of its own.
* ``guarded_page``: a new page whose requests to anything but ``file://``, ``data:``, ``blob:`` and the
  loopback addresses are aborted and recorded (``guard.outside``), with failed requests and console
  errors recorded too.
* ``static_server(root)``: a plain local web server (``http.server``) on 127.0.0.1 and a free port.
* ``lab_server``: JupyterLab from the venv on 127.0.0.1 (a free port, a random token) serving a temporary
  copy of ``notebooks/``, with Jupyter's config, data, runtime, settings and workspace folders in a
  temporary folder too, so nothing of the user's and nothing in the repository is read or changed
  (the venv's ``share/jupyter/lab/settings/overrides.json`` from ``make setup`` still applies).

These tests are not part of ``make test`` (its pytest run ignores ``tests/browser``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
#: Which edition the browser tests read: the English one, or with LRDECAY_EDITION=zh the Chinese one
#: (notebooks/zh, build/book/zh, build/slides/zh, build/handouts/zh). `make test-browser` runs both.
EDITION = os.environ.get("LRDECAY_EDITION", "en")
if EDITION not in ("en", "zh"):
    raise ValueError(f"LRDECAY_EDITION must be 'en' or 'zh'; got LRDECAY_EDITION={EDITION!r}.")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


def is_local(url: str) -> bool:
    """True for a URL this machine serves itself: a file, inline data, or a loopback address."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").lower()
    return parts.scheme in {"http", "https", "ws", "wss"} and (host in LOOPBACK or host.startswith("127."))


@dataclass
class Guard:
    """A page whose outside requests are blocked; what it tried and what failed, for the asserts."""

    page: Page
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)  # console.error messages

    def _route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def _failed(self, request: Request) -> None:
        # net::ERR_ABORTED: the browser cancelled a load still in flight because the test navigated on
        # (seen for MathJax's fonts); a missing file fails with ERR_FILE_NOT_FOUND and still counts.
        if is_local(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed.append(request.url)

    def open(self, url: str, settle_ms: int = 0) -> Page:
        """Go to ``url``, wait until the network is idle (and ``settle_ms`` more), return the page."""
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        if settle_ms:
            self.page.wait_for_timeout(settle_ms)
        return self.page


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` (Debian's chromium) or set CHROMIUM")
    with sync_playwright() as playwright:
        # Playwright starts Chromium with a fresh --user-data-dir of its own (a temporary profile).
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@contextlib.contextmanager
def guarded(browser: Browser) -> Iterator[Guard]:
    """A new browser context and page with outside hosts blocked, closed when the block ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context.new_page())
    context.route("**/*", guard._route)
    guard.page.on("requestfailed", guard._failed)
    guard.page.on("pageerror", lambda error: guard.errors.append(str(error)))
    guard.page.on("console", lambda message: message.type == "error" and guard.console.append(message.text))
    try:
        yield guard
    finally:
        context.close()


@pytest.fixture
def guarded_page(browser: Browser) -> Iterator[Guard]:
    with guarded(browser) as guard:
        yield guard


@pytest.fixture(scope="session")
def new_guarded_page(browser: Browser):
    """``new_guarded_page()`` is a context manager yielding a :class:`Guard` (for a page kept longer
    than one test, e.g. one JupyterLab page for a whole module)."""
    return functools.partial(guarded, browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) while the block runs; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def guarded_in():
    """``guarded_in(browser)``: :func:`guarded` for a browser of the test's own (e.g. one launched
    with other flags)."""
    return guarded


@pytest.fixture(scope="session")
def static_server():
    """``static_server(root)`` is a context manager serving ``root``; yields its base URL."""
    return serve


# ---- JupyterLab from the venv ------------------------------------------------------------------------
VENV_BIN = Path(sys.prefix) / "bin"


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: its base URL, token and the folder it serves (a copy of ``notebooks/``)."""

    base: str
    token: str
    root: Path
    log: Path

    def url(self, path: str = "lab") -> str:
        return f"{self.base}{path}?token={self.token}"

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API (``api/kernels`` …) with the token; the decoded JSON or None."""
        request = urllib.request.Request(f"{self.base}api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(notebooks: Path, workdir: Path, startup_timeout: float = 90.0,
                settings: dict[str, dict] | None = None) -> Iterator[LabServer]:
    """Run JupyterLab from this venv on a copy of ``notebooks`` in ``workdir`` while the block runs;
    ``settings``: user settings by plugin id (``"@jupyterlab/translation-extension:plugin"`` …)."""
    jupyter = VENV_BIN / "jupyter"
    if not jupyter.is_file():
        pytest.fail(f"{jupyter} not found: run `make setup` (the course's venv with JupyterLab)")
    root = workdir / "notebooks"
    shutil.copytree(notebooks, root)
    home = workdir / "jupyter"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    for inherited in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR"):  # the venv's own, only
        env.pop(inherited, None)
    for plugin, values in (settings or {}).items():
        package, name = plugin.rsplit(":", 1)
        target = home / "lab-user-settings" / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(24)
    command = [
        str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        # window.jupyterapp: the tests read the kernel's status from it (actions go through the menus).
        "--LabApp.expose_app_in_browser=True",
        # Offline: no news feed, no update check.
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = workdir / "jupyter-lab.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, cwd=workdir, stdout=output, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}/", token, root, log)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                server.api("status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer within {startup_timeout:g} s:\n"
                                f"{log.read_text()[-3000:]}")
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> Iterator[LabServer]:
    """JupyterLab serving a temporary copy of ``notebooks/`` (the repository's are never touched)."""
    with jupyter_lab(NOTEBOOKS, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def fresh_lab_server(tmp_path_factory) -> Iterator[LabServer]:
    """A JupyterLab of its own for one test module, on a new copy of ``notebooks/`` (nothing run yet)."""
    with jupyter_lab(NOTEBOOKS, tmp_path_factory.mktemp("fresh-lab")) as server:
        yield server


def built(folder: str) -> Path:
    """``build/<folder>``, or a failing test that says which target builds it."""
    path = BUILD / folder if EDITION == "en" else BUILD / folder / EDITION
    if not path.is_dir():
        pytest.fail(f"{path} is missing: run `make {folder}` first (make test-browser builds it)")
    return path


@pytest.fixture(scope="session")
def book_dir() -> Path:
    """The built web book, ``build/book``."""
    return built("book")


@pytest.fixture(scope="session")
def slides_dir() -> Path:
    """The built decks, ``build/slides``."""
    return built("slides")


@pytest.fixture(scope="session")
def handouts_dir() -> Path:
    """The printed handouts, ``build/handouts``."""
    return built("handouts")


# ---- What a chapter's page must show, read from its notebook ---------------------------------------
NOTEBOOKS = ROOT / "notebooks" if EDITION == "en" else ROOT / "notebooks" / EDITION
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Outputs richer than a PNG: when one of these is stored beside it, the page shows that instead.
RICHER_THAN_PNG = {WIDGET_VIEW, "text/html", "text/markdown", "image/svg+xml"}


@dataclass(frozen=True)
class Expected:
    """Counts a correct rendering of one notebook must reach (what its stored outputs hold).

    Two kinds of panel may sit side by side while chapters are converted: ipywidgets panels (a VBox of
    sliders and dropdowns, the picture a PNG the kernel draws) and browser panels (an ``AnyModel`` whose
    ``spec`` lists its controls and charts; ``.lrd-panel`` with one ``input[type=range]`` per control,
    drawn by the page). A browser panel's output also stores a PNG (for readers without widgets): a page
    with the widget shows the panel instead, so that PNG is not counted in ``pictures``.
    """

    name: str
    has_math: bool  # its markdown holds a $…$ formula
    pictures: int  # stored image/png outputs shown as pictures
    sliders: int  # ipywidgets slider controls inside the displayed widgets
    dropdowns: int  # ipywidgets dropdown controls inside the displayed widgets
    browser_panels: int = 0  # displayed AnyModel panels (``.lrd-panel``)
    browser_controls: int = 0  # their controls (``.lrd-panel input[type=range]``), from each spec
    kernel_panels: int = 0  # of those, the ones whose lines the kernel computes (spec["kernel"])


def _state(notebook: dict) -> dict:
    return notebook["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def browser_spec(state: dict, model_id: str) -> dict | None:
    """The ``spec`` of a displayed browser panel (an ``AnyModel`` with a spec), or None for another widget."""
    model = state.get(model_id, {})
    if model.get("model_name") == "AnyModel" and "spec" in model.get("state", {}):
        return model["state"]["spec"]
    return None


def _controls(state: dict, model_id: str, seen: set[str]) -> list[str]:
    """The model names of ``model_id`` and of every widget below it (``IPY_MODEL_`` references)."""
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]
    names = [model["model_name"]]
    for value in model["state"].values():
        refs = value if isinstance(value, list) else [value]
        for ref in refs:
            if isinstance(ref, str) and ref.startswith("IPY_MODEL_") and not ref.endswith(("layout", "style")):
                child = ref.removeprefix("IPY_MODEL_")
                if state.get(child, {}).get("model_name", "").endswith(("LayoutModel", "StyleModel")):
                    continue
                names += _controls(state, child, seen)
    return names


@functools.cache
def expected_for(name: str) -> Expected:
    """What the page of notebook ``name`` (``NN_title``, no suffix) must show."""
    import json

    notebook = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    state = _state(notebook)
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    views = [o["data"][WIDGET_VIEW]["model_id"] for o in outputs if WIDGET_VIEW in o.get("data", {})]
    shown: list[str] = []
    specs = []
    for model_id in views:
        spec = browser_spec(state, model_id)
        if spec is not None:
            specs.append(spec)
        else:
            shown += _controls(state, model_id, set())
    markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return Expected(
        name=name,
        has_math="$" in markdown,
        pictures=sum(1 for o in outputs if "image/png" in o.get("data", {}) and not RICHER_THAN_PNG & set(o["data"])),
        sliders=sum(1 for model in shown if model.endswith("SliderModel")),
        dropdowns=shown.count("DropdownModel"),
        browser_panels=len(specs),
        browser_controls=sum(len(spec["controls"]) for spec in specs),
        kernel_panels=sum(1 for spec in specs if spec.get("kernel")),
    )


@pytest.fixture(scope="session")
def expected():
    """``expected(name)``: the :class:`Expected` counts for notebook ``name`` (``NN_title``)."""
    return expected_for


@dataclass(frozen=True)
class Control:
    """One slider or dropdown of a displayed widget, as stored in a notebook's widget state."""

    model: str  # e.g. "FloatLogSliderModel"; "AnyModel" for a control of a browser panel
    label: str  # its description, the text before it
    value: object  # a slider's value; a dropdown's selected label
    text: str | None = None  # a browser panel's readout of that value (its spec's ``texts``)
    name: str = ""  # a browser panel's control name (``data-name`` of its input)


@pytest.fixture(scope="session")
def widget_panels():
    """``widget_panels(notebook)``: :func:`panels_of`, the controls of each displayed widget."""
    return panels_of


# JupyterLab saves the widget state without the values equal to a model's default (drop_defaults):
# the defaults of @jupyter-widgets/controls 2.0 (a dropdown's index defaults to none, "").
SLIDER_DEFAULT = {"IntSliderModel": 0, "FloatSliderModel": 0.0, "FloatLogSliderModel": 1.0}


def panels_of(notebook: dict) -> list[list[Control]]:
    """The controls of every displayed widget (each widget-view output, in order) of a notebook.

    A browser panel's controls come from its spec, in order, each at the value its ``values`` hold
    (``text``: what its readout shows for that value, the spec's text for the option; None when the value
    is not one of the options, which the tests report).
    """
    state = _state(notebook)
    panels = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            if WIDGET_VIEW not in output.get("data", {}):
                continue
            model_id = output["data"][WIDGET_VIEW]["model_id"]
            spec = browser_spec(state, model_id)
            if spec is not None:
                values = state[model_id]["state"].get("values", {})
                controls = []
                for control in spec["controls"]:
                    value = values.get(control["name"])
                    text = next((t for o, t in zip(control["options"], control["texts"]) if o == value), None)
                    controls.append(Control("AnyModel", control["label"], value, text, control["name"]))
                panels.append(controls)
                continue
            seen: set[str] = set()
            _controls(state, model_id, seen)
            controls = []
            for model_id in seen:
                model = state[model_id]
                name, values = model["model_name"], model["state"]
                if name == "SelectionSliderModel":  # the value's label, as its readout shows it
                    labels, index = values.get("_options_labels", []), values.get("index", 0)
                    controls.append(Control(name, values.get("description", ""), labels[index]))
                elif name.endswith("SliderModel"):
                    value = values.get("value", SLIDER_DEFAULT.get(name))
                    controls.append(Control(name, values.get("description", ""), value))
                elif name == "DropdownModel":
                    labels, index = values.get("_options_labels", []), values.get("index")
                    controls.append(Control(name, values.get("description", ""),
                                            labels[index] if isinstance(index, int) else None))
            panels.append(controls)
    return panels


@pytest.fixture(scope="session")
def browser_specs():
    """``browser_specs(name)``: :func:`browser_panels_of` the stored notebook ``name`` (``NN_title``)."""
    return lambda name: browser_panels_of(json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")))


def browser_panels_of(notebook: dict) -> list[dict | None]:
    """For every displayed widget (as :func:`panels_of`, in order): its browser-panel spec, or None."""
    state = _state(notebook)
    return [browser_spec(state, output["data"][WIDGET_VIEW]["model_id"])
            for cell in notebook["cells"] if cell["cell_type"] == "code"
            for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]


# ---- A browser panel in a page (JupyterLab, the book, the slides) -------------------------------------
# What one ``.lrd-panel`` shows: its redraw count, its own latency figure, its controls and readouts,
# and a picture id: a hash of every chart's canvas pixels, with the titles and the legends' text.
LIVE_PANEL = """root => {
  let h = 2166136261;
  const canvases = [...root.querySelectorAll('canvas')];
  for (const canvas of canvases) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      h ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16); h = Math.imul(h, 16777619);
    }
  }
  const inked = canvases.some(canvas => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
  const texts = s => [...root.querySelectorAll(s)].map(e => e.textContent);
  // Each control: a slider (input[type=range], its readout the <output> beside it) or a dropdown (a
  // <select>, its readout the selected option's text); a control may be hidden (shown only for some values).
  const controls = [...root.querySelectorAll('.lrd-control')].map(row => ({row, input: row.querySelector('[data-name]')}));
  const choice = c => c.input.tagName === 'SELECT';
  return {
    drawn: Number(root.dataset.drawn || 0),
    latency: root.dataset.latency === undefined ? null : Number(root.dataset.latency),
    names: controls.map(c => c.input.dataset.name),
    kinds: controls.map(c => choice(c) ? 'choice' : 'range'),
    visible: controls.map(c => c.row.offsetParent !== null || getComputedStyle(c.row).display !== 'none'),
    labels: controls.map(c => c.row.querySelector('label').textContent),
    readouts: controls.map(c => choice(c) ? (c.input.selectedOptions[0] || {}).textContent
                                          : c.row.querySelector('output').textContent),
    positions: controls.map(c => Number(choice(c) ? c.input.selectedIndex : c.input.value)),
    maxima: controls.map(c => choice(c) ? c.input.options.length - 1 : Number(c.input.max)),
    titles: texts('.u-title'),
    legends: texts('.lrd-legend'),
    error: (root.querySelector('.lrd-error') || {}).textContent || '',
    charts: canvases.length,
    inked,
    picture: (h >>> 0).toString(16) + ':' + canvases.map(c => c.width + 'x' + c.height).join(','),
  };
}"""
# Watch one panel: the time of the next keydown or pointerdown anywhere (capture phase, before the panel
# sees it), the next redraw (``data-drawn`` grows) and the next animation frame after it, when the new
# picture goes to the screen: ``window.__lrdWatch``.
LIVE_ARM = """root => {
  const watch = window.__lrdWatch = {pressed: null, drawn: null, shown: null, from: Number(root.dataset.drawn || 0)};
  const press = () => { if (watch.pressed === null) watch.pressed = performance.now(); };
  document.addEventListener('keydown', press, {capture: true, once: true});
  document.addEventListener('pointerdown', press, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (Number(root.dataset.drawn || 0) <= watch.from || watch.drawn !== null) return;
    observer.disconnect();
    watch.drawn = performance.now();
    requestAnimationFrame(() => { watch.shown = performance.now(); });
  });
  observer.observe(root, {attributes: true, attributeFilter: ['data-drawn']});
}"""


# A panel has settled when the page's fonts are loaded and its redraw count, its width and its charts'
# canvas sizes have held for ``frames`` animation frames (polled once a frame). A panel drawn while its
# slide or page was hidden is drawn at a stand-in width (1000 px) and redrawn at its own by its
# ResizeObserver a few frames after it is shown: a picture read before that is not the one it settles on.
# ``also``: the source of a further condition ``root => bool`` the page must meet in the same frames.
PANEL_SETTLED = """([root, frames, also]) => {
  if (document.fonts.status !== 'loaded' || (also && !(0, eval)(also)(root))) {
    delete root.__lrdSettle;
    return false;
  }
  const key = [root.dataset.drawn, root.clientWidth,
               ...[...root.querySelectorAll('canvas')].map(c => c.width + 'x' + c.height)].join(' ');
  const seen = root.__lrdSettle || (root.__lrdSettle = {key: null, frames: 0});
  if (seen.key === key) seen.frames += 1; else { seen.key = key; seen.frames = 0; }
  return seen.frames >= frames;
}"""


class LivePanel:
    """Drive one browser panel (``.lrd-panel``) of a page: read it, press keys on a control, drag it."""

    READ = LIVE_PANEL  # ``root => {...}``: what :meth:`read` returns, for scripts that read many panels
    SETTLE_FRAMES = 3

    def __init__(self, page, root) -> None:
        self.page, self.root = page, root  # root: a Playwright locator of the .lrd-panel

    def read(self) -> dict:
        return self.root.evaluate(LIVE_PANEL)

    def settle(self, also: str | None = None, timeout: float = 30_000) -> None:
        """Wait until the panel has settled (:data:`PANEL_SETTLED`): fonts loaded, drawn at its own size,
        and ``also`` (the source of ``root => bool``, e.g. its slide fitted) true all the while."""
        self.root.evaluate("root => { delete root.__lrdSettle; }")
        self.page.wait_for_function(PANEL_SETTLED, arg=[self.root.element_handle(), self.SETTLE_FRAMES, also],
                                    polling="raf", timeout=timeout)

    def press(self, name: str, key: str, timeout: float = 10_000) -> dict:
        """Press ``key`` on control ``name``; wait for the redraw and the frame after it. Returns
        ``{"redrawn", "ms" (keydown to that frame), "panel_ms" (the panel's own data-latency), "after"}``."""
        control = self.root.locator(f'[data-name="{name}"]')
        control.focus()
        self.root.evaluate(LIVE_ARM)
        self.page.keyboard.press(key)
        return self._settle(timeout)

    def drag(self, name: str, fraction: float = 0.2, timeout: float = 10_000) -> dict:
        """Drag control ``name``'s thumb a ``fraction`` of its track with the mouse (towards the far end)."""
        control = self.root.locator(f'input[data-name="{name}"]')
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        position, top = float(control.input_value()), float(control.get_attribute("max"))
        at = position / top if top else 0.0
        thumb = 8  # half the thumb's width: where Chromium puts its centre at either end
        x = box["x"] + thumb + (box["width"] - 2 * thumb) * at
        y = box["y"] + box["height"] / 2
        dx = (box["width"] - 2 * thumb) * fraction * (1 if at < 0.5 else -1)
        self.root.evaluate(LIVE_ARM)
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx, y, steps=8)
        self.page.mouse.up()
        return self._settle(timeout)

    def _settle(self, timeout: float) -> dict:
        try:
            self.page.wait_for_function("() => window.__lrdWatch.shown !== null", timeout=timeout)
            redrawn = True
        except Exception:  # no redraw within the timeout: the tests report it
            redrawn = False
        watch = self.page.evaluate("() => window.__lrdWatch")
        after = self.read()
        ms = watch["shown"] - watch["pressed"] if redrawn and watch["pressed"] is not None else None
        return {"redrawn": redrawn, "ms": ms, "panel_ms": after["latency"] if redrawn else None, "after": after}


@pytest.fixture(scope="session")
def live_panel():
    """``live_panel(page, locator)``: a :class:`LivePanel` for the ``.lrd-panel`` the locator finds."""
    return LivePanel


def away_and_back(position: int, maximum: int, kind: str = "range") -> tuple[str, str]:
    """The arrow keys that move a control one step away from ``position`` (inside 0..maximum) and back
    (a dropdown's: down and up)."""
    forth, back = ("ArrowDown", "ArrowUp") if kind == "choice" else ("ArrowRight", "ArrowLeft")
    return (back, forth) if position >= maximum else (forth, back)


def first_slider(state: dict) -> int:
    """The index of a browser panel's first visible slider (:data:`LIVE_PANEL` ``state``), else of its
    first visible control: the one the tests move."""
    shown = [i for i, visible in enumerate(state["visible"]) if visible]
    return next((i for i in shown if state["kinds"][i] == "range"), shown[0] if shown else 0)


@pytest.fixture(scope="session")
def arrow_keys():
    """``arrow_keys(position, maximum, kind="range")``: :func:`away_and_back`; ``arrow_keys.first(state)``:
    :func:`first_slider`."""
    away_and_back.first = first_slider
    return away_and_back


# ---- Latency tables (benchmarks/results/) ------------------------------------------------------------
RESULTS = ROOT / "benchmarks" / "results"
SCHEDULE_GOAL_MS = 50.0  # key press to new picture, median per schedule panel (issue 25, item 6)
TRAINING_GOAL_MS = 150.0  # the same for chapter 07's training panel in JupyterLab (the kernel trains)


def machine_line() -> str:
    """The machine and the moment, as every table in benchmarks/results/ says them."""
    try:
        load = "{:.2f}".format(os.getloadavg()[0])
    except OSError:
        load = "n/a"
    return (f"Machine: {platform.machine()}, {os.cpu_count() or 0} cores, load average {load} at the end; "
            f"{time.strftime('%Y-%m-%d %H:%M')}.")


def latency_rows(rows: list[dict]) -> list[str]:
    """Markdown rows of browser panels' key-press latencies: ``rows`` of {chapter, panel, kind, control,
    ms (list), panel_ms (list), goal (ms or None)}; a panel with no redraw says so."""
    lines = ["| chapter | panel | kind | control | presses | median ms | min ms | max ms | panel's own median ms "
             "| goal ms | median within goal |",
             "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        ms, own = row["ms"], [m for m in row.get("panel_ms", []) if m is not None]
        goal = f"{row['goal']:.0f}" if row.get("goal") else "–"
        start = f"| {row['chapter']} | {row['panel']} | {row['kind']} | {row['control']} | {len(ms)} | "
        if not ms:
            lines.append(start + f"{row.get('note', 'no redraw')} | | | | {goal} | |")
            continue
        median = statistics.median(ms)
        own_median = f"{statistics.median(own):.0f}" if own else "–"
        within = ("yes" if median <= row["goal"] else "**no**") if row.get("goal") else ""
        lines.append(start + f"{median:.0f} | {min(ms):.0f} | {max(ms):.0f} | {own_median} | {goal} | {within} |")
    return lines


def write_result(name: str, lines: list[str], complete: bool) -> Path:
    """Write ``benchmarks/results/<name>`` (or ``build/<name>`` when only some chapters ran: a partial run
    leaves the table of the last full run as it is); returns the path written. The Chinese edition's
    tables go to ``build/zh/<name>`` (the committed tables are the English edition's)."""
    path = RESULTS / name if complete and EDITION == "en" else BUILD / (name if EDITION == "en" else f"zh/{name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def gather_rows(name: str, rows: list[dict]) -> list[dict]:
    """This process's ``rows`` together with those the other pytest-xdist workers of the same run have
    gathered so far for table ``name`` (each writes its own to ``build/<name>-rows/<run>/``); sorted by
    chapter and panel. Without xdist, ``rows`` sorted."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        return sorted(rows, key=lambda r: (r["chapter"], r["panel"]))
    folder = BUILD / f"{Path(name).stem}-rows" / run
    folder.mkdir(parents=True, exist_ok=True)
    mine = folder / f"{os.getpid()}.json"
    mine.write_text(json.dumps(rows), encoding="utf-8")
    merged = [row for path in sorted(folder.glob("*.json")) for row in json.loads(path.read_text(encoding="utf-8"))]
    return sorted(merged, key=lambda r: (r["chapter"], r["panel"]))


@pytest.fixture(scope="session")
def latency():
    """The goals and the table writers above, for the test modules (which cannot import this file)."""
    import types

    return types.SimpleNamespace(schedule_goal=SCHEDULE_GOAL_MS, training_goal=TRAINING_GOAL_MS,
                                 rows=latency_rows, write=write_result, machine=machine_line,
                                 gather=gather_rows)
