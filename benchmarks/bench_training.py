"""Speed of lrdecay_lessons.training, as ratios from one run (``make benchmark``).

1. One epoch of our trainer vs one ``partial_fit`` epoch of scikit-learn's SGD on the
   same data (median of repeats). scikit-learn's SGD is compiled and updates after
   every sample, so the like-for-like row is ours with ``batch_size=1``; the course
   trains with minibatches (``batch_size=32``). Goal: ours / scikit-learn <= 2.
2. The whole schedule-comparison experiment behind the notebook's widget: 6 schedules
   x 5 seeds on 2 datasets (diabetes and digits, the largest). Goal: under 2 s.

Each ratio is measured / goal-or-reference; a ratio <= 1 (for goal rows) means met.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import SGDClassifier

from lrdecay_lessons.schedules import schedule
from lrdecay_lessons.training import (
    compare_schedules,
    load_dataset,
    make_sklearn_sgd,
    steps_per_epoch,
    train,
)

REPEATS = 21
EPOCH_GOAL = 2.0  # ours / scikit-learn, per epoch
EXPERIMENT_GOAL_S = 2.0
EPOCHS, BATCH_SIZE, SEEDS = 20, 32, (0, 1, 2, 3, 4)


def paired_median_times(first, second, repeats: int = REPEATS) -> tuple[float, float]:
    """Median wall times of two functions, timed alternately so that both see the same load."""
    first(), second()  # warm up: first-call allocations and caches
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def sklearn_sgd(data):
    """scikit-learn's SGD on the same problem, with its partial_fit arguments."""
    if data.task == "multiclass":  # make_sklearn_sgd refuses: one-vs-rest is not softmax
        estimator = SGDClassifier(loss="log_loss", learning_rate="constant", eta0=0.01, penalty=None,
                                  tol=None, random_state=np.random.RandomState(0))
    else:
        estimator = make_sklearn_sgd(data, eta0=0.01, seed=0)
    fit_args = {} if data.task == "regression" else {"classes": np.unique(data.y_train)}
    return estimator, fit_args


def course_schedules(total_steps: int) -> dict:
    """The six schedules of the comparison lesson, all starting at (or peaking at) 0.1."""
    return {
        "constant": 0.1,
        "step": schedule("step_decay", lr0=0.1, gamma=0.5, step_size=max(1, total_steps // 4)),
        "exponential": schedule("exponential_decay", lr0=0.1, gamma=0.01, total_steps=total_steps),
        "inverse time": schedule("inverse_time_decay", lr0=0.1, decay_rate=10, decay_steps=total_steps),
        "cosine": schedule("cosine_annealing", lr0=0.1, total_steps=total_steps),
        "one-cycle": schedule("one_cycle", lr_max=0.1, total_steps=total_steps),
    }


def whole_experiment(datasets) -> tuple[float, float]:
    """Wall time and CPU time of the experiment (CPU time is what an idle machine would take)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for data in datasets:
        n = EPOCHS * steps_per_epoch(data, BATCH_SIZE)
        compare_schedules(data, course_schedules(n), seeds=SEEDS, epochs=EPOCHS, batch_size=BATCH_SIZE)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"{os.cpu_count()} cores, {platform.machine()}, load average {os.getloadavg()[0]:.2f} "
        "(timings are only comparable on an idle machine)"
    )
    print(f"\n1. One epoch, ours / scikit-learn SGD partial_fit (median of {REPEATS}; goal <= {EPOCH_GOAL:g})")
    print(f"   {'dataset':<14}{'n':>6} {'sklearn':>10} {'ours, batch':>12} {'updates':>8} {'ours':>10} {'ratio':>7}  goal")
    for name in ("diabetes", "breast_cancer", "digits"):
        data = load_dataset(name)
        estimator, fit_args = sklearn_sgd(data)
        for batch_size in (1, 32):
            reference, ours = paired_median_times(
                lambda: estimator.partial_fit(data.X_train, data.y_train, **fit_args),
                lambda: train(data, 0.01, epochs=1, batch_size=batch_size, seed=0),
            )
            ratio = ours / reference
            verdict = "met" if ratio <= EPOCH_GOAL else "MISSED"
            print(
                f"   {name:<14}{data.n_train:>6} {reference * 1e3:>8.3f}ms {batch_size:>12} "
                f"{steps_per_epoch(data, batch_size):>8} "
                f"{ours * 1e3:>8.3f}ms {ratio:>7.2f}  {verdict}"
            )
    print("   (scikit-learn makes n updates per epoch, one per sample, in compiled code; digits: it")
    print("   trains 10 one-vs-rest binary models, ours one softmax model)")

    datasets = [load_dataset("diabetes"), load_dataset("digits")]
    runs = len(course_schedules(100)) * len(SEEDS) * len(datasets)
    print(
        f"\n2. Whole comparison: {runs} runs = 6 schedules x {len(SEEDS)} seeds x 2 datasets "
        f"(diabetes, digits), {EPOCHS} epochs, batch {BATCH_SIZE}"
    )
    whole_experiment(datasets[:1])  # warm up
    times = [whole_experiment(datasets) for _ in range(3)]
    wall = statistics.median(t[0] for t in times)
    cpu = statistics.median(t[1] for t in times)
    for label, seconds in (("wall time", wall), ("CPU time ", cpu)):
        verdict = "met" if seconds <= EXPERIMENT_GOAL_S else "MISSED"
        print(f"   {label} {seconds:.3f} s (median of 3), ratio to the {EXPERIMENT_GOAL_S:g} s goal "
              f"{seconds / EXPERIMENT_GOAL_S:.2f}  {verdict}")


if __name__ == "__main__":
    sys.exit(main())
