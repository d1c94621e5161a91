r"""Runs on the noisy least-squares problem, scored by the exact expected excess loss.

Every function here trains the linear model of a
:class:`~lrdecay_lessons.training.landscapes.NoisyLeastSquares` problem with several schedules and
seeds and scores each run by
:meth:`~lrdecay_lessons.training.landscapes.NoisyLeastSquares.expected_excess`,
:math:`\tfrac12\lVert w - w^\star\rVert^2 + \tfrac12 (b - b^\star)^2`, exactly (no validation noise):

* :func:`final_excess` -- minibatch SGD with each schedule: the final excess, mean and spread;
* :func:`compare_on_noisy_problem` -- the same for published recipes' shapes
  (:mod:`lrdecay_lessons.schedules.recipes`), stretched to one run and one peak;
* :func:`adam_excess` -- Adam (:class:`~lrdecay_lessons.training.optimizers.Adam`): the excess
  after every update, to see whether Adam, too, settles at a noise floor that decay lowers.

Computes, never draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..schedules.recipes import RECIPES, Recipe, rescaled
from ..schedules.validation import check_count, check_instance, check_positive, check_seeds
from .landscapes import NoisyLeastSquares
from .optimizers import Adam, checked_once_step
from .trainer import DIVERGENCE_FACTOR, MAX_STEPS, ScheduleLike, learning_rates, train
from ..errors import InvalidParameterError
from .streams import stream

__all__ = ["final_excess", "RecipeOutcome", "compare_on_noisy_problem", "adam_excess"]


def final_excess(problem: NoisyLeastSquares, runs: Mapping[str, ScheduleLike], n_steps: int = 2000,
                 seeds: Sequence[int] = (0, 1, 2), batch_size: int = 10) -> dict[str, tuple[float, float]]:
    r"""Minibatch SGD on ``problem`` with each schedule; the final expected excess loss, mean and spread.

    One pass over fresh samples per seed (:func:`lrdecay_lessons.training.train`); the score is
    :meth:`~lrdecay_lessons.training.landscapes.NoisyLeastSquares.expected_excess`, exact.

    Returns
    -------
    dict
        ``name -> (mean, standard deviation over the seeds)``.

    Raises
    ------
    ValueError
        If ``runs`` is empty, a run diverges, or ``n_steps`` is not a whole number of epochs.
    """
    check_instance("problem", problem, NoisyLeastSquares, "see noisy_least_squares()")
    if not isinstance(runs, Mapping) or not runs:
        raise InvalidParameterError(f"runs must be a non-empty mapping of names to schedules; got runs={runs!r}.")
    n_steps = check_count("n_steps", n_steps)
    per_epoch = -(-problem.dataset.n_train // check_count("batch_size", batch_size))
    if n_steps % per_epoch:
        raise InvalidParameterError(f"n_steps must be a whole number of epochs ({per_epoch} steps each); got n_steps={n_steps}.")
    seeds = tuple(seeds)
    out = {}
    for name, schedule in runs.items():
        finals = []
        for seed in seeds:
            run = train(problem.dataset, schedule, epochs=n_steps // per_epoch, batch_size=batch_size, seed=seed)
            if run.diverged:
                raise InvalidParameterError(f"runs[{name!r}] must not diverge; {run.summary()}.")
            finals.append(problem.expected_excess(run.weights, run.bias))
        out[name] = (float(np.mean(finals)), float(np.std(finals, ddof=1)) if len(finals) > 1 else 0.0)
    return out


@dataclass(frozen=True)
class RecipeOutcome:
    """One recipe's shape trained on the noisy least-squares problem (see :func:`compare_on_noisy_problem`)."""

    key: str
    name: str
    final_fraction: float
    mean_fraction: float
    excess: float
    excess_spread: float
    diverged: int


def compare_on_noisy_problem(
    problem: "NoisyLeastSquares",
    *,
    n_steps: int = 2000,
    peak: float = 0.1,
    seeds: Sequence[int] = (0, 1, 2),
    batch_size: int = 10,
    items: Sequence[Recipe] = RECIPES,
) -> tuple[RecipeOutcome, ...]:
    r"""Train minibatch SGD with every recipe's shape, stretched to the same run and the same peak.

    Each recipe becomes :func:`rescaled` ``(recipe, n_steps, peak)``; one run per seed
    (:func:`lrdecay_lessons.training.train`, one pass over fresh samples) measures the final
    expected excess loss :math:`\tfrac12\lVert w - w^\star\rVert^2 + \tfrac12 (b - b^\star)^2`
    (:meth:`~lrdecay_lessons.training.landscapes.NoisyLeastSquares.expected_excess`), exactly.

    Returns
    -------
    tuple of RecipeOutcome
        Per recipe: the last rate and the mean rate as fractions of the peak, and the final
        excess loss (mean and standard deviation over the seeds, diverged runs left out).
    """
    check_instance("problem", problem, NoisyLeastSquares, "see noisy_least_squares()")
    n_steps = check_count("n_steps", n_steps)
    peak = check_positive("peak", peak)
    seeds = check_seeds("seeds", seeds)
    if isinstance(items, Recipe) or not isinstance(items, Sequence) or not items:
        raise InvalidParameterError(f"items must be a non-empty list of Recipe (e.g. RECIPES); got items={items!r}.")
    for i, item in enumerate(items):
        check_instance(f"items[{i}]", item, Recipe, "see RECIPES or recipe(key)")
    per_epoch = -(-problem.dataset.n_train // check_count("batch_size", batch_size))
    if n_steps % per_epoch:
        raise InvalidParameterError(f"n_steps must be a whole number of epochs ({per_epoch} steps each); got n_steps={n_steps}.")
    outcomes = []
    for item in items:
        shape = rescaled(item, n_steps, peak)
        rates = learning_rates(shape, n_steps)
        finals, diverged = [], 0
        for seed in seeds:
            run = train(problem.dataset, shape, epochs=n_steps // per_epoch, batch_size=batch_size, seed=seed)
            if run.diverged:
                diverged += 1
                continue
            finals.append(problem.expected_excess(run.weights, run.bias))
        outcomes.append(RecipeOutcome(item.key, item.name, float(rates[-1] / peak), float(rates.mean() / peak),
                                      float(np.mean(finals)) if finals else math.nan,
                                      float(np.std(finals, ddof=1)) if len(finals) > 1 else 0.0, diverged))
    return tuple(outcomes)


def adam_excess(
    problem: NoisyLeastSquares,
    schedule: ScheduleLike,
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

    (Kingma & Ba 2015), starting from :math:`\theta = 0, m = v = 0`: the update of
    :class:`~lrdecay_lessons.training.optimizers.Adam`, which computes the same quantity as
    :math:`\theta - \frac{\eta_t}{1-\beta_1^{t+1}}\, m_t / (\sqrt{v_t} / \sqrt{1-\beta_2^{t+1}} + \epsilon)`.

    Parameters
    ----------
    problem : NoisyLeastSquares
        From :func:`lrdecay_lessons.training.landscapes.noisy_least_squares`.
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
        raise InvalidParameterError(f"problem must be a NoisyLeastSquares (see noisy_least_squares); got {problem!r}.")
    n_steps = check_count("n_steps", n_steps)
    if n_steps > MAX_STEPS:
        raise InvalidParameterError(f"n_steps must be at most {MAX_STEPS:,}; got n_steps={n_steps:,}.")
    batch_size = check_count("batch_size", batch_size)
    seed = check_count("seed", seed, minimum=0)
    eps = check_positive("eps", eps)
    optimizer = Adam(beta1=beta1, beta2=beta2, eps=eps)
    rates = learning_rates(schedule, n_steps)
    X, y = problem.dataset.X_train, problem.dataset.y_train
    A = np.column_stack([X, np.ones(len(X))])
    target = np.append(problem.true_weights, problem.true_bias)
    per_epoch = len(A) // batch_size
    if per_epoch == 0:
        raise InvalidParameterError(f"batch_size must be <= the {len(A)} training samples; got batch_size={batch_size}.")
    rng = stream("batches", seed)
    # float64 weights and gradients of their shape, and rates checked by learning_rates: the optimizer's
    # checks of its arguments at every step are left out (checked_once_step); the numbers are step()'s.
    params = (np.zeros(A.shape[1]),)
    state = optimizer.init(params)
    excess = np.empty(n_steps)
    order = rng.permutation(len(A))
    limit = DIVERGENCE_FACTOR * max(0.5 * float(np.sum(target**2)), 1e-12)
    for t in range(n_steps):
        k = t % per_epoch
        if t and k == 0:
            order = rng.permutation(len(A))
        rows = order[k * batch_size : (k + 1) * batch_size]
        (theta,) = params
        g = A[rows].T @ (A[rows] @ theta - y[rows]) / batch_size
        with np.errstate(all="ignore"):  # a blow-up is reported below, not warned about
            params, state = checked_once_step(optimizer, params, (g,), state, rates[t])
            excess[t] = 0.5 * float(np.sum((params[0] - target) ** 2))
        if not excess[t] <= limit:  # also true for NaN
            raise InvalidParameterError(
                f"schedule must keep Adam from diverging; it diverged at step {t} with rate {rates[t]:.4g}: "
                f"the excess loss exceeded {DIVERGENCE_FACTOR:.0e} × its initial value. Choose smaller rates."
            )
    return excess
