"""The final quiz of chapter 12, summary and FAQ (总结 / 常见问题与解答): one question per part of the course."""

from __future__ import annotations

import numpy as np

from ..chapters.ch12_summary import decay_choices
from ..frameworks import recorded_case
from ..schedules import cosine_annealing, cosine_restarts, epoch_stepped, exponential_decay, restarted_clock, schedule
from ..schedules.recipes import RECIPES, recipe
from . import Exercise

__all__ = [
    "ARTICLE_EXP",
    "ARTICLE_AT",
    "PYTORCH_AT",
    "PER_EPOCH",
    "PER_EPOCH_AT",
    "RESUME",
    "RESUME_AT",
    "RESUME_ASK",
    "BERT_AT",
    "SGDR_EPOCHS",
    "EXTEND_CHOICES",
    "EXERCISES",
]


ARTICLE_EXP = {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000}


ARTICLE_AT = 500


PYTORCH_AT = 15


PER_EPOCH = {"lr0": 0.1, "epochs": 10, "steps_per_epoch": 100}


PER_EPOCH_AT = 250


RESUME = {"lr0": 0.1, "total_steps": 1000}


RESUME_AT, RESUME_ASK = 600, 999


BERT_AT = 505_000


SGDR_EPOCHS = 150


def _pytorch_past_end() -> float:
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    return float(case.values[list(case.steps).index(PYTORCH_AT)])


def _per_epoch_rate() -> float:
    cosine = schedule("cosine_annealing", lr0=PER_EPOCH["lr0"], total_steps=PER_EPOCH["epochs"])
    return epoch_stepped(cosine, PER_EPOCH["steps_per_epoch"])(PER_EPOCH_AT)


def _resume_rate() -> float:
    return restarted_clock(schedule("cosine_annealing", **RESUME), RESUME_AT)(RESUME_ASK)


def _lands_highest() -> str:
    return max(RECIPES, key=lambda r: r.final_fraction).key


#: The schedules of the "extend the run" question, by answer, and the row of decay_choices each is.
EXTEND_CHOICES = {"cosine": "cosine to 0", "linear": "linear to 0", "wsd": "WSD, 1-sqrt cooldown (20%)"}


def _extend_choice() -> str:
    kept = {row[0]: row[3] for row in decay_choices(1.0, 1000, 10, 0.2).rows}
    return max(EXTEND_CHOICES, key=lambda answer: kept[EXTEND_CHOICES[answer]])


def _restart_epochs() -> list[int]:
    epochs = np.arange(1, SGDR_EPOCHS)
    return epochs[cosine_restarts(epochs, lr0=0.1, period=10, period_mult=2) == 0.1].tolist()


def _sgdr_restarts() -> int:
    return len(_restart_epochs())


EXERCISES = (
    Exercise(
        key="summary-article-exponential",
        question=(
            f"The article's exponential example (§4.2): η₀ = {ARTICLE_EXP['lr0']}, γ = {ARTICLE_EXP['gamma']}, "
            f"T = {ARTICLE_EXP['total_steps']}. What is the rate at t = {ARTICLE_AT}, computed from the formula "
            "(not the number the article prints)?"
        ),
        solve=lambda: exponential_decay(ARTICLE_AT, **ARTICLE_EXP),
        hint="η₀ · γ^(t/T): the exponent is 0.5.",
        explanation=lambda lr: f"0.1 · 0.9^0.5 = {lr:.5g}; the article prints 0.0619 (chapter 03).",
    ),
    Exercise(
        key="summary-pytorch-past-end",
        question=(
            f"PyTorch's CosineAnnealingLR(optimizer(lr=0.1), T_max=10, eta_min=0) is stepped past its end. "
            f"What rate does it give at step {PYTORCH_AT}? (The course's cosine_annealing holds 0 there.)"
        ),
        solve=_pytorch_past_end,
        hint="PyTorch's cosine keeps following cos(πt/T_max) after T_max: it climbs back up.",
        explanation=lambda lr: f"Recorded from PyTorch: {lr:.4g} = 0.1 · ½(1 + cos(1.5π)) (chapter 10).",
    ),
    Exercise(
        key="summary-per-epoch",
        question=(
            f"A cosine over {PER_EPOCH['epochs']} epochs (η₀ = {PER_EPOCH['lr0']}) is stepped once per epoch; "
            f"each epoch has {PER_EPOCH['steps_per_epoch']} batches. What rate is used at update {PER_EPOCH_AT} "
            "(counted from 0)?"
        ),
        solve=_per_epoch_rate,
        hint="Which epoch is update 250 in? The rate is the cosine at that whole epoch.",
        explanation=lambda lr: (
            f"Update {PER_EPOCH_AT} is in epoch {PER_EPOCH_AT // PER_EPOCH['steps_per_epoch']}: "
            f"{PER_EPOCH['lr0']} · ½(1 + cos({PER_EPOCH_AT // PER_EPOCH['steps_per_epoch']}π/{PER_EPOCH['epochs']})) "
            f"= {lr:.4g}."
        ),
    ),
    Exercise(
        key="summary-resume-bug",
        question=(
            f"A cosine with η₀ = {RESUME['lr0']} and T = {RESUME['total_steps']} is checkpointed and resumed "
            f"at step {RESUME_AT}, but the script restarts the schedule's step counter at 0. What rate does it "
            f"use at step {RESUME_ASK} (the last planned step)?"
        ),
        solve=_resume_rate,
        hint="After the restart the schedule is evaluated at t − 600.",
        explanation=lambda lr: (
            f"cosine_annealing({RESUME_ASK - RESUME_AT}) = {lr:.4g} instead of "
            f"{cosine_annealing(RESUME_ASK, **RESUME):.2g}: the run ends at a high rate."
        ),
    ),
    Exercise(
        key="summary-bert-midway",
        question=f"The BERT recipe (peak 1e-4, 10,000 warm-up steps, linear to 0 at 1,000,000): the rate at step {BERT_AT:,}?",
        solve=lambda: recipe("bert").schedule(BERT_AT),
        hint="After the warm-up the linear decay runs over the remaining 990,000 steps.",
        explanation=lambda lr: f"1e-4 · (1 − {BERT_AT - 10_000:,}/990,000) = {lr:.3g}.",
    ),
    Exercise(
        key="summary-lands-highest",
        question=(
            "Of the recipes of chapter 11, which ends its planned run at the highest rate relative to its own "
            "peak? Answer with its key."
        ),
        solve=_lands_highest,
        hint="Which schedule has no horizon and falls only like 1/√t?",
        explanation=lambda key: f"{key}: it ends at {recipe(key).final_fraction:.2g} of its peak.",
        kind="choice",
        choices=tuple(r.key for r in RECIPES),
    ),
    Exercise(
        key="summary-sgdr-restarts",
        question=(
            f"SGDR with T₀ = 10 and T_mult = 2 runs for {SGDR_EPOCHS} epochs. How many times does the rate jump "
            "back to η₀ after epoch 0, within the run?"
        ),
        solve=_sgdr_restarts,
        hint="The cycles last 10, 20, 40, 80, ... epochs: where do they start?",
        explanation=lambda n: f"Restarts at epochs {_restart_epochs()}: {n} of them within the {SGDR_EPOCHS} epochs.",
        kind="integer",
    ),
    Exercise(
        key="summary-extend-run",
        question=(
            "You start a 1000-step run today; next month you may be given the compute to double it, and you do "
            "not want to redo the first 1000 steps. Which schedule keeps the most of its planned rates if the "
            "plan becomes 2000 steps: cosine (to 0), linear (to 0) or wsd (20% cooldown)? Answer cosine, linear "
            "or wsd."
        ),
        solve=_extend_choice,
        hint="Which of the three depends on T only in its last part? Look at the last column of decay_choices.",
        explanation=lambda answer: (
            f"{answer}: its plan for T equals its plan for 2T until the cooldown starts; cosine's and linear "
            "decay's depend on T from the first step after the warm-up."
        ),
        kind="choice",
        choices=tuple(EXTEND_CHOICES),
    ),
)
