r"""optax's schedules as NumPy functions of the update count.

In optax's own parameter names; ``count`` is the number of updates done. Checked against values
recorded from optax 0.2.8 on jax 0.10.2 (``data/optax_values.json``).
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ._common import as_steps, half_cosine
from ..errors import InvalidParameterError

__all__ = [
    "optax_exponential_decay",
    "optax_piecewise_constant_schedule",
    "optax_polynomial_schedule",
    "optax_linear_schedule",
    "optax_cosine_decay_schedule",
    "optax_join_schedules",
    "optax_warmup_cosine_decay_schedule",
    "optax_sgdr_schedule",
    "optax_cosine_onecycle_schedule",
    "optax_reduce_on_plateau",
    "optax_piecewise_interpolate_schedule",
    "optax_linear_onecycle_schedule",
]


def optax_exponential_decay(count, init_value, transition_steps, decay_rate, transition_begin=0,
                            staircase=False, end_value=None):
    """``optax.exponential_decay``: ``init_value * decay_rate ** ((count - begin) / transition_steps)``."""
    if transition_steps <= 0 or decay_rate == 0:
        return np.full_like(as_steps(count), float(init_value))
    decreased = as_steps(count) - max(transition_begin, 0)
    p = decreased / transition_steps
    if staircase:
        p = np.floor(p)
    value = np.where(decreased <= 0, init_value, init_value * np.power(decay_rate, p))
    if end_value is not None:
        value = (np.maximum if decay_rate < 1.0 else np.minimum)(value, end_value)
    return value


def optax_piecewise_constant_schedule(count, init_value, boundaries_and_scales=None):
    """``optax.piecewise_constant_schedule``: multiply by ``scale`` once ``count >= boundary``."""
    steps = as_steps(count)
    value = np.full_like(steps, float(init_value))
    for threshold, scale in sorted((boundaries_and_scales or {}).items()):
        indicator = np.maximum(0.0, np.sign(threshold - steps))
        value = value * indicator + (1 - indicator) * scale * value
    return value


def optax_polynomial_schedule(count, init_value, end_value, power, transition_steps, transition_begin=0):
    """``optax.polynomial_schedule``: ``(init - end) (1 - clip(count - begin, 0, steps) / steps) ** power + end``."""
    if transition_steps <= 0:
        return np.full_like(as_steps(count), float(init_value))
    steps = np.clip(as_steps(count) - max(transition_begin, 0), 0, transition_steps)
    return (init_value - end_value) * (1 - steps / transition_steps) ** power + end_value


def optax_linear_schedule(count, init_value, end_value, transition_steps, transition_begin=0):
    """``optax.linear_schedule``: ``polynomial_schedule`` with ``power=1``."""
    return optax_polynomial_schedule(count, init_value, end_value, 1, transition_steps, transition_begin)


def optax_cosine_decay_schedule(count, init_value, decay_steps, alpha=0.0, exponent=1.0):
    """``optax.cosine_decay_schedule``: ``init_value ((1 - alpha) c(min(count, decay_steps)) ** exponent + alpha)``."""
    if not decay_steps > 0:
        raise InvalidParameterError(f"The cosine_decay_schedule requires positive decay_steps, got decay_steps={decay_steps}.")
    steps = np.minimum(as_steps(count), decay_steps)
    return init_value * ((1 - alpha) * half_cosine(steps / decay_steps) ** exponent + alpha)


def optax_join_schedules(count, schedules, boundaries):
    """``optax.join_schedules``: ``where(count < boundary, previous, schedule(count - boundary))``.

    optax evaluates every schedule at every count and masks; here each schedule is only
    evaluated where it is used, which gives the same values.
    """
    steps = as_steps(count)
    out = np.asarray(schedules[0](steps), dtype=float) * np.ones_like(steps)
    for boundary, schedule in zip(boundaries, schedules[1:]):
        later = steps >= boundary
        if np.any(later):
            out = out.copy()
            out[later] = np.broadcast_to(np.asarray(schedule(steps[later] - boundary), dtype=float),
                                         steps[later].shape)
    return out


def optax_warmup_cosine_decay_schedule(count, init_value, peak_value, warmup_steps, decay_steps, end_value=0.0,
                                       exponent=1.0):
    """``optax.warmup_cosine_decay_schedule``: linear ``init -> peak`` over ``warmup_steps``, then
    cosine ``peak -> end`` over ``decay_steps - warmup_steps`` (``decay_steps`` *includes* the warm-up)."""
    alpha = 0.0 if peak_value == 0.0 else end_value / peak_value
    return optax_join_schedules(
        count,
        [partial(optax_linear_schedule, init_value=init_value, end_value=peak_value, transition_steps=warmup_steps),
         partial(optax_cosine_decay_schedule, init_value=peak_value, decay_steps=decay_steps - warmup_steps,
                 alpha=alpha, exponent=exponent)],
        [warmup_steps],
    )


def optax_sgdr_schedule(count, cosine_kwargs):
    """``optax.sgdr_schedule``: one ``warmup_cosine_decay_schedule`` per dict, joined end to end;
    after the last cycle the rate stays at its ``end_value``."""
    boundaries, parts, step = [], [], 0
    for kwargs in cosine_kwargs:
        parts.append(partial(optax_warmup_cosine_decay_schedule, **kwargs))
        boundaries.append(step + kwargs["decay_steps"])
        step += kwargs["decay_steps"]
    return optax_join_schedules(count, parts, boundaries[:-1])


def optax_cosine_onecycle_schedule(count, transition_steps, peak_value, pct_start=0.3, div_factor=25.0,
                                   final_div_factor=1e4):
    """``optax.cosine_onecycle_schedule``: cosine from ``peak/div`` up to ``peak`` at step
    ``int(pct_start * transition_steps)``, down to ``peak/div/final_div`` at ``transition_steps``."""
    steps = as_steps(count)
    bounds = np.array([0.0, int(pct_start * transition_steps), int(transition_steps)])
    values = np.cumprod([peak_value / div_factor, div_factor, 1.0 / (div_factor * final_div_factor)])
    out = np.where(steps >= bounds[-1], values[-1], 0.0)
    for i in range(2):
        inside = (bounds[i] <= steps) & (steps < bounds[i + 1])
        pct = (steps - bounds[i]) / max(bounds[i + 1] - bounds[i], 1)
        interpolated = values[i + 1] + (values[i] - values[i + 1]) / 2.0 * (np.cos(np.pi * pct) + 1)
        out = np.where(inside, interpolated, out)
    return out


def optax_reduce_on_plateau(values, learning_rate, factor=0.1, patience=10, rtol=1e-4, atol=0.0, cooldown=0,
                            accumulation_size=1, min_scale=0.0):
    """``optax.contrib.reduce_on_plateau`` chained after an optimizer with ``learning_rate``:
    the effective rate ``learning_rate * scale`` after each update given ``value``.

    Improvement: ``value < (1 - rtol) best - atol`` (minimisation only); the scale drops
    when the plateau count *equals* ``patience``.
    """
    best, plateau_count, scale, cooldown_count = math.inf, 0, 1.0, 0
    count, avg = 0, 0.0
    out = []
    for value in values:
        count += 1
        avg = ((count - 1) * avg + value) / count
        if count == accumulation_size:
            improved = avg < (1 - rtol) * best - atol
            best = avg if improved else best
            current = 0 if improved else plateau_count + 1
            if cooldown_count > 0:
                plateau_count, cooldown_count = 0, cooldown_count - 1
            else:
                reduce = current == patience
                plateau_count = 0 if reduce else current
                scale = max(scale * factor if reduce else scale, min_scale)
                cooldown_count = cooldown if reduce else 0
            count, avg = 0, 0.0
        out.append(learning_rate * scale)
    return np.asarray(out, dtype=float)


def optax_piecewise_interpolate_schedule(count, interpolate_type, init_value, boundaries_and_scales=None):
    r"""``optax.piecewise_interpolate_schedule``: values at the boundaries are *cumulative* products
    of the scales, ``v_0 = init_value``, ``v_k = v_{k-1} s_k``, joined linearly or by half cosines.

    ``{10: 0.5, 20: 0.5}`` from 0.1 reaches 0.05 at 10 and 0.025 at 20 (not 0.05 twice).
    """
    if interpolate_type not in ("linear", "cosine"):
        raise InvalidParameterError(f"interpolate_type must be 'linear' or 'cosine'; got interpolate_type={interpolate_type!r}")
    steps = as_steps(count)
    pairs = sorted(dict(boundaries_and_scales or {}).items())
    bounds = np.array([0.0, *(b for b, _ in pairs)])
    values = np.cumprod([float(init_value), *(s for _, s in pairs)])
    out = np.where(steps >= bounds[-1], values[-1], 0.0)
    for i in range(len(pairs)):
        inside = (bounds[i] <= steps) & (steps < bounds[i + 1])
        pct = (steps - bounds[i]) / max(bounds[i + 1] - bounds[i], 1.0)
        if interpolate_type == "linear":
            between = values[i] + pct * (values[i + 1] - values[i])
        else:
            between = values[i + 1] + (values[i] - values[i + 1]) * half_cosine(pct)
        out = np.where(inside, between, out)
    return out


def optax_linear_onecycle_schedule(count, transition_steps, peak_value, pct_start=0.3, pct_final=0.85,
                                   div_factor=25.0, final_div_factor=1e4):
    """``optax.linear_onecycle_schedule``: Smith's three linear phases, ``peak/div`` up to ``peak`` at
    ``int(pct_start T)``, back to ``peak/div`` at ``int(pct_final T)``, down to ``peak/div/final_div`` at ``T``."""
    return optax_piecewise_interpolate_schedule(
        count, "linear", peak_value / div_factor,
        {int(pct_start * transition_steps): div_factor, int(pct_final * transition_steps): 1.0 / div_factor,
         transition_steps: 1.0 / final_div_factor})
