r"""Well-known training recipes (实际应用场景), written with the course's schedules (chapter 10).

Each :class:`Recipe` is one published schedule: the paper it comes from, what the paper
says, the same schedule built from :mod:`lrdecay_lessons.schedules` and
:mod:`lrdecay_lessons.composition`, and -- kept apart -- anything that is *not* in the
paper (a common reproduction, an illustrative peak, a conversion from tokens to steps).

One schedule the rest of the package does not have is the Transformer's
inverse-square-root rule (Vaswani et al. 2017, eq. 3), :func:`inverse_sqrt_warmup`:

.. math:: \eta_t = d_\text{model}^{-1/2}\,\min\!\left(t^{-1/2},\; t\,W^{-3/2}\right)

It rises linearly while :math:`t < W` and falls like :math:`1/\sqrt t` after; the two
branches meet where :math:`t^{-1/2} = t W^{-3/2}`, i.e. at :math:`t = W`, so the peak is
:math:`d_\text{model}^{-1/2} W^{-1/2}` (:func:`inverse_sqrt_peak`)::

    >>> round(inverse_sqrt_warmup(4000, d_model=512, warmup_steps=4000), 10)
    0.0006987712
    >>> round(inverse_sqrt_peak(d_model=512, warmup_steps=4000), 10)
    0.0006987712
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from .landscapes import NoisyLeastSquares

from ._validation import check_count, check_positive, check_steps
from .composition import with_warmup
from .plotting import new_figure
from .schedules import cosine_annealing, cosine_restarts, multistep_decay, one_cycle, polynomial_decay, step_decay
from .tables import Table
from .training import learning_rates

__all__ = [
    "RecipeOutcome",
    "compare_on_noisy_problem",
    "warmup_evidence",
    "decision_table",
    "inverse_sqrt_warmup",
    "inverse_sqrt_peak",
    "tokens_to_steps",
    "bert_released_code",
    "Recipe",
    "RECIPES",
    "recipe",
    "rescaled",
    "recipes_table",
    "recipes_figure",
    "RECIPE_COLOURS",
]


def inverse_sqrt_warmup(t: ArrayLike, d_model: int = 512, warmup_steps: int = 4000) -> float | np.ndarray:
    r"""The Transformer's schedule (Vaswani et al. 2017, eq. 3): linear warm-up, then :math:`1/\sqrt t`.

    .. math:: \eta_t = d_\text{model}^{-1/2}\,\min\!\left(t^{-1/2},\; t\,W^{-3/2}\right)

    Parameters
    ----------
    t : float or array_like
        The paper's ``step_num``, ``>= 0``. At ``t = 0`` the formula's limit, 0, is returned
        (the warm-up branch); the paper counts its steps from 1.
    d_model : int, default 512
        Width of the model, :math:`d_\text{model} \ge 1` (512 for the base model).
    warmup_steps : int, default 4000
        :math:`W \ge 1`; the rate peaks at :math:`t = W`.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    For :math:`t < W`, :math:`t W^{-3/2} < t^{-1/2}`, so the minimum is the linear branch; for
    :math:`t > W` it is :math:`t^{-1/2}`. The schedule has no horizon: it keeps falling, and
    at :math:`t = 4W` it is half its peak. Replacing :math:`t^{-1/2}` by 1 for :math:`t < 1`
    changes nothing, since there the linear branch, at most :math:`W^{-3/2} \le 1`, is smaller.

    Examples
    --------
    >>> inverse_sqrt_warmup([0, 16], d_model=1, warmup_steps=4)
    array([0.  , 0.25])
    """
    steps, is_scalar = check_steps(t)
    d_model = check_count("d_model", d_model)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    falling = 1.0 / np.sqrt(np.maximum(steps, 1.0))
    rising = steps * warmup_steps**-1.5
    values = d_model**-0.5 * np.minimum(falling, rising)
    return float(values) if is_scalar else values


def inverse_sqrt_peak(d_model: int = 512, warmup_steps: int = 4000) -> float:
    r"""The peak of :func:`inverse_sqrt_warmup`, reached at :math:`t = W`: :math:`d_\text{model}^{-1/2} W^{-1/2}`."""
    d_model = check_count("d_model", d_model)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    return 1.0 / math.sqrt(d_model * warmup_steps)


def tokens_to_steps(tokens: float, batch_tokens: float) -> int:
    r"""Optimizer steps that process ``tokens`` tokens at ``batch_tokens`` per step, rounded.

    .. math:: n = \operatorname{round}(\text{tokens} / \text{batch\_tokens})

    Examples
    --------
    >>> tokens_to_steps(260e9, 3.2e6)
    81250
    """
    tokens = check_positive("tokens", tokens)
    batch_tokens = check_positive("batch_tokens", batch_tokens)
    return int(round(tokens / batch_tokens))


def bert_released_code(
    t: ArrayLike, lr0: float = 1e-4, total_steps: int = 1_000_000, warmup_steps: int = 10_000
) -> float | np.ndarray:
    r"""BERT's schedule as its released code computes it (``optimization.py``).

    .. math:: \eta_t = \begin{cases} \eta_0\, t / W, & t < W,\\
                      \eta_0\,(1 - t / T), & t \ge W, \end{cases}

    The linear decay runs over all :math:`T` steps from step 0 and the warm-up overrides its
    first :math:`W` steps, so at :math:`t = W` the rate is :math:`\eta_0 (1 - W/T)`, a little
    below :math:`\eta_0`. :func:`~lrdecay_lessons.composition.with_warmup` instead starts the
    decay at :math:`t = W` from :math:`\eta_0`.

    Examples
    --------
    >>> round(bert_released_code(10_000), 12)
    9.9e-05
    """
    steps, is_scalar = check_steps(t)
    warming = lr0 * steps / warmup_steps
    decaying = polynomial_decay(steps, lr0=lr0, total_steps=total_steps, power=1.0)
    values = np.where(steps < warmup_steps, warming, decaying)
    return float(values) if is_scalar else values


@dataclass(frozen=True)
class Recipe:
    """A published training recipe's learning-rate schedule.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"resnet_cifar"``.
    name : str
        What was trained, e.g. ``"ResNet on CIFAR-10"``.
    citation : str
        Authors, year, title and venue.
    published : str
        The schedule in the paper's own terms (facts from the paper only).
    expressed : str
        The same schedule as a call of the course's functions.
    schedule : callable
        A function of the step ``t`` (an ``int`` or an array) giving the rate.
    total_steps : int
        Length of the run in ``unit``.
    unit : str
        What ``t`` counts: ``"iteration"``, ``"epoch"`` or ``"step"``.
    not_from_paper : str
        Everything in ``schedule`` that is *not* stated in the paper (a typical
        reproduction, an illustrative peak, a stated assumption); empty if nothing.
    family : str
        The shape, in the course's words.
    """

    key: str
    name: str
    citation: str
    published: str
    expressed: str
    schedule: Callable[[Any], Any]
    total_steps: int
    unit: str
    not_from_paper: str
    family: str

    @cached_property
    def rates(self) -> np.ndarray:
        """The rate at every planned step, ``t = 0, 1, ..., total_steps - 1`` (read-only)."""
        values = learning_rates(self.schedule, self.total_steps)
        values.flags.writeable = False
        return values

    @property
    def peak(self) -> float:
        """The largest rate over the planned run."""
        return float(self.rates.max())

    @property
    def peak_step(self) -> int:
        """The first step at which the peak is reached."""
        return int(np.argmax(self.rates))

    @property
    def peak_fraction(self) -> float:
        """Where the peak is reached, as a fraction of the run: ``peak_step / total_steps``."""
        return self.peak_step / self.total_steps

    @property
    def final_fraction(self) -> float:
        """The rate of the last planned step, ``t = total_steps - 1``, as a fraction of the peak."""
        return float(self.rates[-1] / self.peak)

    def __repr__(self) -> str:
        return f"Recipe({self.name}, {self.citation.split(',')[0]}: {self.expressed})"


# GPT-3 175B (Brown et al. 2020, Table 2.1 and Appendix B): batch 3.2M tokens, peak 0.6e-4.
_GPT3_BATCH_TOKENS = 3.2e6
_GPT3_PEAK = 0.6e-4
_GPT3_WARMUP = tokens_to_steps(375e6, _GPT3_BATCH_TOKENS)
_GPT3_DECAY_END = tokens_to_steps(260e9, _GPT3_BATCH_TOKENS)
_GPT3_TOTAL = tokens_to_steps(300e9, _GPT3_BATCH_TOKENS)


RECIPES: tuple[Recipe, ...] = (
    Recipe(
        key="resnet_cifar",
        name="ResNet on CIFAR-10",
        citation="He et al. 2016, Deep Residual Learning for Image Recognition, CVPR",
        published=("SGD, mini-batch 128, lr 0.1, divided by 10 at 32k and 48k iterations, "
                   "training stops at 64k iterations"),
        expressed="multistep_decay(t, lr0=0.1, milestones=[32000, 48000], gamma=0.1)",
        schedule=partial(multistep_decay, lr0=0.1, milestones=(32_000, 48_000), gamma=0.1),
        total_steps=64_000,
        unit="iteration",
        not_from_paper="",
        family="multi-step",
    ),
    Recipe(
        key="resnet_imagenet",
        name="ResNet on ImageNet",
        citation="He et al. 2016, Deep Residual Learning for Image Recognition, CVPR",
        published=("SGD, mini-batch 256, lr 0.1, divided by 10 when the error plateaus, "
                   "up to 60 × 10^4 iterations"),
        expressed="step_decay(t, lr0=0.1, gamma=0.1, step_size=30), t in epochs, 90 epochs",
        schedule=partial(step_decay, lr0=0.1, gamma=0.1, step_size=30),
        total_steps=90,
        unit="epoch",
        not_from_paper=("typical: 'every 30 epochs for 90 epochs' is the common reproduction "
                        "(PyTorch's ImageNet example), not the paper's words"),
        family="step",
    ),
    Recipe(
        key="transformer",
        name="Transformer (base)",
        citation="Vaswani et al. 2017, Attention Is All You Need, NeurIPS",
        published=("Adam (β1 0.9, β2 0.98, ε 1e-9), lrate = d_model^-0.5 · min(step^-0.5, "
                   "step · warmup^-1.5), warmup_steps 4000, d_model 512, 100,000 steps"),
        expressed="inverse_sqrt_warmup(t, d_model=512, warmup_steps=4000)",
        schedule=partial(inverse_sqrt_warmup, d_model=512, warmup_steps=4000),
        total_steps=100_000,
        unit="step",
        not_from_paper="",
        family="warm-up + inverse square root",
    ),
    Recipe(
        key="bert",
        name="BERT pre-training",
        citation="Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional Transformers, NAACL",
        published=("Adam, lr 1e-4, learning-rate warm-up over the first 10,000 steps, linear decay; "
                   "1,000,000 steps of 256 sequences"),
        expressed=("with_warmup(partial(polynomial_decay, lr0=1e-4, total_steps=990_000, power=1), "
                   "10_000)"),
        schedule=with_warmup(partial(polynomial_decay, lr0=1e-4, total_steps=990_000, power=1.0), 10_000),
        total_steps=1_000_000,
        unit="step",
        not_from_paper="assumed: the linear decay reaches 0 at the last step (as the released code does)",
        family="warm-up + linear",
    ),
    Recipe(
        key="one_cycle",
        name="One-cycle (super-convergence)",
        citation="Smith & Topin 2019, Super-Convergence: Very Fast Training of Neural Networks "
                 "Using Large Learning Rates, SPIE",
        published="one cycle: the rate rises to a large maximum, falls back, and ends far below its start",
        expressed=("one_cycle(t, lr_max=0.1, total_steps=10_000, pct_start=0.3, div_factor=25, "
                   "final_div_factor=1e4)"),
        schedule=partial(one_cycle, lr_max=0.1, total_steps=10_000, pct_start=0.3, div_factor=25.0,
                         final_div_factor=1e4),
        total_steps=10_000,
        unit="step",
        not_from_paper=("typical: PyTorch's OneCycleLR defaults (cosine phases, pct_start 0.3, "
                        "div_factor 25, final_div_factor 1e4); lr_max 0.1 and 10,000 steps are illustrative"),
        family="one-cycle",
    ),
    Recipe(
        key="sgdr",
        name="SGDR (warm restarts)",
        citation="Loshchilov & Hutter 2017, SGDR: Stochastic Gradient Descent with Warm Restarts, ICLR",
        published="cosine annealing restarted every T_i epochs, T_0 = 10, T_mult = 2",
        expressed="cosine_restarts(t, lr0=0.1, period=10, period_mult=2), t in epochs, 150 epochs",
        schedule=partial(cosine_restarts, lr0=0.1, period=10, period_mult=2),
        total_steps=150,
        unit="epoch",
        not_from_paper=("illustrative: lr0 0.1, and 150 epochs so that the run ends with a cycle "
                        "(10 + 20 + 40 + 80)"),
        family="cosine with restarts",
    ),
    Recipe(
        key="gpt3",
        name="GPT-3 175B",
        citation="Brown et al. 2020, Language Models are Few-Shot Learners, NeurIPS",
        published=("Adam (β1 0.9, β2 0.95), peak 0.6e-4 for the 175B model, linear warm-up over the "
                   "first 375M tokens, cosine decay to 10% of the peak over 260B tokens, then 10%; "
                   "300B tokens in all, batch 3.2M tokens"),
        expressed=(f"with_warmup(partial(cosine_annealing, lr0=6e-5, total_steps={_GPT3_DECAY_END - _GPT3_WARMUP}, "
                   f"lr_min=6e-6), {_GPT3_WARMUP})"),
        schedule=with_warmup(
            partial(cosine_annealing, lr0=_GPT3_PEAK, total_steps=_GPT3_DECAY_END - _GPT3_WARMUP,
                    lr_min=0.1 * _GPT3_PEAK),
            _GPT3_WARMUP,
        ),
        total_steps=_GPT3_TOTAL,
        unit="step",
        not_from_paper=("assumed: tokens become steps at a constant 3.2M tokens per step (the paper also "
                        "ramps the batch size up early on), and the 260B tokens count from the start"),
        family="warm-up + cosine to 10%",
    ),
)

#: One colour per recipe (Okabe-Ito, as in :data:`lrdecay_lessons.plotting.SCHEDULE_COLOURS`).
RECIPE_COLOURS: dict[str, str] = {
    "resnet_cifar": "#56B4E9",
    "resnet_imagenet": "#0072B2",
    "transformer": "#D55E00",
    "bert": "#009E73",
    "one_cycle": "#AA3377",
    "sgdr": "#E69F00",
    "gpt3": "#882255",
}


def recipe(key: str) -> Recipe:
    """Look up a recipe by its key; an unknown key names the known ones."""
    for item in RECIPES:
        if item.key == key:
            return item
    raise ValueError(f"key must be one of {[r.key for r in RECIPES]}; got key={key!r}.")


def rescaled(item: Recipe, total_steps: int, peak: float) -> Callable[[Any], Any]:
    r"""The recipe's *shape* stretched to ``total_steps`` steps and scaled to ``peak``.

    .. math:: \tilde\eta_t = \text{peak} \cdot \frac{\eta(t\, T_\text{recipe} / T)}{\max_s \eta(s)}

    Use it to compare recipes on one problem at the same length and the same peak.
    """
    total_steps = check_count("total_steps", total_steps)
    peak = check_positive("peak", peak)
    scale = item.total_steps / total_steps
    top = item.peak

    def shape(t: ArrayLike) -> float | np.ndarray:
        steps, is_scalar = check_steps(t)
        values = peak * np.asarray(item.schedule(steps * scale), dtype=float) / top
        return float(values) if is_scalar else values

    shape.__name__ = f"{item.key} shape"
    return shape


def recipes_table(items: Sequence[Recipe] = RECIPES) -> Table:
    """One row per recipe: the paper, the schedule in our terms, and the computed peak and end."""
    rows = [
        (
            r.name,
            r.citation.split(",")[0],
            r.expressed,
            f"{r.total_steps:,} {r.unit}s",
            r.peak,
            f"{r.peak_fraction:.1%}",
            f"{r.final_fraction:.3g}",
        )
        for r in items
    ]
    return Table(
        ("recipe", "paper", "with the course's functions", "run", "peak rate", "peak at", "last rate / peak"),
        rows,
        title="Published recipes, computed from the course's schedules",
        digits=3,
    )


def recipes_figure(items: Sequence[Recipe] = RECIPES, points: int = 2000, ncols: int = 4) -> Figure:
    """Small multiples: each recipe against the fraction of its run, as a fraction of its peak.

    Parameters
    ----------
    items : sequence of Recipe
    points : int, default 2000
        Points per curve, evenly spaced from step 0 to the last step (fractional steps
        included, so short runs counted in epochs are drawn smoothly).
    ncols : int, default 4
        Panels per row.
    """
    nrows = -(-len(items) // ncols)
    figure, axes = new_figure(nrows, ncols, sharex=True, sharey=True, figsize=(16, 4.2 * nrows))
    axes = np.atleast_1d(axes).ravel()
    for ax, r in zip(axes, items):
        steps = np.linspace(0, r.total_steps - 1, points)
        values = np.asarray(r.schedule(steps), dtype=float) / r.peak
        drawstyle = "steps-post" if r.family in ("step", "multi-step") else "default"
        ax.plot(steps / r.total_steps, values, color=RECIPE_COLOURS.get(r.key, "black"), drawstyle=drawstyle)
        ax.set_title(f"{r.name}\n{r.citation.split(',')[0]}", fontsize=15)  # one curve per panel: the title names it
        ax.set_ylim(0, 1.08)
    for ax in axes[len(items):]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel("rate / peak")
    for ax in axes[-ncols:]:
        ax.set_xlabel("fraction of the run t/T")
    for ax in axes[: len(items)]:
        ax.xaxis.set_tick_params(labelbottom=True)
    figure.suptitle("Learning-rate schedules of well-known training recipes", fontsize=19, fontweight="bold")
    return figure


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
    (:meth:`~lrdecay_lessons.landscapes.NoisyLeastSquares.expected_excess`), exactly.

    Returns
    -------
    tuple of RecipeOutcome
        Per recipe: the last rate and the mean rate as fractions of the peak, and the final
        excess loss (mean and standard deviation over the seeds, diverged runs left out).
    """
    from .training import train

    n_steps = check_count("n_steps", n_steps)
    per_epoch = -(-problem.dataset.n_train // check_count("batch_size", batch_size))
    if n_steps % per_epoch:
        raise ValueError(f"n_steps must be a whole number of epochs ({per_epoch} steps each); got n_steps={n_steps}.")
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


def warmup_evidence(peak: float = 0.7, total_steps: int = 100, warmup_steps: int = 30) -> dict[str, Any]:
    r"""Chapter 08's warm-up experiment in two runs: full-batch diabetes, cosine with and without warm-up.

    Returns ``{"without": TrainingResult, "with": TrainingResult, "limit": 2 / lambda_max, "peak": peak,
    "warmup_steps": warmup_steps}``.
    """
    from .datasets import load_dataset
    from .modern import top_curvature
    from .schedules import warmup_cosine
    from .training import train

    data = load_dataset("diabetes")
    runs = {
        name: train(data, partial(warmup_cosine, lr0=peak, total_steps=total_steps, warmup_steps=w),
                    epochs=total_steps, batch_size=data.n_train, label=name)
        for name, w in (("without", 0), ("with", warmup_steps))
    }
    return {**runs, "limit": 2.0 / top_curvature(data), "peak": peak, "warmup_steps": warmup_steps}


def decision_table(outcomes: Sequence[RecipeOutcome], warmup: Mapping[str, Any]) -> Table:
    """How to choose a recipe: each row's evidence computed from the recipes and the two experiments.

    Parameters
    ----------
    outcomes : sequence of RecipeOutcome
        From :func:`compare_on_noisy_problem`.
    warmup : mapping
        From :func:`warmup_evidence`.
    """
    by_key = {o.key: o for o in outcomes}
    low = [o for o in outcomes if o.final_fraction <= 0.01]
    high = [o for o in outcomes if o.final_fraction >= 0.1]
    low_mean = float(np.mean([o.excess for o in low]))
    high_text = ", ".join(f"{o.name} {o.excess:.2g} (ends at {o.final_fraction:.0%})" for o in high)
    longer = {}
    for key in ("resnet_imagenet", "transformer", "gpt3", "bert"):
        r = recipe(key)
        after = learning_rates(r.schedule, int(1.5 * r.total_steps))[-1]
        longer[r.name] = after / r.peak
    sgdr = recipe("sgdr").rates
    lows = int(np.sum((sgdr[1:-1] < sgdr[:-2]) & (sgdr[1:-1] < sgdr[2:]))) + int(sgdr[-1] < sgdr[-2])
    cold, warm = warmup["without"], warmup["with"]
    cold_text = (f"diverged at step {cold.diverged_at_step}" if cold.diverged
                 else f"trains (val loss {cold.val_loss[-1]:.3f})")
    warm_text = "diverged" if warm.diverged else f"trains (val loss {warm.val_loss[-1]:.3f})"
    rows = [
        ("you know the budget and want the lowest final loss",
         "a schedule that lands near 0: linear (BERT), cosine, one-cycle, multi-step",
         f"same peak and length on noisy least squares: final excess loss {low_mean:.2g} on average for the "
         f"{len(low)} recipes ending at ≤ 1% of the peak; {high_text}"),
        ("you may train longer than planned, or do not know the budget",
         "no horizon: step decay, inverse square root; or one that holds its floor",
         "rate at 1.5 × the planned run, as a fraction of the peak: "
         + ", ".join(f"{name} {v:.2g}" for name, v in longer.items())),
        ("the first steps are unstable (large peak, Adam, large batches)", "add a warm-up (with_warmup)",
         f"full-batch diabetes, cosine from peak {warmup['peak']:.2g} > limit 2/λ_max = {warmup['limit']:.3g}: "
         f"without warm-up it {cold_text}; with {warmup['warmup_steps']} warm-up steps it {warm_text}"),
        ("you want several usable checkpoints along the way", "SGDR (warm restarts)",
         f"T₀ = 10, T_mult = 2 over {recipe('sgdr').total_steps} epochs: {lows} low points (cycle ends) in one run"),
        ("a very short budget", "one-cycle",
         "the paper's claim (fast training at large peak rates) — not reproduced on this convex problem, where it "
         f"ends with final excess {by_key['one_cycle'].excess:.2g}, like the other schedules that land near 0"),
        ("no budget, but a validation metric", "reduce-on-plateau (chapter 08)",
         "cuts only when the metric stalls; it needs no T, only patience and a factor"),
    ]
    return Table(("if …", "consider", "evidence (computed here)"), rows, title="Choosing a recipe", digits=3)
