"""What a figure costs a chapter: the course's PNG (:func:`lrdecay_lessons.display.plotting.figure_png`)
against IPython's ``print_figure(figure, fmt="png", bbox_inches=None)``, which the chapters used before.

    .venv/bin/python benchmarks/bench_figures.py

Two course-like figures (three schedules with a legend and a marked step; two panels, one logarithmic,
with worked points and a ×10⁻⁴ offset) are built afresh and turned into a PNG, the two ways alternately
in this process, CPU seconds, medians of REPEATS. Goal: the course's PNG costs at most 0.7 × IPython's
(drawing included: the figures of a chapter are most of its CPU time after its training runs). Both
pictures are checked to have the same pixels first. Writes benchmarks/results/figure_png.md.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from IPython.core.pylabtools import print_figure
from PIL import Image

from lrdecay_lessons.display import mark_points, new_figure, plot_curves, use_course_style
from lrdecay_lessons.display.plotting import figure_png, mark_step, schedule_curve, steps_for
from lrdecay_lessons.schedules import cosine_annealing, exponential_decay, step_decay

GOAL, REPEATS = 0.7, 9
RESULTS = Path(__file__).resolve().parent / "results" / "figure_png.md"


def schedules_figure():
    steps = steps_for(1000, past_end=0.2)
    figure = plot_curves([
        schedule_curve(step_decay, steps, lr0=0.1, step_size=300, gamma=0.5, colour="#0072B2"),
        schedule_curve(exponential_decay, steps, lr0=0.1, gamma=0.05, total_steps=1000, colour="#D55E00"),
        schedule_curve(cosine_annealing, steps, lr0=0.1, total_steps=1000, colour="#009E73"),
    ], title="Three schedules")
    mark_step(figure.axes[0], 1000, "t = T")
    return figure


def two_panels():
    figure, (left, right) = new_figure(1, 2)
    steps = np.arange(1000)
    left.plot(steps, 1e-4 * np.exp(-steps / 400), label="small rates")
    left.set(title="Offset ×10⁻⁴", xlabel="step t", ylabel="learning rate η")
    left.legend()
    right.semilogy(steps, np.exp(-steps / 150) + 1e-6, label="log axis")
    right.set(title="Excess loss", xlabel="step t")
    mark_points(right, [0, 300, 600], [1.0, 0.135, 0.018], label="worked points")
    return figure


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def cpu_seconds(make_png, build) -> float:
    figure = build()
    start = time.process_time()
    make_png(figure)
    return time.process_time() - start


def main() -> int:
    use_course_style()
    ways = {"IPython print_figure": lambda f: print_figure(f, fmt="png", bbox_inches=None), "figure_png": figure_png}
    rows, ratios = [], []
    for build in (schedules_figure, two_panels):
        assert np.array_equal(pixels(figure_png(build())), pixels(ways["IPython print_figure"](build())))
        times = {name: [] for name in ways}
        for _ in range(REPEATS):
            for name, way in ways.items():
                times[name].append(cpu_seconds(way, build))
        theirs, ours = (statistics.median(times[name]) for name in ways)
        ratios.append(ours / theirs)
        rows.append(f"| {build.__name__} | {1000 * theirs:.0f} | {1000 * ours:.0f} | {ours / theirs:.2f} |")
    met = max(ratios) <= GOAL
    one, five, _ = os.getloadavg()
    text = "\n".join([
        "# Figure PNGs: course vs IPython", "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}, load average "
        f"{one:.2f} / {five:.2f}; CPU ms per figure, medians of {REPEATS}, drawing included; same pixels checked.", "",
        "| figure | IPython print_figure | figure_png | ratio |", "|---|---:|---:|---:|", *rows, "",
        f"Goal: ratio at most {GOAL} ({'met' if met else 'missed'}).", ""])
    RESULTS.write_text(text)
    print(text)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
