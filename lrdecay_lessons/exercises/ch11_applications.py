"""Exercises of chapter 11, applications and tools (实际应用场景 / 工具和资源)."""

from __future__ import annotations

import numpy as np

from ..schedules import inspect_schedule, inverse_sqrt_peak, inverse_sqrt_warmup, schedule, with_warmup
from ..schedules.recipes import recipe, tokens_to_steps
from . import Exercise

__all__ = [
    "BIG",
    "PREVIEW",
    "PREVIEW_WARMUP",
    "PREVIEW_T",
    "CIFAR_AT",
    "GPT3_SMALL_BATCH",
    "EXERCISES",
]


# The Transformer's "big" width with the paper's warm-up.
BIG = {"d_model": 1024, "warmup_steps": 4000}


# A step decay behind a warm-up, previewed over 1000 steps.
PREVIEW = {"lr0": 0.1, "gamma": 0.5, "step_size": 300}


PREVIEW_WARMUP, PREVIEW_T = 100, 1000


CIFAR_AT = 40_000


# A smaller batch than the 175B model's 3.2M tokens.
GPT3_SMALL_BATCH = 0.5e6


def _quarter_step() -> int:
    """First step after the peak at which the base Transformer's rate is at most a quarter of its peak."""
    W = 4000
    steps = np.arange(W, 40 * W)
    rates = inverse_sqrt_warmup(steps, d_model=512, warmup_steps=W)
    return int(steps[rates <= inverse_sqrt_peak(512, W) / 4][0])


def _gpt3_cosine_steps() -> int:
    return tokens_to_steps(260e9, GPT3_SMALL_BATCH) - tokens_to_steps(375e6, GPT3_SMALL_BATCH)


def _preview_jump() -> int:
    warm = with_warmup(schedule("step_decay", **PREVIEW), PREVIEW_WARMUP)
    return inspect_schedule(warm, PREVIEW_T).jump_step


EXERCISES = (
    Exercise(
        key="applications-transformer-big-peak",
        question=(
            f"The Transformer's rule with d_model = {BIG['d_model']} (the paper's big model) and W = "
            f"{BIG['warmup_steps']} warm-up steps: what is the peak learning rate?"
        ),
        solve=lambda: inverse_sqrt_peak(**BIG),
        hint="The two branches of the min meet at t = W; put t = W into either of them.",
        explanation=lambda lr: f"d_model^-0.5 · W^-0.5 = 1/√({BIG['d_model']} · {BIG['warmup_steps']}) = {lr:.4g}.",
    ),
    Exercise(
        key="applications-transformer-quarter",
        question=(
            "The base Transformer (d_model = 512, W = 4000): at which step has the rate fallen to a quarter of "
            "its peak?"
        ),
        solve=_quarter_step,
        hint="After the peak the rate is proportional to 1/√t, and it equals the peak at t = W.",
        explanation=lambda t: f"√(W / t) = 1/4 gives t = 16 W = {t}.",
        kind="integer",
    ),
    Exercise(
        key="applications-cifar-rate",
        question=f"He et al.'s CIFAR-10 ResNet recipe: what learning rate is used at iteration {CIFAR_AT:,}?",
        solve=lambda: recipe("resnet_cifar").schedule(CIFAR_AT),
        hint="Start at 0.1; divide by 10 at each milestone already passed.",
        explanation=lambda lr: f"{CIFAR_AT:,} is past the 32k milestone, before 48k: 0.1 / 10 = {lr:g}.",
    ),
    Exercise(
        key="applications-gpt3-cosine-steps",
        question=(
            f"The GPT-3 schedule in steps, but with a constant batch of {GPT3_SMALL_BATCH / 1e6:g}M tokens instead "
            "of 3.2M: over how many steps does the cosine decay run, from the end of the warm-up (375M tokens) to "
            "260B tokens? (Round each token count to whole steps first.)"
        ),
        solve=_gpt3_cosine_steps,
        hint="Convert 260B and 375M tokens to steps (divide by the batch, round), then subtract.",
        explanation=lambda n: f"round(260e9 / {GPT3_SMALL_BATCH:g}) − round(375e6 / {GPT3_SMALL_BATCH:g}) = {n}.",
        kind="integer",
    ),
    Exercise(
        key="applications-preview-jump",
        question=(
            f"with_warmup(schedule('step_decay', lr0={PREVIEW['lr0']}, gamma={PREVIEW['gamma']}, "
            f"step_size={PREVIEW['step_size']}), {PREVIEW_WARMUP}) is previewed with inspect_schedule over "
            f"{PREVIEW_T} steps. At which step is the largest one-step change?"
        ),
        solve=_preview_jump,
        hint="with_warmup starts the step decay's clock at the end of the warm-up. Which change is bigger: one "
             "step of the ramp, or a drop?",
        explanation=lambda t: (
            f"The ramp rises by {PREVIEW['lr0'] / PREVIEW_WARMUP:g} per step; the first drop, by "
            f"{PREVIEW['lr0'] * (1 - PREVIEW['gamma']):g}, comes {PREVIEW['step_size']} steps after the warm-up: "
            f"step {t}."
        ),
        kind="integer",
    ),
)
