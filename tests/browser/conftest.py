"""Headless Chromium for the browser tests (``make test-browser``), with every outside host blocked.

Reusable by any browser test (the book, the slides, JupyterLab):

* ``browser``: Debian's Chromium (``$CHROMIUM``, default ``/usr/bin/chromium``) driven by Playwright,
  one per session; Playwright never downloads a browser of its own.
* ``guarded_page``: a new page whose requests to anything but ``file://``, ``data:``, ``blob:`` and the
  loopback addresses are aborted and recorded (``guard.outside``), with failed requests and console
  errors recorded too.
* ``static_server(root)``: a plain local web server (``http.server``) on 127.0.0.1 and a free port.

These tests are not part of ``make test`` (its pytest run ignores ``tests/browser``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
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
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def guarded_page(browser: Browser) -> Iterator[Guard]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context.new_page())
    context.route("**/*", guard._route)
    guard.page.on("requestfailed", guard._failed)
    guard.page.on("pageerror", lambda error: guard.errors.append(str(error)))
    yield guard
    context.close()


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
def static_server():
    """``static_server(root)`` is a context manager serving ``root``; yields its base URL."""
    return serve


def built(folder: str) -> Path:
    """``build/<folder>``, or a failing test that says which target builds it."""
    path = BUILD / folder
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


# ---- What a chapter's page must show, read from its notebook ---------------------------------------
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Outputs richer than a PNG: when one of these is stored beside it, the page shows that instead.
RICHER_THAN_PNG = {WIDGET_VIEW, "text/html", "text/markdown", "image/svg+xml"}


@dataclass(frozen=True)
class Expected:
    """Counts a correct rendering of one notebook must reach (what its stored outputs hold)."""

    name: str
    has_math: bool  # its markdown holds a $…$ formula
    pictures: int  # stored image/png outputs shown as pictures
    sliders: int  # slider controls inside the displayed widgets
    dropdowns: int  # dropdown controls inside the displayed widgets


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
    state = notebook["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    views = [o["data"][WIDGET_VIEW]["model_id"] for o in outputs if WIDGET_VIEW in o.get("data", {})]
    shown: list[str] = []
    for model_id in views:
        shown += _controls(state, model_id, set())
    markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return Expected(
        name=name,
        has_math="$" in markdown,
        pictures=sum(1 for o in outputs if "image/png" in o.get("data", {}) and not RICHER_THAN_PNG & set(o["data"])),
        sliders=sum(1 for model in shown if model.endswith("SliderModel")),
        dropdowns=shown.count("DropdownModel"),
    )


@pytest.fixture(scope="session")
def expected():
    """``expected(name)``: the :class:`Expected` counts for notebook ``name`` (``NN_title``)."""
    return expected_for
