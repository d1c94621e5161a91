"""Speed of the MLP lab, as ratios from one run (``make benchmark``).

A tuned sweep -- 7 schedules x 5 peak rates x 3 seeds = 105 runs of the ReLU network on the
teacher-student digits problem -- trains as one stacked NumPy computation
(:func:`lrdecay_lessons.training.tuned_sweep`). Goal: the whole sweep costs at most 10x one
single run of the same length (``train_many`` with one row). Both are timed alternately in
this process (medians), under the same load; BLAS is kept to one thread for both. Both
precisions are measured: float32 (PyTorch's default, what the chapters' sweeps use) and
float64 (what the agreement tests use).
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from lrdecay_lessons import schedules as S
from lrdecay_lessons.training import MLP, SGD, teacher_student_digits, train_many, tuned_sweep

GOAL = 10.0
STEPS, REPEATS = 1000, 9
PEAKS = (0.003, 0.01, 0.03, 0.1, 0.3)
SEEDS = (0, 1, 2)
SCHEDULES = {
    "constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak)),
    "step": lambda peak, T: S.schedule("multistep_decay", lr0=peak, milestones=[T // 2, 3 * T // 4], gamma=0.1),
    "exponential": lambda peak, T: S.schedule("exponential_decay", lr0=peak, gamma=0.01, total_steps=T),
    "linear": lambda peak, T: S.schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
    "cosine": lambda peak, T: S.schedule("cosine_annealing", lr0=peak, total_steps=T),
    "warmup cosine": lambda peak, T: S.schedule("warmup_cosine", lr0=peak, total_steps=T, warmup_steps=T // 20),
    "one-cycle": lambda peak, T: S.schedule("one_cycle", lr_max=peak, total_steps=T),
}


def measure(dtype: str) -> tuple[float, float]:
    """Median seconds of one run and of the sweep, timed alternately, in the given precision."""
    problem, net, optimizer = teacher_student_digits(), MLP(hidden=(32,), dtype=dtype), SGD(momentum=0.9)

    def single() -> None:
        train_many(problem, net, optimizer, np.full((1, STEPS), 0.03), [0], evaluations=10)

    def sweep() -> None:
        tuned_sweep(problem, net, optimizer, SCHEDULES, PEAKS, SEEDS, STEPS)

    single(), sweep()
    one, many = [], []
    for _ in range(REPEATS):
        start = time.perf_counter(); single(); one.append(time.perf_counter() - start)
        start = time.perf_counter(); sweep(); many.append(time.perf_counter() - start)
    return statistics.median(one), statistics.median(many)


RESULTS = Path(__file__).parent / "results" / "lab_speed.md"
_lines: list[str] = []


def report(line: str) -> None:
    """Print a line and keep it for ``results/lab_speed.md``."""
    print(line)
    _lines.append(line)


def main() -> None:
    runs = len(SCHEDULES) * len(PEAKS) * len(SEEDS)
    report(f"python {platform.python_version()}, numpy {np.__version__}; MLP(hidden=(32,)), SGD momentum 0.9, "
          f"{STEPS} steps, batch 32, medians of {REPEATS}, BLAS on one thread")
    with threadpool_limits(limits=1, user_api="blas"):
        for dtype in ("float32", "float64"):
            one_s, many_s = measure(dtype)
            ratio = many_s / one_s
            report(f"{dtype}: one run {one_s:.3f} s; the tuned sweep ({runs} runs) {many_s:.3f} s; ratio {ratio:.1f} "
                  f"(goal <= {GOAL:g}: {'met' if ratio <= GOAL else 'missed'}); "
                  f"{runs * one_s / many_s:.1f}x faster per run than one at a time")


def panel_latency(moves: int = 6) -> None:
    """Chapter 07's LabPanel, kernel side: seconds from a changed value to the curves the browser draws
    (training and the arrays' JSON form), alternating two peaks, median over ``moves`` changes. The browser's
    part, key press to new picture, is measured in JupyterLab (``tests/browser/test_training_panel_latency.py``)."""
    from lrdecay_lessons.chapters.ch08_lab_panel import LabPanel

    panel = LabPanel()
    peaks, times, training = (0.03, 0.0267), [], []
    for move in range(moves):
        start = time.perf_counter()
        panel.values = {**panel.values, "peak": peaks[move % 2]}
        times.append(time.perf_counter() - start)
        training.append(panel.last_compute_seconds)
    report(f"chapter 08 lab panel ({panel.values['steps']} steps, 2 x {len(panel.seeds)} runs): "
          f"{statistics.median(times) * 1e3:.0f} ms from a new value to the curves sent (goal <= 150 ms key press to "
          f"picture: {'within' if statistics.median(times) <= 0.15 else 'over'} on the kernel side alone), of which "
          f"{statistics.median(training) * 1e3:.0f} ms training")


def write_results() -> None:
    """The lines of this run, with the date and the machine's load, as ``results/lab_speed.md``."""
    load = os.getloadavg()[0]
    RESULTS.write_text(
        "# The MLP lab's speed, as ratios from one run\n\n"
        f"Written by `python benchmarks/bench_lab.py` (`make benchmark`) on {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {load:.2f} at the end. "
        "A measurement, not a test: the ratios move by about 20% from run to run on a shared machine.\n\n"
        + "".join(f"- {line}\n" for line in _lines), encoding="utf-8")


if __name__ == "__main__":
    main()
    panel_latency()
    write_results()
