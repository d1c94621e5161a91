r"""Two small problems where we can *watch* why a learning rate has to shrink (chapter 01).

1. **A quadratic bowl** :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2` and plain
   (full-batch) gradient descent on it. Everything is known in closed form:
   each coordinate is multiplied by :math:`(1 - \eta_t \lambda_i)` at every step,

   .. math:: x_i^{(t+1)} = (1 - \eta_t \lambda_i)\, x_i^{(t)},

   so a constant rate converges if and only if :math:`0 < \eta < 2/\lambda_\max`
   (the *stability limit*), overshoots the optimum in direction :math:`i` at every
   step when :math:`\eta > 1/\lambda_i`, and converges fastest with
   :math:`\eta^\star = 2/(\lambda_\min + \lambda_\max)`.

2. **Noisy least squares** :math:`y = x^\top w^\star + b^\star + \varepsilon`,
   trained by minibatch SGD (:func:`lrdecay_lessons.training.train`). The
   minibatch gradient is noisy, so a *constant* rate never settles: the loss
   hovers at a *noise floor* whose height grows in proportion to :math:`\eta`
   (:meth:`NoisyLeastSquares.noise_floor`). A decaying rate gets under it.

The ``*_figure`` functions at the end draw both for the notebook.

>>> bowl = quadratic((1.0, 10.0))
>>> bowl.stability_limit, round(bowl.optimal_lr, 4)
(0.2, 0.1818)
>>> path = gradient_descent_path((-4.0, 1.2), bowl, 0.21, n_steps=200)
>>> path.diverged, path.diverged_at_step
(True, 76)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Sequence, Union

import numpy as np

from ..schedules.validation import check_count, check_in_interval, check_instance, check_positive, check_seeds
from .datasets import Dataset
from .trainer import (
    DIVERGENCE_FACTOR,
    ScheduleLike,
    TrainingResult,
    learning_rates,
    schedule_label,
    train,
)
from ..errors import InvalidParameterError
from ..i18n import tr
from .parallel import run_blocks
from .streams import stream

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "Quadratic",
    "quadratic",
    "DescentPath",
    "gradient_descent_path",
    "NoisyLeastSquares",
    "noisy_least_squares",
    "sgd_run",
    "FloorMeasurement",
    "measure_noise_floor",
]


@dataclass(frozen=True, repr=False)
class Quadratic:
    r"""The bowl :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2`, minimum 0 at :math:`x = 0`.

    The curvatures :math:`\lambda_i` are the eigenvalues of the Hessian; any convex
    quadratic becomes this one after a rotation to its eigenvectors and a shift of
    its minimum to the origin.

    Attributes
    ----------
    curvatures : tuple of float
        :math:`\lambda_1, \dots, \lambda_d > 0`.
    """

    curvatures: tuple[float, ...]

    @property
    def dimension(self) -> int:
        """Number of coordinates :math:`d`."""
        return len(self.curvatures)

    @property
    def lambda_min(self) -> float:
        r""":math:`\lambda_\min`, the flattest direction."""
        return min(self.curvatures)

    @property
    def lambda_max(self) -> float:
        r""":math:`\lambda_\max`, the steepest direction."""
        return max(self.curvatures)

    @property
    def condition_number(self) -> float:
        r"""Condition number :math:`\kappa = \lambda_\max / \lambda_\min` (1 = round bowl)."""
        return self.lambda_max / self.lambda_min

    @property
    def stability_limit(self) -> float:
        r"""Largest stable constant rate: GD converges iff :math:`\eta < 2/\lambda_\max`."""
        return 2.0 / self.lambda_max

    @property
    def optimal_lr(self) -> float:
        r"""Fastest constant rate :math:`\eta^\star = 2/(\lambda_\min + \lambda_\max)`."""
        return 2.0 / (self.lambda_min + self.lambda_max)

    @property
    def optimal_contraction(self) -> float:
        r"""Error factor per step at :math:`\eta^\star`: :math:`(\kappa - 1)/(\kappa + 1)`."""
        kappa = self.condition_number
        return (kappa - 1.0) / (kappa + 1.0)

    def loss(self, x: ArrayLike) -> Union[float, np.ndarray]:
        r""":math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2`, over the last axis of ``x``."""
        x = np.asarray(x, dtype=float)
        value = 0.5 * np.sum(np.asarray(self.curvatures) * x**2, axis=-1)
        return float(value) if np.ndim(value) == 0 else value

    def gradient(self, x: ArrayLike) -> np.ndarray:
        r""":math:`\nabla f(x) = (\lambda_1 x_1, \dots, \lambda_d x_d)`."""
        return np.asarray(self.curvatures) * np.asarray(x, dtype=float)

    def contraction(self, lr: float) -> np.ndarray:
        r"""Factor :math:`|1 - \eta \lambda_i|` by which one step shrinks each coordinate.

        Above 1 the coordinate grows (divergence); :math:`1 - \eta\lambda_i < 0`
        means the step jumps to the other side of the optimum.
        """
        return np.abs(1.0 - check_positive("lr", lr) * np.asarray(self.curvatures))

    def __repr__(self) -> str:
        return tr("Quadratic(curvatures={curvatures}: κ = {kappa:.4g}, stable for η < {limit:.4g}, "
                  "best constant η = {best:.4g})").format(
            curvatures=self.curvatures, kappa=self.condition_number, limit=self.stability_limit, best=self.optimal_lr)


def quadratic(curvatures: Union[Sequence[float], Quadratic]) -> Quadratic:
    r"""The bowl :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2` with these curvatures.

    Parameters
    ----------
    curvatures : sequence of float
        The Hessian's eigenvalues :math:`\lambda_i > 0`, one per coordinate.

    Returns
    -------
    Quadratic
        With its condition number, stability limit :math:`2/\lambda_\max` and best
        constant rate :math:`2/(\lambda_\min + \lambda_\max)`.

    Examples
    --------
    >>> quadratic([1, 10])
    Quadratic(curvatures=(1.0, 10.0): κ = 10, stable for η < 0.2, best constant η = 0.1818)
    """
    if isinstance(curvatures, Quadratic):
        return curvatures
    if isinstance(curvatures, (str, bytes)) or not isinstance(curvatures, (Sequence, np.ndarray)):
        raise InvalidParameterError(f"curvatures must be a list of numbers > 0, e.g. (1, 10); got curvatures={curvatures!r}.")
    values = list(np.asarray(curvatures).ravel()) if isinstance(curvatures, np.ndarray) else list(curvatures)
    if not values:
        raise InvalidParameterError("curvatures must hold at least one number > 0; got an empty sequence.")
    return Quadratic(tuple(check_positive(f"curvatures[{i}]", c) for i, c in enumerate(values)))


@dataclass(frozen=True, repr=False)
class DescentPath:
    r"""The record of gradient descent on a :class:`Quadratic` (arrays never hold NaN or inf).

    Attributes
    ----------
    label : str
        The schedule's name.
    bowl : Quadratic
        The function descended.
    n_steps : int
        Steps planned.
    lr : numpy.ndarray, shape (k,)
        Rates :math:`\eta_0, \dots, \eta_{k-1}` of the ``k`` steps done.
    points : numpy.ndarray, shape (k + 1, d)
        Iterates :math:`x^{(0)}, \dots, x^{(k)}`.
    losses : numpy.ndarray, shape (k + 1,)
        :math:`f(x^{(t)})`.
    diverged : bool
        Whether step ``diverged_at_step`` sent the loss above
        ``DIVERGENCE_FACTOR`` × the initial loss (or to inf); the path stops before it.
    diverged_at_step : int or None
    diverged_lr : float or None
        The rate of that step.
    """

    label: str
    bowl: Quadratic
    n_steps: int
    lr: np.ndarray
    points: np.ndarray
    losses: np.ndarray
    diverged: bool = False
    diverged_at_step: Optional[int] = None
    diverged_lr: Optional[float] = None

    @property
    def steps(self) -> np.ndarray:
        """Step numbers ``0 .. k`` of ``points`` and ``losses``."""
        return np.arange(len(self.losses))

    @property
    def final_loss(self) -> float:
        """The loss at the last point kept."""
        return float(self.losses[-1])

    def overshoots(self) -> np.ndarray:
        """How many steps jumped over the optimum (changed the sign) in each coordinate."""
        signs = np.sign(self.points)
        return np.sum(signs[1:] * signs[:-1] < 0, axis=0)

    def summary(self) -> str:
        """One line: the final loss, or where the path diverged."""
        if self.diverged:
            return tr("{label}: DIVERGED at step {step} with lr={lr:.4g} (stability limit 2/λmax = {limit:.4g}); "
                      "the loss passed {factor:.0e} × the initial {initial:.4g}").format(
                label=self.label, step=self.diverged_at_step, lr=self.diverged_lr, limit=self.bowl.stability_limit,
                factor=DIVERGENCE_FACTOR, initial=self.losses[0])
        return tr("{label}: loss {initial:.4g} → {final:.3e} after {n_steps} steps").format(
            label=self.label, initial=self.losses[0], final=self.final_loss, n_steps=self.n_steps)

    def __repr__(self) -> str:
        return f"DescentPath({self.summary()})"


def gradient_descent_path(
    start: ArrayLike,
    curvatures: Union[Sequence[float], Quadratic],
    schedule: ScheduleLike,
    n_steps: int,
    label: Optional[str] = None,
) -> DescentPath:
    r"""Gradient descent on :math:`f(x) = \tfrac12 \sum_i \lambda_i x_i^2` with a schedule.

    .. math:: x^{(t+1)} = x^{(t)} - \eta_t \nabla f(x^{(t)}), \qquad
              x_i^{(t+1)} = (1 - \eta_t \lambda_i)\, x_i^{(t)}

    Parameters
    ----------
    start : array_like, shape (d,)
        :math:`x^{(0)}`, finite.
    curvatures : sequence of float or Quadratic
        :math:`\lambda_i > 0` (see :func:`quadratic`).
    schedule : callable or float
        :math:`\eta_t` as a function of the step ``t = 0, 1, ...`` (any schedule of
        :mod:`lrdecay_lessons.schedules`, e.g. ``schedule("exponential_decay", ...)``), or a constant.
    n_steps : int
        Steps to take, ``>= 1``.
    label : str, optional
        Name in the summary; made from ``schedule`` by default.

    Returns
    -------
    DescentPath
        If a step sends the loss above ``DIVERGENCE_FACTOR`` × :math:`f(x^{(0)})`
        (or to inf), the path stops before that step and is marked diverged at it,
        with its rate; no floating-point warning is raised.

    Examples
    --------
    With :math:`\eta = 0.1 = 1/\lambda_2` the steep coordinate is solved in one
    step, while the flat one shrinks by :math:`1 - 0.1 \cdot 1 = 0.9` per step:

    >>> gradient_descent_path((1.0, 1.0), (1.0, 10.0), 0.1, n_steps=3).points.round(3)
    array([[1.   , 1.   ],
           [0.9  , 0.   ],
           [0.81 , 0.   ],
           [0.729, 0.   ]])
    """
    bowl = quadratic(curvatures)
    x = np.asarray(start, dtype=float)
    if x.shape != (bowl.dimension,) or not np.all(np.isfinite(x)):
        raise InvalidParameterError(
            f"start must hold {bowl.dimension} finite numbers (one per curvature); got start={start!r}."
        )
    n_steps = check_count("n_steps", n_steps)
    rates = learning_rates(schedule, n_steps)
    lam = np.asarray(bowl.curvatures)
    points, losses = [x], [bowl.loss(x)]
    limit = DIVERGENCE_FACTOR * max(losses[0], 1e-300)
    diverged_at: Optional[int] = None
    with np.errstate(over="ignore", invalid="ignore"):  # detected below and reported instead
        for t in range(n_steps):
            x = (1.0 - rates[t] * lam) * x
            loss = bowl.loss(x)
            if not loss <= limit:  # also catches inf and NaN
                diverged_at = t
                break
            points.append(x)
            losses.append(loss)
    done = len(points) - 1
    return DescentPath(
        label=schedule_label(schedule) if label is None else label,
        bowl=bowl,
        n_steps=n_steps,
        lr=rates[:done].copy(),
        points=np.array(points),
        losses=np.array(losses),
        diverged=diverged_at is not None,
        diverged_at_step=diverged_at,
        diverged_lr=None if diverged_at is None else float(rates[diverged_at]),
    )


@dataclass(frozen=True, repr=False)
class NoisyLeastSquares:
    r"""Generated data :math:`y = x^\top w^\star + b^\star + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`.

    Attributes
    ----------
    dataset : Dataset
        Training and validation samples (task ``"regression"``, so
        :func:`~lrdecay_lessons.training.train` fits :math:`\tfrac12` MSE to it).
    true_weights : numpy.ndarray
        :math:`w^\star`.
    true_bias : float
        :math:`b^\star`.
    noise : float
        :math:`\sigma`, the standard deviation of :math:`\varepsilon`.
    seed : int
        Seed of the generator that drew the samples.
    """

    dataset: Dataset
    true_weights: np.ndarray
    true_bias: float
    noise: float
    seed: int

    @functools.cached_property
    def _design(self) -> np.ndarray:
        """Training features with a column of ones for the bias, :math:`A = [X, 1]`."""
        X = self.dataset.X_train
        return np.column_stack([X, np.ones(len(X))])

    @functools.cached_property
    def optimum(self) -> np.ndarray:
        r"""The least-squares fit :math:`(\hat w, \hat b)` on the training set (weights, then bias)."""
        solution, *_ = np.linalg.lstsq(self._design, self.dataset.y_train, rcond=None)
        return solution

    @functools.cached_property
    def min_train_loss(self) -> float:
        r"""The lowest training loss any model reaches: :math:`\tfrac{1}{2n}\lVert A\hat\theta - y\rVert^2`."""
        residual = self._design @ self.optimum - self.dataset.y_train
        return 0.5 * float(np.mean(residual**2))

    @functools.cached_property
    def curvatures(self) -> np.ndarray:
        r"""Eigenvalues :math:`\lambda_i` of the loss's Hessian :math:`H = A^\top A / n`."""
        A = self._design
        return np.linalg.eigvalsh(A.T @ A / len(A))

    @functools.cached_property
    def best_val_loss(self) -> float:
        r"""Validation loss of the least-squares fit :math:`\hat\theta`: what training can at best reach there."""
        X = self.dataset.X_val
        residual = X @ self.optimum[:-1] + self.optimum[-1] - self.dataset.y_val
        return 0.5 * float(np.mean(residual**2))

    def expected_excess(self, weights: ArrayLike, bias: ArrayLike) -> float:
        r"""Expected loss on *new* samples above the noise's :math:`\sigma^2/2`, exactly.

        Because :math:`x \sim N(0, I)`,

        .. math:: \mathbb{E}\,\tfrac12 (x^\top w + b - y)^2 - \tfrac{\sigma^2}{2}
                  = \tfrac12 \lVert w - w^\star\rVert^2 + \tfrac12 (b - b^\star)^2 .

        No validation set is needed, so there is no sampling noise in this number.
        """
        w = np.asarray(weights, dtype=float).ravel()
        if w.shape != self.true_weights.shape:
            raise InvalidParameterError(
                f"weights must hold {self.true_weights.size} numbers; got {w.size}."
            )
        b = float(np.asarray(bias, dtype=float).ravel()[0])
        return 0.5 * float(np.sum((w - self.true_weights) ** 2) + (b - self.true_bias) ** 2)

    def excess_loss(self, train_loss: ArrayLike) -> np.ndarray:
        r"""Training loss minus its minimum, :math:`J(\theta) - J(\hat\theta) = \tfrac12 (\theta - \hat\theta)^\top H (\theta - \hat\theta)`."""
        return np.asarray(train_loss, dtype=float) - self.min_train_loss

    def noise_floor(self, lr: float, batch_size: int) -> float:
        r"""Predicted mean excess loss of SGD with a constant rate, once it has settled.

        .. math:: \bar E(\eta) \approx \frac{\eta\,\hat\sigma^2}{2B}
                  \sum_i \frac{\lambda_i}{2 - \eta\lambda_i}
                  \;\approx\; \frac{\eta\,\hat\sigma^2\,\operatorname{tr} H}{4B}
                  \quad(\text{small } \eta)

        with :math:`\hat\sigma^2 = 2 J(\hat\theta)` the residual variance,
        :math:`B` the batch size and :math:`\lambda_i` the :attr:`curvatures`.

        Notes
        -----
        Near the optimum the minibatch gradient is the true gradient plus noise of
        covariance :math:`\hat\sigma^2 H / B`, so the error :math:`e = \theta - \hat\theta`
        follows :math:`e_{t+1} = (I - \eta H)e_t + \eta\,\xi_t`. Its stationary
        covariance :math:`\Sigma = (I - \eta H)\Sigma(I - \eta H) + \eta^2\hat\sigma^2 H/B`
        is diagonal in the eigenbasis, :math:`\Sigma_{ii} = \eta\hat\sigma^2 / (B(2 - \eta\lambda_i))`,
        and the excess loss is :math:`\tfrac12\operatorname{tr}(H\Sigma)`. The
        approximation ignores the noise of the minibatch Hessian (small for small
        :math:`\eta`) and assumes fresh samples at every step, as in one pass over the data.
        """
        lr = check_positive("lr", lr)
        batch_size = check_count("batch_size", batch_size)
        lam = self.curvatures
        if lr * lam.max() >= 2.0:
            raise InvalidParameterError(
                f"lr must be < 2/λmax = {2.0 / lam.max():.4g} for SGD to settle at all; got lr={lr!r}."
            )
        sigma2 = 2.0 * self.min_train_loss
        return float(lr * sigma2 / (2.0 * batch_size) * np.sum(lam / (2.0 - lr * lam)))

    def __repr__(self) -> str:
        data = self.dataset
        return tr("NoisyLeastSquares({n_train} training / {n_val} validation samples, {n_features} features, "
                  "noise σ = {noise:g}, seed {seed})").format(
            n_train=data.n_train, n_val=len(data.y_val), n_features=data.n_features, noise=self.noise, seed=self.seed)


def noisy_least_squares(
    n_train: int = 20_000,
    n_val: int = 2_000,
    weights: Sequence[float] = (2.0, -1.0),
    bias: float = 0.5,
    noise: float = 1.0,
    seed: int = 0,
) -> NoisyLeastSquares:
    r"""Draw a linear-regression problem with Gaussian noise (seeded, nothing downloaded).

    .. math:: x \sim N(0, I_d), \qquad y = x^\top w^\star + b^\star + \varepsilon,
              \qquad \varepsilon \sim N(0, \sigma^2)

    Parameters
    ----------
    n_train, n_val : int
        Training and validation samples, ``>= 1`` each.
    weights : sequence of float
        :math:`w^\star`; its length is the number of features :math:`d`.
    bias : float
        :math:`b^\star`.
    noise : float
        :math:`\sigma > 0`. No model can get the expected loss below :math:`\sigma^2/2`.
    seed : int
        Seed of the ``"data"`` stream (:func:`~lrdecay_lessons.training.streams.stream`).

    Returns
    -------
    NoisyLeastSquares

    Examples
    --------
    >>> problem = noisy_least_squares(seed=0)
    >>> problem
    NoisyLeastSquares(20000 training / 2000 validation samples, 2 features, noise σ = 1, seed 0)
    >>> round(problem.min_train_loss, 3)
    0.501
    """
    n_train = check_count("n_train", n_train)
    n_val = check_count("n_val", n_val)
    w = np.asarray([check_in_interval(f"weights[{i}]", v, -math.inf, math.inf) for i, v in enumerate(weights)])
    if w.size == 0:
        raise InvalidParameterError("weights must hold at least one number; got an empty sequence.")
    bias = check_in_interval("bias", bias, -math.inf, math.inf)
    noise = check_positive("noise", noise)
    seed = check_count("seed", seed, minimum=0)
    rng = stream("data", seed)
    X = rng.standard_normal((n_train + n_val, w.size))
    y = X @ w + bias + noise * rng.standard_normal(n_train + n_val)
    data = Dataset("noisy least squares", "regression", X[:n_train], y[:n_train], X[n_train:], y[n_train:])
    return NoisyLeastSquares(data, w, bias, noise, seed)


def sgd_run(
    problem: NoisyLeastSquares,
    schedule: ScheduleLike,
    *,
    batch_size: int = 10,
    epochs: int = 1,
    seed: int = 0,
    label: Optional[str] = None,
) -> TrainingResult:
    r"""Minibatch SGD on the problem, losses recorded after every step.

    A thin call of :func:`lrdecay_lessons.training.train` (``record="step"``):

    .. math:: \theta_{t+1} = \theta_t - \eta_t \nabla J_{\text{batch } t}(\theta_t)

    With the default one epoch every minibatch holds fresh samples, the setting
    of :meth:`NoisyLeastSquares.noise_floor`.
    """
    check_instance("problem", problem, NoisyLeastSquares, "see noisy_least_squares(); a Dataset goes to train()")
    return train(problem.dataset, schedule, epochs=epochs, batch_size=batch_size, seed=seed,
                 record="step", label=label)


@dataclass(frozen=True, repr=False)
class FloorMeasurement:
    r"""Measured and predicted noise floors of constant-rate SGD, one row per rate.

    Attributes
    ----------
    lrs : numpy.ndarray
        The constant rates :math:`\eta`.
    measured : numpy.ndarray
        Mean excess training loss over the last ``1 - burn_in`` of each run,
        averaged over the seeds.
    spread : numpy.ndarray
        Standard deviation of the per-seed means (how repeatable the measurement is).
    theory : numpy.ndarray
        :meth:`NoisyLeastSquares.noise_floor` for each rate.
    batch_size : int
    seeds : tuple of int
    burn_in : float
    """

    lrs: np.ndarray
    measured: np.ndarray
    spread: np.ndarray
    theory: np.ndarray
    batch_size: int
    seeds: tuple[int, ...]
    burn_in: float

    def halving_factors(self) -> np.ndarray:
        """Measured floor at each rate divided by the floor at the next (half as large) rate."""
        return self.measured[:-1] / self.measured[1:]

    def __repr__(self) -> str:
        ratios = ", ".join(f"{r:.3g}" for r in self.measured / self.theory)
        return tr("FloorMeasurement({n_rates} rates, batch {batch_size}, {n_seeds} seeds; measured / theory "
                  "{ratios})").format(n_rates=len(self.lrs), batch_size=self.batch_size, n_seeds=len(self.seeds),
                                      ratios=ratios)



#: Loss evaluations (steps x training samples) from which :func:`measure_noise_floor` shares its runs among
#: the machine's free cores (:mod:`.parallel`); about half a second here.
SHARED_WORK = 10**8


def _floor_level(problem: NoisyLeastSquares, lr: float, batch_size: int, seed: int, burn_in: float) -> tuple[str, float]:
    """The mean excess loss after the burn-in of one run at the constant rate ``lr`` and, if it diverged, its
    summary."""
    run = sgd_run(problem, lr, batch_size=batch_size, seed=seed)
    if run.diverged:
        return run.summary(), math.nan
    excess = problem.excess_loss(run.train_loss)
    return "", float(excess[int(burn_in * len(excess)):].mean())


def measure_noise_floor(
    problem: NoisyLeastSquares,
    lrs: Sequence[float],
    *,
    batch_size: int = 10,
    seeds: Sequence[int] = (0, 1, 2),
    burn_in: float = 0.5,
) -> FloorMeasurement:
    r"""Run constant-rate SGD at each rate and measure where the loss levels off.

    .. math:: \text{floor}(\eta) = \operatorname{mean}_{t > \text{burn\_in}\cdot T}
              \big(J(\theta_t) - J(\hat\theta)\big), \text{ averaged over seeds}

    Parameters
    ----------
    problem : NoisyLeastSquares
    lrs : sequence of float
        Constant rates, each below the stability limit.
    batch_size : int, default 10
    seeds : sequence of int, default (0, 1, 2)
        One run per seed (the seed fixes the batch order).
    burn_in : float, default 0.5
        Fraction of each run left out before averaging, in ``(0, 1)``.

    Returns
    -------
    FloorMeasurement
    """
    check_instance("problem", problem, NoisyLeastSquares, "see noisy_least_squares()")
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, (Sequence, np.ndarray)):
        raise InvalidParameterError(f"lrs must be a list of rates > 0; got lrs={lrs!r}.")
    lrs = np.array([check_positive(f"lrs[{i}]", lr) for i, lr in enumerate(lrs)])
    if lrs.size == 0:
        raise InvalidParameterError("lrs must hold at least one rate; got an empty sequence.")
    seeds = check_seeds("seeds", seeds)
    burn_in = check_in_interval("burn_in", burn_in, 0.0, 1.0)
    batch_size = check_count("batch_size", batch_size)
    theory = np.array([problem.noise_floor(lr, batch_size) for lr in lrs])
    # every run evaluates the loss on all the training data at each of its steps
    work = lrs.size * len(seeds) * -(-problem.dataset.n_train // batch_size) * problem.dataset.n_train
    runs = run_blocks(_floor_level, [(problem, float(lr), batch_size, seed, burn_in) for lr in lrs for seed in seeds],
                      share=work >= SHARED_WORK)
    for k, (diverged, _) in enumerate(runs):
        if diverged:
            i = k // len(seeds)
            raise InvalidParameterError(f"lrs[{i}]={lrs[i]:g} diverged ({diverged}); choose smaller rates.")
    means = np.array([level for _, level in runs]).reshape(lrs.size, len(seeds))
    return FloorMeasurement(
        lrs=lrs,
        measured=means.mean(axis=1),
        spread=means.std(axis=1, ddof=1) if len(seeds) > 1 else np.zeros(lrs.size),
        theory=theory,
        batch_size=batch_size,
        seeds=seeds,
        burn_in=burn_in,
    )
