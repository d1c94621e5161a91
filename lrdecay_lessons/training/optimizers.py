r"""Optimizers in NumPy: SGD (with momentum), Adam, AdamW, and schedule-free SGD and AdamW.

Each optimizer is a small frozen object holding its hyper-parameters, with two pure
functions, as in optax: ``init(params) -> state`` and
``step(params, grads, state, lr) -> (params, state)``. The learning rate ``lr`` is passed
to every step, so any schedule of the course drives any optimizer; nothing is hidden in
the object. ``params`` and ``grads`` are tuples of arrays (one per weight matrix or bias).
For many runs at once, stack every array on a leading run axis and pass one rate per run.

They follow PyTorch 2.13's ``torch.optim.SGD``, ``Adam`` and ``AdamW`` update for update,
and the schedule-free optimizers of Defazio et al. (2024), "The Road Less Scheduled"
(NeurIPS 2024), as the authors' ``schedulefree`` package 1.4.1 implements them
(``SGDScheduleFree``, ``AdamWScheduleFree``); ``tests/reference/make_optimizer_values.py``
recorded both libraries on a fixed sequence of gradients and rates, and the tests replay it.

=================  ==========================================================================
SGD                :math:`g \leftarrow g + \lambda p`; with momentum :math:`\mu`:
                   :math:`b \leftarrow \mu b + (1 - \tau) g` (:math:`b = g` at the first step),
                   :math:`g \leftarrow b` (Nesterov: :math:`g + \mu b`); :math:`p \leftarrow p - \eta_t g`
Adam               :math:`g \leftarrow g + \lambda p` (an L2 penalty),
                   :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
                   :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
                   :math:`p \leftarrow p - \frac{\eta_t}{1-\beta_1^k}\,
                   \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^k} + \epsilon}` at step :math:`k = 1, 2, \dots`
AdamW              Adam without the L2 term, after the decoupled decay
                   :math:`p \leftarrow p\,(1 - \eta_t \lambda)` (the decay follows the schedule)
schedule-free      three sequences: gradients at :math:`y`, a plain step on :math:`z`, the average
                   :math:`x` (evaluate there):
                   :math:`z \leftarrow z - \eta_t\, d`,
                   :math:`x \leftarrow (1 - c)\, x + c\, z`,
                   :math:`y \leftarrow (1 - \beta)\, z + \beta\, x`, with
                   :math:`c = w_k / \sum_{i \le k} w_i`, :math:`w_k = k^r \max_{i \le k} \eta_i^{\,p}`;
                   SGD: :math:`d = g + \lambda y`; AdamW: :math:`d = g / (\sqrt{\hat v} + \epsilon) + \lambda y`
=================  ==========================================================================

>>> import numpy as np
>>> opt = SGD(momentum=0.9)
>>> params = (np.array([1.0, -1.0]),)
>>> state = opt.init(params)
>>> params, state = opt.step(params, (np.array([0.5, 0.5]),), state, lr=0.1)
>>> params[0]
array([ 0.95, -1.05])
>>> params, state = opt.step(params, (np.array([0.5, 0.5]),), state, lr=0.1)
>>> params[0]  # the momentum buffer is now 0.9 * 0.5 + 0.5 = 0.95
array([ 0.855, -1.145])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional, Sequence, Union

import numpy as np

from ..schedules.validation import check_bool, check_in_interval, check_non_negative
from ..errors import InvalidParameterError

__all__ = [
    "Params",
    "SGD",
    "SGDState",
    "Adam",
    "AdamW",
    "AdamState",
    "ScheduleFreeSGD",
    "ScheduleFreeAdamW",
    "ScheduleFreeState",
    "Optimizer",
    "evaluation_point",
    "checked_once_step",
]

Params = tuple[np.ndarray, ...]
#: A learning rate: one number, or one rate per run for runs stacked on a leading axis.
Rate = Union[float, np.ndarray]


def _as_params(name: str, values: Sequence[np.ndarray]) -> Params:
    if isinstance(values, np.ndarray):
        raise InvalidParameterError(f"{name} must be a tuple of arrays (one per weight matrix or bias); got one array.")
    try:
        arrays = tuple(_floating(np.asarray(v)) for v in values)
    except (TypeError, ValueError) as error:
        raise InvalidParameterError(f"{name} must be a tuple of numeric arrays; got {values!r:.80}") from error
    return arrays


def _check_step(params: Sequence[np.ndarray], grads: Sequence[np.ndarray],
                lr: Rate) -> tuple[Params, Params, Rate]:
    params, grads = _as_params("params", params), _as_params("grads", grads)
    if len(params) != len(grads) or any(p.shape != g.shape for p, g in zip(params, grads)):
        raise InvalidParameterError(f"grads must have the shapes of params {[p.shape for p in params]}; "
                         f"got {[g.shape for g in grads]}.")
    if np.ndim(lr) == 0:
        return params, grads, check_non_negative("lr", lr)
    rates = np.asarray(lr, dtype=float)
    if rates.ndim != 1 or any(p.ndim < 2 or p.shape[0] != rates.size for p in params):
        raise InvalidParameterError(f"lr must be a number, or one rate per run (params stacked on a leading run axis of "
                         f"that length); got lr of shape {rates.shape} for params {[p.shape for p in params]}.")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise InvalidParameterError(f"lr must hold finite rates >= 0; got lr={rates!r:.80}.")
    return params, grads, rates


def _floating(array: np.ndarray) -> np.ndarray:
    """float32 and float64 arrays as they are (a float32 network trains in float32); anything else as float64."""
    return array if array.dtype in (np.float32, np.float64) else array.astype(float)


def _per_run(value: Rate, array: np.ndarray) -> Rate:
    """A per-run rate (or factor) shaped to broadcast over one stacked array, in its precision;
    a number as a Python float (which keeps a float32 array in float32)."""
    if np.ndim(value) == 0:
        return float(value)
    return np.reshape(np.asarray(value, dtype=array.dtype), (-1,) + (1,) * (array.ndim - 1))


def _scaled_sum(a: float, x: np.ndarray, b: float, y: np.ndarray) -> np.ndarray:
    """``a * x + b * y`` in a new array, with one temporary fewer than the expression
    (the arrays of a sweep are large enough for the memory traffic to set the speed)."""
    out = np.multiply(x, a)
    if b == 1.0:
        out += y
    else:
        out += b * y
    return out


def _minus_rate_times(p: np.ndarray, lr: Rate, g: np.ndarray) -> np.ndarray:
    """``p - lr * g`` (``lr`` one rate, or one per run) in a new array, without a second temporary."""
    out = np.multiply(_per_run(lr, p), g)
    np.subtract(p, out, out=out)
    return out


def _moving_square(beta: float, v: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``beta * v + (1 - beta) * g * g`` in a new array, the same operations in the same order."""
    out = np.multiply(v, beta)
    square = np.multiply(g, 1.0 - beta)
    square *= g
    out += square
    return out


def _adam_update(p: np.ndarray, step_size: Rate, m: np.ndarray, v: np.ndarray, root_correction: float,
                 eps: float) -> np.ndarray:
    """``p - step_size * m / (sqrt(v) / root_correction + eps)`` in a new array, with two temporaries
    instead of six (the same operations in the same order)."""
    denominator = np.sqrt(v)
    denominator /= root_correction
    denominator += eps
    out = np.multiply(step_size, m)
    out /= denominator
    np.subtract(p, out, out=out)
    return out


def _check_beta(name: str, value: float) -> float:
    return check_in_interval(name, value, 0.0, 1.0, closed_low=True)


# ---------------------------------------------------------------------------------------------
# SGD
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SGDState:
    """The momentum buffers (``None`` before the first step or without momentum)."""

    momentum_buffer: Optional[Params] = None


@dataclass(frozen=True, kw_only=True)
class SGD:
    """Stochastic gradient descent, with PyTorch's momentum, dampening, Nesterov and L2 conventions.

    Parameters
    ----------
    momentum : float, default 0
        :math:`\\mu \\in [0, 1)`.
    dampening : float, default 0
        :math:`\\tau \\in [0, 1]`; the first step copies the gradient into the buffer undamped.
    nesterov : bool, default False
        Use :math:`g + \\mu b` instead of :math:`b` (needs momentum > 0 and no dampening).
    weight_decay : float, default 0
        :math:`\\lambda`: adds :math:`\\lambda p` to the gradient (an L2 penalty).
    """

    momentum: float = 0.0
    dampening: float = 0.0
    nesterov: bool = False
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "momentum", _check_beta("momentum", self.momentum))
        object.__setattr__(self, "dampening", check_in_interval("dampening", self.dampening, 0.0, 1.0, closed_low=True, closed_high=True))
        object.__setattr__(self, "nesterov", check_bool("nesterov", self.nesterov))
        object.__setattr__(self, "weight_decay", check_non_negative("weight_decay", self.weight_decay))
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise InvalidParameterError(f"nesterov=True needs momentum > 0 and dampening = 0; got momentum={self.momentum!r}, "
                             f"dampening={self.dampening!r}.")

    def init(self, params: Sequence[np.ndarray]) -> SGDState:
        _as_params("params", params)
        return SGDState()

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray], state: SGDState,
             lr: Rate) -> tuple[Params, SGDState]:
        return self._update(*_check_step(params, grads, lr), state)

    def _update(self, params: Params, grads: Params, lr: Rate, state: SGDState) -> tuple[Params, SGDState]:
        if self.weight_decay:
            grads = tuple(g + self.weight_decay * p for g, p in zip(grads, params))
        if self.momentum:
            if state.momentum_buffer is None:
                buffers = tuple(g.copy() for g in grads)
            else:
                buffers = tuple(_scaled_sum(self.momentum, b, 1.0 - self.dampening, g)
                                for b, g in zip(state.momentum_buffer, grads))
            state = SGDState(momentum_buffer=buffers)
            grads = (tuple(_scaled_sum(self.momentum, b, 1.0, g) for g, b in zip(grads, buffers))
                     if self.nesterov else buffers)
        return tuple(_minus_rate_times(p, lr, g) for p, g in zip(params, grads)), state


# ---------------------------------------------------------------------------------------------
# Adam and AdamW
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdamState:
    """Step count :math:`k` and the moment estimates :math:`m`, :math:`v` (``None`` before the first step)."""

    count: int = 0
    first_moment: Optional[Params] = None
    second_moment: Optional[Params] = None


@dataclass(frozen=True, kw_only=True)
class Adam:
    """Adam (Kingma & Ba, 2015, ICLR) as ``torch.optim.Adam``: ``weight_decay`` is an L2 term in the gradient.

    Parameters
    ----------
    beta1, beta2 : float, default 0.9, 0.999
    eps : float, default 1e-8
    weight_decay : float, default 0
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0

    _decoupled = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "beta1", _check_beta("beta1", self.beta1))
        object.__setattr__(self, "beta2", _check_beta("beta2", self.beta2))
        object.__setattr__(self, "eps", check_non_negative("eps", self.eps))
        object.__setattr__(self, "weight_decay", check_non_negative("weight_decay", self.weight_decay))

    def init(self, params: Sequence[np.ndarray]) -> AdamState:
        params = _as_params("params", params)
        zeros = tuple(np.zeros_like(p) for p in params)
        return AdamState(0, zeros, zeros)

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray], state: AdamState,
             lr: Rate) -> tuple[Params, AdamState]:
        return self._update(*_check_step(params, grads, lr), state)

    def _update(self, params: Params, grads: Params, lr: Rate, state: AdamState) -> tuple[Params, AdamState]:
        if self.weight_decay and self._decoupled:
            params = tuple(p * (1.0 - _per_run(lr, p) * self.weight_decay) for p in params)
        elif self.weight_decay:
            grads = tuple(g + self.weight_decay * p for g, p in zip(grads, params))
        count = state.count + 1
        m = tuple(_scaled_sum(self.beta1, m, 1.0 - self.beta1, g) for m, g in zip(state.first_moment, grads))
        v = tuple(_moving_square(self.beta2, v, g) for v, g in zip(state.second_moment, grads))
        step_size = lr / (1.0 - self.beta1**count)
        root_correction = math.sqrt(1.0 - self.beta2**count)
        new = tuple(_adam_update(p, _per_run(step_size, p), m_i, v_i, root_correction, self.eps)
                    for p, m_i, v_i in zip(params, m, v))
        return new, AdamState(count, m, v)


@dataclass(frozen=True, kw_only=True)
class AdamW(Adam):
    """AdamW (Loshchilov & Hutter, 2019, ICLR) as ``torch.optim.AdamW``: the weights shrink by
    :math:`(1 - \\eta_t \\lambda)` before the Adam step, so the decay follows the schedule.
    ``weight_decay`` defaults to 0.01, as in PyTorch."""

    weight_decay: float = 0.01

    _decoupled = True


# ---------------------------------------------------------------------------------------------
# Schedule-free SGD and AdamW
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleFreeState:
    """The average :math:`x`, the base sequence :math:`z`, and what the averaging weights need."""

    count: int
    average: Params
    base: Params
    lr_max: Rate = 0.0
    weight_sum: Rate = 0.0
    second_moment: Optional[Params] = None


@dataclass(frozen=True, kw_only=True)
class _ScheduleFree:
    """What both schedule-free optimizers share: the averaging and the interpolation."""

    weight_decay: float = 0.0
    r: float = 0.0
    weight_lr_power: float = 2.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight_decay", check_non_negative("weight_decay", self.weight_decay))
        object.__setattr__(self, "r", check_non_negative("r", self.r))
        object.__setattr__(self, "weight_lr_power", check_non_negative("weight_lr_power", self.weight_lr_power))

    @property
    def interpolation(self) -> float:
        """:math:`\\beta`: :math:`y = (1 - \\beta) z + \\beta x`."""
        raise NotImplementedError

    def init(self, params: Sequence[np.ndarray]) -> ScheduleFreeState:
        params = _as_params("params", params)
        return ScheduleFreeState(0, tuple(p.copy() for p in params), tuple(p.copy() for p in params))

    def _direction(self, grads: Params, points: Params, state: ScheduleFreeState) -> tuple[Params, Optional[Params]]:
        raise NotImplementedError

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray], state: ScheduleFreeState,
             lr: Rate) -> tuple[Params, ScheduleFreeState]:
        return self._update(*_check_step(params, grads, lr), state)

    def _update(self, points: Params, grads: Params, lr: Rate,
                state: ScheduleFreeState) -> tuple[Params, ScheduleFreeState]:
        lr_max = np.maximum(lr, state.lr_max)
        with np.errstate(over="ignore"):
            weight = (state.count + 1) ** self.r * lr_max**self.weight_lr_power
        if not np.all(np.isfinite(weight)):
            raise InvalidParameterError(f"lr is too large for schedule-free averaging: its weight (step + 1)**r * lr**"
                             f"weight_lr_power overflows; got lr={lr!r:.80}.")
        weight_sum = state.weight_sum + weight
        c = np.divide(weight, weight_sum, out=np.zeros_like(weight_sum, dtype=float), where=weight_sum > 0)
        if np.ndim(lr) == 0:
            lr_max, weight_sum, c = float(lr_max), float(weight_sum), float(c)
        direction, second_moment = self._direction(grads, points, state)
        base = tuple(z - _per_run(lr, z) * d for z, d in zip(state.base, direction))
        average = tuple((1.0 - _per_run(c, x)) * x + _per_run(c, x) * z for x, z in zip(state.average, base))
        beta = self.interpolation
        points = tuple((1.0 - beta) * z + beta * x for z, x in zip(base, average))
        return points, ScheduleFreeState(state.count + 1, average, base, lr_max, weight_sum, second_moment)


@dataclass(frozen=True, kw_only=True)
class ScheduleFreeSGD(_ScheduleFree):
    """Schedule-free SGD (Defazio et al., 2024, NeurIPS), as ``schedulefree.SGDScheduleFree``.

    ``params`` passed to :meth:`step` are the points :math:`y` where the gradients were taken
    (what PyTorch's parameters hold in ``train()`` mode); :func:`evaluation_point` gives the
    average :math:`x`, where the model is evaluated (``eval()`` mode).

    Parameters
    ----------
    momentum : float, default 0.9
        :math:`\\beta \\in (0, 1)`: how close :math:`y` stays to the average.
    weight_decay : float, default 0
        :math:`\\lambda`, applied at :math:`y` like an L2 term.
    r : float, default 0
        Polynomial weighting of the average (:math:`w_k \\propto k^r`).
    weight_lr_power : float, default 2
        The average weights each step by the largest rate so far to this power.
    """

    momentum: float = 0.9

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "momentum", check_in_interval("momentum", self.momentum, 0.0, 1.0))

    @property
    def interpolation(self) -> float:
        return self.momentum

    def _direction(self, grads: Params, points: Params, state: ScheduleFreeState) -> tuple[Params, Optional[Params]]:
        return tuple(g + self.weight_decay * y for g, y in zip(grads, points)), None


@dataclass(frozen=True, kw_only=True)
class ScheduleFreeAdamW(_ScheduleFree):
    """Schedule-free AdamW (Defazio et al., 2024, NeurIPS), as ``schedulefree.AdamWScheduleFree``.

    The base step divides the gradient by :math:`\\sqrt{\\hat v} + \\epsilon` (Adam's bias-corrected
    second moment; there is no first moment, the interpolation with ``beta1`` plays momentum's
    part) and adds :math:`\\lambda y` (weight decay at :math:`y`). Parameters as
    :class:`ScheduleFreeSGD`, plus ``beta1`` (the interpolation, default 0.9), ``beta2``
    (default 0.999) and ``eps`` (default 1e-8).
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "beta1", check_in_interval("beta1", self.beta1, 0.0, 1.0))
        object.__setattr__(self, "beta2", _check_beta("beta2", self.beta2))
        object.__setattr__(self, "eps", check_non_negative("eps", self.eps))

    @property
    def interpolation(self) -> float:
        return self.beta1

    def init(self, params: Sequence[np.ndarray]) -> ScheduleFreeState:
        state = super().init(params)
        return replace(state, second_moment=tuple(np.zeros_like(p) for p in state.base))

    def _direction(self, grads: Params, points: Params, state: ScheduleFreeState) -> tuple[Params, Optional[Params]]:
        v = tuple(self.beta2 * v + (1.0 - self.beta2) * g * g for v, g in zip(state.second_moment, grads))
        correction = 1.0 - self.beta2 ** (state.count + 1)
        direction = tuple(g / (np.sqrt(v_i / correction) + self.eps) + self.weight_decay * y
                          for g, v_i, y in zip(grads, v, points))
        return direction, v


Optimizer = Union[SGD, Adam, AdamW, ScheduleFreeSGD, ScheduleFreeAdamW]


def checked_once_step(optimizer: Optimizer, params: Params, grads: Params, state, lr: np.ndarray):
    """``optimizer.step(params, grads, state, lr)`` without checking its arguments again: for a training loop
    that made ``params`` with the network (float arrays stacked on a run axis), takes ``grads`` from it (the
    same shapes and precision) and ``lr`` from a checked float64 array of rates (one per run, finite, >= 0),
    so that every step's numbers are those of :meth:`step`, without its checks' cost at every step."""
    return optimizer._update(params, grads, lr, state)


def evaluation_point(optimizer: Optimizer, params: Params, state) -> Params:
    """Where to evaluate the model: ``params`` itself, or the average :math:`x` for schedule-free ones."""
    if isinstance(optimizer, _ScheduleFree):
        return state.average
    return params
