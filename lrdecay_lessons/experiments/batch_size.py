r"""Learning rate against batch size on chapter 08's lab, and the lab's gradient noise scale.

The study (:func:`batch_size_study`): chapter 08's network (teacher–student digits, one ReLU layer of
32 in float32) sees the same number of samples, :data:`SAMPLES`, at every batch size :math:`B` in
:data:`BATCH_SIZES` (so :math:`T = N/B` steps: 4000 at :math:`B = 8`, 1000 at 32, 250 at 128, 125 at
256), with one schedule, linear decay to 0 from the peak, no warm-up. For SGD with momentum 0.9 and
for Adam, the peak is tuned at each :math:`B` on the plan's tuning seeds over a half-octave grid of
:data:`GRID_POINTS` peaks centred on the prediction of the optimizer's textbook rule (linear for SGD,
square root for Adam) from the centre at :math:`B = 32` (:func:`grid_for`); where the best is at an end of the grid the grid is extended by two
peaks on that side and tuned again (at most :data:`MAX_EXTENSIONS` times; an end that remains is
flagged). Each tuned :math:`B` is then run on the evaluation seeds and compared with :math:`B = 32`
seed by seed (Holm over the batch sizes of one optimizer).

The rules the peaks are set against: the **linear rule** :math:`\eta_B = \eta_{32}\, B/32` (Goyal et
al. 2017, arXiv 1706.02677) for SGD and the **square-root rule** :math:`\eta_B = \eta_{32}\sqrt{B/32}`
(Malladi et al. 2022, NeurIPS) for Adam.

The **gradient noise scale** (McCandlish, Kaplan, Amodei et al. 2018, arXiv 1812.06162, *An Empirical
Model of Large-Batch Training*), :func:`noise_scale`:

.. math:: \mathcal B_\text{simple} = \frac{\operatorname{tr}\Sigma}{\lvert G\rvert^2},
          \qquad G = \mathbb E\,g, \qquad \operatorname{tr}\Sigma = \mathbb E\,\lvert g\rvert^2 - \lvert G\rvert^2,

where :math:`g` is the gradient of one example's loss and the expectation is over what a minibatch
draws: an image uniformly from the training images, its label from the teacher. The lab's distribution
is finite, so both moments are computed **exactly**, not estimated: every image with every label,
weighted by :math:`p^\star(y\mid x)/n`, each example's gradient back-propagated as the MLP's
``loss_and_gradient`` does on a batch of 1 (a test checks every example against it). Not the paper's
two-batch-size estimator (its appendix A.1), which is what one uses when the data cannot be enumerated. A batch of :math:`B` has :math:`\mathbb E\lvert g_B\rvert^2 = \lvert G\rvert^2
+ \operatorname{tr}\Sigma/B`: at :math:`B = \mathcal B_\text{simple}` the noise is as large as the signal.
McCandlish et al. model the best rate as :math:`\eta(B) \approx \eta_\max/(1 + \mathcal B_\text{noise}/B)`:
linear in :math:`B` well below the noise scale, flat well above it (they use :math:`\mathcal B_\text{simple}`
for :math:`\mathcal B_\text{noise}`, which equals it when the Hessian is a multiple of the identity).

What it cannot do: a network of 32 hidden units on 1348 images with labels drawn afresh is not a
model trained at scale; its noise scale is that of this problem at these points of a run, and the
evaluation seeds say whether a gap between batch sizes is larger than this problem's seed-to-seed noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from .. import schedules as S
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice, check_count
from ..training import (MLP, SGD, Adam, Optimizer, PairedComparison, SeedPlan, TeacherStudent, TunedComparison,
                        paired_comparison, tune_and_evaluate)
from ..training.parallel import run_blocks
from ..training.streams import stream
from .ch10 import lab, student, with_holm
from .claims import Claim

__all__ = ["SAMPLES", "BATCH_SIZES", "REFERENCE_BATCH", "GRID_POINTS", "MAX_EXTENSIONS", "OPTIMIZERS", "CENTRES", "RULE_EXPONENTS",
           "NOISE_FRACTIONS", "SCHEDULE", "grid_for", "BatchSizeStudy", "batch_size_study", "NoiseScale",
           "noise_scale", "weighted_noise_scale", "params_along_run", "noise_scales_along_run", "run_study",
           "closer_rule", "short_verdict", "CLAIMS"]

#: Samples every run sees, whatever its batch size (1000 steps at B = 32, the chapter's lab).
SAMPLES = 32_000
#: The batch sizes, a factor of 4 apart and the largest doubled (each divides :data:`SAMPLES`).
BATCH_SIZES = (8, 32, 128, 256)
#: The batch size the rules scale from.
REFERENCE_BATCH = 32
#: Peaks per grid, half an octave apart.
GRID_POINTS = 5
#: How many times a grid whose best is at an end is extended (two peaks each time) and tuned again.
MAX_EXTENSIONS = 2
#: The optimizers, by label.
OPTIMIZERS: dict[str, Optimizer] = {"SGD, momentum 0.9": SGD(momentum=0.9), "Adam": Adam()}
#: The centre of each optimizer's grid at B = 32 (near its tuned peak for 1000 steps of linear decay).
CENTRES = {"SGD, momentum 0.9": 0.0707, "Adam": 0.024}
#: Each optimizer's grid is centred on its textbook rule: linear for SGD (exponent 1), square root for Adam (1/2).
RULE_EXPONENTS = {"SGD, momentum 0.9": 1.0, "Adam": 0.5}
#: Where along the reference run the noise scale is measured, as fractions of its steps.
NOISE_FRACTIONS = (0.0, 0.1, 0.5, 1.0)
#: The one schedule of the study.
SCHEDULE: dict[str, Callable] = {
    "linear to 0": lambda peak, T: S.schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0)}


def grid_for(centre: float, batch_size: int, exponent: float, points: int = GRID_POINTS) -> tuple[float, ...]:
    r"""Half-octave peaks centred on :math:`c\,(B/32)^{k}`: the prediction, from the centre :math:`c` at
    :math:`B = 32`, of the rule with exponent :math:`k` (1 linear, 1/2 square root).

    >>> [round(p, 4) for p in grid_for(0.1, 128, 0.5, 3)]
    [0.1414, 0.2, 0.2828]
    """
    middle = centre * (batch_size / REFERENCE_BATCH) ** exponent
    return tuple(middle * 2 ** ((k - (points - 1) / 2) / 2) for k in range(points))


def _extended(grid: tuple[float, ...], edge: str) -> tuple[float, ...]:
    if edge == "low":
        return tuple(grid[0] * 2 ** (-k / 2) for k in (2, 1)) + grid
    return grid + tuple(grid[-1] * 2 ** (k / 2) for k in (1, 2))


def _tune(problem: TeacherStudent, net: MLP, optimizer: Optimizer, grid: tuple[float, ...], plan: SeedPlan,
          batch_size: int, samples: int) -> TunedComparison:
    """Tune on ``grid``, extending it while the best is at an end (at most :data:`MAX_EXTENSIONS` times)."""
    for extension in range(MAX_EXTENSIONS + 1):
        tuned = tune_and_evaluate(problem, net, optimizer, SCHEDULE, grid, plan, samples // batch_size,
                                  "linear to 0", batch_size=batch_size, tuning_curves=False)
        edge = tuned.edges["linear to 0"]
        if edge is None or extension == MAX_EXTENSIONS:
            return tuned
        grid = _extended(grid, edge)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class BatchSizeStudy:
    """Every optimizer at every batch size, its peak tuned (:func:`batch_size_study`).

    Attributes
    ----------
    plan : SeedPlan
    batch_sizes : tuple of int
    samples : int
        Samples each run saw (``samples // B`` steps at batch size ``B``).
    tuned : dict
        ``(optimizer, B)`` -> :class:`~lrdecay_lessons.training.TunedComparison` of the one schedule.
    comparisons : dict
        ``optimizer`` -> list of :class:`PairedComparison`, each ``B`` ≠ 32 minus ``B = 32`` seed by seed on
        the evaluation seeds (Holm over the list); a batch size with a failed run is left out.
    """

    plan: SeedPlan
    batch_sizes: tuple[int, ...]
    samples: int
    tuned: dict
    comparisons: dict

    def _get(self, optimizer: str, batch_size: int) -> TunedComparison:
        if (optimizer, batch_size) not in self.tuned:
            raise InvalidParameterError(f"(optimizer, batch_size) must be one of {sorted(self.tuned)}; "
                                        f"got ({optimizer!r}, {batch_size!r}).")
        return self.tuned[(optimizer, batch_size)]

    def peak(self, optimizer: str, batch_size: int) -> float | None:
        """The peak tuned at ``batch_size`` (``None`` if every peak had a failed tuning run)."""
        return self._get(optimizer, batch_size).peaks["linear to 0"]

    def edge(self, optimizer: str, batch_size: int) -> str | None:
        return self._get(optimizer, batch_size).edges["linear to 0"]

    def grid(self, optimizer: str, batch_size: int) -> tuple[float, ...]:
        """The grid finally tuned over (extended where the first grid's best was at an end)."""
        return self._get(optimizer, batch_size).tuning.peaks

    def results(self, optimizer: str, batch_size: int) -> np.ndarray:
        """Final excess loss per evaluation seed at the tuned peak."""
        return self._get(optimizer, batch_size).results["linear to 0"]

    def ratio(self, optimizer: str, batch_size: int) -> float:
        """:math:`\\eta_B / \\eta_{32}`: the linear rule predicts :math:`B/32`, the square-root rule :math:`\\sqrt{B/32}`."""
        return self.peak(optimizer, batch_size) / self.peak(optimizer, REFERENCE_BATCH)

    @property
    def optimizers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for name, _ in self.tuned))


def run_study(plan: SeedPlan, batch_sizes: Sequence[int] = BATCH_SIZES, samples: int = SAMPLES,
              optimizers: Sequence[str] = tuple(OPTIMIZERS), problem: TeacherStudent | None = None,
              net: MLP | None = None) -> BatchSizeStudy:
    """Tune every optimizer at every batch size; compare each batch size with 32 on the evaluation seeds."""
    sizes = tuple(sorted({check_count(f"batch_sizes[{i}]", B) for i, B in enumerate(batch_sizes)}))
    if REFERENCE_BATCH not in sizes:
        raise InvalidParameterError(f"batch_sizes must include the reference batch {REFERENCE_BATCH}; "
                                    f"got batch_sizes={tuple(batch_sizes)!r}.")
    samples = check_count("samples", samples)
    uneven = [B for B in sizes if samples % B or samples // B < 2]
    if uneven:
        raise InvalidParameterError(f"samples must be a multiple of every batch size, at least two steps each; "
                                    f"got samples={samples} with batch sizes {uneven}.")
    unknown = [o for o in optimizers if o not in OPTIMIZERS]
    if unknown or not optimizers:
        raise InvalidParameterError(f"optimizers must be among {list(OPTIMIZERS)}; got optimizers={tuple(optimizers)!r}.")
    problem, net = problem or lab(), net or student()
    pairs = [(o, B) for o in optimizers for B in sizes]
    tuned = dict(zip(pairs, run_blocks(_tune, [
        (problem, net, OPTIMIZERS[o], grid_for(CENTRES[o], B, RULE_EXPONENTS[o]), plan, B, samples) for o, B in pairs],
        cost=[samples // B for _, B in pairs])))  # steps per run
    comparisons = {}
    for o in optimizers:
        reference = tuned[(o, REFERENCE_BATCH)].results["linear to 0"]
        pairs = [(B, tuned[(o, B)].results["linear to 0"]) for B in sizes if B != REFERENCE_BATCH]
        single = [paired_comparison(f"B = {B}", f"B = {REFERENCE_BATCH}", values, reference) for B, values in pairs
                  if np.all(np.isfinite(values)) and np.all(np.isfinite(reference))]
        comparisons[o] = with_holm(single) if single else []
    return BatchSizeStudy(plan, sizes, samples, tuned, comparisons)


@lru_cache(maxsize=2)
def batch_size_study(plan: SeedPlan) -> BatchSizeStudy:
    """:func:`run_study` with the chapter's batch sizes, samples and lab, remembered for the last two plans (the
    runs are deterministic); do not modify the arrays of the result."""
    return run_study(plan)


# ---------------------------------------------------------------------------------------------
# The gradient noise scale
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoiseScale:
    r"""The two moments of the per-example gradient and their ratio.

    Attributes
    ----------
    trace : float
        :math:`\operatorname{tr}\Sigma = \mathbb E\lvert g\rvert^2 - \lvert G\rvert^2`.
    signal : float
        :math:`\lvert G\rvert^2`.
    """

    trace: float
    signal: float

    @property
    def simple(self) -> float:
        r""":math:`\mathcal B_\text{simple} = \operatorname{tr}\Sigma / \lvert G\rvert^2` (``inf`` where :math:`G = 0`)."""
        return self.trace / self.signal if self.signal > 0 else math.inf


def weighted_noise_scale(gradients: np.ndarray, weights: np.ndarray) -> NoiseScale:
    r""":math:`\mathcal B_\text{simple}` of a finite distribution of gradients: ``gradients[i]`` (flattened) with
    probability ``weights[i]`` (summing to 1):

    .. math:: G = \sum_i w_i g_i, \qquad \operatorname{tr}\Sigma = \sum_i w_i \lvert g_i\rvert^2 - \lvert G\rvert^2 .

    >>> weighted_noise_scale(np.array([[3.0, 1.0], [1.0, -1.0]]), np.array([0.5, 0.5])).simple  # G = (2, 0), tr Σ = 6 - 4
    0.5
    """
    g = np.asarray(gradients, dtype=float).reshape(len(gradients), -1)
    w = np.asarray(weights, dtype=float)
    if w.shape != (len(g),) or np.any(w < 0) or not math.isclose(w.sum(), 1.0, rel_tol=1e-9):
        raise InvalidParameterError(f"weights must be {len(g)} probabilities summing to 1; got weights of shape "
                                    f"{w.shape} summing to {w.sum():.6g}.")
    mean = w @ g
    signal = float(mean @ mean)
    return NoiseScale(max(float(w @ (g * g).sum(axis=1)) - signal, 0.0), signal)


def noise_scale(problem: TeacherStudent, net: MLP, params: Sequence[np.ndarray]) -> NoiseScale:
    r"""The exact :math:`\mathcal B_\text{simple}` of the lab at ``params`` (in float64).

    The examples are every training image :math:`x` with every label :math:`y`, weighted by
    :math:`w_{xy} = p^\star(y\mid x)/n` (what a minibatch draws: an image uniformly, its label from the
    teacher; with fixed labels, the image's own label with weight :math:`1/n`). One example's gradient is
    back-propagated as ``loss_and_gradient`` does on a batch of 1, for all the labels of an image at once:
    the output error is :math:`\delta_{L+1} = \operatorname{softmax}(z) - e_y`, then
    :math:`\delta_\ell = (\delta_{\ell+1} W_{\ell+1}^\top) \odot [a_\ell > 0]`, and layer :math:`\ell`'s
    gradient is :math:`a_{\ell-1} \otimes \delta_\ell` (weights) and :math:`\delta_\ell` (bias). The outer
    product is never formed: its squared norm is :math:`\lvert a_{\ell-1}\rvert^2 \lvert\delta_\ell\rvert^2`, and

    .. math:: \mathbb E\lvert g\rvert^2 = \sum_{x,y} w_{xy} \sum_\ell (\lvert a_{\ell-1}\rvert^2 + 1)\,
              \lvert\delta_\ell\rvert^2, \qquad
              G_{W_\ell} = \sum_x a_{\ell-1}(x) \otimes \sum_y w_{xy}\,\delta_\ell(x, y) .

    (A test checks both moments against ``loss_and_gradient`` on every example, one at a time.)
    """
    if not isinstance(net, MLP) or net.head != "softmax":
        raise InvalidParameterError(f"net must be an MLP with head='softmax'; got net={net!r}.")
    exact = MLP(hidden=net.hidden, head=net.head, init_scale=net.init_scale, dtype="float64")
    point = tuple(np.asarray(p, dtype=np.float64) for p in params)
    logits, activations = exact.forward(point, problem.X_train.astype(np.float64))
    n, C = logits.shape
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    if problem.fixed_labels is None:  # every label of every image: (n, C labels, C outputs)
        delta = probabilities[:, None, :] - np.eye(C)[None, :, :]
        weights = problem.teacher_probs_train / n
    else:
        delta = (probabilities - np.eye(C)[np.asarray(problem.fixed_labels)])[:, None, :]
        weights = np.full((n, 1), 1.0 / n)
    second = signal = 0.0
    for layer in range(len(exact.hidden), -1, -1):  # the output layer first
        A = activations[layer]
        second += float(((weights * (delta**2).sum(axis=-1)) * ((A * A).sum(axis=1) + 1.0)[:, None]).sum())
        averaged = np.einsum("xy,xyo->xo", weights, delta)
        signal += float(((A.T @ averaged) ** 2).sum() + (averaged.sum(axis=0) ** 2).sum())
        if layer:
            delta = (delta @ point[2 * layer].T) * (A > 0)[:, None, :]
    return NoiseScale(max(second - signal, 0.0), signal)


def params_along_run(problem: TeacherStudent, net: MLP, optimizer: Optimizer, rates: np.ndarray, seed: int,
                     batch_size: int, at_steps: Sequence[int]) -> list[tuple[np.ndarray, ...]]:
    """The weights of one run of :func:`~lrdecay_lessons.training.train_many` (the same streams, batches and
    labels) after each step count of ``at_steps`` (0 = the initial weights)."""
    rates = np.asarray(rates, dtype=float)
    steps, batch_size = len(rates), check_count("batch_size", batch_size)
    wanted = sorted({int(s) for s in at_steps})
    if not wanted or wanted[0] < 0 or wanted[-1] > steps:
        raise InvalidParameterError(f"at_steps must be step counts from 0 to {steps}; got at_steps={tuple(at_steps)!r}.")
    n_train = len(problem.X_train)
    indices = stream("batches", seed).integers(0, n_train, size=(steps, batch_size))
    labels = problem.sample_labels(indices, stream("fresh_labels", seed).random(size=(steps, batch_size)))
    images = problem.X_train.astype(net.dtype)
    params = net.init(problem.X_train.shape[1], problem.n_classes, seed)
    state = optimizer.init(params)
    found = {}
    for t in range(wanted[-1] + 1):
        if t in wanted:
            found[t] = params
        if t == wanted[-1]:
            break
        _, grads = net.loss_and_gradient(params, images[indices[t]], labels[t])
        params, state = optimizer.step(params, grads, state, rates[t])
    return [found[int(s)] for s in at_steps]


@lru_cache(maxsize=2)
def noise_scales_along_run(plan: SeedPlan, optimizer: str = "SGD, momentum 0.9") -> dict[int, list[NoiseScale]]:
    r"""Step -> :math:`\mathcal B_\text{simple}` on each evaluation seed, along the ``B = 32`` run of ``optimizer``
    at its tuned peak, at the fractions :data:`NOISE_FRACTIONS` of its steps."""
    check_choice("optimizer", optimizer, tuple(OPTIMIZERS))
    study = batch_size_study(plan)
    steps = SAMPLES // REFERENCE_BATCH
    rates = np.asarray(SCHEDULE["linear to 0"](study.peak(optimizer, REFERENCE_BATCH), steps)(np.arange(steps)),
                       dtype=float)
    at = [round(f * steps) for f in NOISE_FRACTIONS]
    problem, net = lab(), student()
    per_seed = [params_along_run(problem, net, OPTIMIZERS[optimizer], rates, seed, REFERENCE_BATCH, at)
                for seed in plan.evaluation]
    return {s: [noise_scale(problem, net, points[i]) for points in per_seed] for i, s in enumerate(at)}


# ---------------------------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------------------------

def short_verdict(c: PairedComparison) -> str:
    """``"B = … lower"`` for the batch size that ended lower, or ``"not separated"``."""
    return c.verdict if c.verdict in (f"{c.first} lower", f"{c.second} lower") else "not separated"


def _against_32(optimizer: str) -> Callable[[SeedPlan], str]:
    def check(plan: SeedPlan) -> str:
        study = batch_size_study(plan)
        return "; ".join(f"{c.first}: {short_verdict(c)}" for c in study.comparisons[optimizer])
    return check


def closer_rule(study: BatchSizeStudy, optimizer: str) -> str:
    r"""``"linear"`` or ``"square root"``: the rule whose factor from the smallest to the largest batch size is
    nearer, on a log scale, to the tuned peaks' factor :math:`\eta_{B_\max}/\eta_{B_\min}` (``"a peak failed"``
    when a peak is missing). The ends are used, not B = 32, so that one neighbour on the grid at B = 32 does not
    decide it."""
    low, high = study.batch_sizes[0], study.batch_sizes[-1]
    a, b = study.peak(optimizer, low), study.peak(optimizer, high)
    if a is None or b is None:
        return "a peak failed"
    measured = math.log(b / a)
    linear, root = math.log(high / low), 0.5 * math.log(high / low)
    return "linear" if abs(measured - linear) < abs(measured - root) else "square root"


def _closer_rules(plan: SeedPlan) -> str:
    study = batch_size_study(plan)
    return "; ".join(f"{o}: {closer_rule(study, o)}" for o in study.optimizers)


CLAIMS: tuple[Claim, ...] = (
    Claim("ch11-batch-rules", "11",
          f"With {SAMPLES:,} samples per run and linear decay to 0, the tuned peak from B = {BATCH_SIZES[0]} to "
          f"B = {BATCH_SIZES[-1]} grows by a factor nearer the linear rule's for SGD with momentum and nearer the "
          "square-root rule's for Adam (log scale, half-octave grids).",
          "SGD, momentum 0.9: linear; Adam: square root", _closer_rules),
    Claim("ch11-batch-sgd-large-batches-cost", "11",
          f"SGD with momentum, {SAMPLES:,} samples per run, each batch size at its tuned peak: B = 128 and B = 256 "
          "end higher than B = 32; B = 8 and B = 32 are not separated (Holm over the 3).",
          "B = 8: not separated; B = 128: B = 32 lower; B = 256: B = 32 lower", _against_32("SGD, momentum 0.9")),
    Claim("ch11-batch-adam-large-batches-cost", "11",
          f"Adam, {SAMPLES:,} samples per run, each batch size at its tuned peak: B = 128 and B = 256 end higher "
          "than B = 32; B = 8 and B = 32 are not separated (Holm over the 3).",
          "B = 8: not separated; B = 128: B = 32 lower; B = 256: B = 32 lower", _against_32("Adam")),
)
