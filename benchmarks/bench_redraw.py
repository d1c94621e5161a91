"""Speed of a slider panel's redraw, as ratios from one run (``make benchmark``).

A redraw is timed from the value change (a slider's ``value`` set in the kernel) to the new
picture's bytes handed to the output (PNG, base64, as ``display`` sends them). The floor is
what any redraw that builds a figure pays at least: a NEW one-line figure of the panel's size
(:func:`lrdecay_lessons.display.new_figure`, one ``plot``) rendered to PNG by ``savefig``.
Goals: a schedule panel's redraw costs at most 1x the floor; the training panel's (training
included) at most 3x. Each redraw is timed alternately with a floor in this process (medians
of many), so both see the same load.

A schedule panel blits while its axes' range stays (a gamma or step-size move: the line and
the legend redrawn over a cached background) and redraws fully when the range changes (an
lr0 move); both kinds are reported, and their mix over a sweep of every slider. A panel with
a plain ``draw`` (chapters 06 and 08) builds a new figure at each move, which the kept one
follows (``display/follow.py``); the training panel trains, then redraws its kept figure whole.
"""

from __future__ import annotations

import io
import platform
import statistics
import time
from typing import Any, Callable, Optional

import matplotlib
import numpy as np

from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import SHARED_SLIDERS, info
from lrdecay_lessons.chapters.ch06_comparison import comparison_figure, shared_params
from lrdecay_lessons.chapters.ch07_training_panel import TrainingPanel
from lrdecay_lessons.display import (
    Curve, Slider, SliderPanel, new_figure, plot_curves, schedule_panel, use_course_style,
)

SCHEDULE_GOAL, TRAINING_GOAL = 1.0, 3.0
REPEATS, TRAINING_REPEATS = 60, 12


class _Output:
    """Stands in for the display handle: keeps the bundle of each update."""

    def __init__(self) -> None:
        self.bundles: list[dict] = []

    def update(self, bundle: dict, raw: bool = False, metadata: Optional[dict] = None) -> None:
        self.bundles.append(bundle)


def floor(figsize: tuple[float, float]) -> Callable[[], bytes]:
    steps = np.arange(1001)
    rates = schedules.cosine_annealing(steps, lr0=0.1, total_steps=1000)

    def run() -> bytes:
        figure, ax = new_figure(figsize=figsize)
        ax.plot(steps, rates, label="cosine")
        out = io.BytesIO()
        figure.savefig(out, format="png", bbox_inches=None)
        return out.getvalue()

    return run


def moves(panel: SliderPanel, names: list[str]) -> list[tuple[str, Any]]:
    """Each named slider one notch up and back down, in turn: a sweep that ends where it began."""
    sequence = []
    for name in names:
        slider = panel.sliders[name]
        if hasattr(slider, "options"):
            values = [v for _, v in slider.options]
            i = values.index(slider.value)
            up = values[i + 1] if i + 1 < len(values) else values[i - 1]
        else:
            up = slider.value + slider.step if slider.value + slider.step <= slider.max else slider.value - slider.step
        sequence += [(name, up), (name, slider.value)]
    return sequence


def measure(panel: SliderPanel, sequence: list[tuple[str, Any]], base: Callable[[], bytes], repeats: int) -> dict:
    """Time each move of ``sequence`` (cycled ``repeats`` times), each after a floor."""
    output = _Output()
    panel._handle = output
    panel.picture(panel.figure())  # the first picture, as the notebook shows it
    base()
    by_kind: dict[str, list[float]] = {}
    floors, redraws, sizes = [], [], []
    for i in range(repeats):
        name, value = sequence[i % len(sequence)]
        start = time.perf_counter()
        base()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        panel.sliders[name].value = value
        elapsed = time.perf_counter() - start
        if panel.message.value:
            raise RuntimeError(f"{name}={value!r} was refused: {panel.message.value}")
        redraws.append(elapsed)
        by_kind.setdefault(panel.last_redraw_kind or "?", []).append(elapsed)
        sizes.append(len(panel.last_picture or b""))
    return {"floor": statistics.median(floors), "redraw": statistics.median(redraws),
            "kinds": {k: (statistics.median(v), len(v)) for k, v in by_kind.items()},
            "bytes": statistics.median(sizes), "updates": len(output.bundles)}


def report(name: str, result: dict, goal: float) -> None:
    ratio = result["redraw"] / result["floor"]
    kinds = ", ".join(f"{kind} {1e3 * t:.1f} ms = {t / result['floor']:.2f}x (n={n})"
                      for kind, (t, n) in sorted(result["kinds"].items()))
    print(f"{name}: redraw {1e3 * result['redraw']:.1f} ms / floor {1e3 * result['floor']:.1f} ms = "
          f"{ratio:.2f}x (goal <= {goal:g}x: {'met' if ratio <= goal else 'missed'}); {kinds}; "
          f"{result['bytes'] / 1e3:.0f} KB per update")


def main() -> None:
    use_course_style()
    small, large = floor(tuple(matplotlib.rcParams["figure.figsize"])), floor((13.0, 7.2))
    print(f"python {platform.python_version()}, matplotlib {matplotlib.__version__}; medians of "
          f"{REPEATS} redraws ({TRAINING_REPEATS} for training), each after a floor")

    step = info("step_decay")
    panel = schedule_panel(step.function, step.sliders, horizon=1000, title="Step decay: move the sliders",
                           drawstyle=step.drawstyle, reference=[step.reference_curve(1000)])
    report("02 step decay panel (all sliders)", measure(panel, moves(panel, ["gamma", "step_size", "lr0"]),
                                                         small, REPEATS), SCHEDULE_GOAL)
    report("02 step decay panel (gamma, step_size)",
           measure(panel, moves(panel, ["gamma", "step_size"]), small, REPEATS), SCHEDULE_GOAL)
    report("02 step decay panel (lr0)", measure(panel, moves(panel, ["lr0"]), small, REPEATS), SCHEDULE_GOAL)

    warmup = [Slider("lr0", 0.1, 0.001, 1.0, log=True), Slider("warmup_steps", 100, 0, 1000, step=10, integer=True),
              Slider("total_steps", 1000, 100, 1000, step=50, integer=True)]
    panel = schedule_panel(schedules.warmup_cosine, warmup, horizon=1000, title="Warm-up + cosine: move the sliders")
    report("08 warm-up cosine panel (all sliders)",
           measure(panel, moves(panel, ["warmup_steps", "total_steps", "lr0"]), small, REPEATS), SCHEDULE_GOAL)

    def draw(values: dict) -> Any:
        return comparison_figure(shared_params(**values), values["total_steps"],
                                 title="The four schedules with the same η₀ and T")

    panel = SliderPanel(draw, SHARED_SLIDERS, title="Shared settings: move any slider")
    report("06 shared panel (a plain draw, followed)",
           measure(panel, moves(panel, ["step_gamma", "exp_gamma", "power", "lr0"]), small, REPEATS // 2),
           SCHEDULE_GOAL)

    steps = np.arange(1000)

    def draw_one_cycle(v: dict) -> Any:  # as chapter 08 draws it
        lr = schedules.one_cycle(steps, total_steps=1000, **v)
        label = f"pct_start={v['pct_start']:.2f}, div={v['div_factor']:.3g}, final_div={v['final_div_factor']:.3g}"
        return plot_curves([Curve(label, steps, lr, {"color": "#AA3377"})], logy=True,
                           title="One-cycle (log scale): move the sliders", legend_loc="lower center")

    one_cycle = [Slider("lr_max", 0.1, 0.001, 1.0, log=True), Slider("pct_start", 0.3, 0.05, 0.95, step=0.05),
                 Slider("div_factor", 25.0, 1.0, 100.0, step=1.0),
                 Slider("final_div_factor", 1e4, 1.0, 1e6, log=True)]
    panel = SliderPanel(draw_one_cycle, one_cycle, title="Move the sliders")
    report("08 one-cycle panel (a plain draw, followed)",
           measure(panel, moves(panel, ["pct_start", "div_factor", "final_div_factor"]), small, REPEATS // 2),
           SCHEDULE_GOAL)

    panel = TrainingPanel(dataset="diabetes", schedule="cosine", batch_size=4, lr0=0.1, epochs=20, seeds=(0, 1, 2))
    report("07 training panel (min_fraction, lr0)",
           measure(panel, moves(panel, ["min_fraction", "lr0"]), large, TRAINING_REPEATS), TRAINING_GOAL)


if __name__ == "__main__":
    main()
