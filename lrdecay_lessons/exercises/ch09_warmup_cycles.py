"""Exercises of chapter 09, warm-up and cyclical schedules (预热与周期调度)."""

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
from ..errors import InvalidParameterError
from ..training import load_dataset, top_curvature
from ..i18n import Text
from . import Exercise, _ordinal

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
    "bank",
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


def _limit() -> float:
    return 2.0 / top_curvature(load_dataset("diabetes"))


# PyTorch's OneCycleLR divisors: the question names them as its defaults only when they are.
_PYTORCH_DIVISORS = {"div_factor": 25.0, "final_div_factor": 1e4}


def bank(*, transformer: dict = TRANSFORMER, transformer_at: int = TRANSFORMER_AT, sgdr: dict = SGDR,
         sgdr_restart: int = SGDR_RESTART, one_cycle_recipe: dict = ONE_CYCLE, cyclic_recipe: dict = CYCLIC,
         cyclic_cycle: int = CYCLIC_CYCLE, multistep: dict = MULTISTEP, multistep_warmup: int = MULTISTEP_WARMUP,
         multistep_at: int = MULTISTEP_AT, plateau: dict = PLATEAU, plateau_metrics: tuple = PLATEAU_METRICS,
         crossing: dict = CROSSING) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals (``one_cycle_recipe`` for
    :data:`ONE_CYCLE`, ``cyclic_recipe`` for :data:`CYCLIC`, whose mode must stay ``'triangular2'``).
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if cyclic_recipe.get("mode") != "triangular2":
        raise InvalidParameterError(f"cyclic_recipe['mode'] must be 'triangular2' (the question is about its "
                                    f"halving); got {cyclic_recipe.get('mode')!r}.")
    if not transformer["warmup_steps"] <= transformer_at <= transformer["total_steps"]:
        raise InvalidParameterError(f"transformer_at must be a step of the cosine part, "
                                    f"{transformer['warmup_steps']} … {transformer['total_steps']}; "
                                    f"got transformer_at={transformer_at!r}.")
    multistep = {**multistep, "milestones": tuple(multistep["milestones"])}
    plateau_metrics = tuple(plateau_metrics)
    # The chapter's warm-up experiment is CROSSING; an assignment's numbers are not, and its question must not say so.
    experiment = (Text("In the chapter's warm-up experiment the rate climbs") if crossing == CROSSING else
                  Text("On the chapter's diabetes regression (full batch), a rate climbs"))
    defaults = Text(" (PyTorch's defaults)") if all(one_cycle_recipe.get(k) == v for k, v in _PYTORCH_DIVISORS.items()) \
        else ""

    def transformer_rate() -> float:
        return warmup_cosine(transformer_at, **transformer)

    def transformer_fraction() -> float:
        warmup, total = transformer["warmup_steps"], transformer["total_steps"]
        return (transformer_at - warmup) / (total - warmup)

    def sgdr_restart_step() -> int:
        """The step at which restart number ``sgdr_restart`` happens (restart 1 ends the first cycle)."""
        steps = np.arange(1, 100_000)
        rates = cosine_restarts(steps, **sgdr)
        restarts = steps[rates == sgdr["lr0"]]
        return int(restarts[sgdr_restart - 1])

    def one_cycle_final() -> float:
        return one_cycle(one_cycle_recipe["total_steps"] - 1, **one_cycle_recipe)

    def triangular2_height() -> float:
        """The climb of cycle ``cyclic_cycle`` above base_lr as a fraction of the first cycle's (tops at u, u + L, ...)."""
        u = cyclic_recipe["step_size_up"]
        top = cyclic(u + (cyclic_cycle - 1) * 2 * u, **cyclic_recipe)
        first = cyclic(u, **cyclic_recipe)
        return (top - cyclic_recipe["base_lr"]) / (first - cyclic_recipe["base_lr"])

    def warm_multistep_rate() -> float:
        warm = with_warmup(schedule("multistep_decay", **multistep), multistep_warmup)
        return warm(multistep_at)

    def plateau_first_cut() -> int:
        rows = plateau_trace(plateau_metrics, ReduceLROnPlateau(**plateau))
        return next(row.step for row in rows if row.cut)

    def plateau_explanation(cut: int) -> str:
        rows = plateau_trace(plateau_metrics, ReduceLROnPlateau(**plateau))[: cut + 1]
        bad = [row.step for row in rows if not row.improved]
        return (
            Text("Epochs that did not beat the best by more than {threshold:.0%}: {bad}. Epoch {cut} is "
                 "bad step number {bad_in_a_row} in a row, more than patience = {patience}: the rate becomes {lr:g}.",
                 threshold=plateau['threshold'], bad=bad, cut=cut,
                 bad_in_a_row=rows[-1].step - max(r.step for r in rows if r.improved), patience=plateau['patience'],
                 lr=rows[-1].lr)
        )

    def first_step_above_limit() -> int:
        rates = warmup_cosine(np.arange(crossing["total_steps"]), **crossing)
        return int(np.flatnonzero(rates > _limit())[0])

    return (
        Exercise(
            key="cycles-transformer-rate",
            question=(
                Text("The transformer recipe: linear warm-up to η₀ = {lr0:g} over W = {warmup_steps} steps, "
                     "then cosine decay to 0 at T = {total_steps}. What is the learning rate at step "
                     "{transformer_at}?",
                     lr0=transformer['lr0'], warmup_steps=transformer['warmup_steps'],
                     total_steps=transformer['total_steps'], transformer_at=transformer_at)
            ),
            solve=transformer_rate,
            hint=Text("After the warm-up the cosine runs over T − W steps: what fraction of them is done at "
                      "that step?"),
            explanation=lambda lr: (
                Text("(t − W)/(T − W) = {since_warmup}/{cosine_steps} = {fraction:g}, and η₀ · ½(1 + "
                     "cos({fraction:g}π)) = {lr:.4g}.",
                     since_warmup=transformer_at - transformer['warmup_steps'],
                     cosine_steps=transformer['total_steps'] - transformer['warmup_steps'],
                     fraction=transformer_fraction(), lr=lr)
            ),
        ),
        Exercise(
            key="cycles-sgdr-restart",
            question=(
                Text("SGDR with a first cycle of T₀ = {period} steps and period_mult m = {period_mult}: at "
                     "which step does the rate jump back to η₀ for the {ordinal} time (not counting step 0)?",
                     period=sgdr['period'], period_mult=sgdr['period_mult'], ordinal=_ordinal(sgdr_restart))
            ),
            solve=sgdr_restart_step,
            hint=Text("The cycles last T₀, T₀·m, T₀·m², ...: add up the lengths of the cycles before that "
                      "restart."),
            explanation=lambda t: (
                Text("Cycle lengths {lengths}: they end at step {t}.",
                     lengths=', '.join(str(sgdr['period'] * sgdr['period_mult'] ** k) for k in range(sgdr_restart)),
                     t=t)
            ),
            kind="integer",
        ),
        Exercise(
            key="cycles-one-cycle-final",
            question=(
                Text("One-cycle with η_max = {lr_max:g}, div_factor = {div_factor:g} and final_div_factor = "
                     "{final_div_factor:g}{defaults}. What rate does it end on, at its last step?",
                     lr_max=one_cycle_recipe['lr_max'], div_factor=one_cycle_recipe['div_factor'],
                     final_div_factor=one_cycle_recipe['final_div_factor'], defaults=defaults)
            ),
            solve=one_cycle_final,
            hint=Text("It starts at η_max / div_factor and ends final_div_factor times lower than it started."),
            explanation=lambda lr: Text("{lr_max:g} / {div_factor:g} / {final_div_factor:g} = {lr:.3g}: far below "
                                        "the start.",
                                        lr_max=one_cycle_recipe['lr_max'], div_factor=one_cycle_recipe['div_factor'],
                                        final_div_factor=one_cycle_recipe['final_div_factor'], lr=lr),
        ),
        Exercise(
            key="cycles-triangular2-height",
            question=(
                Text("A cyclical rate from {base_lr:g} to {max_lr:g}, {step_size_up} steps up and as many "
                     "down, mode {mode!r}. How high does cycle {cyclic_cycle} climb above base_lr, as a "
                     "fraction of the first cycle's climb?",
                     base_lr=cyclic_recipe['base_lr'], max_lr=cyclic_recipe['max_lr'],
                     step_size_up=cyclic_recipe['step_size_up'], mode=cyclic_recipe['mode'],
                     cyclic_cycle=cyclic_cycle)
            ),
            solve=triangular2_height,
            hint=Text("triangular2 halves the height of every new cycle; the bottom stays at base_lr."),
            explanation=lambda f: Text("Cycle c climbs 2^-(c-1) of the first climb: 2^-{halvings} = {f:g}.",
                                       halvings=cyclic_cycle - 1, f=f),
        ),
        Exercise(
            key="cycles-warm-multistep",
            question=(
                Text("Multi-step decay (η₀ = {lr0:g}, × {gamma:g} at milestones {milestones}) is given a "
                     "{multistep_warmup}-step warm-up with with_warmup. What is the rate at step "
                     "{multistep_at}?",
                     lr0=multistep['lr0'], gamma=multistep['gamma'],
                     milestones=', '.join(map(str, multistep['milestones'])),
                     multistep_warmup=multistep_warmup, multistep_at=multistep_at)
            ),
            solve=warm_multistep_rate,
            hint=Text("with_warmup starts the decay's own clock at the end of the warm-up: which step of the "
                      "decay is it?"),
            explanation=lambda lr: (
                Text("Step {multistep_at} is the decay's step {decay_step}, past {passed} milestone(s): η = {lr:.3g} "
                     "(without the shift you would count {passed_unshifted}).",
                     multistep_at=multistep_at, decay_step=multistep_at - multistep_warmup,
                     passed=sum(m <= multistep_at - multistep_warmup for m in multistep['milestones']), lr=lr,
                     passed_unshifted=sum(m <= multistep_at for m in multistep['milestones']))
            ),
        ),
        Exercise(
            key="cycles-plateau-first-cut",
            question=(
                Text("ReduceLROnPlateau(lr0={lr0}, factor={factor}, patience={patience}, "
                     "threshold={threshold} (relative), cooldown={cooldown}) is fed the validation losses "
                     "{losses} (epochs 0, 1, 2, ...). After which epoch does it first cut the rate?",
                     lr0=plateau['lr0'], factor=plateau['factor'], patience=plateau['patience'],
                     threshold=plateau['threshold'], cooldown=plateau['cooldown'],
                     losses=', '.join(f'{m:g}' for m in plateau_metrics))
            ),
            solve=plateau_first_cut,
            hint=(
                Text("An epoch improves only if its loss is below best × (1 − threshold). Count the epochs in "
                     "a row that do not; the cut comes at the (patience + 1)-th.")
            ),
            explanation=plateau_explanation,
            kind="integer",
        ),
        Exercise(
            key="cycles-warmup-crosses-limit",
            question=(
                Text("{experiment} linearly to η₀ = {lr0} over W = {warmup_steps} steps (then cosine to 0 at "
                     "T = {total_steps}). At which step does it first exceed the stability limit 2/λ_max of "
                     "the diabetes regression (the limit printed in the chapter)?",
                     experiment=experiment, lr0=crossing['lr0'], warmup_steps=crossing['warmup_steps'],
                     total_steps=crossing['total_steps'])
            ),
            solve=first_step_above_limit,
            hint=Text("During the warm-up η_t = η₀ t / W: solve η₀ t / W > 2/λ_max for the smallest whole t."),
            explanation=lambda t: (
                Text("η₀ t / W > {limit:.4f} needs t > {crossing:.2f}, so t = {t}: from there on the stiff error "
                     "grows, from the tiny size the warm-up left it at.",
                     limit=_limit(), crossing=_limit() * crossing['warmup_steps'] / crossing['lr0'], t=t)
            ),
            kind="integer",
        ),
    )


EXERCISES = bank()
