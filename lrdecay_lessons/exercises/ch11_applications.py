"""Exercises of chapter 11, applications and tools (实际应用场景 / 工具和资源)."""

from __future__ import annotations

import numpy as np

from ..schedules import inspect_schedule, inverse_sqrt_peak, inverse_sqrt_warmup, schedule, with_warmup
from ..schedules.recipes import recipe, tokens_to_steps
from ..errors import InvalidParameterError
from . import Exercise

__all__ = [
    "BIG",
    "PREVIEW",
    "PREVIEW_WARMUP",
    "PREVIEW_T",
    "CIFAR_AT",
    "GPT3_SMALL_BATCH",
    "BASE",
    "bank",
    "EXERCISES",
]


# The Transformer's "big" width with the paper's warm-up.
BIG = {"d_model": 1024, "warmup_steps": 4000}


# A step decay behind a warm-up, previewed over 1000 steps.
PREVIEW = {"lr0": 0.1, "gamma": 0.5, "step_size": 300}


PREVIEW_WARMUP, PREVIEW_T = 100, 1000


CIFAR_AT = 40_000


# The paper's base model: the quarter-of-the-peak question.
BASE = {"d_model": 512, "warmup_steps": 4000}


# A smaller batch than the 175B model's 3.2M tokens.
GPT3_SMALL_BATCH = 0.5e6


def bank(*, big: dict = BIG, base: dict = BASE, cifar_at: int = CIFAR_AT, gpt3_small_batch: float = GPT3_SMALL_BATCH,
         preview: dict = PREVIEW, preview_warmup: int = PREVIEW_WARMUP,
         preview_t: int = PREVIEW_T) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals; ``preview``'s drop must be
    larger than one step of its warm-up ramp (the question is where the largest change is).
    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if not preview["lr0"] * (1 - preview["gamma"]) > preview["lr0"] / preview_warmup:
        raise InvalidParameterError(f"preview's drop η₀(1 − γ) must be larger than a step of the ramp η₀/W = "
                                    f"{preview['lr0'] / preview_warmup:g}; got preview={preview!r}.")
    cifar = recipe("resnet_cifar")
    milestones = cifar.schedule.params["milestones"]
    passed = sum(m <= cifar_at for m in milestones)
    # The paper's models are BIG and BASE; an assignment's are not, and its questions must not say so.
    big_model = (f"d_model = {big['d_model']} (the paper's big model) and W = {big['warmup_steps']} warm-up steps"
                 if big == BIG else f"d_model = {big['d_model']} and W = {big['warmup_steps']} warm-up steps")
    base_model = (f"The base Transformer (d_model = {base['d_model']}, W = {base['warmup_steps']})" if base == BASE
                  else f"The Transformer's rule with d_model = {base['d_model']} and W = {base['warmup_steps']}")

    def quarter_step() -> int:
        """First step after the peak at which the rate is at most a quarter of its peak."""
        W = base["warmup_steps"]
        steps = np.arange(W, 40 * W)
        rates = inverse_sqrt_warmup(steps, **base)
        return int(steps[rates <= inverse_sqrt_peak(base["d_model"], W) / 4][0])

    def gpt3_cosine_steps() -> int:
        return tokens_to_steps(260e9, gpt3_small_batch) - tokens_to_steps(375e6, gpt3_small_batch)

    def preview_jump() -> int:
        warm = with_warmup(schedule("step_decay", **preview), preview_warmup)
        return inspect_schedule(warm, preview_t).jump_step

    return (
        Exercise(
            key="applications-transformer-big-peak",
            question=f"The Transformer's rule with {big_model}: what is the peak learning rate?",
            solve=lambda: inverse_sqrt_peak(**big),
            hint="The two branches of the min meet at t = W; put t = W into either of them.",
            explanation=lambda lr: (
                f"d_model^-0.5 · W^-0.5 = 1/√({big['d_model']} · {big['warmup_steps']}) = {lr:.4g}."),
        ),
        Exercise(
            key="applications-transformer-quarter",
            question=f"{base_model}: at which step has the rate fallen to a quarter of its peak?",
            solve=quarter_step,
            hint="After the peak the rate is proportional to 1/√t, and it equals the peak at t = W.",
            explanation=lambda t: f"√(W / t) = 1/4 gives t = 16 W = {t}.",
            kind="integer",
        ),
        Exercise(
            key="applications-cifar-rate",
            question=f"He et al.'s CIFAR-10 ResNet recipe: what learning rate is used at iteration {cifar_at:,}?",
            solve=lambda: cifar.schedule(cifar_at),
            hint="Start at 0.1; divide by 10 at each milestone already passed.",
            explanation=(
                (lambda lr: f"{cifar_at:,} is past the 32k milestone, before 48k: 0.1 / 10 = {lr:g}.")
                if cifar_at == CIFAR_AT else
                (lambda lr: f"{cifar_at:,} is past {passed} of the milestones "
                            f"{' and '.join(f'{m // 1000}k' for m in milestones)}: 0.1 / 10^{passed} = {lr:g}.")
            ),
        ),
        Exercise(
            key="applications-gpt3-cosine-steps",
            question=(
                f"The GPT-3 schedule in steps, but with a constant batch of {gpt3_small_batch / 1e6:g}M tokens "
                "instead of 3.2M: over how many steps does the cosine decay run, from the end of the warm-up (375M "
                "tokens) to 260B tokens? (Round each token count to whole steps first.)"
            ),
            solve=gpt3_cosine_steps,
            hint="Convert 260B and 375M tokens to steps (divide by the batch, round), then subtract.",
            explanation=lambda n: (
                f"round(260e9 / {gpt3_small_batch:g}) − round(375e6 / {gpt3_small_batch:g}) = {n}."),
            kind="integer",
        ),
        Exercise(
            key="applications-preview-jump",
            question=(
                f"with_warmup(schedule('step_decay', lr0={preview['lr0']}, gamma={preview['gamma']}, "
                f"step_size={preview['step_size']}), {preview_warmup}) is previewed with inspect_schedule over "
                f"{preview_t} steps. At which step is the largest one-step change?"
            ),
            solve=preview_jump,
            hint="with_warmup starts the step decay's clock at the end of the warm-up. Which change is bigger: one "
                 "step of the ramp, or a drop?",
            explanation=lambda t: (
                f"The ramp rises by {preview['lr0'] / preview_warmup:g} per step; the first drop, by "
                f"{preview['lr0'] * (1 - preview['gamma']):g}, comes {preview['step_size']} steps after the "
                f"warm-up: step {t}."
            ),
            kind="integer",
        ),
    )


EXERCISES = bank()
