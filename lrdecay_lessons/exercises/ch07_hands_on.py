"""Exercises of chapter 07, hands-on training with decay (代码实例): measured, not looked up.

None of the answers is in a table of the chapter: each needs one more run (or one
more read-off of scikit-learn) with the package.
"""

from __future__ import annotations

import functools

import numpy as np

from ..chapters.ch07_hands_on import course_schedules
from ..training import (
    compare_schedules,
    linear_optimum,
    load_dataset,
    sklearn_invscaling_rates,
    steps_per_epoch,
    train,
)
from . import Exercise

__all__ = [
    "INVSCALING",
    "INVSCALING_UPDATE",
    "RACE",
    "FLOOR",
    "EXERCISES",
]


#: scikit-learn's invscaling: which update, with which eta0 (power_t = 1).
INVSCALING = {"eta0": 0.05, "power_t": 1.0}


INVSCALING_UPDATE = 200  # the 200th update, s = 199 in our count


#: The breast-cancer race: constant against cosine, as in the chapter's digits experiment.
RACE = {"dataset": "breast_cancer", "lr0": 0.1, "batch_size": 16, "epochs": 20, "seeds": (0, 1, 2)}


#: The noise-floor question: one constant rate, two batch sizes.
FLOOR = {"lr": 0.1, "epochs": 20, "batch_sizes": ("4", "32"), "seeds": (0, 1, 2)}


def _invscaling_rate() -> float:
    return float(sklearn_invscaling_rates(INVSCALING_UPDATE, **INVSCALING)[-1])


@functools.lru_cache(maxsize=1)
def _race_winner() -> str:
    data = load_dataset(RACE["dataset"])
    total = RACE["epochs"] * steps_per_epoch(data, RACE["batch_size"])
    comparison = compare_schedules(
        data, course_schedules(RACE["lr0"], total, ("constant", "cosine")), seeds=RACE["seeds"],
        epochs=RACE["epochs"], batch_size=RACE["batch_size"],
    )
    return min(comparison.rows, key=lambda row: row.final_val_loss_mean).name


@functools.lru_cache(maxsize=1)
def _floors() -> dict[str, float]:
    """Mean final training loss above the least-squares minimum, per batch size."""
    data = load_dataset("diabetes")
    minimum = linear_optimum(data).train_loss
    return {
        size: float(np.mean([
            train(data, FLOOR["lr"], epochs=FLOOR["epochs"], batch_size=int(size), seed=seed).train_loss[-1] - minimum
            for seed in FLOOR["seeds"]
        ]))
        for size in FLOOR["batch_sizes"]
    }


def _lower_floor() -> str:
    floors = _floors()
    return min(floors, key=floors.get)


EXERCISES = (
    Exercise(
        key="hands-on-invscaling-rate",
        question=(
            f"scikit-learn's SGD with learning_rate='invscaling', eta0={INVSCALING['eta0']} and "
            f"power_t={INVSCALING['power_t']:g}: which learning rate does it use for its "
            f"{INVSCALING_UPDATE}th update?"
        ),
        solve=_invscaling_rate,
        hint="scikit-learn's counter t starts at 1, not 0: the first update uses eta0 / 1**power_t.",
        explanation=lambda rate: (
            f"The {INVSCALING_UPDATE}th update has t = {INVSCALING_UPDATE}: eta0 / t = "
            f"{INVSCALING['eta0']} / {INVSCALING_UPDATE} = {rate:.3g}, read off a real SGDRegressor. "
            f"Counting from t = 0 would give {INVSCALING['eta0'] / (INVSCALING_UPDATE - 1):.4g}."
        ),
    ),
    Exercise(
        key="hands-on-race-winner",
        question=(
            f"Train {RACE['dataset']} (logistic regression) with batch {RACE['batch_size']} for "
            f"{RACE['epochs']} epochs, η₀ = {RACE['lr0']}, seeds {RACE['seeds']}: a constant rate against "
            "cosine annealing to 0. Which ends with the lower mean validation loss? Run it with "
            "compare_schedules and course_schedules(..., names=('constant', 'cosine'))."
        ),
        solve=_race_winner,
        hint="Look at the digits experiment first: is the model near its minimum after 20 epochs?",
        explanation=lambda name: (
            f"{name}: as on digits, the classifier is still improving at the end of the run, and cosine "
            "turns the rate down before it is near its minimum."
        ),
        kind="choice",
        choices=("constant", "cosine"),
    ),
    Exercise(
        key="hands-on-batch-floor",
        question=(
            f"Constant rate η = {FLOOR['lr']} on diabetes for {FLOOR['epochs']} epochs (seeds {FLOOR['seeds']}): "
            f"with which batch size, {' or '.join(FLOOR['batch_sizes'])}, does the final training loss "
            "end closer to its minimum?"
        ),
        solve=_lower_floor,
        hint="Chapter 01: the noise floor of constant-rate SGD grows with η and shrinks with the batch size B.",
        explanation=lambda size: (
            "Batch " + size + ": the floor is about η σ² tr H / (4B), so 8× the batch lowers it about 8×. "
            "Measured: " + ", ".join(f"batch {b}: {v:.2g}" for b, v in _floors().items()) + "."
        ),
        kind="choice",
        choices=FLOOR["batch_sizes"],
    ),
)
