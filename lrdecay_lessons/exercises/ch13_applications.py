"""Exercises of chapter 13, applications and tools (实际应用场景 / 工具和资源)."""

from __future__ import annotations

import numpy as np

from ..schedules import inspect_schedule, inverse_sqrt_peak, inverse_sqrt_warmup, schedule, with_warmup
from ..schedules.recipes import recipe, tokens_to_steps
from ..errors import InvalidParameterError
from ..i18n import Text
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
    big_model = (Text("d_model = {d_model} (the paper's big model) and W = {warmup_steps} warm-up steps",
                      d_model=big['d_model'], warmup_steps=big['warmup_steps'])
                 if big == BIG else Text("d_model = {d_model} and W = {warmup_steps} warm-up steps",
                                         d_model=big['d_model'], warmup_steps=big['warmup_steps']))
    base_model = (Text("The base Transformer (d_model = {d_model}, W = {warmup_steps})",
                       d_model=base['d_model'], warmup_steps=base['warmup_steps']) if base == BASE
                  else Text("The Transformer's rule with d_model = {d_model} and W = {warmup_steps}",
                            d_model=base['d_model'], warmup_steps=base['warmup_steps']))

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
            question=Text("The Transformer's rule with {big_model}: what is the peak learning rate?",
                          big_model=big_model),
            solve=lambda: inverse_sqrt_peak(**big),
            hint=Text("The two branches of the min meet at t = W; put t = W into either of them."),
            explanation=lambda lr: (
                Text("d_model^-0.5 · W^-0.5 = 1/√({d_model} · {warmup_steps}) = {lr:.4g}.",
                     d_model=big['d_model'], warmup_steps=big['warmup_steps'], lr=lr)),
        ),
        Exercise(
            key="applications-transformer-quarter",
            question=Text("{base_model}: at which step has the rate fallen to a quarter of its peak?",
                          base_model=base_model),
            solve=quarter_step,
            hint=Text("After the peak the rate is proportional to 1/√t, and it equals the peak at t = W."),
            explanation=lambda t: Text("√(W / t) = 1/4 gives t = 16 W = {t}.",
                                       t=t),
            kind="integer",
        ),
        Exercise(
            key="applications-cifar-rate",
            question=Text("He et al.'s CIFAR-10 ResNet recipe: what learning rate is used at iteration "
                          "{cifar_at:,}?",
                          cifar_at=cifar_at),
            solve=lambda: cifar.schedule(cifar_at),
            hint=Text("Start at 0.1; divide by 10 at each milestone already passed."),
            explanation=(
                (lambda lr: Text("{cifar_at:,} is past the 32k milestone, before 48k: 0.1 / 10 = {lr:g}.",
                                 cifar_at=cifar_at, lr=lr))
                if cifar_at == CIFAR_AT else
                (lambda lr: Text("{cifar_at:,} is past {passed} of the milestones {milestones}: 0.1 / 10^{passed} "
                                 "= {lr:g}.",
                                 cifar_at=cifar_at, passed=passed,
                                 milestones=' and '.join(f'{m // 1000}k' for m in milestones), lr=lr))
            ),
        ),
        Exercise(
            key="applications-gpt3-cosine-steps",
            question=(
                Text("The GPT-3 schedule in steps, but with a constant batch of {millions:g}M tokens instead of "
                     "3.2M: over how many steps does the cosine decay run, from the end of the warm-up (375M "
                     "tokens) to 260B tokens? (Round each token count to whole steps first.)",
                     millions=gpt3_small_batch / 1e6)
            ),
            solve=gpt3_cosine_steps,
            hint=Text("Convert 260B and 375M tokens to steps (divide by the batch, round), then subtract."),
            explanation=lambda n: (
                Text("round(260e9 / {gpt3_small_batch:g}) − round(375e6 / {gpt3_small_batch:g}) = {n}.",
                     gpt3_small_batch=gpt3_small_batch, n=n)),
            kind="integer",
        ),
        Exercise(
            key="applications-preview-jump",
            question=(
                Text("with_warmup(schedule('step_decay', lr0={lr0}, gamma={gamma}, step_size={step_size}), "
                     "{preview_warmup}) is previewed with inspect_schedule over {preview_t} steps. At which "
                     "step is the largest one-step change?",
                     lr0=preview['lr0'], gamma=preview['gamma'], step_size=preview['step_size'],
                     preview_warmup=preview_warmup, preview_t=preview_t)
            ),
            solve=preview_jump,
            hint=Text("with_warmup starts the step decay's clock at the end of the warm-up. Which change is "
                      "bigger: one step of the ramp, or a drop?"),
            explanation=lambda t: (
                Text("The ramp rises by {ramp_step:g} per step; the first drop, by {drop:g}, comes {step_size} steps "
                     "after the warm-up: step {t}.",
                     ramp_step=preview['lr0'] / preview_warmup, drop=preview['lr0'] * (1 - preview['gamma']),
                     step_size=preview['step_size'], t=t)
            ),
            kind="integer",
        ),
    )


EXERCISES = bank()
