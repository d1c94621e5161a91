"""Speed of the training panels' kernel side, as ratios from one run (``make benchmark``).

Chapter 07's training panel trains its schedule and a constant rate, three seeds each, at every
change. It trains the six runs as one stacked computation (:func:`lrdecay_lessons.training.train_stacked`,
one batched matrix product per step) instead of one :func:`~lrdecay_lessons.training.train` after
another. Goal: the stacked computation costs at most half the runs one after another, at the panel's
starting values (diabetes, batch 4, 20 epochs: 6 x 1,660 updates). The lab panel (the network,
:func:`~lrdecay_lessons.training.train_many`, stacked before this benchmark existed) is measured the same
way for reference: its six runs stacked against six calls of one run. Both ways are timed alternately in this process (medians), under the same load,
and give the same records (``tests/test_training_stacked_runs.py``).
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path
from typing import Callable

import numpy as np

from lrdecay_lessons.chapters.ch07_hands_on import make_schedule
from lrdecay_lessons.chapters.ch08_lab_panel import _STUDENT, OPTIMISERS, LabPanel, _problem, lab_runs
from lrdecay_lessons.chapters.ch07_training_panel import TrainingPanel, panel_curves
from lrdecay_lessons.training import learning_rates, load_dataset, steps_per_epoch, train, train_many, train_stacked

GOAL = 0.5
REPEATS = 7
SEEDS = (0, 1, 2)
RESULTS = Path(__file__).resolve().parent / "results" / "panel_compute.md"
_lines: list[str] = []


def report(line: str) -> None:
    print(line)
    _lines.append(line)


def alternate(first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of ``first`` and of ``second``, timed one after the other ``REPEATS`` times."""
    first(), second()
    a, b = [], []
    for _ in range(REPEATS):
        start = time.perf_counter(); first(); a.append(time.perf_counter() - start)
        start = time.perf_counter(); second(); b.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def convex_panel() -> None:
    values = TrainingPanel().values
    data = load_dataset(values["dataset"])
    epochs, batch = values["epochs"], values["batch_size"]
    total = epochs * steps_per_epoch(data, batch)
    schedules = [make_schedule(values["schedule"], lr0=values["lr0"], total_steps=total),
                 make_schedule("constant", lr0=values["lr0"], total_steps=total)]
    rates = np.array([learning_rates(s, total) for s in schedules for _ in SEEDS])

    def one_by_one() -> None:
        for schedule in schedules:
            for seed in SEEDS:
                train(data, schedule, epochs=epochs, batch_size=batch, seed=seed)

    def stacked() -> None:
        train_stacked(data, rates, [seed for _ in schedules for seed in SEEDS], epochs=epochs, batch_size=batch)

    sequential_s, stacked_s = alternate(one_by_one, stacked)
    ratio = stacked_s / sequential_s
    start = time.perf_counter(); panel_curves(values); whole = time.perf_counter() - start
    report(f"chapter 07 training panel ({values['dataset']}, batch {batch}, {epochs} epochs, 2 schedules x "
           f"{len(SEEDS)} seeds = {len(rates)} runs of {total:,} updates): one after another {sequential_s * 1e3:.0f} ms, "
           f"stacked {stacked_s * 1e3:.0f} ms; ratio {ratio:.2f} (goal <= {GOAL:g}: {'met' if ratio <= GOAL else 'missed'}); "
           f"the panel's whole compute (curves and legends included) {whole * 1e3:.0f} ms")


def lab_panel() -> None:
    """The lab panel was stacked before (train_many); measured the same way, as a reference (no goal)."""
    values = LabPanel().values
    rates = lab_runs(values, seeds=SEEDS).rates
    seeds = [*SEEDS, *SEEDS]
    problem, net, optimizer = _problem(values["labels"]), _STUDENT, OPTIMISERS[values["optimizer"]]

    def one_by_one() -> None:
        for row, seed in enumerate(seeds):
            train_many(problem, net, optimizer, rates[row:row + 1], [seed], evaluations=20)

    def stacked() -> None:
        train_many(problem, net, optimizer, rates, seeds, evaluations=20)

    sequential_s, stacked_s = alternate(one_by_one, stacked)
    report(f"chapter 08 lab panel ({values['steps']} steps, {len(seeds)} runs of the network, train_many): one run "
           f"after another {sequential_s * 1e3:.0f} ms, stacked {stacked_s * 1e3:.0f} ms; ratio "
           f"{stacked_s / sequential_s:.2f} (stacked already before this change; for reference)")


def write_results() -> None:
    load = os.getloadavg()[0]
    RESULTS.write_text(
        "# The training panels' kernel side: stacked against one run after another\n\n"
        f"Written by `python benchmarks/bench_stacked.py` (`make benchmark`) on {time.strftime('%Y-%m-%d %H:%M')}; "
        f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{load:.2f} at the end. Medians of {REPEATS}, timed alternately. A measurement, not a test.\n\n"
        + "".join(f"- {line}\n" for line in _lines), encoding="utf-8")


if __name__ == "__main__":
    convex_panel()
    lab_panel()
    write_results()
