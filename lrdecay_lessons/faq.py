r"""Small computations behind the course's FAQ (常见问题与解答), chapter 11.

* :func:`adam_excess` -- a tiny NumPy Adam on the noisy least-squares problem of chapter 01,
  to measure whether Adam, too, settles at a noise floor that decay lowers.
* :func:`epoch_stepped` -- a schedule updated once per epoch instead of once per batch.
* :func:`restarted_clock` -- the resume-from-checkpoint bug: the schedule's clock restarts at 0.
* :func:`lr_range_test` -- a learning-rate range test: raise the rate exponentially for a short
  run and watch where the loss stops falling.

>>> from functools import partial
>>> from lrdecay_lessons.schedules import cosine_annealing
>>> per_epoch = epoch_stepped(partial(cosine_annealing, lr0=0.1, total_steps=10), steps_per_epoch=100)
>>> per_epoch([0, 99, 100]).round(6)
array([0.1     , 0.1     , 0.097553])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from ._validation import check_count, check_in_interval, check_positive, check_steps
from .datasets import Dataset
from .landscapes import NoisyLeastSquares
from .plotting import new_figure
from .training import Schedule, learning_rates, train

__all__ = ["adam_excess", "epoch_stepped", "restarted_clock", "RangeTest", "lr_range_test", "range_test_figure"]


def adam_excess(
    problem: NoisyLeastSquares,
    schedule: Schedule,
    n_steps: int,
    *,
    batch_size: int = 10,
    seed: int = 0,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    r"""Train the linear model of ``problem`` with Adam; return the excess loss after every step.

    With :math:`g_t` the minibatch gradient of :math:`\tfrac12` MSE at step :math:`t` (from 0),

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \\
        \theta_{t+1} = \theta_t - \eta_t\, \frac{m_t / (1-\beta_1^{t+1})}{\sqrt{v_t / (1-\beta_2^{t+1})} + \epsilon}

    (Kingma & Ba 2015), starting from :math:`\theta = 0, m = v = 0`.

    Parameters
    ----------
    problem : NoisyLeastSquares
        From :func:`lrdecay_lessons.landscapes.noisy_least_squares`.
    schedule : callable or float
        :math:`\eta_t`, as for :func:`lrdecay_lessons.training.train`.
    n_steps : int
        Number of updates; the training samples are reshuffled (seeded) whenever they run out.
    batch_size : int, default 10
    seed : int, default 0
        Fixes the order of the samples.
    beta1, beta2, eps : float
        Adam's constants (PyTorch's and Keras's defaults).

    Returns
    -------
    numpy.ndarray
        Entry ``t`` is :meth:`NoisyLeastSquares.expected_excess` after update ``t``: the expected
        loss on new samples above the noise's :math:`\sigma^2/2`, exactly (no validation noise).
    """
    if not isinstance(problem, NoisyLeastSquares):
        raise ValueError(f"problem must be a NoisyLeastSquares (see noisy_least_squares); got {problem!r}.")
    n_steps = check_count("n_steps", n_steps)
    batch_size = check_count("batch_size", batch_size)
    seed = check_count("seed", seed, minimum=0)
    beta1 = check_in_interval("beta1", beta1, 0.0, 1.0, closed_low=True)
    beta2 = check_in_interval("beta2", beta2, 0.0, 1.0, closed_low=True)
    eps = check_positive("eps", eps)
    rates = learning_rates(schedule, n_steps)
    X, y = problem.dataset.X_train, problem.dataset.y_train
    A = np.column_stack([X, np.ones(len(X))])
    target = np.append(problem.true_weights, problem.true_bias)
    per_epoch = len(A) // batch_size
    if per_epoch == 0:
        raise ValueError(f"batch_size must be <= the {len(A)} training samples; got batch_size={batch_size}.")
    rng = np.random.default_rng(seed)
    theta, m, v = np.zeros(A.shape[1]), np.zeros(A.shape[1]), np.zeros(A.shape[1])
    excess = np.empty(n_steps)
    order = rng.permutation(len(A))
    for t in range(n_steps):
        k = t % per_epoch
        if t and k == 0:
            order = rng.permutation(len(A))
        rows = order[k * batch_size : (k + 1) * batch_size]
        g = A[rows].T @ (A[rows] @ theta - y[rows]) / batch_size
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        m_hat, v_hat = m / (1.0 - beta1 ** (t + 1)), v / (1.0 - beta2 ** (t + 1))
        theta = theta - rates[t] * m_hat / (np.sqrt(v_hat) + eps)
        excess[t] = 0.5 * float(np.sum((theta - target) ** 2))
    return excess


def epoch_stepped(schedule: Callable[[Any], Any], steps_per_epoch: int) -> Callable[[ArrayLike], Any]:
    r"""A schedule whose clock is the epoch: the rate changes only when an epoch starts.

    .. math:: \tilde\eta_t = \eta\big(\lfloor t / B \rfloor\big)

    where :math:`t` counts updates (batches) and :math:`B` is ``steps_per_epoch``. This is
    what you get by calling PyTorch's ``scheduler.step()`` once per epoch with a schedule
    whose horizon is given in epochs.

    Parameters
    ----------
    schedule : callable
        A schedule whose ``t`` counts epochs.
    steps_per_epoch : int
        :math:`B \ge 1`.

    Returns
    -------
    callable
        A schedule of the update step ``t``.
    """
    if not callable(schedule):
        raise ValueError(f"schedule must be a callable schedule of the step; got schedule={schedule!r}.")
    steps_per_epoch = check_count("steps_per_epoch", steps_per_epoch)

    def per_epoch(t: ArrayLike) -> Any:
        steps, is_scalar = check_steps(t)
        values = np.asarray(schedule(np.floor(steps / steps_per_epoch)), dtype=float)
        return float(values) if is_scalar else values

    per_epoch.__name__ = "stepped once per epoch"
    return per_epoch


def restarted_clock(schedule: Callable[[Any], Any], resume_at: int) -> Callable[[ArrayLike], Any]:
    r"""The resume bug: after a checkpoint at step ``resume_at`` the schedule starts again from 0.

    .. math:: \tilde\eta_t = \begin{cases} \eta(t), & t < R,\\ \eta(t - R), & t \ge R. \end{cases}

    The right resume is the schedule itself, :math:`\eta(t)`: a schedule is a pure function of
    the step, so resuming means evaluating it at the saved step :math:`R`.

    Parameters
    ----------
    schedule : callable
        The schedule of the whole run.
    resume_at : int
        :math:`R \ge 1`, the step at which training was resumed.
    """
    if not callable(schedule):
        raise ValueError(f"schedule must be a callable schedule of the step; got schedule={schedule!r}.")
    resume_at = check_count("resume_at", resume_at)

    def buggy(t: ArrayLike) -> Any:
        steps, is_scalar = check_steps(t)
        values = np.asarray(schedule(np.where(steps < resume_at, steps, steps - resume_at)), dtype=float)
        return float(values) if is_scalar else values

    buggy.__name__ = f"clock restarted at step {resume_at}"
    return buggy


@dataclass(frozen=True, repr=False)
class RangeTest:
    r"""The record of :func:`lr_range_test`.

    Attributes
    ----------
    lrs : numpy.ndarray
        The rate of each step, rising exponentially.
    losses : numpy.ndarray
        Training loss (whole training set) after each step.
    smoothed : numpy.ndarray
        ``losses`` smoothed by a bias-corrected exponential moving average (factor ``beta``).
    diverged : bool
        Whether the run blew up before its last planned step (the arrays stop there).
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    diverged: bool

    @property
    def best_index(self) -> int:
        """The step with the lowest smoothed loss."""
        return int(np.argmin(self.smoothed))

    @property
    def lr_at_min(self) -> float:
        """The rate at the lowest smoothed loss."""
        return float(self.lrs[self.best_index])

    @property
    def lr_steepest(self) -> float:
        r"""The rate where the smoothed loss falls fastest per decade of rate, :math:`\arg\min\, d\,\text{loss} / d \log\eta`."""
        slope = np.gradient(self.smoothed[: self.best_index + 1], np.log(self.lrs[: self.best_index + 1]))
        return float(self.lrs[int(np.argmin(slope))])

    @property
    def lr_blow_up(self) -> float | None:
        """The first rate, after the minimum, where the smoothed loss exceeds 4 × its minimum (or ``None``)."""
        after = np.flatnonzero(self.smoothed[self.best_index:] > 4.0 * self.smoothed.min())
        return float(self.lrs[self.best_index + after[0]]) if after.size else None

    def __repr__(self) -> str:
        blow = "never" if self.lr_blow_up is None else f"{self.lr_blow_up:.3g}"
        return (f"RangeTest({self.lrs.size} steps, rate {self.lrs[0]:.3g} → {self.lrs[-1]:.3g}: lowest loss at "
                f"{self.lr_at_min:.3g}, steepest fall at {self.lr_steepest:.3g}, blows up (4× min) at {blow})")


def lr_range_test(
    dataset: Dataset,
    *,
    lr_start: float = 1e-4,
    lr_stop: float = 10.0,
    epochs: int = 10,
    batch_size: int = 32,
    seed: int = 0,
    beta: float = 0.9,
) -> RangeTest:
    r"""A learning-rate range test: one short run with an exponentially rising rate.

    .. math:: \eta_t = \eta_\text{start}\left(\frac{\eta_\text{stop}}{\eta_\text{start}}\right)^{t/(n-1)},
              \qquad t = 0, \dots, n - 1

    The training loss is recorded after every step and smoothed,
    :math:`s_t = \beta s_{t-1} + (1 - \beta)\ell_t`, divided by :math:`1 - \beta^{t+1}`. Where it
    falls fastest the rate is useful; where it turns up the rate is too large (Smith 2017).

    Parameters
    ----------
    dataset : Dataset
    lr_start, lr_stop : float
        First and last rate, ``0 < lr_start < lr_stop``.
    epochs : int, default 10
        Length of the test; :math:`n` = ``epochs`` × steps per epoch.
    batch_size : int, default 32
    seed : int, default 0
    beta : float, default 0.9
        Smoothing factor in ``[0, 1)``.

    Returns
    -------
    RangeTest
    """
    lr_start = check_positive("lr_start", lr_start)
    lr_stop = check_positive("lr_stop", lr_stop)
    if lr_stop <= lr_start:
        raise ValueError(f"lr_stop must be > lr_start (lr_start={lr_start:g}); got lr_stop={lr_stop!r}.")
    beta = check_in_interval("beta", beta, 0.0, 1.0, closed_low=True)
    epochs = check_count("epochs", epochs)
    n = epochs * -(-dataset.n_train // check_count("batch_size", batch_size))
    ratio = lr_stop / lr_start

    def ramp(t: ArrayLike) -> np.ndarray:
        return lr_start * ratio ** (np.asarray(t, dtype=float) / max(n - 1, 1))

    result = train(dataset, ramp, epochs=epochs, batch_size=batch_size, seed=seed, record="step",
                   label="range test")
    losses = np.array(result.train_loss)
    ema, smoothed = 0.0, np.empty_like(losses)
    for t, loss in enumerate(losses):
        ema = beta * ema + (1.0 - beta) * loss
        smoothed[t] = ema / (1.0 - beta ** (t + 1))
    return RangeTest(np.array(result.lr), losses, smoothed, result.diverged)


def range_test_figure(test: RangeTest, limit: float | None = None) -> Figure:
    """The range test's loss against the rate (log scale), with its three landmarks marked.

    Parameters
    ----------
    test : RangeTest
    limit : float, optional
        A known stability limit (e.g. ``2 / top_curvature(data)``) to draw as a vertical line.
    """
    figure, ax = new_figure()
    ax.plot(test.lrs, test.losses, color="0.7", linewidth=1.5, label="training loss after each step")
    ax.plot(test.lrs, test.smoothed, color="#0072B2", label="smoothed")
    marks = [("steepest fall", test.lr_steepest, "#009E73"), ("lowest loss", test.lr_at_min, "#E69F00")]
    if test.lr_blow_up is not None:
        marks.append(("blows up (4× lowest)", test.lr_blow_up, "#D55E00"))
    for label, lr, colour in marks:
        index = int(np.argmin(np.abs(test.lrs - lr)))
        ax.plot([lr], [test.smoothed[index]], "o", color=colour, markersize=11, zorder=5, label=f"{label}: η = {lr:.3g}")
    if limit is not None:
        ax.axvline(limit, color="black", linestyle=":", linewidth=2, label=f"stability limit 2/λ_max = {limit:.3g}")
    ax.set_xscale("log")
    top = float(test.smoothed[: test.best_index + 1].max())
    if test.lr_blow_up is not None:
        top = max(top, float(test.smoothed[int(np.argmin(np.abs(test.lrs - test.lr_blow_up)))]))
    ax.set_ylim(0, 1.15 * top)
    ax.set_title("Learning-rate range test")
    ax.set_xlabel("learning rate η (rising every step)")
    ax.set_ylabel("training loss")
    ax.legend(loc="upper left")
    return figure
