r"""A learning-rate range test (Smith 2017): one short run with an exponentially rising rate.

.. math:: \eta_t = \eta_\text{start}\left(\frac{\eta_\text{stop}}{\eta_\text{start}}\right)^{t/(n-1)}

The training loss after every step, smoothed, shows where the rate is useful (the loss falls
fastest) and where it is too large (the loss turns up): :func:`lr_range_test` runs it and returns
a :class:`RangeTest` with the three landmarks. Computes, never draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..schedules.validation import check_count, check_in_interval, check_instance, check_positive
from .datasets import Dataset
from .trainer import train
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["RangeTest", "lr_range_test"]


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
    def lr_steepest(self) -> float | None:
        r"""The rate where the smoothed loss falls fastest per decade of rate, :math:`\arg\min\, d\,\text{loss} / d \log\eta`.

        ``None`` when the loss is lowest at the first step (it never falls: ``lr_start`` is too large).
        """
        if self.best_index == 0:
            return None
        slope = np.gradient(self.smoothed[: self.best_index + 1], np.log(self.lrs[: self.best_index + 1]))
        return float(self.lrs[int(np.argmin(slope))])

    @property
    def lr_blow_up(self) -> float | None:
        """The first rate, after the minimum, where the smoothed loss exceeds 4 × its minimum (or ``None``)."""
        after = np.flatnonzero(self.smoothed[self.best_index:] > 4.0 * self.smoothed.min())
        return float(self.lrs[self.best_index + after[0]]) if after.size else None

    def __repr__(self) -> str:
        blow = tr("never") if self.lr_blow_up is None else f"{self.lr_blow_up:.3g}"
        steepest = (tr("nowhere (the loss never falls: start lower)") if self.lr_steepest is None
                    else f"{self.lr_steepest:.3g}")
        diverged = tr(", then diverged") if self.diverged else ""
        return tr("RangeTest({n_steps} steps{diverged}, rate {first:.3g} → {last:.3g}: lowest loss at {lowest:.3g}, "
                  "steepest fall at {steepest}, blows up (4× min) at {blow})").format(
            n_steps=self.lrs.size, diverged=diverged, first=self.lrs[0], last=self.lrs[-1], lowest=self.lr_at_min,
            steepest=steepest, blow=blow)


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
    check_instance("dataset", dataset, Dataset, "see load_dataset()")
    lr_start = check_positive("lr_start", lr_start)
    lr_stop = check_positive("lr_stop", lr_stop)
    if lr_stop <= lr_start:
        raise InvalidParameterError(f"lr_stop must be > lr_start (lr_start={lr_start:g}); got lr_stop={lr_stop!r}.")
    beta = check_in_interval("beta", beta, 0.0, 1.0, closed_low=True)
    epochs = check_count("epochs", epochs)
    n = epochs * -(-dataset.n_train // check_count("batch_size", batch_size))
    ratio = lr_stop / lr_start

    def ramp(t: ArrayLike) -> np.ndarray:
        return lr_start * ratio ** (np.asarray(t, dtype=float) / max(n - 1, 1))

    result = train(dataset, ramp, epochs=epochs, batch_size=batch_size, seed=seed, record="step",
                   label="range test")
    if result.train_loss.size < 2:
        raise InvalidParameterError(
            f"lr_start must be small enough for the loss to be recorded twice; got lr_start={lr_start!r}: "
            f"{result.summary()}."
        )
    losses = np.array(result.train_loss)
    ema, smoothed = 0.0, np.empty_like(losses)
    for t, loss in enumerate(losses):
        ema = beta * ema + (1.0 - beta) * loss
        smoothed[t] = ema / (1.0 - beta ** (t + 1))
    return RangeTest(np.array(result.lr), losses, smoothed, result.diverged)
