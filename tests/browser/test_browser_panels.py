"""Every browser-drawn panel of every chapter computes in the browser what the package computes in Python.

Each panel stored in a chapter (an anywidget model whose ``spec`` the panel module reads) is mounted on a
page of its own (``harness/panel.html``: the bundled module and a stand-in for anywidget's model), and for
random positions of its controls the browser's curves (``compute`` in ``webpanel/src/panel.js``) are
compared with the same spec evaluated here by the package's schedule functions, looked up by name in
``lrdecay_lessons.schedules.REGISTRY``: relative difference at most 1e-12 at every step, labels equal
character for character. Then the keyboard moves each slider and the picture follows within 50 ms at the
median on this bare page (the same time in JupyterLab and the book: ``benchmarks/results/lab_latency.md``,
``book_latency.md``).
"""

from __future__ import annotations

import json
import math
import operator
import shutil
import statistics
import zlib
from pathlib import Path

import numpy as np
import pytest

from lrdecay_lessons import schedules, training
from lrdecay_lessons.chapters.ch06_comparison import match_parameter
from lrdecay_lessons.schedules import measures
from lrdecay_lessons.display.browser_panel import PANEL_MODULE
from lrdecay_lessons.display.panel_spec import fill

ROOT = Path(__file__).resolve().parents[2]
from .conftest import NOTEBOOKS  # noqa: E402  (the edition under test)
HARNESS = Path(__file__).resolve().parent / "harness" / "panel.html"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
RTOL = 1e-12
DRAWS = 25  # random control positions per panel
WORST: dict[str, float] = {}  # the largest relative difference seen per panel (printed with -s)


def stored_panels() -> list[tuple[str, int, dict, dict, dict]]:
    """``(notebook, index, spec, values, computed)`` of every browser panel stored in the chapters, in order
    (``computed``: what the kernel computed for the starting values, for a panel that trains)."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        state = json.loads(path.read_text())["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        models = [m["state"] for m in state.values() if m.get("model_name") == "AnyModel" and "spec" in m["state"]]
        for index, model in enumerate(models):
            found.append((path.stem, index, model["spec"], model["values"], model.get("computed") or {}))
    return found


PANELS = stored_panels()


_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
        "floor": lambda a: int(math.floor(a)), "min": min, "max": max, "<=": operator.le}
_QUANTITIES = {"mean_rate": measures.mean_rate}


def _value(expression, values):
    if isinstance(expression, dict):
        if "control" in expression:
            return values[expression["control"]]
        if "sorted" in expression:
            return sorted(_value(e, values) for e in expression["sorted"])
        if "list" in expression:
            return [_value(e, values) for e in expression["list"]]
        if "op" in expression:
            return _OPS[expression["op"]](*(_value(e, values) for e in expression["args"]))
        if "matched" in expression:  # the chapter's bisection itself, on the package's schedule
            inner, target = expression["matched"], expression["target"]
            horizon = _value(expression["horizon"], values)
            quantity = _QUANTITIES[expression["quantity"]]
            goal = quantity(*measures.training_curve(schedules.REGISTRY[target["schedule"]].function, horizon,
                                                     **{k: _value(e, values) for k, e in target["params"].items()}))
            return match_parameter(schedules.REGISTRY[inner["schedule"]].function,
                                   {k: _value(e, values) for k, e in inner["params"].items()}, expression["parameter"],
                                   goal, horizon, quantity=quantity, bounds=tuple(expression["bounds"]),
                                   xtol=expression["xtol"])
        if "outcome" in expression:
            return getattr(_descent(expression["outcome"], values), expression["field"])
        if "check" in expression:
            if not _value(expression["check"], values):
                raise ValueError(fill(expression["message"], values))
            return True
        if "if" in expression:
            return fill(expression["then"] if _value(expression["if"], values) else expression["else"], values)
    return expression


def _descent(spec: dict, values: dict):
    """The package's gradient descent path for a descent program (training.gradient_descent_path)."""
    rates = spec["rates"]
    if "constant" in rates:
        rate = float(_value(rates["constant"], values))
    else:
        function = schedules.REGISTRY[rates["schedule"]].function
        params = {k: _value(e, values) for k, e in rates["params"].items()}
        rate = lambda t: function(np.asarray(t), **params)  # noqa: E731
    assert spec["divergence_factor"] == training.DIVERGENCE_FACTOR
    return training.gradient_descent_path(spec["start"], spec["curvatures"], rate, spec["n_steps"])


def _series(program: dict, steps: np.ndarray, values: dict, computed: dict) -> np.ndarray:
    """The package's numbers for one program of the spec (written here, apart from the panel's own code)."""
    if "schedule" in program:
        params = {k: _value(e, values) for k, e in program["params"].items()}
        return np.asarray(schedules.REGISTRY[program["schedule"]].function(steps, **params), dtype=float)
    if "with_warmup" in program:
        inner = program["with_warmup"]
        decay = lambda t: _series(inner, np.asarray(t), values, computed)  # noqa: E731
        warmed = schedules.with_warmup(decay, _value(program["warmup_steps"], values),
                                       start_factor=_value(program["start_factor"], values))
        return np.asarray(warmed(steps), dtype=float)
    if "values" in program:
        return np.asarray(program["values"], dtype=float)
    if "constant" in program:
        return np.full(steps.shape, float(_value(program["constant"], values)))
    if "computed" in program:
        return np.array([np.nan if v is None else v for v in computed[program["computed"]]], dtype=float)
    if "share" in program:
        y = _series(program["share"], steps, values, computed)
        return np.cumsum(y) / np.sum(y)
    if "descent" in program:
        path = _descent(program["descent"], values)
        out = np.full(program["descent"]["n_steps"] + 1, np.nan)
        if program["field"] == "stop":
            if path.diverged:
                out[path.steps[-1]] = path.final_loss
            return out
        kept = path.losses if program["field"] == "loss" else path.points[:, ["x1", "x2"].index(program["field"])]
        out[:len(kept)] = kept
        return out
    if "plateau" in program:
        plateau = schedules.ReduceLROnPlateau(**{k: _value(e, values) for k, e in program["plateau"].items()})
        rows = schedules.plateau_trace(program["metrics"], plateau)
        field = program["field"]
        if field == "rate_used":
            return np.array([plateau.lr0] + [r.lr for r in rows[:-1]], dtype=float)
        return np.array([getattr(r, field) for r in rows], dtype=float)
    raise AssertionError(f"a program the test does not know: {program}")


def python_curves(spec: dict, values: dict, computed: dict) -> list[dict]:
    names = dict(values)
    derived = spec.get("derived", [])
    for k, e in derived if isinstance(derived, list) else derived.items():  # in order: each may use those before
        names[k] = _value(e, names)
    names.update(computed.get("names", {}))
    out = []
    for plot in spec["plots"]:
        if plot.get("kind") == "path":
            none = np.zeros(0)
            out.append({"title": fill(plot["title"], names), "vlines": [],
                        "xs": [_series(s["x"], none, names, computed) for s in plot["series"]],
                        "ys": [_series(s["y"], none, names, computed) for s in plot["series"]],
                        "labels": [fill(s["label"], names) if s["label"] else "" for s in plot["series"]]})
            continue
        x = plot["x"]
        if isinstance(x, dict) and "computed" in x:
            steps = np.asarray(computed[x["computed"]], dtype=float)
        elif isinstance(x, dict):
            steps = np.arange(_value(x["start"], names), _value(x["stop"], names))
        else:
            steps = np.asarray(x, dtype=float)
        out.append({"title": fill(plot["title"], names),
                    "ys": [_series(s["y"], steps, names, computed) for s in plot["series"]],
                    "labels": [fill(s["label"], names) if s["label"] else "" for s in plot["series"]],
                    "vlines": [float(_value(e, names)) for e in plot.get("vlines", [])]})
    return out


@pytest.fixture(scope="module")
def harness(browser, static_server, guarded_in, tmp_path_factory):
    root = tmp_path_factory.mktemp("panel-harness")
    shutil.copy(PANEL_MODULE, root / "panel.js")
    shutil.copy(HARNESS, root / "panel.html")
    with static_server(root) as base, guarded_in(browser) as guard:
        guard.open(f"{base}panel.html")
        guard.page.wait_for_function("window.ready === true")
        yield guard
        assert not guard.outside, guard.outside
        assert not guard.errors, guard.errors


def test_every_chapter_with_a_schedule_panel_stores_one():
    """The panels the tests below check are the chapters' own (a chapter that lost its panel fails here)."""
    chapters = {name for name, *_ in PANELS}
    assert {"00_course_map", "02_step_decay"} <= chapters, chapters


@pytest.mark.parametrize("name,index,spec,start,computed", PANELS, ids=[f"{p[0]}-{p[1]}" for p in PANELS])
def test_the_browser_computes_the_packages_numbers(harness, name, index, spec, start, computed):
    """A training panel (``spec["kernel"]``) is checked at its starting values, with what its kernel sent."""
    rng = np.random.default_rng(zlib.crc32(f"{name}-{index}".encode()))
    positions = [start] + [{c["name"]: c["options"][rng.integers(len(c["options"]))] for c in spec["controls"]}
                           for _ in range(0 if spec.get("kernel") else DRAWS)]
    checked = 0
    for values in positions:
        try:
            expected = python_curves(spec, values, computed)
        except ValueError as error:  # the package refuses these values: the browser must refuse them too
            message = harness.page.evaluate(
                "([s, v, k]) => { try { compute(s, v, k); return null; } catch (e) { return e.message; } }",
                [spec, values, computed])
            assert message is not None, f"{values}: Python refuses ({error}), the browser draws"
            continue
        got = harness.page.evaluate(
            "([s, v, k]) => compute(s, v, k).map(p => ({title: p.title, ys: p.ys.map(a => Array.from(a)), labels: p.labels,"
            " vlines: p.vlines, xs: p.xs ? p.xs.map(a => Array.from(a)) : []}))",
            [spec, values, computed])
        for plot_py, plot_js in zip(expected, got, strict=True):
            assert plot_js["labels"] == plot_py["labels"], values
            assert plot_js["title"] == plot_py["title"], values
            assert plot_js["vlines"] == plot_py["vlines"], values
            for y_py, y_js in zip(plot_py.get("xs", []) + plot_py["ys"], plot_js["xs"] + plot_js["ys"], strict=True):
                y_js = np.asarray(y_js, dtype=float)
                assert y_js.shape == y_py.shape
                assert np.array_equal(np.isnan(y_js), np.isnan(y_py))
                y_js, y_py = y_js[~np.isnan(y_py)], y_py[~np.isnan(y_py)]
                scale = np.maximum(np.abs(y_py), np.finfo(float).tiny)
                worst = float(np.max(np.abs(y_js - y_py) / scale, initial=0.0))
                assert worst <= RTOL, f"{values}: relative difference {worst:.3g}"
                WORST[f"{name}-{index}"] = max(WORST.get(f"{name}-{index}", 0.0), worst)
                checked += y_py.size
    assert checked > 0
    print(f"{name}-{index}: largest relative difference {WORST.get(f'{name}-{index}', 0.0):.3g} over {checked} values")


SCHEDULE_PANELS = [p for p in PANELS if not p[2].get("kernel")]


@pytest.mark.parametrize("name,index,spec,start,computed", SCHEDULE_PANELS,
                         ids=[f"{p[0]}-{p[1]}" for p in SCHEDULE_PANELS])
def test_each_slider_moves_the_picture_by_keyboard(harness, name, index, spec, start, computed):
    page = harness.page
    number = page.evaluate("([s, v]) => mount(s, v)", [spec, start])
    panel = page.locator(".lrd-panel").nth(number)
    latencies = []
    for c, control in enumerate(spec["controls"]):
        slider = panel.locator(f'input[data-name="{control["name"]}"]')
        if slider.count() == 0:
            continue
        at_end = start[control["name"]] == control["options"][-1]
        away, back = ("ArrowLeft", "ArrowRight") if at_end else ("ArrowRight", "ArrowLeft")
        slider.focus()
        for key in (away, back) * 3:
            drawn = int(panel.get_attribute("data-drawn"))
            page.keyboard.press(key)
            page.wait_for_function("([el, n]) => Number(el.dataset.drawn) > n", arg=[panel.element_handle(), drawn])
            latencies.append(float(panel.get_attribute("data-latency")))
        assert panel.locator("output").nth(c).inner_text() == control["texts"][control["options"].index(start[control["name"]])]
    assert latencies
    print(f"{name}-{index}: key press to picture, median {statistics.median(latencies):.1f} ms over {len(latencies)}")
    assert statistics.median(latencies) <= 50, latencies


KERNEL_PANELS = [p for p in PANELS if p[2].get("kernel")]


@pytest.mark.parametrize("name,index,spec,start,computed", KERNEL_PANELS,
                         ids=[f"{p[0]}-{p[1]}" for p in KERNEL_PANELS])
def test_a_training_panel_with_no_kernel_keeps_its_picture_and_says_why(harness, name, index, spec, start, computed):
    """The book and the slides have no kernel: a moved control cannot train again. The starting picture stays
    and, once the answer is overdue, the panel says that it trains in Python (no frozen picture left unexplained)."""
    page = harness.page
    number = page.evaluate("([s, v, k]) => mount(s, v, k)", [spec, start, computed])
    panel = page.locator(".lrd-panel").nth(number)
    page.wait_for_function("el => Number(el.dataset.drawn) > 0", arg=panel.element_handle())
    drawn = panel.get_attribute("data-drawn")
    assert panel.locator(".lrd-error").inner_text() == ""
    slider = panel.locator('input[type="range"]').first
    slider.focus()
    page.keyboard.press("ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight")
    page.wait_for_function("el => el.querySelector('.lrd-error').textContent.includes('training in Python')",
                           arg=panel.element_handle(), timeout=5_000)
    assert panel.get_attribute("data-drawn") == drawn  # no picture for values nobody computed


def test_a_dropdown_shows_only_the_chosen_schedules_own_sliders(harness):
    """Chapter 07's training panel: the schedule is a dropdown, and each schedule's own sliders show only
    while it is chosen (``shown_when``), as the kernel's text form lists them."""
    name, index, spec, start, computed = next(p for p in KERNEL_PANELS if p[0] == "07_hands_on_training"
                                              and any(c.get("when") for c in p[2]["controls"]))
    page = harness.page
    number = page.evaluate("([s, v, k]) => mount(s, v, k)", [spec, start, computed])
    panel = page.locator(".lrd-panel").nth(number)
    shown = lambda: [c["name"] for c in spec["controls"]  # noqa: E731
                     if panel.locator(f'[data-name="{c["name"]}"]').is_visible()]
    assert shown() == ["dataset", "schedule", "batch_size", "lr0", "epochs", "min_fraction"]
    assert panel.locator('select[data-name="schedule"]').count() == 1
    panel.locator('select[data-name="schedule"]').select_option(label="step")
    assert shown() == ["dataset", "schedule", "batch_size", "lr0", "epochs", "step_gamma", "step_epochs"]
    assert page.evaluate("() => window.lastModel.get('values').schedule") == "step"  # sent on to the kernel
