"""``chapters/catalog.py`` and the chapters' sliders: every slider of every chapter starts on, passes on and
returns to exactly the chapter's value; the floor sliders and the matched sliders drive their schedules.

The browser's slider (noUiSlider, inside ipywidgets) snaps a value to its own step grid when it
appears and at every key press; ipywidgets' FloatLogSlider turned 0.1 into 0.1023 that way. The
functions below follow its arithmetic (``range``, ``step``, percentages, ``Math.round``) so
that the tests can press the arrow keys the way the page would.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from lrdecay_lessons.chapters.catalog import ARTICLE_SCHEDULES, MATCHED_SLIDERS, SHARED_SLIDERS, info
from lrdecay_lessons.chapters.ch07_training_panel import SHAPE_SLIDERS, TrainingPanel
from lrdecay_lessons.display import Choice, Slider, schedule_panel

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def notebook_sliders(path: Path) -> list[Slider]:
    """The ``Slider(...)`` calls written in a notebook's code cells (their arguments are literals)."""
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Slider":
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                found.append(Slider(*args, **kwargs))
    return found


def catalog_sliders() -> list[Slider]:
    specs = [s for info in ARTICLE_SCHEDULES.values() for s in info.sliders]
    specs += [info.floor_slider for info in ARTICLE_SCHEDULES.values() if info.floor_slider is not None]
    return specs + list(SHARED_SLIDERS) + list(MATCHED_SLIDERS) + [s for g in SHAPE_SLIDERS.values() for s in g]


def every_slider() -> list[tuple[str, Slider]]:
    cases = [(f"catalog {s.name}", s) for s in catalog_sliders()]
    cases += [(f"{path.stem} {s.name}", s) for path in NOTEBOOKS for s in notebook_sliders(path)]
    return cases


CASES = every_slider()


def _js_round(x: float) -> float:
    return math.floor(x + 0.5)


class NoUiSlider:
    """The browser slider's arithmetic for one handle over ``range: {min, max}`` with ``step``
    (noUiSlider 15, as ipywidgets 8 creates it), then the widget's ``Math.round``."""

    def __init__(self, low: float, high: float, step: float, start: float) -> None:
        self.low, self.high, self.step = float(low), float(high), float(step)
        self.step_pct = 100 * self.step / (self.high - self.low)
        self.pct = 0.0
        self._set(start)

    def _to_pct(self, value: float) -> float:
        if value >= self.high:
            return 100.0
        offset = value + abs(self.low) if self.low < 0 else value - self.low
        return 100 * offset / (self.high - self.low)

    def _snap(self, pct: float) -> float:
        if pct == 100:
            return pct
        return min(100.0, max(0.0, _js_round(pct / self.step_pct) * self.step_pct))

    def _set(self, value: float) -> None:
        self.pct = self._snap(self._to_pct(value))

    @property
    def raw(self) -> float:
        return self.high if self.pct >= 100 else self.pct * (self.high - self.low) / 100 + self.low

    @property
    def value(self) -> int:
        return int(_js_round(self.raw))  # IntSlider's and SelectionSlider's Math.round

    def key(self, direction: int) -> None:
        """ArrowRight (+1) or ArrowLeft (-1)."""
        decimals = len(repr(self.step).split(".")[1].rstrip("0")) if "." in repr(self.step) else 0
        if direction > 0:
            if self.pct == 100:
                return
            step = min(self.step, self.high - self.raw)
        else:
            if self.pct == 0:
                return
            step = self.step
        self._set(self.raw + direction * max(round(step, decimals), 1e-7))


def browser(widget) -> NoUiSlider:
    if type(widget).__name__ == "SelectionSlider":
        return NoUiSlider(0, len(widget.options) - 1, 1, widget.index)
    assert type(widget).__name__ == "IntSlider", "every slider is an IntSlider or a SelectionSlider"
    return NoUiSlider(widget.min, widget.max, widget.step, widget.value)


def shown(widget, position: int):
    """The value the kernel receives for the browser slider's position."""
    if type(widget).__name__ == "SelectionSlider":
        return widget.options[position][1]
    return position


def test_the_notebooks_sliders_are_found():
    names = {path.stem: [s.name for s in notebook_sliders(path)] for path in NOTEBOOKS}
    assert "final_div_factor" in names["09_warmup_and_cycles"] and "lr0" in names["01_why_decay"]
    assert len(CASES) > 40


@pytest.mark.parametrize("where, spec", CASES, ids=[c[0] for c in CASES])
def test_a_slider_starts_on_the_chapters_value_and_returns_to_it(where, spec):
    widget = spec.build()
    assert widget.value == spec.value and type(widget.value) is (int if spec.integer else float)
    page = browser(widget)
    assert shown(widget, page.value) == spec.value  # not snapped when it appears
    for first, then in ((+1, -1), (-1, +1)):
        page.key(first)
        moved = shown(widget, page.value)
        if moved == spec.value:  # at an end: that key does nothing
            assert spec.value in (spec.min, spec.max)
            continue
        page.key(then)
        assert shown(widget, page.value) == spec.value, f"{spec.name}: {spec.value!r} -> {moved!r} -> back"
    if spec.log:  # neighbours one step of 10^step apart, to 3 digits
        grid = spec.grid()
        i = grid.index(spec.value)
        for neighbour in grid[max(i - 1, 0):i] + grid[i + 1:i + 2]:
            assert neighbour == float(f"{neighbour:.3g}")


def test_one_cycle_final_div_factor_shows_ten_thousand():
    spec = next(s for s in notebook_sliders(next(p for p in NOTEBOOKS if p.name.startswith("09_"))) if s.name == "final_div_factor")
    widget = spec.build()
    assert widget.value == 1e4 and widget.label == "10000"  # FloatLogSlider showed 1.05e+4
    assert widget.options[0][1] == 1.0 and widget.options[-1][1] == 1e6


def test_the_grid_holds_its_ends_and_the_start():
    spec = Slider("lr0", 0.19, 0.005, 0.4, log=True)
    grid = spec.grid()
    assert grid[0] == 0.005 and grid[-1] == 0.4 and 0.19 in grid and list(grid) == sorted(set(grid))
    assert Slider("power", 2.0, 0.1, 5.0, step=0.1).grid() == tuple(round(0.1 * k, 1) for k in range(1, 51))


@pytest.mark.parametrize("name", list(ARTICLE_SCHEDULES))
def test_a_schedule_panel_draws_the_catalog_values(name):
    info = ARTICLE_SCHEDULES[name]
    sliders = [*info.sliders, *([info.floor_slider] if info.floor_slider else [])]
    panel = schedule_panel(info.function, sliders, horizon=100, title="t")
    assert panel.values == {s.name: s.value for s in sliders}
    assert {k: panel.values[k] for k in info.example} == dict(info.example)


def test_the_training_panel_starts_on_its_values():
    panel = TrainingPanel(dataset="diabetes", schedule="cosine", batch_size=4, lr0=0.1, epochs=20)
    values = panel.values
    assert values["lr0"] == 0.1 and values["epochs"] == 20 and values["batch_size"] == 4
    for spec in panel.specs.values():
        if not isinstance(spec, Choice):
            assert values[spec.name] == spec.value


def test_the_simulated_browser_reproduces_the_log_slider_snap():
    # ipywidgets' FloatLogSlider(value=0.1, min=-3, max=0): a slider over the exponent, step 0.03.
    page = NoUiSlider(-3, 0, 0.03, math.log(0.1) / math.log(10))
    assert f"{10 ** page.raw:.4g}" == "0.1023"  # what the page showed (issue 13)
    assert NoUiSlider(10, 500, 10, 105).value == 110  # an integer off the steps snaps too


def test_floor_sliders_of_polynomial_and_cosine_drive_the_schedule():
    assert [info(n).floor_slider.name for n in ("polynomial_decay", "cosine_annealing")] == ["lr_end", "lr_min"]
    assert info("step_decay").floor_slider is None
    for name in ("polynomial_decay", "cosine_annealing"):  # the slider's name is the schedule's keyword
        item = info(name)
        panel = schedule_panel(item.function, [*item.sliders, item.floor_slider], horizon=1000, title="x")
        assert panel.values == {**item.example, item.floor_slider.name: 0.0}
        assert panel.spec["plots"][0]["series"][-1]["y"]["params"][item.floor_slider.name] == \
            {"control": item.floor_slider.name}
        assert isinstance(panel.figure(), Figure)


def test_matched_sliders_start_with_a_period_of_a_quarter_of_T():
    values = {s.name: s.value for s in MATCHED_SLIDERS}
    assert values == {"lr0": 0.1, "total_steps": 1000, "step_size": 250}
