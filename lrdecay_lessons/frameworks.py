r"""From this course to your framework (框架对照): PyTorch, Keras, Hugging Face and optax.

One :class:`Translation` per (course schedule, framework) in :data:`TRANSLATIONS`. Each
row gives the framework's name for the schedule, how each of our parameters becomes
theirs (:meth:`Translation.translate`), the framework's documented formula written in
*their* parameter names (:attr:`Translation.framework_formula`) and the traps users of
that library fall into (:data:`TRAPS`, each with a computed demonstration where one
fits). The tests check every formula, fed with translated parameters, against our
schedules step by step, and against values recorded from the real libraries.

    >>> row = translation("cosine_annealing", "keras")
    >>> row.name
    'keras.optimizers.schedules.CosineDecay'
    >>> row.translate({"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001})
    {'initial_learning_rate': 0.1, 'decay_steps': 1000, 'alpha': 0.01}
    >>> row.call({"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001})
    'CosineDecay(initial_learning_rate=0.1, decay_steps=1000, alpha=0.01)'

What ``t`` means is the same everywhere: the number of updates already done (PyTorch and
Hugging Face: calls of ``scheduler.step()``; Keras: ``optimizer.iterations``; optax: the
``count`` of updates). The rate used for the very first update is the value at ``t = 0``.

:func:`framework_table` flattens the rows into plain strings for display (a
:class:`lrdecay_lessons.tables.Table`; :func:`framework_records` gives them as dictionaries).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from . import schedules as _schedules
from .composition import join_schedules, with_warmup
from .plateau import plateau_schedule
from .tables import Table

__all__ = [
    "FRAMEWORKS",
    "COURSE_SCHEDULES",
    "EXAMPLES",
    "EXAMPLE_TOTAL_STEPS",
    "ParameterRule",
    "Trap",
    "Translation",
    "TRAPS",
    "TRANSLATIONS",
    "translation",
    "translations_for",
    "course_function",
    "TABLE_COLUMNS",
    "framework_table",
    "framework_records",
]

#: Framework keys, in table order, with display names.
FRAMEWORKS: dict[str, str] = {
    "pytorch": "PyTorch",
    "keras": "Keras",
    "huggingface": "Hugging Face transformers",
    "optax": "optax",
}

#: Everything in the course that has a row: the nine schedules, plateau and composition.
COURSE_SCHEDULES: tuple[str, ...] = (
    *_schedules.__all__,
    "plateau_schedule",
    "with_warmup",
    "join_schedules",
)

#: How ``t`` advances in each framework.
STEPPING: dict[str, str] = {
    "pytorch": (
        "t = calls of scheduler.step() so far; call optimizer.step() first, then "
        "scheduler.step(), once per batch if your T counts batches, once per epoch if it "
        "counts epochs"
    ),
    "keras": "t = optimizer.iterations, the batches done so far: Keras schedules are always per batch",
    "huggingface": (
        "a torch LambdaLR: t = calls of scheduler.step(); the Trainer calls it once per "
        "optimizer update (per batch, after gradient accumulation)"
    ),
    "optax": "t = count, the updates applied so far (per batch)",
}


def _as_steps(t: Any) -> np.ndarray:
    return np.asarray(t, dtype=float)


def _half_cosine(x: Any) -> np.ndarray:
    return 0.5 * (1.0 + np.cos(np.pi * np.asarray(x, dtype=float)))


# ============================================================================================
# The frameworks' formulas, in their own parameter names. ``t`` may be a number or an array.
# ============================================================================================

# --- PyTorch: torch.optim.lr_scheduler, closed forms of the rate after t calls of step() ---


def torch_step_lr(t, lr, step_size, gamma=0.1):
    """``StepLR``: ``lr * gamma ** (t // step_size)``."""
    return lr * gamma ** np.floor_divide(_as_steps(t), step_size)


def torch_multistep_lr(t, lr, milestones, gamma=0.1):
    """``MultiStepLR``: ``lr * gamma ** bisect_right(sorted(milestones), t)``."""
    return lr * gamma ** np.searchsorted(np.sort(np.asarray(milestones, dtype=float)), _as_steps(t),
                                         side="right").astype(float)


def torch_exponential_lr(t, lr, gamma):
    """``ExponentialLR``: ``lr * gamma ** t`` (``gamma`` is *per step*)."""
    return lr * gamma ** _as_steps(t)


def torch_polynomial_lr(t, lr, total_iters=5, power=1.0):
    """``PolynomialLR``: ``lr * (1 - min(total_iters, t) / total_iters) ** power``."""
    return lr * (1.0 - np.minimum(total_iters, _as_steps(t)) / total_iters) ** power


def torch_linear_lr(t, lr, start_factor=1.0 / 3, end_factor=1.0, total_iters=5):
    """``LinearLR``: ``lr * (start + (end - start) * min(total_iters, t) / total_iters)``."""
    return lr * (start_factor + (end_factor - start_factor) * np.minimum(total_iters, _as_steps(t)) / total_iters)


def torch_cosine_annealing_lr(t, lr, T_max, eta_min=0.0):
    """``CosineAnnealingLR``: ``eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2``, no clamp.

    Past ``T_max`` the cosine carries on: the rate climbs back to ``lr`` at ``2 T_max``.
    """
    return eta_min + (lr - eta_min) * _half_cosine(_as_steps(t) / T_max)


def torch_cosine_annealing_warm_restarts(t, lr, T_0, T_mult=1, eta_min=0.0):
    """``CosineAnnealingWarmRestarts``: cycles of ``T_i = T_0 T_mult**i`` steps (``T_mult`` integer)."""
    steps = _as_steps(t)
    t_cur = steps.copy()
    t_i = np.full_like(steps, float(T_0))
    # Walk through the cycles as step() does: T_cur -= T_i; T_i *= T_mult at each restart.
    while np.any(t_cur >= t_i):
        restart = t_cur >= t_i
        t_cur = np.where(restart, t_cur - t_i, t_cur)
        t_i = np.where(restart, t_i * T_mult, t_i)
    return eta_min + (lr - eta_min) * _half_cosine(t_cur / t_i)


def torch_one_cycle_lr(t, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
                       final_div_factor=1e4, three_phase=False):
    """``OneCycleLR`` (two phases, cosine): ``pct_start * total_steps - 1`` is the peak step.

    PyTorch raises ``ValueError("Tried to step ... times")`` once ``t > total_steps``;
    so does this function.
    """
    if anneal_strategy != "cos" or three_phase:
        raise ValueError("only anneal_strategy='cos' and three_phase=False are written out here")
    steps = _as_steps(t)
    if np.any(steps > total_steps):
        raise ValueError(
            f"Tried to step {int(np.max(steps))} times. The specified number of total steps is {total_steps}"
        )
    initial = max_lr / div_factor
    final = initial / final_div_factor
    peak = float(pct_start * total_steps) - 1
    last = total_steps - 1

    def anneal(start, end, pct):
        return end + (start - end) / 2.0 * (np.cos(np.pi * pct) + 1)

    rising = anneal(initial, max_lr, steps / peak)
    falling = anneal(max_lr, final, (steps - peak) / (last - peak))
    return np.where(steps <= peak, rising, falling)


def torch_sequential_lr(t, schedulers, milestones):
    """``SequentialLR``: scheduler ``i`` runs from ``milestones[i-1]`` with its own step count.

    ``schedulers`` are the closed forms of the wrapped schedulers (functions of their own t).
    """
    steps = _as_steps(t)
    out = np.empty_like(steps)
    starts = [0, *milestones]
    index = np.array([bisect_right(list(milestones), s) for s in steps.ravel()], dtype=int).reshape(steps.shape)
    for i, scheduler in enumerate(schedulers):
        inside = index == i
        if np.any(inside):
            out[inside] = np.broadcast_to(np.asarray(scheduler(steps[inside] - starts[i]), dtype=float),
                                          steps[inside].shape)
    return out


def torch_reduce_lr_on_plateau(metrics, lr, mode="min", factor=0.1, patience=10, threshold=1e-4,
                               threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8):
    """``ReduceLROnPlateau``: the rate after each ``scheduler.step(metric)``."""
    best = math.inf if mode == "min" else -math.inf
    num_bad_epochs = cooldown_counter = 0
    out = []
    for current in metrics:
        if mode == "min":
            better = current < (best * (1 - threshold) if threshold_mode == "rel" else best - threshold)
        else:
            better = current > (best * (threshold + 1) if threshold_mode == "rel" else best + threshold)
        if better:
            best, num_bad_epochs = current, 0
        else:
            num_bad_epochs += 1
        if cooldown_counter > 0:
            cooldown_counter -= 1
            num_bad_epochs = 0
        if num_bad_epochs > patience:
            new_lr = max(lr * factor, min_lr)
            if lr - new_lr > eps:
                lr = new_lr
            cooldown_counter, num_bad_epochs = cooldown, 0
        out.append(lr)
    return np.asarray(out, dtype=float)


# --- Keras: keras.optimizers.schedules, rate at step t = optimizer.iterations ---------------


def keras_exponential_decay(t, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """``ExponentialDecay``: ``initial_learning_rate * decay_rate ** (t / decay_steps)``."""
    p = _as_steps(t) / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate * decay_rate**p


def keras_piecewise_constant_decay(t, boundaries, values):
    """``PiecewiseConstantDecay``: ``values[0]`` while ``t <= boundaries[0]``, then ``values[i]``
    for ``boundaries[i-1] < t <= boundaries[i]``: a boundary step still has the *old* value."""
    index = np.searchsorted(np.asarray(boundaries, dtype=float), _as_steps(t), side="left")
    return np.asarray(values, dtype=float)[index]


def keras_polynomial_decay(t, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                           cycle=False):
    """``PolynomialDecay``: ``(lr - end) (1 - min(t, decay_steps) / decay_steps) ** power + end``."""
    steps = _as_steps(t)
    if cycle:
        decay_steps = decay_steps * np.where(steps == 0, 1.0, np.ceil(steps / decay_steps))
    else:
        steps = np.minimum(steps, decay_steps)
    return (initial_learning_rate - end_learning_rate) * (1 - steps / decay_steps) ** power + end_learning_rate


def keras_cosine_decay(t, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    """``CosineDecay``: ``lr ((1 - alpha) (1 + cos(pi min(t, decay_steps) / decay_steps)) / 2 + alpha)``.

    With ``warmup_target``: a linear ramp from ``initial_learning_rate`` to ``warmup_target``
    over ``warmup_steps``, then the cosine from ``warmup_target`` over ``decay_steps``
    *more* steps (``decay_steps`` excludes the warm-up).
    """
    steps = _as_steps(t)

    def decay(step, peak):
        return peak * ((1 - alpha) * _half_cosine(step / decay_steps) + alpha)

    if warmup_target is None:
        return decay(np.minimum(steps, decay_steps), initial_learning_rate)
    steps = np.minimum(steps, decay_steps + warmup_steps)
    if warmup_steps == 0:
        return decay(steps, warmup_target)
    ramp = (warmup_target - initial_learning_rate) * steps / warmup_steps + initial_learning_rate
    return np.where(steps < warmup_steps, ramp, decay(steps - warmup_steps, warmup_target))


def keras_cosine_decay_restarts(t, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    """``CosineDecayRestarts``: SGDR with cycle ``i`` found as
    ``floor(log(1 - t/T0 (1 - t_mul)) / log(t_mul))`` (``floor(t / T0)`` when ``t_mul == 1``)."""
    completed = _as_steps(t) / first_decay_steps
    if t_mul == 1.0:
        i_restart = np.floor(completed)
        completed = completed - i_restart
    else:
        i_restart = np.floor(np.log(1.0 - completed * (1.0 - t_mul)) / np.log(t_mul))

        def start(i):  # where cycle i begins, in units of first_decay_steps
            return (1.0 - t_mul**i) / (1.0 - t_mul)

        # In NumPy float64 the log can land one cycle short exactly at a restart (t_mul=3,
        # step 1210 of first_decay_steps=10); Keras 3.15 on the torch backend does not.
        i_restart = np.where(completed >= start(i_restart + 1), i_restart + 1, i_restart)
        i_restart = np.where(completed < start(i_restart), i_restart - 1, i_restart)
        completed = (completed - start(i_restart)) / t_mul**i_restart
    cosine = 0.5 * m_mul**i_restart * (1.0 + np.cos(np.pi * completed))
    return initial_learning_rate * ((1 - alpha) * cosine + alpha)


def keras_inverse_time_decay(t, initial_learning_rate, decay_steps, decay_rate, staircase=False):
    """``InverseTimeDecay``: ``initial_learning_rate / (1 + decay_rate * t / decay_steps)``."""
    p = _as_steps(t) / decay_steps
    if staircase:
        p = np.floor(p)
    return initial_learning_rate / (1 + decay_rate * p)


def keras_reduce_lr_on_plateau(metrics, learning_rate, monitor="val_loss", factor=0.1, patience=10,
                               mode="auto", min_delta=1e-4, cooldown=0, min_lr=0.0):
    """``keras.callbacks.ReduceLROnPlateau``: the optimizer's rate after each epoch's ``on_epoch_end``.

    Improvement: ``current < best - min_delta`` (``'min'``) or ``current > best + min_delta``
    (``'max'``). The cooldown counter is decremented *before* the check, and the rate
    drops when ``wait >= patience``.
    """
    if mode == "auto":
        mode = "min" if monitor.removeprefix("val_") == "loss" else "max"
    best = None
    wait = cooldown_counter = 0
    lr = learning_rate
    out = []
    for current in metrics:
        if cooldown_counter > 0:
            cooldown_counter -= 1
            wait = 0
        if best is None or (current < best - min_delta if mode == "min" else current > best + min_delta):
            best, wait = current, 0
        elif not cooldown_counter > 0:
            wait += 1
            if wait >= patience and lr > np.float32(min_lr):
                lr = max(lr * factor, min_lr)
                cooldown_counter, wait = cooldown, 0
        out.append(lr)
    return np.asarray(out, dtype=float)


# --- Hugging Face transformers: LambdaLR factors times the optimizer's lr ----------------------


def hf_polynomial_decay_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, lr_end=1e-7,
                                             power=1.0):
    """``get_polynomial_decay_schedule_with_warmup`` (needs ``lr_end < lr``; default ``lr_end=1e-7``)."""
    steps = _as_steps(t)
    warm = lr * steps / max(1, num_warmup_steps)
    remaining = 1 - (np.minimum(steps, num_training_steps) - num_warmup_steps) / (num_training_steps - num_warmup_steps)
    decay = (lr - lr_end) * np.maximum(remaining, 0.0) ** power + lr_end
    return np.where(steps < num_warmup_steps, warm, np.where(steps > num_training_steps, lr_end, decay))


def hf_cosine_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, num_cycles=0.5):
    """``get_cosine_schedule_with_warmup``: ``progress = (t - W) / max(1, N - W)``, no clamp.

    Past ``num_training_steps`` the cosine carries on and the rate rises again.
    """
    return hf_cosine_with_min_lr_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps,
                                                      num_cycles, min_lr_rate=0.0)


def hf_cosine_with_min_lr_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps, num_cycles=0.5,
                                               min_lr=None, min_lr_rate=None):
    """``get_cosine_with_min_lr_schedule_with_warmup``: the cosine scaled into ``[min_lr, lr]``."""
    if min_lr is not None:
        min_lr_rate = min_lr / lr
    steps = _as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    progress = (steps - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
    factor = 0.5 * (1.0 + np.cos(np.pi * num_cycles * 2.0 * progress))
    factor = np.maximum(0.0, factor * (1 - min_lr_rate) + min_lr_rate)
    return lr * np.where(steps < num_warmup_steps, warm, factor)


def hf_cosine_with_min_lr_schedule_with_warmup_lr_rate(t, lr, num_warmup_steps, num_training_steps,
                                                       num_cycles=0.5, min_lr=None, min_lr_rate=None):
    """``get_cosine_with_min_lr_schedule_with_warmup_lr_rate`` (``warmup_lr_rate=None``): like the
    one above but evaluated at ``t + 1``: ``(t + 1) / W`` in the warm-up, ``(t - W + 1) / (N - W)`` after."""
    if min_lr is not None:
        min_lr_rate = min_lr / lr
    steps = _as_steps(t)
    warm = (steps + 1.0) / max(1.0, num_warmup_steps)
    progress = (steps - num_warmup_steps + 1.0) / max(1.0, num_training_steps - num_warmup_steps)
    factor = 0.5 * (1.0 + np.cos(np.pi * num_cycles * 2.0 * progress))
    factor = np.maximum(0.0, factor * (1 - min_lr_rate) + min_lr_rate)
    return lr * np.where(steps < num_warmup_steps, warm, factor)


def hf_cosine_with_hard_restarts_schedule_with_warmup(t, lr, num_warmup_steps, num_training_steps,
                                                      num_cycles=1):
    """``get_cosine_with_hard_restarts_schedule_with_warmup``: ``num_cycles`` equal cycles
    down to 0 between ``W`` and ``N``; 0 from ``N`` on."""
    steps = _as_steps(t)
    warm = steps / max(1, num_warmup_steps)
    progress = (steps - num_warmup_steps) / max(1, num_training_steps - num_warmup_steps)
    factor = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * np.mod(num_cycles * progress, 1.0))))
    factor = np.where(progress >= 1.0, 0.0, factor)
    return lr * np.where(steps < num_warmup_steps, warm, factor)


# --- optax: schedules are functions of count ----------------------------------------------------


def optax_exponential_decay(count, init_value, transition_steps, decay_rate, transition_begin=0,
                            staircase=False, end_value=None):
    """``optax.exponential_decay``: ``init_value * decay_rate ** ((count - begin) / transition_steps)``."""
    if transition_steps <= 0 or decay_rate == 0:
        return np.full_like(_as_steps(count), float(init_value))
    decreased = _as_steps(count) - max(transition_begin, 0)
    p = decreased / transition_steps
    if staircase:
        p = np.floor(p)
    value = np.where(decreased <= 0, init_value, init_value * np.power(decay_rate, p))
    if end_value is not None:
        value = (np.maximum if decay_rate < 1.0 else np.minimum)(value, end_value)
    return value


def optax_piecewise_constant_schedule(count, init_value, boundaries_and_scales=None):
    """``optax.piecewise_constant_schedule``: multiply by ``scale`` once ``count >= boundary``."""
    steps = _as_steps(count)
    value = np.full_like(steps, float(init_value))
    for threshold, scale in sorted((boundaries_and_scales or {}).items()):
        indicator = np.maximum(0.0, np.sign(threshold - steps))
        value = value * indicator + (1 - indicator) * scale * value
    return value


def optax_polynomial_schedule(count, init_value, end_value, power, transition_steps, transition_begin=0):
    """``optax.polynomial_schedule``: ``(init - end) (1 - clip(count - begin, 0, steps) / steps) ** power + end``."""
    if transition_steps <= 0:
        return np.full_like(_as_steps(count), float(init_value))
    steps = np.clip(_as_steps(count) - max(transition_begin, 0), 0, transition_steps)
    return (init_value - end_value) * (1 - steps / transition_steps) ** power + end_value


def optax_linear_schedule(count, init_value, end_value, transition_steps, transition_begin=0):
    """``optax.linear_schedule``: ``polynomial_schedule`` with ``power=1``."""
    return optax_polynomial_schedule(count, init_value, end_value, 1, transition_steps, transition_begin)


def optax_cosine_decay_schedule(count, init_value, decay_steps, alpha=0.0, exponent=1.0):
    """``optax.cosine_decay_schedule``: ``init_value ((1 - alpha) c(min(count, decay_steps)) ** exponent + alpha)``."""
    if not decay_steps > 0:
        raise ValueError(f"The cosine_decay_schedule requires positive decay_steps, got decay_steps={decay_steps}.")
    steps = np.minimum(_as_steps(count), decay_steps)
    return init_value * ((1 - alpha) * _half_cosine(steps / decay_steps) ** exponent + alpha)


def optax_join_schedules(count, schedules, boundaries):
    """``optax.join_schedules``: ``where(count < boundary, previous, schedule(count - boundary))``.

    optax evaluates every schedule at every count and masks; here each schedule is only
    evaluated where it is used, which gives the same values.
    """
    steps = _as_steps(count)
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
    steps = _as_steps(count)
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


# ============================================================================================
# Data: parameter rules, traps, rows
# ============================================================================================


@dataclass(frozen=True)
class ParameterRule:
    """How one of our parameters becomes theirs.

    ``ours`` and ``theirs`` are parameter names (``""`` when there is no counterpart on one
    side); ``rule`` says how the value converts, e.g. ``"alpha = lr_min / lr0"``.
    """

    ours: str
    theirs: str
    rule: str = "same value"


@dataclass(frozen=True)
class Trap:
    """A mistake users of a framework make, with a computed demonstration where one fits.

    ``demo()`` returns plain numbers (lists and floats in a dict) that show the trap: an
    optional ``"call"`` (the code demonstrated), an optional axis (``"steps"``, ``"update"``
    or ``"metrics"``) and named entries. ``labels`` gives each named entry the words a
    reader sees (``"keras_decay_steps_100_wrong"`` -> ``"Keras, decay_steps = T (wrong)"``).
    """

    key: str
    frameworks: tuple[str, ...]
    title: str
    text: str
    demo: Callable[[], dict[str, Any]] | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, name: str) -> str:
        """The reader's label for the demo entry ``name``.

        Raises
        ------
        ValueError
            If ``name`` has no label.
        """
        if name not in self.labels:
            raise ValueError(f"name must be a labelled entry of the {self.key} demo ({', '.join(self.labels)}); "
                             f"got name={name!r}.")
        return self.labels[name]


def _values(f, steps) -> list[float]:
    return [float(v) for v in np.asarray(f(np.asarray(steps, dtype=float)), dtype=float)]


def _demo_cosine_rises() -> dict[str, Any]:
    steps = [0, 50, 100, 150, 200]
    return {
        "call": "CosineAnnealingLR(optimizer(lr=0.1), T_max=100)",
        "steps": steps,
        "pytorch": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=100), steps),
        "course": _values(partial(_schedules.cosine_annealing, lr0=0.1, total_steps=100), steps),
    }


def _demo_hf_cosine_rises() -> dict[str, Any]:
    steps = [0, 10, 100, 150, 190]
    return {
        "call": "get_cosine_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps=10, num_training_steps=100)",
        "steps": steps,
        "huggingface": _values(partial(hf_cosine_schedule_with_warmup, lr=0.1, num_warmup_steps=10,
                                       num_training_steps=100), steps),
        "course": _values(partial(_schedules.warmup_cosine, lr0=0.1, total_steps=100, warmup_steps=10), steps),
    }


def _demo_epoch_vs_batch() -> dict[str, Any]:
    epochs, batches = 10, 50
    steps = [0, 50, 100, 150, 200, 499]
    return {
        "call": f"CosineAnnealingLR(optimizer(lr=0.1), T_max={epochs}) stepped after every batch "
                f"({batches} batches per epoch)",
        "steps": steps,
        "stepped_per_batch_with_T_max_in_epochs": _values(
            partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs), steps),
        "T_max_in_batches": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs * batches), steps),
        "stepped_per_epoch": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs),
                                     [s // batches for s in steps]),
    }


def _demo_first_step() -> dict[str, Any]:
    updates = [0, 1, 2, 3, 4, 5]
    course = partial(_schedules.step_decay, lr0=0.1, gamma=0.5, step_size=3)
    return {
        "call": "StepLR(optimizer(lr=0.1), step_size=3, gamma=0.5)",
        "update": updates,
        "optimizer_step_then_scheduler_step": _values(course, updates),
        "scheduler_step_first": _values(course, [u + 1 for u in updates]),
    }


def _demo_keras_boundary() -> dict[str, Any]:
    steps = [0, 1, 2, 3, 4]
    return {
        "call": "PiecewiseConstantDecay(boundaries=[3], values=[0.1, 0.01]) vs MultiStepLR(milestones=[3], gamma=0.1)",
        "steps": steps,
        "keras_boundary_3": _values(partial(keras_piecewise_constant_decay, boundaries=[3], values=[0.1, 0.01]),
                                    steps),
        "keras_boundary_2": _values(partial(keras_piecewise_constant_decay, boundaries=[2], values=[0.1, 0.01]),
                                    steps),
        "pytorch": _values(partial(torch_multistep_lr, lr=0.1, milestones=[3], gamma=0.1), steps),
    }


def _demo_warmup_in_horizon() -> dict[str, Any]:
    total, warmup = 100, 10
    steps = [0, 10, 55, 90, 100]
    return {
        "call": "T=100 steps in all, W=10 of them warm-up",
        "steps": steps,
        "course": _values(partial(_schedules.warmup_cosine, lr0=0.1, total_steps=total, warmup_steps=warmup), steps),
        "keras_decay_steps_90": _values(partial(keras_cosine_decay, initial_learning_rate=0.0, decay_steps=90,
                                                warmup_target=0.1, warmup_steps=10), steps),
        "keras_decay_steps_100_wrong": _values(partial(keras_cosine_decay, initial_learning_rate=0.0,
                                                       decay_steps=100, warmup_target=0.1, warmup_steps=10), steps),
        "optax_decay_steps_100": _values(partial(optax_warmup_cosine_decay_schedule, init_value=0.0,
                                                 peak_value=0.1, warmup_steps=10, decay_steps=100), steps),
        "optax_decay_steps_90_wrong": _values(partial(optax_warmup_cosine_decay_schedule, init_value=0.0,
                                                      peak_value=0.1, warmup_steps=10, decay_steps=90), steps),
        "pytorch_sequential_T_max_100_wrong": _values(
            partial(torch_sequential_lr,
                    schedulers=[partial(torch_linear_lr, lr=0.1, start_factor=1e-3, total_iters=10),
                                partial(torch_cosine_annealing_lr, lr=0.1, T_max=100)],
                    milestones=[10]), steps),
    }


def _demo_per_step_gamma() -> dict[str, Any]:
    return {
        "call": "ExponentialLR(optimizer(lr=0.1), gamma=0.9) stepped per batch for 1000 batches",
        "steps": [1000],
        "gamma_0.9_per_step": _values(partial(torch_exponential_lr, lr=0.1, gamma=0.9), [1000]),
        "gamma_0.9**(1/1000)_per_step": _values(partial(torch_exponential_lr, lr=0.1, gamma=0.9 ** (1 / 1000)),
                                                [1000]),
        "course_gamma_0.9_over_T_1000": _values(partial(_schedules.exponential_decay, lr0=0.1, gamma=0.9,
                                                        total_steps=1000), [1000]),
    }


def _demo_one_cycle_end() -> dict[str, Any]:
    formula = partial(torch_one_cycle_lr, max_lr=0.1, total_steps=100)
    try:
        formula(101)
        message = ""
    except ValueError as error:
        message = str(error)
    return {
        "call": "OneCycleLR(optimizer, max_lr=0.1, total_steps=100)",
        "steps": [99, 100],
        "pytorch": _values(formula, [99, 100]),
        "course": _values(partial(_schedules.one_cycle, lr_max=0.1, total_steps=100), [99, 100]),
        "error_at_101": message,
    }


def _demo_optax_onecycle_peak() -> dict[str, Any]:
    steps = np.arange(0, 101)
    pytorch = np.asarray(torch_one_cycle_lr(steps, max_lr=0.1, total_steps=100))
    optax = np.asarray(optax_cosine_onecycle_schedule(steps, transition_steps=100, peak_value=0.1))
    return {
        "call": "OneCycleLR(max_lr=0.1, total_steps=100) vs cosine_onecycle_schedule(transition_steps=100, peak_value=0.1)",
        "pytorch_peak_step": int(np.argmax(pytorch)),
        "optax_peak_step": int(np.argmax(optax)),
        "pytorch_final_step": 99,
        "optax_final_step": int(np.argmax(optax <= optax[-1])),
    }


def _demo_plateau_patience() -> dict[str, Any]:
    flat = [1.0] * 8
    return {
        "call": f"a flat loss for {len(flat)} epochs, factor=0.5: PyTorch patience=2 vs Keras patience=2 and 3",
        "metrics": flat,
        "pytorch_patience_2": _values(lambda m: torch_reduce_lr_on_plateau(list(m), lr=1.0, factor=0.5, patience=2),
                                      flat),
        "keras_patience_2": _values(lambda m: keras_reduce_lr_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                         patience=2, mode="min", min_delta=0.0),
                                    flat),
        "keras_patience_3": _values(lambda m: keras_reduce_lr_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                         patience=3, mode="min", min_delta=0.0),
                                    flat),
    }


def _demo_optax_plateau_zero_patience() -> dict[str, Any]:
    improving = [1.0, 0.9, 0.8, 0.7, 0.6]
    return {
        "call": "a loss that improves at every update, factor=0.5, patience=0",
        "metrics": improving,
        "optax_patience_0": _values(lambda m: optax_reduce_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                      patience=0), improving),
        "pytorch_patience_0": _values(lambda m: torch_reduce_lr_on_plateau(list(m), lr=1.0, factor=0.5, patience=0),
                                      improving),
    }


def _demo_hf_lr_rate_shift() -> dict[str, Any]:
    steps = [0, 1, 9, 10, 99, 100]
    common = {"lr": 0.1, "num_warmup_steps": 10, "num_training_steps": 100, "min_lr": 0.0}
    return {
        "call": "both with " + ", ".join(f"{k}={v}" for k, v in common.items()),
        "steps": steps,
        "get_cosine_with_min_lr_schedule_with_warmup": _values(
            partial(hf_cosine_with_min_lr_schedule_with_warmup, **common), steps),
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate": _values(
            partial(hf_cosine_with_min_lr_schedule_with_warmup_lr_rate, **common), steps),
    }


def _demo_float32() -> dict[str, Any]:
    lr64 = float(keras_exponential_decay(3000, 0.1, 1000, 0.9))
    lr32 = float(np.float32(0.1) * np.float32(0.9) ** (np.float32(3000) / np.float32(1000)))
    return {"call": "ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.9)(3000)", "float64": lr64,
            "float32": lr32, "relative_difference": abs(lr32 - lr64) / lr64}


def _default(function: Callable, name: str) -> Any:
    import inspect

    return inspect.signature(function).parameters[name].default


def _demo_polynomial_defaults() -> dict[str, Any]:
    return {
        "call": "lr 0.1 decayed over 1000 steps, end value left at its default",
        "keras_PolynomialDecay_default_end_learning_rate": _default(keras_polynomial_decay, "end_learning_rate"),
        "hf_polynomial_default_lr_end": _default(hf_polynomial_decay_schedule_with_warmup, "lr_end"),
        "keras_at_decay_steps": float(keras_polynomial_decay(1000, 0.1, 1000)),
        "hf_at_num_training_steps": float(hf_polynomial_decay_schedule_with_warmup(1000, 0.1, 0, 1000)),
        "course_at_total_steps": _schedules.polynomial_decay(1000, lr0=0.1, total_steps=1000),
    }


def _demo_t_mult_integer() -> dict[str, Any]:
    ours = {"lr0": 0.1, "period": 10, "period_mult": 1.5}
    steps = [0, 9, 10, 24, 25, 47]
    try:
        translation("cosine_restarts", "pytorch").translate(ours)
        message = ""
    except ValueError as error:
        message = str(error)
    keras = translation("cosine_restarts", "keras")
    return {
        "call": "cosine_restarts(t, " + ", ".join(f"{k}={v}" for k, v in ours.items()) + ") in PyTorch and Keras",
        "steps": steps,
        "course": _values(partial(_schedules.cosine_restarts, **ours), steps),
        "keras": _values(lambda t: keras.evaluate(t, ours), steps),
        "pytorch_error": message,
    }


_TRAP_LIST = [
    Trap("cosine_rises_past_t_max", ("pytorch",), "Cosine past T_max rises again",
         "CosineAnnealingLR has no clamp: after T_max steps the cosine carries on and the rate climbs back "
         "to lr at 2*T_max. Stop training at T_max, or use a schedule that holds its final value "
         "(Keras CosineDecay, optax cosine_decay_schedule, this course).", _demo_cosine_rises,
         labels={"pytorch": "PyTorch CosineAnnealingLR", "course": "this course"}),
    Trap("hf_cosine_rises_past_end", ("huggingface",), "Cosine past num_training_steps rises again",
         "get_cosine_schedule_with_warmup and get_cosine_with_min_lr_schedule_with_warmup do not clamp "
         "progress at 1: if the Trainer runs longer than num_training_steps the rate goes back up.",
         _demo_hf_cosine_rises,
         labels={"huggingface": "Hugging Face", "course": "this course"}),
    Trap("epoch_vs_batch", ("pytorch", "huggingface"), "step() per batch with T counted in epochs",
         "PyTorch schedules count calls of scheduler.step(), not epochs. Stepping per batch with "
         "T_max = number of epochs finishes the cosine after T_max batches and then oscillates; stepping "
         "per epoch with a T counted in batches barely moves the rate. Count T in the unit you step in "
         "(epochs x batches per epoch for per-batch stepping). Keras and optax always count batches.",
         _demo_epoch_vs_batch,
         labels={"stepped_per_batch_with_T_max_in_epochs": "step() per batch, T_max in epochs (wrong)",
                 "T_max_in_batches": "step() per batch, T_max in batches",
                 "stepped_per_epoch": "step() per epoch, T_max in epochs"}),
    Trap("first_step_off_by_one", ("pytorch", "huggingface"), "scheduler.step() before optimizer.step()",
         "Since PyTorch 1.1 the order is optimizer.step() then scheduler.step(). The other order skips "
         "the first value: update k uses the rate meant for k + 1 (a warm-up's 0 or a one-cycle's "
         "starting rate is never used, drops come one step early). PyTorch warns: 'Detected call of "
         "lr_scheduler.step() before optimizer.step()'.", _demo_first_step,
         labels={"optimizer_step_then_scheduler_step": "optimizer.step(), then scheduler.step()",
                 "scheduler_step_first": "scheduler.step() first (wrong)"}),
    Trap("keras_boundary_off_by_one", ("keras",), "PiecewiseConstantDecay drops one step late",
         "Keras uses values[i] while step <= boundaries[i], so the new value starts at boundary + 1; "
         "MultiStepLR and optax's piecewise_constant_schedule switch at the milestone itself. "
         "To match MultiStepLR(milestones=[m]) use boundaries=[m - 1].", _demo_keras_boundary,
         labels={"keras_boundary_3": "Keras, boundary = milestone (one step late)",
                 "keras_boundary_2": "Keras, boundary = milestone - 1", "pytorch": "PyTorch MultiStepLR"}),
    Trap("warmup_inside_or_outside_horizon", ("keras", "optax", "pytorch", "huggingface"),
         "Is the warm-up inside the horizon?",
         "optax warmup_cosine_decay_schedule(decay_steps=T) and Hugging Face num_training_steps=T count "
         "the warm-up; Keras CosineDecay(decay_steps=T - W, warmup_steps=W) and SequentialLR's "
         "CosineAnnealingLR(T_max=T - W) do not. Mixing them up leaves a rate well above zero at the end "
         "(or reaches zero early).", _demo_warmup_in_horizon,
         labels={"course": "this course", "keras_decay_steps_90": "Keras, decay_steps = T - W",
                 "keras_decay_steps_100_wrong": "Keras, decay_steps = T (wrong)",
                 "optax_decay_steps_100": "optax, decay_steps = T",
                 "optax_decay_steps_90_wrong": "optax, decay_steps = T - W (wrong)",
                 "pytorch_sequential_T_max_100_wrong": "PyTorch SequentialLR, T_max = T (wrong)"}),
    Trap("gamma_per_step", ("pytorch",), "ExponentialLR's gamma is per step",
         "The course's (and Keras's) gamma is the factor over T steps; ExponentialLR multiplies by gamma at "
         "every step() call. Translate with gamma ** (1 / T), or the rate vanishes.", _demo_per_step_gamma,
         labels={"gamma_0.9_per_step": "ExponentialLR, gamma copied as is (wrong)",
                 "gamma_0.9**(1/1000)_per_step": "ExponentialLR, gamma ** (1 / T)",
                 "course_gamma_0.9_over_T_1000": "this course, gamma over T"}),
    Trap("one_cycle_past_end", ("pytorch",), "OneCycleLR raises past total_steps",
         "OneCycleLR counts every step(); one call more than total_steps raises ValueError, and at exactly "
         "total_steps the cosine has already turned up a little. Set total_steps = epochs * batches per "
         "epoch (or pass epochs= and steps_per_epoch=) and step per batch.", _demo_one_cycle_end,
         labels={"pytorch": "PyTorch OneCycleLR", "course": "this course",
                 "error_at_101": "one step() more than total_steps"}),
    Trap("optax_onecycle_one_step_later", ("optax",), "optax's one-cycle peaks one step later",
         "optax's cosine_onecycle_schedule peaks at int(pct_start * transition_steps) and ends at "
         "transition_steps; PyTorch's OneCycleLR peaks at pct_start * total_steps - 1 and ends at "
         "total_steps - 1. To match, use transition_steps = total_steps - 1 and "
         "pct_start = (pct_start * total_steps - 1) / (total_steps - 1).", _demo_optax_onecycle_peak,
         labels={"pytorch_peak_step": "PyTorch peaks at step", "optax_peak_step": "optax peaks at step",
                 "pytorch_final_step": "PyTorch reaches its final rate at step",
                 "optax_final_step": "optax reaches its final rate at step"}),
    Trap("t_mult_integer", ("pytorch",), "CosineAnnealingWarmRestarts needs a whole T_mult",
         "PyTorch accepts T_mult = 1, 2, 3, ... only; Keras CosineDecayRestarts (t_mul) and optax "
         "sgdr_schedule (explicit cycle lengths) take any growth factor. Keras's default t_mul is 2.0, "
         "not 1.", _demo_t_mult_integer,
         labels={"course": "this course", "keras": "Keras CosineDecayRestarts, t_mul = period_mult",
                 "pytorch_error": "ValueError from the PyTorch translation"}),
    Trap("plateau_patience_off_by_one", ("keras", "optax"), "Plateau patience counts differently",
         "PyTorch reduces when the number of bad epochs exceeds patience; the Keras callback when it "
         "reaches patience (so Keras patience=p+1 is PyTorch patience=p), and Keras's cooldown is one "
         "epoch shorter (Keras cooldown=c+1 is PyTorch cooldown=c). Keras's min_delta is absolute only. "
         "optax.contrib.reduce_on_plateau also reduces when the count reaches patience.",
         _demo_plateau_patience,
         labels={"pytorch_patience_2": "PyTorch, patience = p", "keras_patience_2": "Keras, patience = p (one epoch early)",
                 "keras_patience_3": "Keras, patience = p + 1 (same as PyTorch)"}),
    Trap("optax_plateau_patience_zero", ("optax",), "optax reduce_on_plateau with patience=0",
         "optax compares the plateau count with == patience, and the count is 0 after every improvement: "
         "with patience=0 it cuts the rate on every improvement. optax's version only minimises, scales "
         "the updates (not the learning rate) and combines rtol and atol.", _demo_optax_plateau_zero_patience,
         labels={"optax_patience_0": "optax, patience=0", "pytorch_patience_0": "PyTorch, patience=0"}),
    Trap("hf_lr_rate_variant_shifted", ("huggingface",), "The _lr_rate cosine variant is shifted by one step",
         "get_cosine_with_min_lr_schedule_with_warmup_lr_rate (warmup_lr_rate=None) evaluates its formulas "
         "at step + 1: the first rate is lr / W instead of 0 and the cosine ends one step early.",
         _demo_hf_lr_rate_shift,
         labels={"get_cosine_with_min_lr_schedule_with_warmup": "get_cosine_with_min_lr_schedule_with_warmup",
                 "get_cosine_with_min_lr_schedule_with_warmup_lr_rate": "..._with_warmup_lr_rate (one step ahead)"}),
    Trap("keras_float32", ("keras",), "Keras computes in float32",
         "With the default floatx='float32' Keras schedules carry about 7 significant digits; comparisons "
         "with float64 code need a relative tolerance near 1e-7 (or keras.config.set_floatx('float64')).",
         _demo_float32,
         labels={"float64": "float64 (as this course)", "float32": "float32 (Keras's default floatx)",
                 "relative_difference": "relative difference"}),
    Trap("polynomial_defaults", ("keras", "huggingface"), "Polynomial decay does not end at 0 by default",
         "Keras PolynomialDecay has end_learning_rate=1e-4 and Hugging Face's polynomial schedule "
         "lr_end=1e-7 by default (and needs lr_end < lr); PyTorch's PolynomialLR always ends at 0. "
         "Pass the end value explicitly.", _demo_polynomial_defaults,
         labels={"keras_PolynomialDecay_default_end_learning_rate": "Keras PolynomialDecay default end_learning_rate",
                 "hf_polynomial_default_lr_end": "Hugging Face default lr_end",
                 "keras_at_decay_steps": "Keras rate at t = decay_steps",
                 "hf_at_num_training_steps": "Hugging Face rate at t = num_training_steps",
                 "course_at_total_steps": "this course at t = T"}),
]

#: Every trap, by key.
TRAPS: dict[str, Trap] = {trap.key: trap for trap in _TRAP_LIST}


@dataclass(frozen=True)
class Translation:
    """One row of the table: a course schedule in one framework.

    Attributes
    ----------
    schedule : str
        Our function (a name in :data:`COURSE_SCHEDULES`).
    framework : str
        A key of :data:`FRAMEWORKS`.
    name : str or None
        The framework's class or function, fully qualified; ``None`` when there is no
        built-in equivalent (then ``notes`` says what to use instead).
    call_template : str
        Code with ``{placeholders}`` for the translated parameters; see :meth:`call`.
    parameters : tuple of ParameterRule
        How each of our parameters maps to theirs.
    translate_rule : callable or None
        ``(our_kwargs, total_steps) -> their_kwargs``; raises :class:`ValueError` when
        the framework cannot express those parameters exactly.
    framework_formula : callable or None
        The framework's rate in its own parameter names: ``formula(t, **their_kwargs)``
        (for plateau rows ``formula(metrics, **their_kwargs)``).
    agrees_until : callable or None
        ``their_kwargs -> last step`` at which the framework equals our schedule
        (``math.inf`` for every step).
    agreement : str
        The same in words.
    notes : str
        Anything else a user needs: conversions, alternatives.
    traps : tuple of str
        Keys of :data:`TRAPS`.
    """

    schedule: str
    framework: str
    name: str | None
    call_template: str = ""
    parameters: tuple[ParameterRule, ...] = ()
    translate_rule: Callable[..., dict[str, Any]] | None = None
    framework_formula: Callable[..., Any] | None = None
    agrees_until: Callable[[dict[str, Any]], float] | None = None
    agreement: str = ""
    notes: str = ""
    traps: tuple[str, ...] = ()
    example: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stepping(self) -> str:
        """What ``t`` counts in this framework."""
        if self.schedule == "plateau_schedule":
            return "once per evaluation (usually per epoch), with the monitored metric"
        return STEPPING[self.framework]

    def translate(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> dict[str, Any]:
        """Our keyword arguments -> the framework's.

        Parameters
        ----------
        our_kwargs : mapping
            Keyword arguments of our function (``lr0``, ``total_steps``, ...).
        total_steps : int, optional
            The length of training, needed only where the framework needs a horizon
            that our schedule does not have (Hugging Face hard restarts, optax SGDR).

        Raises
        ------
        ValueError
            If the framework has no equivalent, or cannot express these values exactly.
        """
        if self.translate_rule is None:
            raise ValueError(
                f"{FRAMEWORKS[self.framework]} has no built-in equivalent of {self.schedule}: {self.notes}"
            )
        return self.translate_rule(dict(our_kwargs), total_steps)

    def call(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> str:
        """The framework code for ``our_kwargs``, e.g. ``'StepLR(optimizer, step_size=30, gamma=0.1)'``."""
        theirs = self.translate(our_kwargs, total_steps)
        return self.call_template.format(**{k: _show(v) for k, v in theirs.items()})

    def evaluate(self, t_or_metrics: Any, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> Any:
        """The framework's formula with our parameters translated: comparable to :func:`course_function`."""
        if self.framework_formula is None:
            raise ValueError(f"no formula: {FRAMEWORKS[self.framework]} has no equivalent of {self.schedule}")
        return self.framework_formula(t_or_metrics, **self.translate(our_kwargs, total_steps))

    def last_agreeing_step(self, our_kwargs: Mapping[str, Any], total_steps: int | None = None) -> float:
        """The last step at which the framework equals our schedule (``inf``: all steps)."""
        if self.agrees_until is None:
            return math.inf
        return self.agrees_until(self.translate(our_kwargs, total_steps))


def _show(value: Any) -> str:
    if isinstance(value, float):
        short = float(f"{value:.12g}")
        # Short where that loses nothing but float noise (0.1 * 0.1 -> 0.01), exact otherwise.
        return repr(short) if abs(short - value) <= 1e-15 * abs(value) else repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_show(k)}: {_show(v)}" for k, v in value.items()) + "}"
    if callable(value):
        return _describe_callable(value)
    return repr(value)


def _describe_callable(value: Any) -> str:
    if isinstance(value, partial):
        name = value.func.__name__
        arguments = ", ".join(f"{k}={_show(v)}" for k, v in value.keywords.items() if k != "lr")
        for prefix, framework_name in _FORMULA_NAMES.items():
            if name == prefix:
                name = framework_name
        return f"{name}({arguments})"
    return getattr(value, "__name__", repr(value))


_FORMULA_NAMES = {
    "torch_linear_lr": "LinearLR",
    "optax_linear_schedule": "optax.linear_schedule",
    "linear_warmup": "linear_warmup",
}

# --- helpers for the translate rules ---------------------------------------------------------


def _with_defaults(function: Callable, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Fill in our function's defaults so that every translated value is explicit."""
    import inspect

    signature = inspect.signature(function)
    full = {name: p.default for name, p in signature.parameters.items()
            if p.default is not inspect.Parameter.empty and p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD}
    full.update(kwargs)
    return full


def _no_equivalent(schedule: str, framework: str, notes: str, traps: tuple[str, ...] = ()) -> Translation:
    return Translation(schedule, framework, None, notes=notes, traps=traps, agreement="no built-in equivalent")


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _forever(_: dict[str, Any]) -> float:
    return math.inf


def _check(function: Callable, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Validate our parameters with our own function (clear errors), return them with defaults."""
    full = _with_defaults(function, kwargs)
    function(0, **full)
    return full


# --- step_decay ------------------------------------------------------------------------------

def _step_torch(k, _):
    k = _check(_schedules.step_decay, k)
    return {"lr": k["lr0"], "step_size": k["step_size"], "gamma": k["gamma"]}


def _step_keras(k, _):
    k = _check(_schedules.step_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["step_size"], "decay_rate": k["gamma"],
            "staircase": True}


def _step_optax(k, _):
    k = _check(_schedules.step_decay, k)
    return {"init_value": k["lr0"], "transition_steps": k["step_size"], "decay_rate": k["gamma"], "staircase": True}


# --- multistep_decay -------------------------------------------------------------------------

def _multistep_torch(k, _):
    k = _check(_schedules.multistep_decay, k)
    return {"lr": k["lr0"], "milestones": [_whole(m) for m in k["milestones"]], "gamma": k["gamma"]}


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _grouped_milestones(milestones) -> list[tuple[int, int]]:
    """Distinct first whole steps at which drops happen, with how many drops happen there."""
    steps = [math.ceil(m) for m in milestones]
    return [(s, steps.count(s)) for s in sorted(set(steps))]


def _multistep_keras(k, _):
    k = _check(_schedules.multistep_decay, k)
    groups = _grouped_milestones(k["milestones"])
    _require(bool(groups), "Keras's PiecewiseConstantDecay needs at least one boundary; with no milestones "
                           "the rate is the constant lr0.")
    values, drops = [k["lr0"]], 0
    for _, count in groups:
        drops += count
        values.append(k["lr0"] * k["gamma"] ** drops)
    return {"boundaries": [s - 1 for s, _ in groups], "values": values}


def _multistep_optax(k, _):
    k = _check(_schedules.multistep_decay, k)
    return {"init_value": k["lr0"],
            "boundaries_and_scales": {s: k["gamma"] ** count for s, count in _grouped_milestones(k["milestones"])}}


# --- exponential_decay -----------------------------------------------------------------------

def _exponential_torch(k, _):
    k = _check(_schedules.exponential_decay, k)
    _require(not k["staircase"], "staircase=True is StepLR(step_size=total_steps, gamma=gamma) in PyTorch, "
                                 "not ExponentialLR.")
    return {"lr": k["lr0"], "gamma": k["gamma"] ** (1.0 / k["total_steps"])}


def _exponential_keras(k, _):
    k = _check(_schedules.exponential_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "decay_rate": k["gamma"],
            "staircase": k["staircase"]}


def _exponential_optax(k, _):
    k = _check(_schedules.exponential_decay, k)
    return {"init_value": k["lr0"], "transition_steps": k["total_steps"], "decay_rate": k["gamma"],
            "staircase": k["staircase"]}


# --- polynomial_decay ------------------------------------------------------------------------

def _polynomial_torch(k, _):
    k = _check(_schedules.polynomial_decay, k)
    _require(k["lr_end"] == 0, f"PyTorch's PolynomialLR always decays to 0; got lr_end={k['lr_end']!r} "
                               "(use LambdaLR, or Hugging Face's get_polynomial_decay_schedule_with_warmup).")
    return {"lr": k["lr0"], "total_iters": k["total_steps"], "power": k["power"]}


def _polynomial_keras(k, _):
    k = _check(_schedules.polynomial_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "end_learning_rate": k["lr_end"],
            "power": k["power"], "cycle": False}


def _polynomial_hf(k, _):
    k = _check(_schedules.polynomial_decay, k)
    _require(k["lr_end"] < k["lr0"], f"Hugging Face needs lr_end < lr; got lr_end={k['lr_end']!r} and "
                                     f"lr0={k['lr0']!r}.")
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": k["total_steps"], "lr_end": k["lr_end"],
            "power": k["power"]}


def _polynomial_optax(k, _):
    k = _check(_schedules.polynomial_decay, k)
    return {"init_value": k["lr0"], "end_value": k["lr_end"], "power": k["power"],
            "transition_steps": k["total_steps"]}


# --- cosine_annealing ------------------------------------------------------------------------

def _cosine_torch(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"lr": k["lr0"], "T_max": k["total_steps"], "eta_min": k["lr_min"]}


def _cosine_keras(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["total_steps"], "alpha": k["lr_min"] / k["lr0"]}


def _cosine_hf(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": k["total_steps"], "min_lr": k["lr_min"]}


def _cosine_optax(k, _):
    k = _check(_schedules.cosine_annealing, k)
    return {"init_value": k["lr0"], "decay_steps": k["total_steps"], "alpha": k["lr_min"] / k["lr0"]}


# --- cosine_restarts -------------------------------------------------------------------------

def _restarts_torch(k, _):
    k = _check(_schedules.cosine_restarts, k)
    _require(float(k["period_mult"]).is_integer(),
             f"PyTorch's CosineAnnealingWarmRestarts needs a whole T_mult; got period_mult={k['period_mult']!r} "
             "(Keras's CosineDecayRestarts takes t_mul=1.5).")
    return {"lr": k["lr0"], "T_0": k["period"], "T_mult": int(k["period_mult"]), "eta_min": k["lr_min"]}


def _restarts_keras(k, _):
    k = _check(_schedules.cosine_restarts, k)
    return {"initial_learning_rate": k["lr0"], "first_decay_steps": k["period"], "t_mul": float(k["period_mult"]),
            "m_mul": 1.0, "alpha": k["lr_min"] / k["lr0"]}


def _restarts_hf(k, total_steps):
    k = _check(_schedules.cosine_restarts, k)
    _require(k["period_mult"] == 1 and k["lr_min"] == 0,
             "Hugging Face's hard restarts are equal cycles down to 0: it needs period_mult=1 and lr_min=0; "
             f"got period_mult={k['period_mult']!r}, lr_min={k['lr_min']!r}.")
    _require(total_steps is not None, "Hugging Face needs num_training_steps: pass total_steps=, the length of "
                                      "training.")
    cycles = max(1, math.ceil(total_steps / k["period"]))
    return {"lr": k["lr0"], "num_warmup_steps": 0, "num_training_steps": cycles * k["period"],
            "num_cycles": cycles}


def _restarts_optax(k, total_steps):
    k = _check(_schedules.cosine_restarts, k)
    _require(total_steps is not None, "optax's sgdr_schedule takes an explicit list of cycles: pass total_steps=, "
                                      "the length of training, to choose how many.")
    cycles, covered = [], 0.0
    while covered < total_steps or not cycles:
        length = k["period"] * float(k["period_mult"]) ** len(cycles)
        length = _whole(length)
        cycles.append({"init_value": k["lr0"], "peak_value": k["lr0"], "warmup_steps": 0, "decay_steps": length,
                       "end_value": k["lr_min"]})
        covered += length
    return {"cosine_kwargs": cycles}


# --- one_cycle -------------------------------------------------------------------------------

def _one_cycle_torch(k, _):
    k = _check(_schedules.one_cycle, k)
    return {"max_lr": k["lr_max"], "total_steps": k["total_steps"], "pct_start": k["pct_start"],
            "anneal_strategy": "cos", "div_factor": k["div_factor"], "final_div_factor": k["final_div_factor"],
            "three_phase": False}


def _one_cycle_optax(k, _):
    k = _check(_schedules.one_cycle, k)
    total = k["total_steps"]
    peak = k["pct_start"] * total - 1
    _require(abs(peak - round(peak)) < 1e-9,
             f"optax peaks at a whole step, int(pct_start * transition_steps); PyTorch's peak "
             f"pct_start * total_steps - 1 = {peak:g} is not whole.")
    peak = round(peak)
    transition = total - 1
    pct = peak / transition
    # Make sure optax's int(pct * transition) lands exactly on the peak step.
    while int(pct * transition) < peak:
        pct = float(np.nextafter(pct, 1.0))
    return {"transition_steps": transition, "peak_value": k["lr_max"], "pct_start": pct,
            "div_factor": k["div_factor"], "final_div_factor": k["final_div_factor"]}


# --- inverse_time_decay ----------------------------------------------------------------------

def _inverse_keras(k, _):
    k = _check(_schedules.inverse_time_decay, k)
    return {"initial_learning_rate": k["lr0"], "decay_steps": k["decay_steps"], "decay_rate": k["decay_rate"],
            "staircase": k["staircase"]}


# --- warmup_cosine ---------------------------------------------------------------------------

def _warmup_cosine_keras(k, _):
    k = _check(_schedules.warmup_cosine, k)
    _require(k["total_steps"] > k["warmup_steps"],
             "Keras's CosineDecay needs decay_steps = total_steps - warmup_steps > 0.")
    return {"initial_learning_rate": 0.0, "decay_steps": k["total_steps"] - k["warmup_steps"], "alpha": 0.0,
            "warmup_target": k["lr0"], "warmup_steps": k["warmup_steps"]}


def _warmup_cosine_hf(k, _):
    k = _check(_schedules.warmup_cosine, k)
    return {"lr": k["lr0"], "num_warmup_steps": k["warmup_steps"], "num_training_steps": k["total_steps"]}


def _warmup_cosine_optax(k, _):
    k = _check(_schedules.warmup_cosine, k)
    _require(k["total_steps"] > k["warmup_steps"],
             "optax's cosine part needs decay_steps - warmup_steps > 0, i.e. total_steps > warmup_steps.")
    return {"init_value": 0.0, "peak_value": k["lr0"], "warmup_steps": k["warmup_steps"],
            "decay_steps": k["total_steps"], "end_value": 0.0}


# --- plateau ---------------------------------------------------------------------------------

_PLATEAU_DEFAULTS = {"mode": "min", "factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": "rel",
                     "cooldown": 0, "min_lr": 0.0, "eps": 1e-8}


def _plateau_kwargs(k: dict[str, Any]) -> dict[str, Any]:
    full = {**_PLATEAU_DEFAULTS, **k}
    plateau_schedule([], **full)  # validates, with our error messages
    return full


def _plateau_torch(k, _):
    k = _plateau_kwargs(k)
    return {"lr": k.pop("lr0"), **k}


def _plateau_keras(k, _):
    k = _plateau_kwargs(k)
    _require(k["threshold_mode"] == "abs" or k["threshold"] == 0,
             "Keras's min_delta is an absolute threshold: use threshold_mode='abs' (PyTorch's default is a "
             f"relative threshold); got threshold_mode={k['threshold_mode']!r}, threshold={k['threshold']!r}.")
    return {"learning_rate": k["lr0"], "monitor": "val_loss", "factor": k["factor"], "patience": k["patience"] + 1,
            "mode": k["mode"], "min_delta": k["threshold"], "cooldown": k["cooldown"] + 1 if k["cooldown"] else 0,
            "min_lr": k["min_lr"]}


def _plateau_optax(k, _):
    k = _plateau_kwargs(k)
    _require(k["mode"] == "min", "optax.contrib.reduce_on_plateau only minimises: pass value=-metric "
                                 "(with threshold_mode='abs') to maximise.")
    _require(k["threshold"] > 0, "optax needs rtol > 0 or atol > 0; got threshold=0.")
    relative = k["threshold_mode"] == "rel"
    return {"learning_rate": k["lr0"], "factor": k["factor"], "patience": k["patience"] + 1,
            "rtol": k["threshold"] if relative else 0.0, "atol": 0.0 if relative else k["threshold"],
            "cooldown": k["cooldown"], "accumulation_size": 1, "min_scale": k["min_lr"] / k["lr0"]}


# --- with_warmup and join_schedules ------------------------------------------------------------

def _warmup_parts(k: dict[str, Any]) -> dict[str, Any]:
    full = {"lr0": None, "start_factor": 0.0, **k}
    with_warmup(**full)  # validates
    if full["lr0"] is None:
        full["lr0"] = float(full["schedule"](0))
    return full


def _with_warmup_torch(k, _):
    k = _warmup_parts(k)
    _require(k["start_factor"] > 0, "PyTorch's LinearLR needs start_factor > 0; got start_factor=0.0 (use a "
                                    "tiny start_factor such as 1e-8, or a LambdaLR).")
    _require(math.isclose(k["lr0"], float(k["schedule"](0)), rel_tol=1e-12),
             "In PyTorch both the warm-up and the schedule after it start from the optimizer's lr: lr0 must "
             "equal schedule(0).")
    if k["warmup_steps"] == 0:
        return {"lr": k["lr0"], "schedulers": [k["schedule"]], "milestones": []}
    linear = partial(torch_linear_lr, lr=k["lr0"], start_factor=k["start_factor"], end_factor=1.0,
                     total_iters=k["warmup_steps"])
    return {"lr": k["lr0"], "schedulers": [linear, k["schedule"]], "milestones": [k["warmup_steps"]]}


def _with_warmup_optax(k, _):
    k = _warmup_parts(k)
    if k["warmup_steps"] == 0:
        return {"schedules": [k["schedule"]], "boundaries": []}
    linear = partial(optax_linear_schedule, init_value=k["start_factor"] * k["lr0"], end_value=k["lr0"],
                     transition_steps=k["warmup_steps"])
    return {"schedules": [linear, k["schedule"]], "boundaries": [k["warmup_steps"]]}


def _join_torch(k, _):
    joined = join_schedules(**k)
    return {"schedulers": list(joined.schedules), "milestones": list(joined.boundaries)}


def _join_optax(k, _):
    joined = join_schedules(**k)
    return {"schedules": list(joined.schedules), "boundaries": list(joined.boundaries)}


def _drop_lr(formula: Callable) -> Callable:
    """SequentialLR's formula takes the optimizer's lr only to show it in the call; the parts carry it."""
    def wrapped(t, lr=None, **kwargs):
        return formula(t, **kwargs)
    wrapped.__name__ = formula.__name__
    wrapped.__doc__ = formula.__doc__
    return wrapped


def _until(key: str, offset: float = 0.0) -> Callable[[dict[str, Any]], float]:
    return lambda theirs: theirs[key] + offset


# ============================================================================================
# The rows
# ============================================================================================

P, K, H, O = "pytorch", "keras", "huggingface", "optax"
R = ParameterRule

#: The worked example of each schedule row: our parameters, fed to every framework's translation.
EXAMPLES: dict[str, dict[str, Any]] = {
    "step_decay": {"lr0": 0.1, "gamma": 0.5, "step_size": 30},
    "multistep_decay": {"lr0": 0.1, "milestones": [30, 80], "gamma": 0.1},
    "exponential_decay": {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
    "polynomial_decay": {"lr0": 0.1, "total_steps": 1000, "power": 2.0, "lr_end": 0.0},
    "cosine_annealing": {"lr0": 0.1, "total_steps": 1000, "lr_min": 0.001},
    "cosine_restarts": {"lr0": 0.1, "period": 100, "period_mult": 2, "lr_min": 0.0},
    "one_cycle": {"lr_max": 0.1, "total_steps": 1000, "pct_start": 0.3},
    "inverse_time_decay": {"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 100},
    "warmup_cosine": {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100},
    "plateau_schedule": {"lr0": 0.1, "factor": 0.5, "patience": 5, "threshold": 0.01, "threshold_mode": "abs"},
}

#: Length of training for examples whose translation needs one (``Translation.translate``'s ``total_steps``).
EXAMPLE_TOTAL_STEPS = {"cosine_restarts": 700}

TRANSLATIONS: tuple[Translation, ...] = (
    # ---------------------------------------------------------------- step_decay
    Translation(
        "step_decay", P, "torch.optim.lr_scheduler.StepLR",
        "StepLR(SGD(params, lr={lr}), step_size={step_size}, gamma={gamma})",
        (R("lr0", "lr", "the optimizer's lr"), R("step_size", "step_size"), R("gamma", "gamma")),
        _step_torch, torch_step_lr, None, "every step",
        traps=("first_step_off_by_one", "epoch_vs_batch"),
    ),
    Translation(
        "step_decay", K, "keras.optimizers.schedules.ExponentialDecay",
        "ExponentialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("step_size", "decay_steps"), R("gamma", "decay_rate"),
         R("", "staircase", "staircase=True")),
        _step_keras, keras_exponential_decay, None, "every step",
        notes="Keras has no StepLR; exponential decay with staircase=True is the same formula.",
        traps=("keras_float32",),
    ),
    _no_equivalent("step_decay", H, "no step schedule; wrap the formula in torch's LambdaLR or use PyTorch's "
                                    "StepLR on the Trainer's optimizer."),
    Translation(
        "step_decay", O, "optax.exponential_decay",
        "optax.exponential_decay(init_value={init_value}, transition_steps={transition_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "init_value"), R("step_size", "transition_steps"), R("gamma", "decay_rate"),
         R("", "staircase", "staircase=True")),
        _step_optax, optax_exponential_decay, None, "every step",
        notes="optax.piecewise_constant_schedule with the drops spelled out works too.",
    ),
    # ---------------------------------------------------------------- multistep_decay
    Translation(
        "multistep_decay", P, "torch.optim.lr_scheduler.MultiStepLR",
        "MultiStepLR(SGD(params, lr={lr}), milestones={milestones}, gamma={gamma})",
        (R("lr0", "lr", "the optimizer's lr"), R("milestones", "milestones"), R("gamma", "gamma")),
        _multistep_torch, torch_multistep_lr, None, "every step",
        traps=("first_step_off_by_one", "epoch_vs_batch"),
    ),
    Translation(
        "multistep_decay", K, "keras.optimizers.schedules.PiecewiseConstantDecay",
        "PiecewiseConstantDecay(boundaries={boundaries}, values={values})",
        (R("milestones", "boundaries", "[m - 1 for each milestone m]: Keras switches one step after each boundary"),
         R("lr0, gamma", "values", "values = [lr0, lr0*gamma, lr0*gamma**2, ...]")),
        _multistep_keras, keras_piecewise_constant_decay, None, "every whole step",
        notes="Repeated milestones become one boundary with the drops multiplied.",
        traps=("keras_boundary_off_by_one",),
    ),
    _no_equivalent("multistep_decay", H, "no multi-step schedule; use PyTorch's MultiStepLR on the optimizer."),
    Translation(
        "multistep_decay", O, "optax.piecewise_constant_schedule",
        "optax.piecewise_constant_schedule(init_value={init_value}, boundaries_and_scales={boundaries_and_scales})",
        (R("lr0", "init_value"), R("milestones, gamma", "boundaries_and_scales", "{m: gamma for each milestone m}")),
        _multistep_optax, optax_piecewise_constant_schedule, None, "every step",
        notes="A dict cannot repeat a key: a milestone listed k times becomes {m: gamma**k}.",
    ),
    # ---------------------------------------------------------------- exponential_decay
    Translation(
        "exponential_decay", P, "torch.optim.lr_scheduler.ExponentialLR",
        "ExponentialLR(SGD(params, lr={lr}), gamma={gamma})",
        (R("lr0", "lr", "the optimizer's lr"), R("gamma, total_steps", "gamma", "gamma_torch = gamma ** (1 / T)"),
         R("staircase", "", "staircase=True is StepLR(step_size=T, gamma=gamma)")),
        _exponential_torch, torch_exponential_lr, None, "every step (up to rounding of gamma ** (1/T))",
        traps=("gamma_per_step", "epoch_vs_batch", "first_step_off_by_one"),
    ),
    Translation(
        "exponential_decay", K, "keras.optimizers.schedules.ExponentialDecay",
        "ExponentialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps", "the article's T is decay_steps"),
         R("gamma", "decay_rate"), R("staircase", "staircase")),
        _exponential_keras, keras_exponential_decay, None, "every step",
        traps=("keras_float32",),
    ),
    _no_equivalent("exponential_decay", H, "no exponential schedule; use PyTorch's ExponentialLR with "
                                           "gamma ** (1 / T) on the optimizer."),
    Translation(
        "exponential_decay", O, "optax.exponential_decay",
        "optax.exponential_decay(init_value={init_value}, transition_steps={transition_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "init_value"), R("total_steps", "transition_steps"), R("gamma", "decay_rate"),
         R("staircase", "staircase"), R("", "end_value", "an optional floor, none in the course")),
        _exponential_optax, optax_exponential_decay, None, "every step",
    ),
    # ---------------------------------------------------------------- polynomial_decay
    Translation(
        "polynomial_decay", P, "torch.optim.lr_scheduler.PolynomialLR",
        "PolynomialLR(SGD(params, lr={lr}), total_iters={total_iters}, power={power})",
        (R("lr0", "lr", "the optimizer's lr"), R("total_steps", "total_iters"), R("power", "power"),
         R("lr_end", "", "must be 0: PolynomialLR always ends at 0")),
        _polynomial_torch, torch_polynomial_lr, None, "every step (holds 0 after total_iters)",
        notes="PyTorch's default total_iters is 5: always pass it.",
        traps=("epoch_vs_batch", "first_step_off_by_one"),
    ),
    Translation(
        "polynomial_decay", K, "keras.optimizers.schedules.PolynomialDecay",
        "PolynomialDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "end_learning_rate={end_learning_rate}, power={power}, cycle={cycle})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps"), R("lr_end", "end_learning_rate"),
         R("power", "power")),
        _polynomial_keras, keras_polynomial_decay, None, "every step",
        traps=("polynomial_defaults", "keras_float32"),
    ),
    Translation(
        "polynomial_decay", H, "transformers.get_polynomial_decay_schedule_with_warmup",
        "get_polynomial_decay_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps}, lr_end={lr_end}, power={power})",
        (R("lr0", "lr", "the optimizer's lr"), R("total_steps", "num_training_steps"), R("lr_end", "lr_end"),
         R("power", "power"), R("", "num_warmup_steps", "0 (or a warm-up: see with_warmup)")),
        _polynomial_hf, hf_polynomial_decay_schedule_with_warmup, None, "every step",
        notes="power=1, lr_end=0 is get_linear_schedule_with_warmup.",
        traps=("polynomial_defaults",),
    ),
    Translation(
        "polynomial_decay", O, "optax.polynomial_schedule",
        "optax.polynomial_schedule(init_value={init_value}, end_value={end_value}, power={power}, "
        "transition_steps={transition_steps})",
        (R("lr0", "init_value"), R("lr_end", "end_value"), R("power", "power"), R("total_steps", "transition_steps")),
        _polynomial_optax, optax_polynomial_schedule, None, "every step",
        notes="power=1 is optax.linear_schedule.",
    ),
    # ---------------------------------------------------------------- cosine_annealing
    Translation(
        "cosine_annealing", P, "torch.optim.lr_scheduler.CosineAnnealingLR",
        "CosineAnnealingLR(SGD(params, lr={lr}), T_max={T_max}, eta_min={eta_min})",
        (R("lr0", "lr", "the optimizer's lr"), R("total_steps", "T_max", "T_max = T, in the unit you step in"),
         R("lr_min", "eta_min")),
        _cosine_torch, torch_cosine_annealing_lr, _until("T_max"), "t <= T_max; after that PyTorch rises again",
        traps=("cosine_rises_past_t_max", "epoch_vs_batch", "first_step_off_by_one"),
    ),
    Translation(
        "cosine_annealing", K, "keras.optimizers.schedules.CosineDecay",
        "CosineDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, alpha={alpha})",
        (R("lr0", "initial_learning_rate"), R("total_steps", "decay_steps", "the article's T is decay_steps"),
         R("lr_min", "alpha", "alpha = lr_min / lr0 (a fraction, not a rate)")),
        _cosine_keras, keras_cosine_decay, None, "every step",
        traps=("keras_float32",),
    ),
    Translation(
        "cosine_annealing", H, "transformers.get_cosine_with_min_lr_schedule_with_warmup",
        "get_cosine_with_min_lr_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps}, min_lr={min_lr})",
        (R("lr0", "lr", "the optimizer's lr"), R("total_steps", "num_training_steps"), R("lr_min", "min_lr"),
         R("", "num_warmup_steps", "0")),
        _cosine_hf, hf_cosine_with_min_lr_schedule_with_warmup, _until("num_training_steps"),
        "t <= num_training_steps; after that the rate rises again",
        notes="With lr_min = 0, get_cosine_schedule_with_warmup(num_warmup_steps=0) is the same.",
        traps=("hf_cosine_rises_past_end", "hf_lr_rate_variant_shifted"),
    ),
    Translation(
        "cosine_annealing", O, "optax.cosine_decay_schedule",
        "optax.cosine_decay_schedule(init_value={init_value}, decay_steps={decay_steps}, alpha={alpha})",
        (R("lr0", "init_value"), R("total_steps", "decay_steps"), R("lr_min", "alpha", "alpha = lr_min / lr0"),
         R("", "exponent", "1.0")),
        _cosine_optax, optax_cosine_decay_schedule, None, "every step",
    ),
    # ---------------------------------------------------------------- cosine_restarts
    Translation(
        "cosine_restarts", P, "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
        "CosineAnnealingWarmRestarts(SGD(params, lr={lr}), T_0={T_0}, T_mult={T_mult}, eta_min={eta_min})",
        (R("lr0", "lr", "the optimizer's lr"), R("period", "T_0"), R("period_mult", "T_mult", "whole numbers only"),
         R("lr_min", "eta_min")),
        _restarts_torch, torch_cosine_annealing_warm_restarts, None, "every step",
        traps=("t_mult_integer", "epoch_vs_batch"),
    ),
    Translation(
        "cosine_restarts", K, "keras.optimizers.schedules.CosineDecayRestarts",
        "CosineDecayRestarts(initial_learning_rate={initial_learning_rate}, first_decay_steps={first_decay_steps}, "
        "t_mul={t_mul}, m_mul={m_mul}, alpha={alpha})",
        (R("lr0", "initial_learning_rate"), R("period", "first_decay_steps"), R("period_mult", "t_mul"),
         R("", "m_mul", "1.0 (Keras can also shrink each restart's peak)"), R("lr_min", "alpha", "alpha = lr_min / lr0")),
        _restarts_keras, keras_cosine_decay_restarts, None, "every step",
        traps=("t_mult_integer", "keras_float32"),
    ),
    Translation(
        "cosine_restarts", H, "transformers.get_cosine_with_hard_restarts_schedule_with_warmup",
        "get_cosine_with_hard_restarts_schedule_with_warmup(AdamW(params, lr={lr}), "
        "num_warmup_steps={num_warmup_steps}, num_training_steps={num_training_steps}, num_cycles={num_cycles})",
        (R("lr0", "lr", "the optimizer's lr"), R("period", "num_training_steps, num_cycles",
                                                 "num_training_steps = num_cycles * period"),
         R("period_mult", "", "must be 1: equal cycles only"), R("lr_min", "", "must be 0")),
        _restarts_hf, hf_cosine_with_hard_restarts_schedule_with_warmup, _until("num_training_steps", -1),
        "t < num_training_steps; from there the rate is 0",
        notes="Needs the length of training: translate(..., total_steps=...).",
    ),
    Translation(
        "cosine_restarts", O, "optax.sgdr_schedule",
        "optax.sgdr_schedule(cosine_kwargs={cosine_kwargs})",
        (R("period, period_mult", "cosine_kwargs[i]['decay_steps']", "period * period_mult ** i"),
         R("lr0", "init_value, peak_value"), R("lr_min", "end_value"), R("", "warmup_steps", "0")),
        _restarts_optax, optax_sgdr_schedule,
        lambda theirs: sum(c["decay_steps"] for c in theirs["cosine_kwargs"]) - 1,
        "through the listed cycles; after the last one optax holds end_value",
        notes="One dict per cycle: translate(..., total_steps=...) lists enough cycles to cover training.",
    ),
    # ---------------------------------------------------------------- one_cycle
    Translation(
        "one_cycle", P, "torch.optim.lr_scheduler.OneCycleLR",
        "OneCycleLR(SGD(params), max_lr={max_lr}, total_steps={total_steps}, pct_start={pct_start}, "
        "anneal_strategy={anneal_strategy}, div_factor={div_factor}, final_div_factor={final_div_factor}, "
        "three_phase={three_phase})",
        (R("lr_max", "max_lr"), R("total_steps", "total_steps", "= epochs * steps_per_epoch, stepped per batch"),
         R("pct_start", "pct_start"), R("div_factor", "div_factor"), R("final_div_factor", "final_div_factor")),
        _one_cycle_torch, torch_one_cycle_lr, _until("total_steps", -1),
        "t <= total_steps - 1; PyTorch raises after total_steps",
        notes="OneCycleLR also cycles momentum by default (cycle_momentum=True).",
        traps=("one_cycle_past_end", "epoch_vs_batch", "first_step_off_by_one"),
    ),
    _no_equivalent("one_cycle", K, "no built-in one-cycle schedule; subclass "
                                   "keras.optimizers.schedules.LearningRateSchedule."),
    _no_equivalent("one_cycle", H, "no one-cycle schedule; use PyTorch's OneCycleLR on the optimizer."),
    Translation(
        "one_cycle", O, "optax.cosine_onecycle_schedule",
        "optax.cosine_onecycle_schedule(transition_steps={transition_steps}, peak_value={peak_value}, "
        "pct_start={pct_start}, div_factor={div_factor}, final_div_factor={final_div_factor})",
        (R("total_steps", "transition_steps", "transition_steps = T - 1"), R("lr_max", "peak_value"),
         R("pct_start", "pct_start", "(pct_start * T - 1) / (T - 1)"), R("div_factor", "div_factor"),
         R("final_div_factor", "final_div_factor")),
        _one_cycle_optax, optax_cosine_onecycle_schedule, None, "every step, when pct_start * T is whole",
        traps=("optax_onecycle_one_step_later",),
    ),
    # ---------------------------------------------------------------- inverse_time_decay
    _no_equivalent("inverse_time_decay", P, "no built-in; LambdaLR(optimizer, lambda t: 1 / (1 + decay_rate * t / "
                                            "decay_steps))."),
    Translation(
        "inverse_time_decay", K, "keras.optimizers.schedules.InverseTimeDecay",
        "InverseTimeDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, "
        "decay_rate={decay_rate}, staircase={staircase})",
        (R("lr0", "initial_learning_rate"), R("decay_steps", "decay_steps"), R("decay_rate", "decay_rate"),
         R("staircase", "staircase")),
        _inverse_keras, keras_inverse_time_decay, None, "every step",
        traps=("keras_float32",),
    ),
    _no_equivalent("inverse_time_decay", H, "no 1/t schedule (get_inverse_sqrt_schedule is 1/sqrt(t)); use "
                                            "torch's LambdaLR."),
    _no_equivalent("inverse_time_decay", O, "no built-in; any Python function of count is an optax schedule: "
                                            "lambda count: lr0 / (1 + decay_rate * count / decay_steps)."),
    # ---------------------------------------------------------------- warmup_cosine
    _no_equivalent("warmup_cosine", P, "LinearLR cannot start at 0 (start_factor > 0): "
                                       "SequentialLR([LinearLR(start_factor=1e-8, total_iters=W), "
                                       "CosineAnnealingLR(T_max=T - W)], milestones=[W]) comes within 1e-8, or use "
                                       "Hugging Face's get_cosine_schedule_with_warmup (a LambdaLR).",
                   ("warmup_inside_or_outside_horizon",)),
    Translation(
        "warmup_cosine", K, "keras.optimizers.schedules.CosineDecay",
        "CosineDecay(initial_learning_rate={initial_learning_rate}, decay_steps={decay_steps}, alpha={alpha}, "
        "warmup_target={warmup_target}, warmup_steps={warmup_steps})",
        (R("lr0", "warmup_target", "the peak is warmup_target"), R("", "initial_learning_rate", "0.0: the warm-up's start"),
         R("total_steps, warmup_steps", "decay_steps", "decay_steps = T - W (excludes the warm-up)"),
         R("warmup_steps", "warmup_steps")),
        _warmup_cosine_keras, keras_cosine_decay, None, "every step",
        traps=("warmup_inside_or_outside_horizon", "keras_float32"),
    ),
    Translation(
        "warmup_cosine", H, "transformers.get_cosine_schedule_with_warmup",
        "get_cosine_schedule_with_warmup(AdamW(params, lr={lr}), num_warmup_steps={num_warmup_steps}, "
        "num_training_steps={num_training_steps})",
        (R("lr0", "lr", "the optimizer's lr"), R("warmup_steps", "num_warmup_steps"),
         R("total_steps", "num_training_steps", "includes the warm-up")),
        _warmup_cosine_hf, hf_cosine_schedule_with_warmup, _until("num_training_steps"),
        "t <= num_training_steps; after that the rate rises again",
        traps=("hf_cosine_rises_past_end", "warmup_inside_or_outside_horizon", "first_step_off_by_one"),
    ),
    Translation(
        "warmup_cosine", O, "optax.warmup_cosine_decay_schedule",
        "optax.warmup_cosine_decay_schedule(init_value={init_value}, peak_value={peak_value}, "
        "warmup_steps={warmup_steps}, decay_steps={decay_steps}, end_value={end_value})",
        (R("", "init_value", "0.0"), R("lr0", "peak_value"), R("warmup_steps", "warmup_steps"),
         R("total_steps", "decay_steps", "decay_steps = T (includes the warm-up)"), R("", "end_value", "0.0")),
        _warmup_cosine_optax, optax_warmup_cosine_decay_schedule, None, "every step",
        traps=("warmup_inside_or_outside_horizon",),
    ),
    # ---------------------------------------------------------------- plateau
    Translation(
        "plateau_schedule", P, "torch.optim.lr_scheduler.ReduceLROnPlateau",
        "ReduceLROnPlateau(SGD(params, lr={lr}), mode={mode}, factor={factor}, patience={patience}, "
        "threshold={threshold}, threshold_mode={threshold_mode}, cooldown={cooldown}, min_lr={min_lr}, eps={eps})",
        (R("lr0", "lr", "the optimizer's lr"), R("mode", "mode"), R("factor", "factor"), R("patience", "patience"),
         R("threshold", "threshold"), R("threshold_mode", "threshold_mode"), R("cooldown", "cooldown"),
         R("min_lr", "min_lr"), R("eps", "eps")),
        _plateau_torch, torch_reduce_lr_on_plateau, None, "every epoch",
        notes="Call scheduler.step(val_loss) once per evaluation; it cannot go inside SequentialLR.",
    ),
    Translation(
        "plateau_schedule", K, "keras.callbacks.ReduceLROnPlateau",
        "ReduceLROnPlateau(monitor={monitor}, factor={factor}, patience={patience}, mode={mode}, "
        "min_delta={min_delta}, cooldown={cooldown}, min_lr={min_lr})  # optimizer=SGD(learning_rate={learning_rate})",
        (R("lr0", "learning_rate", "the optimizer's learning_rate"), R("mode", "mode"), R("factor", "factor"),
         R("patience", "patience", "Keras patience = patience + 1"),
         R("threshold", "min_delta", "absolute only (threshold_mode='abs')"),
         R("cooldown", "cooldown", "Keras cooldown = cooldown + 1 (0 stays 0)"), R("min_lr", "min_lr"),
         R("eps", "", "none in Keras")),
        _plateau_keras, keras_reduce_lr_on_plateau, None,
        "every epoch (when no reduction is smaller than eps)",
        notes="A callback passed to model.fit(callbacks=[...]); it watches logs['val_loss'] at each epoch end.",
        traps=("plateau_patience_off_by_one", "keras_float32"),
    ),
    Translation(
        "plateau_schedule", H, "transformers.get_reduce_on_plateau_schedule",
        "get_reduce_on_plateau_schedule(AdamW(params, lr={lr}), mode={mode}, factor={factor}, patience={patience}, "
        "threshold={threshold}, threshold_mode={threshold_mode}, cooldown={cooldown}, min_lr={min_lr}, eps={eps})",
        (R("lr0", "lr", "the optimizer's lr"), R("all others", "same names", "passed on to PyTorch's ReduceLROnPlateau")),
        _plateau_torch, torch_reduce_lr_on_plateau, None, "every evaluation",
        notes="A thin wrapper around PyTorch's ReduceLROnPlateau (lr_scheduler_type='reduce_lr_on_plateau' in the "
              "Trainer, stepped after each evaluation).",
    ),
    Translation(
        "plateau_schedule", O, "optax.contrib.reduce_on_plateau",
        "optax.chain(optax.sgd(learning_rate={learning_rate}), optax.contrib.reduce_on_plateau(factor={factor}, "
        "patience={patience}, rtol={rtol}, atol={atol}, cooldown={cooldown}, accumulation_size={accumulation_size}, "
        "min_scale={min_scale}))",
        (R("lr0", "learning_rate", "the inner optimizer's"), R("factor", "factor"),
         R("patience", "patience", "optax patience = patience + 1"),
         R("threshold", "rtol or atol", "rtol for 'rel', atol for 'abs'"), R("cooldown", "cooldown"),
         R("min_lr", "min_scale", "min_scale = min_lr / lr0"), R("mode", "", "'min' only")),
        _plateau_optax, optax_reduce_on_plateau, None, "every update given value=metric",
        notes="Scales the updates, not the learning rate; pass value=loss to update(); accumulation_size "
              "averages several values before each decision.",
        traps=("plateau_patience_off_by_one", "optax_plateau_patience_zero"),
    ),
    # ---------------------------------------------------------------- with_warmup
    Translation(
        "with_warmup", P, "torch.optim.lr_scheduler.SequentialLR",
        "SequentialLR(SGD(params, lr={lr}), schedulers={schedulers}, milestones={milestones})",
        (R("lr0", "lr", "the optimizer's lr, = schedule(0)"),
         R("warmup_steps, start_factor", "LinearLR(start_factor, total_iters)", "total_iters = W, start_factor > 0"),
         R("warmup_steps", "milestones", "[W]"), R("schedule", "schedulers[1]", "with its horizon shortened by W")),
        _with_warmup_torch, _drop_lr(torch_sequential_lr), None, "every step (checked against SequentialLR)",
        notes="The scheduler after the milestone counts from 0 again: CosineAnnealingLR(T_max=T - W).",
        traps=("warmup_inside_or_outside_horizon", "first_step_off_by_one"),
    ),
    _no_equivalent("with_warmup", K, "only CosineDecay has a warm-up (warmup_target, warmup_steps); for others "
                                     "subclass keras.optimizers.schedules.LearningRateSchedule."),
    _no_equivalent("with_warmup", H, "each get_*_schedule_with_warmup has num_warmup_steps built in (linear from 0, "
                                     "inside num_training_steps); there is no general combinator."),
    Translation(
        "with_warmup", O, "optax.join_schedules",
        "optax.join_schedules(schedules={schedules}, boundaries={boundaries})",
        (R("warmup_steps, start_factor, lr0", "schedules[0]",
           "linear_schedule(init_value=start_factor * lr0, end_value=lr0, transition_steps=W)"),
         R("schedule", "schedules[1]"), R("warmup_steps", "boundaries", "[W]")),
        _with_warmup_optax, optax_join_schedules, None, "every step",
        notes="optax.warmup_cosine_decay_schedule, warmup_exponential_decay_schedule and warmup_constant_schedule "
              "are ready-made cases.",
        traps=("warmup_inside_or_outside_horizon",),
    ),
    # ---------------------------------------------------------------- join_schedules
    Translation(
        "join_schedules", P, "torch.optim.lr_scheduler.SequentialLR",
        "SequentialLR(optimizer, schedulers={schedulers}, milestones={milestones})",
        (R("schedules", "schedulers", "scheduler objects on the same optimizer"), R("boundaries", "milestones")),
        _join_torch, torch_sequential_lr, None, "every step",
        notes="Each scheduler restarts its count at its milestone; ReduceLROnPlateau is not allowed inside.",
        traps=("warmup_inside_or_outside_horizon",),
    ),
    _no_equivalent("join_schedules", K, "no combinator; subclass keras.optimizers.schedules.LearningRateSchedule."),
    _no_equivalent("join_schedules", H, "no combinator; use PyTorch's SequentialLR on the optimizer."),
    Translation(
        "join_schedules", O, "optax.join_schedules",
        "optax.join_schedules(schedules={schedules}, boundaries={boundaries})",
        (R("schedules", "schedules"), R("boundaries", "boundaries")),
        _join_optax, optax_join_schedules, None, "every step",
        notes="Each later schedule is given count - boundary, exactly as here.",
    ),
)

# Fill in the worked examples (a frozen dataclass: rebuild the tuple once at import).
TRANSLATIONS = tuple(
    Translation(**{**row.__dict__, "example": EXAMPLES.get(row.schedule, {})}) for row in TRANSLATIONS
)


def translation(schedule: str, framework: str) -> Translation:
    """The row for ``schedule`` (a name in :data:`COURSE_SCHEDULES`) in ``framework``."""
    for row in TRANSLATIONS:
        if row.schedule == schedule and row.framework == framework:
            return row
    if schedule not in COURSE_SCHEDULES:
        raise ValueError(f"schedule must be one of {', '.join(COURSE_SCHEDULES)}; got schedule={schedule!r}.")
    raise ValueError(f"framework must be one of {', '.join(FRAMEWORKS)}; got framework={framework!r}.")


def translations_for(schedule: str) -> tuple[Translation, ...]:
    """All rows of one course schedule, in :data:`FRAMEWORKS` order."""
    return tuple(translation(schedule, framework) for framework in FRAMEWORKS)


def course_function(schedule: str) -> Callable[..., Any]:
    """Our side of a row, called like the framework formula: ``f(t_or_metrics, **our_kwargs)``."""
    if schedule in _schedules.__all__:
        return getattr(_schedules, schedule)
    if schedule == "plateau_schedule":
        return plateau_schedule
    if schedule == "with_warmup":
        return lambda t, **kwargs: with_warmup(**kwargs)(t)
    if schedule == "join_schedules":
        return lambda t, **kwargs: join_schedules(**kwargs)(t)
    raise ValueError(f"schedule must be one of {', '.join(COURSE_SCHEDULES)}; got schedule={schedule!r}.")


# ============================================================================================
# The table
# ============================================================================================


TABLE_COLUMNS = ("schedule", "framework", "name", "parameters", "example", "stepping", "agrees", "traps")


#: Shown for a parameter with no counterpart on one side.
NO_COUNTERPART = "(none)"


def _parameter_text(row: Translation) -> str:
    """``'ours → theirs — how to convert'`` per parameter, joined with ``'; '``.

    >>> _parameter_text(translation("multistep_decay", "keras")).split("; ")[0]
    'milestones → boundaries — [m - 1 for each milestone m]: Keras switches one step after each boundary'
    """
    parts = []
    for rule in row.parameters:
        text = f"{rule.ours or NO_COUNTERPART} → {rule.theirs or NO_COUNTERPART}"
        parts.append(text if rule.rule == "same value" else f"{text} — {rule.rule}")
    return "; ".join(parts)


def _table_rows(schedules: Sequence[str] | None, frameworks: Sequence[str] | None) -> list[tuple[str, ...]]:
    schedules = COURSE_SCHEDULES if schedules is None else tuple(schedules)
    frameworks = tuple(FRAMEWORKS) if frameworks is None else tuple(frameworks)
    for name in schedules:
        if name not in COURSE_SCHEDULES:
            raise ValueError(f"schedules must hold names from {', '.join(COURSE_SCHEDULES)}; got {name!r}.")
    for name in frameworks:
        if name not in FRAMEWORKS:
            raise ValueError(f"frameworks must hold names from {', '.join(FRAMEWORKS)}; got {name!r}.")
    rows = []
    for schedule in schedules:
        for framework in frameworks:
            row = translation(schedule, framework)
            example = ""
            if row.name is not None and row.example:
                try:
                    example = row.call(row.example, total_steps=EXAMPLE_TOTAL_STEPS.get(schedule))
                except ValueError as error:
                    example = f"not expressible for {_show(dict(row.example))}: {error}"
            rows.append((
                schedule,
                FRAMEWORKS[framework],
                row.name or "— (no built-in)",
                _parameter_text(row) if row.name else row.notes,
                example,
                row.stepping,
                row.agreement,
                "; ".join(TRAPS[key].title for key in row.traps),
            ))
    return rows


def framework_table(
    schedules: Sequence[str] | None = None, frameworks: Sequence[str] | None = None
) -> Table:
    """The course-to-framework table (框架对照表) as plain strings.

    Parameters
    ----------
    schedules : sequence of str, optional
        Course schedules to include (default: all of :data:`COURSE_SCHEDULES`, in order).
    frameworks : sequence of str, optional
        Framework keys to include (default: all of :data:`FRAMEWORKS`).

    Returns
    -------
    lrdecay_lessons.tables.Table
        One row per (schedule, framework) with columns :data:`TABLE_COLUMNS`; ``parameters``
        reads ``ours → theirs — how to convert``, ``example`` shows the framework call for the
        row's worked example (:data:`EXAMPLES`), ``traps`` the titles of the row's traps. The
        same rows as dictionaries: :func:`framework_records`.

    Examples
    --------
    >>> table = framework_table(["step_decay"], ["pytorch"])
    >>> table.column("example")
    ['StepLR(SGD(params, lr=0.1), step_size=30, gamma=0.5)']
    """
    rows = _table_rows(schedules, frameworks)
    return Table(TABLE_COLUMNS, rows, title=f"The course in {len(FRAMEWORKS)} frameworks: {len(rows)} rows")


def framework_records(
    schedules: Sequence[str] | None = None, frameworks: Sequence[str] | None = None
) -> list[dict[str, str]]:
    """The rows of :func:`framework_table` as dictionaries keyed by :data:`TABLE_COLUMNS`.

    >>> framework_records(["cosine_annealing"], ["keras"])[0]["name"]
    'keras.optimizers.schedules.CosineDecay'
    """
    return [dict(zip(TABLE_COLUMNS, row)) for row in _table_rows(schedules, frameworks)]
