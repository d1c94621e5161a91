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
from ..errors import InvalidParameterError
from ..i18n import Text
from . import Exercise, _ordinal

__all__ = [
    "INVSCALING",
    "INVSCALING_UPDATE",
    "RACE",
    "FLOOR",
    "bank",
    "EXERCISES",
]


#: scikit-learn's invscaling: which update, with which eta0 (power_t = 1).
INVSCALING = {"eta0": 0.05, "power_t": 1.0}


INVSCALING_UPDATE = 200  # the 200th update, s = 199 in our count


#: The breast-cancer race: constant against cosine, as in the chapter's digits experiment.
RACE = {"dataset": "breast_cancer", "lr0": 0.1, "batch_size": 16, "epochs": 20, "seeds": (0, 1, 2)}


#: The noise-floor question: one constant rate, two batch sizes.
FLOOR = {"lr": 0.1, "epochs": 20, "batch_sizes": ("4", "32"), "seeds": (0, 1, 2)}


def _invscaling_rate(invscaling: tuple = tuple(INVSCALING.items()), update: int = INVSCALING_UPDATE) -> float:
    return float(sklearn_invscaling_rates(update, **dict(invscaling))[-1])


@functools.lru_cache(maxsize=4)
def _race(dataset: str, lr0: float, batch_size: int, epochs: int, seeds: tuple) -> dict[str, float]:
    """Mean final validation loss of the constant rate and of cosine annealing to 0, by name."""
    data = load_dataset(dataset)
    total = epochs * steps_per_epoch(data, batch_size)
    comparison = compare_schedules(
        data, course_schedules(lr0, total, ("constant", "cosine")), seeds=seeds, epochs=epochs, batch_size=batch_size,
    )
    return {row.name: row.final_val_loss_mean for row in comparison.rows}


def _race_winner(race: dict = RACE) -> str:
    losses = _race(race["dataset"], race["lr0"], race["batch_size"], race["epochs"], tuple(race["seeds"]))
    return min(losses, key=losses.get)


@functools.lru_cache(maxsize=4)
def _floors(lr: float = FLOOR["lr"], epochs: int = FLOOR["epochs"], batch_sizes: tuple = FLOOR["batch_sizes"],
            seeds: tuple = FLOOR["seeds"]) -> dict[str, float]:
    """Mean final training loss above the least-squares minimum, per batch size."""
    data = load_dataset("diabetes")
    minimum = linear_optimum(data).train_loss
    return {
        size: float(np.mean([
            train(data, lr, epochs=epochs, batch_size=int(size), seed=seed).train_loss[-1] - minimum
            for seed in seeds
        ]))
        for size in batch_sizes
    }


def _lower_floor(floor: dict = FLOOR) -> str:
    floors = _floors(floor["lr"], floor["epochs"], tuple(floor["batch_sizes"]), tuple(floor["seeds"]))
    return min(floors, key=floors.get)


def bank(*, invscaling: dict = INVSCALING, invscaling_update: int = INVSCALING_UPDATE, race: dict = RACE,
         floor: dict = FLOOR) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals; ``race`` keeps the
    dataset breast_cancer (its question names the model) and ``floor`` names two batch sizes as text.
    The answers are measured (a few short runs, well under a second). A graded assignment
    (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if race.get("dataset") != "breast_cancer":
        raise InvalidParameterError(f"race['dataset'] must be 'breast_cancer' (the question names its model, "
                                    f"logistic regression); got {race.get('dataset')!r}.")
    sizes = tuple(floor["batch_sizes"])
    if len(sizes) != 2 or not all(isinstance(b, str) and b.isdigit() for b in sizes):
        raise InvalidParameterError(f"floor['batch_sizes'] must be two batch sizes as text, e.g. ('4', '32'); "
                                    f"got {floor['batch_sizes']!r}.")
    race = {**race, "seeds": tuple(race["seeds"])}
    floor = {**floor, "batch_sizes": sizes, "seeds": tuple(floor["seeds"])}
    eta0, power = invscaling["eta0"], invscaling["power_t"]
    invscaling_items = tuple(invscaling.items())
    growth = max(map(int, sizes)) / min(map(int, sizes))

    def race_explanation(name: str) -> str:
        if race == RACE:
            return (Text("{name}: as on digits, the classifier is still improving at the end of the run, and "
                         "cosine turns the rate down before it is near its minimum.",
                         name=name))
        losses = _race(race["dataset"], race["lr0"], race["batch_size"], race["epochs"], race["seeds"])
        return Text("{name}: mean final validation loss {losses}.",
                    name=name, losses=", ".join(f"{n} {v:.4g}" for n, v in losses.items()))

    return (
        Exercise(
            key="hands-on-invscaling-rate",
            question=(
                Text("scikit-learn's SGD with learning_rate='invscaling', eta0={eta0} and power_t={power:g}: "
                     "which learning rate does it use for its {ordinal} update?",
                     eta0=eta0, power=power, ordinal=_ordinal(invscaling_update))
            ),
            solve=lambda: _invscaling_rate(invscaling_items, invscaling_update),
            hint=Text("scikit-learn's counter t starts at 1, not 0: the first update uses eta0 / 1**power_t."),
            explanation=(lambda rate: (
                Text("The {invscaling_update}th update has t = {invscaling_update}: eta0 / t = {eta0} / "
                     "{invscaling_update} = {rate:.3g}, read off a real SGDRegressor. Counting from t = 0 "
                     "would give {from_zero:.4g}.",
                     invscaling_update=invscaling_update, eta0=eta0, rate=rate,
                     from_zero=eta0 / (invscaling_update - 1))
            )) if power == 1 else (lambda rate: (
                Text("The {ordinal} update has t = {invscaling_update}: eta0 / t^power_t = {eta0} / "
                     "{invscaling_update}^{power:g} = {rate:.3g}, read off a real SGDRegressor. Counting from "
                     "t = 0 would give {from_zero:.4g}.",
                     ordinal=_ordinal(invscaling_update), invscaling_update=invscaling_update, eta0=eta0, power=power,
                     rate=rate, from_zero=eta0 / (invscaling_update - 1) ** power)
            )),
        ),
        Exercise(
            key="hands-on-race-winner",
            question=(
                Text("Train {dataset} (logistic regression) with batch {batch_size} for {epochs} epochs, η₀ = "
                     "{lr0}, seeds {seeds}: a constant rate against cosine annealing to 0. Which ends with "
                     "the lower mean validation loss? Run it with compare_schedules and course_schedules(..., "
                     "names=('constant', 'cosine')).",
                     dataset=race['dataset'], batch_size=race['batch_size'], epochs=race['epochs'], lr0=race['lr0'],
                     seeds=race['seeds'])
            ),
            solve=lambda: _race_winner(race),
            hint=Text("Look at the digits experiment first: is the model near its minimum after {epochs} "
                      "epochs?",
                      epochs=race['epochs']),
            explanation=race_explanation,
            kind="choice",
            choices=("constant", "cosine"),
        ),
        Exercise(
            key="hands-on-batch-floor",
            question=(
                Text("Constant rate η = {lr} on diabetes for {epochs} epochs (seeds {seeds}): with which "
                     "batch size, {sizes}, does the final training loss end closer to its minimum?",
                     lr=floor['lr'], epochs=floor['epochs'], seeds=floor['seeds'],
                     sizes=Text("{first} or {second}", first=sizes[0], second=sizes[1]))
            ),
            solve=lambda: _lower_floor(floor),
            hint=Text("Chapter 01: the noise floor of constant-rate SGD grows with η and shrinks with the "
                      "batch size B."),
            explanation=lambda size: (
                Text("Batch {size}: the floor is about η σ² tr H / (4B), so {growth:g}× the batch lowers it "
                     "about {growth:g}×. Measured: {measured}.",
                     size=size, growth=growth,
                     measured=", ".join(str(Text("batch {b}: {v:.2g}", b=b, v=v)) for b, v in
                                        _floors(floor["lr"], floor["epochs"], sizes, floor["seeds"]).items()))
            ),
            kind="choice",
            choices=sizes,
        ),
    )


EXERCISES = bank()
