"""Exercises of chapter 08, warm-up and cyclical schedules (预热与周期调度)."""

from __future__ import annotations

import numpy as np

from ..schedules import (
    ReduceLROnPlateau,
    cosine_restarts,
    schedule,
    cyclic,
    one_cycle,
    plateau_trace,
    warmup_cosine,
    with_warmup,
)
from ..training import load_dataset, top_curvature
from . import Exercise

__all__ = [
    "TRANSFORMER",
    "TRANSFORMER_AT",
    "SGDR",
    "SGDR_RESTART",
    "ONE_CYCLE",
    "CYCLIC",
    "CYCLIC_CYCLE",
    "MULTISTEP",
    "MULTISTEP_WARMUP",
    "MULTISTEP_AT",
    "CROSSING",
    "PLATEAU_METRICS",
    "PLATEAU",
    "EXERCISES",
]


# The transformer recipe: peak 1e-3, 10 000 steps of which 1 000 warm-up.
TRANSFORMER = {"lr0": 1e-3, "total_steps": 10_000, "warmup_steps": 1_000}


TRANSFORMER_AT = 7_750


# SGDR with a first cycle of 10 steps, each cycle twice as long as the last.
SGDR = {"lr0": 0.1, "period": 10, "period_mult": 2}


SGDR_RESTART = 3


# One-cycle with PyTorch's default divisors.
ONE_CYCLE = {"lr_max": 0.01, "total_steps": 1_000, "pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4}


# The cyclical rate in triangular2 mode: how high does a later cycle climb?
CYCLIC = {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 100, "mode": "triangular2"}


CYCLIC_CYCLE = 3


# Multi-step decay behind a warm-up: the milestones count from the end of the warm-up.
MULTISTEP = {"lr0": 0.1, "milestones": (100, 150), "gamma": 0.1}


MULTISTEP_WARMUP, MULTISTEP_AT = 20, 160


# The chapter's warm-up experiment: full-batch diabetes, 100 steps, 30 of them warm-up, peak 0.7.
CROSSING = {"lr0": 0.7, "total_steps": 100, "warmup_steps": 30}


# Reduce-on-plateau on a scripted validation loss.
PLATEAU_METRICS = (1.00, 0.80, 0.70, 0.69, 0.70, 0.695, 0.60, 0.599, 0.601, 0.598, 0.602, 0.60)


PLATEAU = {"lr0": 0.1, "factor": 0.5, "patience": 2, "threshold": 0.01, "cooldown": 1}


def _transformer_rate() -> float:
    return warmup_cosine(TRANSFORMER_AT, **TRANSFORMER)


def _transformer_fraction() -> float:
    warmup, total = TRANSFORMER["warmup_steps"], TRANSFORMER["total_steps"]
    return (TRANSFORMER_AT - warmup) / (total - warmup)


def _sgdr_restart_step() -> int:
    """The step at which restart number SGDR_RESTART happens (restart 1 ends the first cycle)."""
    steps = np.arange(1, 10_000)
    rates = cosine_restarts(steps, **SGDR)
    restarts = steps[rates == SGDR["lr0"]]
    return int(restarts[SGDR_RESTART - 1])


def _one_cycle_final() -> float:
    return one_cycle(ONE_CYCLE["total_steps"] - 1, **ONE_CYCLE)


def _triangular2_height() -> float:
    """The climb of cycle CYCLIC_CYCLE above base_lr as a fraction of the first cycle's (tops at u, u + L, ...)."""
    u = CYCLIC["step_size_up"]
    top = cyclic(u + (CYCLIC_CYCLE - 1) * 2 * u, **CYCLIC)
    first = cyclic(u, **CYCLIC)
    return (top - CYCLIC["base_lr"]) / (first - CYCLIC["base_lr"])


def _warm_multistep_rate() -> float:
    warm = with_warmup(schedule("multistep_decay", **MULTISTEP), MULTISTEP_WARMUP)
    return warm(MULTISTEP_AT)


def _plateau_first_cut() -> int:
    rows = plateau_trace(PLATEAU_METRICS, ReduceLROnPlateau(**PLATEAU))
    return next(row.step for row in rows if row.cut)


def _plateau_explanation(cut: int) -> str:
    rows = plateau_trace(PLATEAU_METRICS, ReduceLROnPlateau(**PLATEAU))[: cut + 1]
    bad = [row.step for row in rows if not row.improved]
    return (
        f"Epochs that did not beat the best by more than {PLATEAU['threshold']:.0%}: {bad}. "
        f"Epoch {cut} is bad step number {rows[-1].step - max(r.step for r in rows if r.improved)} in a row, "
        f"more than patience = {PLATEAU['patience']}: the rate becomes {rows[-1].lr:g}."
    )


def _limit() -> float:
    return 2.0 / top_curvature(load_dataset("diabetes"))


def _first_step_above_limit() -> int:
    rates = warmup_cosine(np.arange(CROSSING["total_steps"]), **CROSSING)
    return int(np.flatnonzero(rates > _limit())[0])


EXERCISES = (
    Exercise(
        key="cycles-transformer-rate",
        question=(
            f"The transformer recipe: linear warm-up to η₀ = {TRANSFORMER['lr0']:g} over "
            f"W = {TRANSFORMER['warmup_steps']} steps, then cosine decay to 0 at T = "
            f"{TRANSFORMER['total_steps']}. What is the learning rate at step {TRANSFORMER_AT}?"
        ),
        solve=_transformer_rate,
        hint="After the warm-up the cosine runs over T − W steps: what fraction of them is done at that step?",
        explanation=lambda lr: (
            f"(t − W)/(T − W) = {(TRANSFORMER_AT - TRANSFORMER['warmup_steps'])}/"
            f"{TRANSFORMER['total_steps'] - TRANSFORMER['warmup_steps']} = {_transformer_fraction():g}, and "
            f"η₀ · ½(1 + cos({_transformer_fraction():g}π)) = {lr:.4g}."
        ),
    ),
    Exercise(
        key="cycles-sgdr-restart",
        question=(
            f"SGDR with a first cycle of T₀ = {SGDR['period']} steps and period_mult m = "
            f"{SGDR['period_mult']}: at which step does the rate jump back to η₀ for the "
            f"{SGDR_RESTART}rd time (not counting step 0)?"
        ),
        solve=_sgdr_restart_step,
        hint="The cycles last T₀, T₀·m, T₀·m², ...: add up the lengths of the cycles before that restart.",
        explanation=lambda t: (
            f"Cycle lengths {SGDR['period']}, {SGDR['period'] * SGDR['period_mult']}, "
            f"{SGDR['period'] * SGDR['period_mult'] ** 2}: they end at step {t}."
        ),
        kind="integer",
    ),
    Exercise(
        key="cycles-one-cycle-final",
        question=(
            f"One-cycle with η_max = {ONE_CYCLE['lr_max']:g}, div_factor = {ONE_CYCLE['div_factor']:g} and "
            f"final_div_factor = {ONE_CYCLE['final_div_factor']:g} (PyTorch's defaults). What rate does it "
            "end on, at its last step?"
        ),
        solve=_one_cycle_final,
        hint="It starts at η_max / div_factor and ends final_div_factor times lower than it started.",
        explanation=lambda lr: f"{ONE_CYCLE['lr_max']:g} / {ONE_CYCLE['div_factor']:g} / "
        f"{ONE_CYCLE['final_div_factor']:g} = {lr:.3g}: far below the start.",
    ),
    Exercise(
        key="cycles-triangular2-height",
        question=(
            f"A cyclical rate from {CYCLIC['base_lr']:g} to {CYCLIC['max_lr']:g}, {CYCLIC['step_size_up']} steps up "
            f"and as many down, mode {CYCLIC['mode']!r}. How high does cycle {CYCLIC_CYCLE} climb above base_lr, "
            "as a fraction of the first cycle's climb?"
        ),
        solve=_triangular2_height,
        hint="triangular2 halves the height of every new cycle; the bottom stays at base_lr.",
        explanation=lambda f: f"Cycle c climbs 2^-(c-1) of the first climb: 2^-{CYCLIC_CYCLE - 1} = {f:g}.",
    ),
    Exercise(
        key="cycles-warm-multistep",
        question=(
            f"Multi-step decay (η₀ = {MULTISTEP['lr0']:g}, × {MULTISTEP['gamma']:g} at milestones "
            f"{', '.join(map(str, MULTISTEP['milestones']))}) is given a {MULTISTEP_WARMUP}-step warm-up with "
            f"with_warmup. What is the rate at step {MULTISTEP_AT}?"
        ),
        solve=_warm_multistep_rate,
        hint="with_warmup starts the decay's own clock at the end of the warm-up: which step of the decay is it?",
        explanation=lambda lr: (
            f"Step {MULTISTEP_AT} is the decay's step {MULTISTEP_AT - MULTISTEP_WARMUP}, past "
            f"{sum(m <= MULTISTEP_AT - MULTISTEP_WARMUP for m in MULTISTEP['milestones'])} milestone(s): "
            f"η = {lr:.3g} (without the shift you would count "
            f"{sum(m <= MULTISTEP_AT for m in MULTISTEP['milestones'])})."
        ),
    ),
    Exercise(
        key="cycles-plateau-first-cut",
        question=(
            f"ReduceLROnPlateau(lr0={PLATEAU['lr0']}, factor={PLATEAU['factor']}, patience={PLATEAU['patience']}, "
            f"threshold={PLATEAU['threshold']} (relative), cooldown={PLATEAU['cooldown']}) is fed the validation "
            f"losses {', '.join(f'{m:g}' for m in PLATEAU_METRICS)} (epochs 0, 1, 2, ...). After which epoch "
            "does it first cut the rate?"
        ),
        solve=_plateau_first_cut,
        hint=(
            "An epoch improves only if its loss is below best × (1 − threshold). Count the epochs in a row "
            "that do not; the cut comes at the (patience + 1)-th."
        ),
        explanation=lambda k: _plateau_explanation(k),
        kind="integer",
    ),
    Exercise(
        key="cycles-warmup-crosses-limit",
        question=(
            f"In the chapter's warm-up experiment the rate climbs linearly to η₀ = {CROSSING['lr0']} over "
            f"W = {CROSSING['warmup_steps']} steps (then cosine to 0 at T = {CROSSING['total_steps']}). "
            "At which step does it first exceed the stability limit 2/λ_max of the diabetes regression "
            "(the limit printed in the chapter)?"
        ),
        solve=_first_step_above_limit,
        hint="During the warm-up η_t = η₀ t / W: solve η₀ t / W > 2/λ_max for the smallest whole t.",
        explanation=lambda t: (
            f"η₀ t / W > {_limit():.4f} needs t > {_limit() * CROSSING['warmup_steps'] / CROSSING['lr0']:.2f}, "
            f"so t = {t}: from there on the stiff error grows, from the tiny size the warm-up left it at."
        ),
        kind="integer",
    ),
)
