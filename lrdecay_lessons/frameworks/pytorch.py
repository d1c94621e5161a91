r"""PyTorch 2.13's ``torch.optim.lr_scheduler`` classes as NumPy functions of the step ``t``.

Each follows the library's documented closed form (or its recursion, replayed), in PyTorch's own
parameter names; ``t`` is the number of ``scheduler.step()`` calls. The tests check them against
rates recorded from the real library (``data/translation_values.json``).
"""

from __future__ import annotations

import math
from bisect import bisect_right

import numpy as np

from ._common import as_steps, half_cosine
from ..errors import InvalidParameterError

__all__ = [
    "torch_step_lr",
    "torch_multistep_lr",
    "torch_exponential_lr",
    "torch_polynomial_lr",
    "torch_linear_lr",
    "torch_cosine_annealing_lr",
    "torch_cosine_annealing_warm_restarts",
    "torch_one_cycle_lr",
    "torch_cyclic_lr",
    "torch_sequential_lr",
    "torch_reduce_lr_on_plateau",
    "torch_constant_lr",
    "torch_chained_scheduler",
]


def torch_step_lr(t, lr, step_size, gamma=0.1):
    """``StepLR``: ``lr * gamma ** (t // step_size)``."""
    return lr * gamma ** np.floor_divide(as_steps(t), step_size)


def torch_multistep_lr(t, lr, milestones, gamma=0.1):
    """``MultiStepLR``: ``lr * gamma ** bisect_right(sorted(milestones), t)``."""
    return lr * gamma ** np.searchsorted(np.sort(np.asarray(milestones, dtype=float)), as_steps(t),
                                         side="right").astype(float)


def torch_exponential_lr(t, lr, gamma):
    """``ExponentialLR``: ``lr * gamma ** t`` (``gamma`` is *per step*)."""
    return lr * gamma ** as_steps(t)


def torch_polynomial_lr(t, lr, total_iters=5, power=1.0):
    """``PolynomialLR``: ``lr * (1 - min(total_iters, t) / total_iters) ** power``."""
    return lr * (1.0 - np.minimum(total_iters, as_steps(t)) / total_iters) ** power


def torch_linear_lr(t, lr, start_factor=1.0 / 3, end_factor=1.0, total_iters=5):
    """``LinearLR``: ``lr * (start + (end - start) * min(total_iters, t) / total_iters)``."""
    return lr * (start_factor + (end_factor - start_factor) * np.minimum(total_iters, as_steps(t)) / total_iters)


def torch_cosine_annealing_lr(t, lr, T_max, eta_min=0.0):
    """``CosineAnnealingLR``: ``eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2``, no clamp.

    Past ``T_max`` the cosine carries on: the rate climbs back to ``lr`` at ``2 T_max``.
    """
    return eta_min + (lr - eta_min) * half_cosine(as_steps(t) / T_max)


def torch_cosine_annealing_warm_restarts(t, lr, T_0, T_mult=1, eta_min=0.0):
    """``CosineAnnealingWarmRestarts``: cycles of ``T_i = T_0 T_mult**i`` steps (``T_mult`` integer)."""
    steps = as_steps(t)
    t_cur = steps.copy()
    t_i = np.full_like(steps, float(T_0))
    # Walk through the cycles as step() does: T_cur -= T_i; T_i *= T_mult at each restart.
    while np.any(t_cur >= t_i):
        restart = t_cur >= t_i
        t_cur = np.where(restart, t_cur - t_i, t_cur)
        t_i = np.where(restart, t_i * T_mult, t_i)
    return eta_min + (lr - eta_min) * half_cosine(t_cur / t_i)


def torch_one_cycle_lr(t, max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", div_factor=25.0,
                       final_div_factor=1e4, three_phase=False):
    """``OneCycleLR``: phases that end at ``pct_start * total_steps - 1`` (the peak) and
    ``total_steps - 1``, or with ``three_phase=True`` (Smith's shape) at the peak, at
    ``2 * pct_start * total_steps - 2`` (back at the start) and ``total_steps - 1``; each phase
    anneals from its start to its end rate along half a cosine (``"cos"``) or a straight line
    (``"linear"``), as ``OneCycleLR.get_lr`` does.

    PyTorch raises ``ValueError("Tried to step ... times")`` once ``t > total_steps``;
    so does this function.
    """
    if anneal_strategy not in ("cos", "linear"):
        raise InvalidParameterError(f"anneal_strategy must be one of 'cos', 'linear'; got anneal_strategy={anneal_strategy!r}.")
    steps = as_steps(t)
    if np.any(steps > total_steps):
        raise InvalidParameterError(
            f"Tried to step {int(np.max(steps))} times. The specified number of total steps is {total_steps}"
        )
    initial = max_lr / div_factor
    final = initial / final_div_factor
    peak = float(pct_start * total_steps) - 1
    if three_phase:
        phases = ((peak, initial, max_lr), (float(2 * pct_start * total_steps) - 2, max_lr, initial),
                  (total_steps - 1, initial, final))
    else:
        phases = ((peak, initial, max_lr), (total_steps - 1, max_lr, final))

    def anneal(start, end, pct):
        if anneal_strategy == "linear":
            return (end - start) * pct + start
        return end + (start - end) / 2.0 * (np.cos(np.pi * pct) + 1)

    result = np.empty_like(steps, dtype=float)
    done = np.zeros(np.shape(steps), dtype=bool)
    start_step = 0.0
    for index, (end_step, start_lr, end_lr) in enumerate(phases):
        here = ~done & ((steps <= end_step) | (index == len(phases) - 1))
        result = np.where(here, anneal(start_lr, end_lr, (steps - start_step) / (end_step - start_step)), result)
        done |= here
        start_step = end_step
    return result


def torch_cyclic_lr(t, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular", gamma=1.0,
                    cycle_momentum=True):
    """``CyclicLR`` (``get_lr``): cycle ``floor(1 + t / L)``, ``x = 1 + t / L - cycle``, a triangle of
    height ``max_lr - base_lr`` scaled by 1, ``1 / 2 ** (cycle - 1)`` or ``gamma ** t``.

    The constructor sets the optimizer's rate to ``base_lr``; ``cycle_momentum`` changes only the momentum.
    """
    steps = as_steps(t)
    up = float(step_size_up)
    down = float(step_size_down) if step_size_down is not None else up
    total_size = up + down
    step_ratio = up / total_size
    cycle = np.floor(1 + steps / total_size)
    x = 1.0 + steps / total_size - cycle
    with np.errstate(divide="ignore", invalid="ignore"):  # step_size_down=0: the falling branch is never used
        scale_factor = np.where(x <= step_ratio, x / step_ratio, (x - 1) / (step_ratio - 1))
    base_height = (max_lr - base_lr) * scale_factor
    if mode == "triangular":
        return base_lr + base_height * 1.0
    if mode == "triangular2":
        return base_lr + base_height * (1 / (2.0 ** (cycle - 1)))
    if mode == "exp_range":
        return base_lr + base_height * gamma**steps
    raise InvalidParameterError(f"mode must be 'triangular', 'triangular2' or 'exp_range'; got mode={mode!r}")


def torch_sequential_lr(t, schedulers, milestones):
    """``SequentialLR``: scheduler ``i`` runs from ``milestones[i-1]`` with its own step count.

    ``schedulers`` are the closed forms of the wrapped schedulers (functions of their own t).
    """
    steps = as_steps(t)
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


def torch_constant_lr(t, lr, factor=1.0 / 3, total_iters=5):
    """``ConstantLR``: ``lr * factor`` while ``t < total_iters``, then ``lr``."""
    return lr * np.where(as_steps(t) < total_iters, factor, 1.0)


def torch_chained_scheduler(t, lr, schedulers):
    r"""``ChainedScheduler``: every wrapped scheduler steps at every call, so their factors *multiply*.

    .. math:: \eta_t = \eta_0 \prod_i \frac{s_i(t)}{\eta_0}

    ``schedulers`` are closed forms ``s_i(t)`` of the wrapped schedulers, each written for the
    optimizer's ``lr``. :func:`torch_sequential_lr` instead *switches* from one to the next.
    """
    steps = as_steps(t)
    out = np.full_like(steps, float(lr))
    for scheduler in schedulers:
        out = out * np.asarray(scheduler(steps), dtype=float) / lr
    return out
