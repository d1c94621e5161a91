r"""Well-known training recipes (实际应用场景), written with the course's schedules and a look at a schedule before training (chapter 11).

Each :class:`Recipe` is one published schedule: the paper it comes from, what the paper
says, the same schedule built from :mod:`lrdecay_lessons.schedules` and
:mod:`lrdecay_lessons.schedules.composition`, and -- kept apart -- anything that is *not* in the
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

Look at a schedule before you train with it (训练前先画出来): a horizon given in epochs to a
scheduler stepped per batch, a cosine that rises again after its end, a warm-up that never
reaches its peak. :func:`inspect_schedule` evaluates any callable of the step over the planned
steps and a little beyond and reports a checklist computed from the curve;
:func:`preview_figure` draws the same curve with the checklist's points marked::

    >>> from functools import partial
    >>> from lrdecay_lessons.schedules import cosine_annealing
    >>> report = inspect_schedule(partial(cosine_annealing, lr0=0.1, total_steps=100), 100)
    >>> report.peak, report.peak_step, report.rises_past_end
    (0.1, 0, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np

from .. import frameworks as F
from ..display import Table, new_figure
from ..schedules import (
    cosine_annealing,
    cosine_restarts,
    exponential_decay,
    join_schedules,
    linear_warmup,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    step_decay,
    warmup_cosine,
    with_warmup,
    wsd,
)
from ..schedules.measures import plan_agreement
from ..schedules.validation import (
    check_count,
    check_in_interval,
    check_instance,
    check_non_negative,
    check_positive,
    check_seeds,
    check_steps,
)
from ..training import (
    MAX_STEPS,
    NoisyLeastSquares,
    learning_rates,
    load_dataset,
    schedule_label,
    top_curvature,
    train,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

__all__ = [
    "RecipeOutcome",
    "compare_on_noisy_problem",
    "warmup_evidence",
    "adam_warmup_steps",
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
    "ScheduleCheck",
    "inspect_schedule",
    "preview_figure",
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
    below :math:`\eta_0`. :func:`~lrdecay_lessons.schedules.composition.with_warmup` instead starts the
    decay at :math:`t = W` from :math:`\eta_0`.

    Examples
    --------
    >>> round(bert_released_code(10_000), 12)
    9.9e-05
    """
    steps, is_scalar = check_steps(t)
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    if warmup_steps > total_steps:
        raise ValueError(
            f"warmup_steps must be <= total_steps (total_steps={total_steps}); got warmup_steps={warmup_steps}."
        )
    warming = lr0 * steps / max(warmup_steps, 1)  # warmup_steps=0: no step is warming up
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
        family="warm-up + linear to 0",
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
    Recipe(
        key="goyal",
        name="ResNet-50, large minibatches",
        citation="Goyal et al. 2017, Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour, arXiv 1706.02677",
        published=("linear scaling rule: when the minibatch is multiplied by k, multiply the learning rate by k; "
                   "gradual warm-up: start from the small-minibatch rate and raise it by a constant every "
                   "iteration to k times it after 5 epochs; ResNet-50 on ImageNet with minibatches up to 8192 "
                   "images on 256 GPUs"),
        expressed=("with_warmup(partial(multistep_decay, lr0=3.2, milestones=[25, 55, 75], gamma=0.1), 5, "
                   "start_factor=1/32), t in epochs, 90 epochs"),
        schedule=with_warmup(partial(multistep_decay, lr0=3.2, milestones=(25, 55, 75), gamma=0.1), 5,
                             start_factor=1 / 32),
        total_steps=90,
        unit="epoch",
        not_from_paper=("typical: k = 32 (8192 = 32 × 256), a reference rate of 0.1 per 256 images (so 3.2) and "
                        "÷10 at epochs 30, 60 and 80 of 90, the usual ImageNet schedule; not quoted from the paper here"),
        family="warm-up + multi-step",
    ),
    Recipe(
        key="resnet110",
        name="ResNet-110 on CIFAR-10",
        citation="He et al. 2016, Deep Residual Learning for Image Recognition, CVPR",
        published=("lr 0.1 is slightly too large to start converging, so 0.01 until the training error is below "
                   "80% (about 400 iterations), then back to 0.1; the rest as for the other CIFAR-10 ResNets "
                   "(÷10 at 32k and 48k iterations, stop at 64k)"),
        expressed=("join_schedules([partial(linear_warmup, lr0=0.01, warmup_steps=1, start_factor=1), "
                   "partial(multistep_decay, lr0=0.1, milestones=[31600, 47600], gamma=0.1)], [400])"),
        schedule=join_schedules([partial(linear_warmup, lr0=0.01, warmup_steps=1, start_factor=1.0),
                                 partial(multistep_decay, lr0=0.1, milestones=(31_600, 47_600), gamma=0.1)], [400]),
        total_steps=64_000,
        unit="iteration",
        not_from_paper=("assumed: exactly 400 iterations at 0.01 (the paper switches when the training error "
                        "falls below 80%, 'about 400 iterations')"),
        family="constant warm-up + multi-step",
    ),
    Recipe(
        key="chinchilla",
        name="Chinchilla",
        citation="Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, NeurIPS",
        published=("maximum rate 2e-4 for the smallest models and 1.25e-4 for the largest; in all cases the rate "
                   "drops by 10× during training with a cosine schedule whose cycle length matches the number of "
                   "training steps (a cycle more than 25% too long noticeably hurts)"),
        expressed="cosine_annealing(t, lr0=1.25e-4, total_steps=100_000, lr_min=1.25e-5)",
        schedule=partial(cosine_annealing, lr0=1.25e-4, total_steps=100_000, lr_min=1.25e-5),
        total_steps=100_000,
        unit="step",
        not_from_paper="illustrative: 100,000 steps; any warm-up is left out",
        family="cosine to 10%",
    ),
    Recipe(
        key="llama",
        name="LLaMA",
        citation="Touvron et al. 2023, LLaMA: Open and Efficient Foundation Language Models, arXiv 2302.13971",
        published=("AdamW (β1 0.9, β2 0.95), weight decay 0.1, gradient clipping 1.0, 2,000 warm-up steps, "
                   "a cosine schedule whose final rate is 10% of the maximum; rate and batch size vary with "
                   "the model size"),
        expressed=("with_warmup(partial(cosine_annealing, lr0=3e-4, total_steps=248_000, lr_min=3e-5), "
                   "2_000)"),
        schedule=with_warmup(partial(cosine_annealing, lr0=3e-4, total_steps=248_000, lr_min=3e-5), 2_000),
        total_steps=250_000,
        unit="step",
        not_from_paper="illustrative: peak 3e-4 and 250,000 steps (the paper lists each model's own in a table)",
        family="warm-up + cosine to 10%",
    ),
    Recipe(
        key="deepseek",
        name="DeepSeek LLM",
        citation=("DeepSeek-AI (Bi et al.) 2024, DeepSeek LLM: Scaling Open-Source Language Models with "
                  "Longtermism, arXiv 2401.02954"),
        published=("multi-step schedule: linear warm-up over 2,000 steps to the maximum, then 31.6% of the "
                   "maximum after 80% of the training tokens and 10% of it after 90%"),
        expressed=("with_warmup(partial(multistep_decay, lr0=4.2e-4, milestones=[78_000, 88_000], "
                   "gamma=0.316), 2_000)"),
        schedule=with_warmup(partial(multistep_decay, lr0=4.2e-4, milestones=(78_000, 88_000), gamma=0.316), 2_000),
        total_steps=100_000,
        unit="step",
        not_from_paper=("illustrative: peak 4.2e-4 and 100,000 steps at a constant number of tokens per step, so "
                        "80% and 90% of the tokens are steps 80,000 and 90,000"),
        family="warm-up + multi-step",
    ),
    Recipe(
        key="minicpm",
        name="MiniCPM (WSD)",
        citation=("Hu et al. 2024, MiniCPM: Unveiling the Potential of Small Language Models with Scalable "
                  "Training Strategies, arXiv 2404.06395"),
        published=("warmup-stable-decay: a warm-up, a long stable phase at a constant rate, then a short decay "
                   "phase with an exponential decay; about 10% of the tokens for the decay is enough"),
        expressed=("join_schedules([partial(linear_warmup, lr0=0.01, warmup_steps=1_000), "
                   "partial(exponential_decay, lr0=0.01, gamma=0.5, total_steps=2_000)], [90_000])"),
        schedule=join_schedules([partial(linear_warmup, lr0=0.01, warmup_steps=1_000),
                                 partial(exponential_decay, lr0=0.01, gamma=0.5, total_steps=2_000)], [90_000]),
        total_steps=100_000,
        unit="step",
        not_from_paper=("illustrative: peak 0.01, 100,000 steps, 1,000 warm-up steps, and a decay over the last "
                        "10% that halves the rate every 2,000 steps"),
        family="warmup-stable-decay",
    ),
)


#: One colour per recipe (Okabe-Ito, as in :data:`lrdecay_lessons.display.plotting.SCHEDULE_COLOURS`).
RECIPE_COLOURS: dict[str, str] = {
    "resnet_cifar": "#56B4E9",
    "resnet_imagenet": "#0072B2",
    "transformer": "#D55E00",
    "bert": "#009E73",
    "one_cycle": "#AA3377",
    "sgdr": "#E69F00",
    "gpt3": "#882255",
    "goyal": "#332288",
    "resnet110": "#44AA99",
    "chinchilla": "#999933",
    "llama": "#CC6677",
    "deepseek": "#117733",
    "minicpm": "#661100",
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


def adam_warmup_steps(beta2: float = 0.999) -> int:
    r"""Ma & Yarats (2021, AAAI)'s rule of thumb for Adam: a linear warm-up over :math:`2 / (1 - \beta_2)` updates.

    Examples
    --------
    >>> adam_warmup_steps(0.999), adam_warmup_steps(0.95)
    (2000, 40)
    """
    beta2 = check_in_interval("beta2", beta2, 0.0, 1.0)
    return int(round(2.0 / (1.0 - beta2)))


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
        raise ValueError(f"items must be a non-empty list of Recipe (e.g. RECIPES); got items={items!r}.")
    for i, item in enumerate(items):
        check_instance(f"items[{i}]", item, Recipe, "see RECIPES or recipe(key)")
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
    peak = check_positive("peak", peak)
    total_steps = check_count("total_steps", total_steps)
    warmup_steps = check_count("warmup_steps", warmup_steps)
    if warmup_steps >= total_steps:
        raise ValueError(
            f"warmup_steps must be < total_steps (total_steps={total_steps}); got warmup_steps={warmup_steps}."
        )
    if total_steps > MAX_STEPS // 2:
        raise ValueError(f"total_steps must be at most {MAX_STEPS // 2:,} (two runs); got total_steps={total_steps:,}.")
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
    for key in ("resnet_imagenet", "transformer", "gpt3", "minicpm"):
        r = recipe(key)
        after = learning_rates(r.schedule, int(1.5 * r.total_steps))[-1]
        longer[r.name] = after / r.peak
    sgdr = recipe("sgdr").rates
    lows = int(np.sum((sgdr[1:-1] < sgdr[:-2]) & (sgdr[1:-1] < sgdr[2:]))) + int(sgdr[-1] < sgdr[-2])
    cold, warm = warmup["without"], warmup["with"]
    cold_text = (f"diverged at step {cold.diverged_at_step}" if cold.diverged
                 else f"trains (val loss {cold.val_loss[-1]:.3f})")
    warm_text = "diverged" if warm.diverged else f"trains (val loss {warm.val_loss[-1]:.3f})"
    wsd_plan = plan_agreement(lambda T: partial(wsd, lr0=1.0, total_steps=T, warmup_steps=10,
                                                decay_steps=T // 5), 1000)
    cosine_plan = plan_agreement(lambda T: partial(warmup_cosine, lr0=1.0, total_steps=T, warmup_steps=10),
                                 1000)
    ended = {key: recipe(key).final_fraction for key in ("gpt3", "llama")}
    default = F.trainer_records()["default_scheduler"]
    rows = [
        ("you know the budget and want the lowest final loss",
         "a schedule that lands near 0: linear to 0 (BERT), cosine, one-cycle, multi-step",
         f"same peak and length on noisy least squares: final excess loss {low_mean:.2g} on average for the "
         f"{len(low)} recipes ending at ≤ 1% of the peak; {high_text}"),
        ("you do not know the budget, or may train longer",
         "warmup-stable-decay (MiniCPM; chapter 09): hold the peak, cool down once the end is known",
         f"the plan for T and the plan for 2T share {wsd_plan:.0%} of the first T rates with a 20% cooldown, "
         f"{cosine_plan:.0%} with a warm-up + cosine; rate at 1.5 × the planned run, as a fraction of the peak: "
         + ", ".join(f"{name} {v:.2g}" for name, v in longer.items())),
        ("the first steps are unstable (large peak, Adam, large batches)",
         f"add a warm-up (with_warmup): 5 epochs with the linear scaling rule (Goyal et al. 2017) for SGD; "
         f"2/(1−β₂) updates for Adam (Ma & Yarats 2021), {adam_warmup_steps(0.999):,} for β₂ = 0.999",
         f"full-batch diabetes, cosine from peak {warmup['peak']:.2g} > limit 2/λ_max = {warmup['limit']:.3g}: "
         f"without warm-up it {cold_text}; with {warmup['warmup_steps']} warm-up steps it {warm_text}"),
        ("continued pre-training on new data",
         "re-warm to a peak, decay again, and replay some old data: together these matched re-training on all "
         "the data (Ibrahim et al. 2024, TMLR; re-warming: Gupta et al. 2023, arXiv 2308.04014)",
         "without re-warming the run would go on at its final rate: " + ", ".join(
             f"{recipe(k).name} {v:.2g} of its peak" for k, v in ended.items())),
        ("fine-tuning a pre-trained model",
         f"a short warm-up and linear decay to 0: the Hugging Face Trainer's default '{default}'",
         f"recorded from transformers {F.version_of('transformers')}: lr_scheduler_type defaults to '{default}'; "
         "a fine-tuning run's length is known (epochs × updates per epoch), so one decay can fit it"),
        ("you want several usable checkpoints along the way", "SGDR (warm restarts), or branches of one WSD run",
         f"T₀ = 10, T_mult = 2 over {recipe('sgdr').total_steps} epochs: {lows} low points (cycle ends) in one run"),
        ("a very short budget", "one-cycle",
         "the paper's claim (fast training at large peak rates) — not reproduced on this convex problem, where it "
         f"ends with final excess {by_key['one_cycle'].excess:.2g}, like the other schedules that land near 0"),
        ("no budget, but a validation metric", "reduce-on-plateau (chapter 08)",
         "cuts only when the metric stalls; it needs no T, only patience and a factor"),
    ]
    return Table(("if …", "consider", "evidence (computed here)"), rows, title="Choosing a recipe", digits=3)


#: Relative tolerance under which two rates count as equal (a rounding error, not a rise).
_RTOL = 1e-9


@dataclass(frozen=True, repr=False)
class ScheduleCheck:
    r"""The checklist :func:`inspect_schedule` computes from a curve.

    Attributes
    ----------
    label : str
        The schedule's name.
    total_steps : int
        :math:`T`, the planned number of steps ``0 .. T - 1``.
    rates : numpy.ndarray
        :math:`\eta_0, \dots, \eta_{T-1}`.
    past_rates : numpy.ndarray
        The rates at ``T, T + 1, ...`` (empty if the schedule could not be evaluated there).
    past_error : str
        The error message the schedule gave past ``T - 1`` ('' if none).
    """

    label: str
    total_steps: int
    rates: np.ndarray
    past_rates: np.ndarray
    past_error: str = ""

    @property
    def start(self) -> float:
        """:math:`\\eta_0`, the rate of the first update."""
        return float(self.rates[0])

    @property
    def peak(self) -> float:
        """The largest planned rate."""
        return float(self.rates.max())

    @property
    def peak_step(self) -> int:
        """The first step at which the peak is reached."""
        return int(np.argmax(self.rates))

    @property
    def final(self) -> float:
        """:math:`\\eta_{T-1}`, the rate of the last planned update."""
        return float(self.rates[-1])

    @property
    def jump_step(self) -> Optional[int]:
        r"""The step :math:`t \ge 1` with the largest change :math:`|\eta_t - \eta_{t-1}|` (``None`` if constant)."""
        if self.total_steps < 2:
            return None
        change = np.abs(np.diff(self.rates))
        if change.max() == 0:
            return None
        # equal changes (a linear ramp) differ by rounding only: take the first of them
        return int(np.flatnonzero(change >= change.max() * (1 - 1e-6))[0]) + 1

    @property
    def jump(self) -> float:
        r""":math:`\eta_t - \eta_{t-1}` at :attr:`jump_step` (0 if the schedule is constant)."""
        t = self.jump_step
        return 0.0 if t is None else float(self.rates[t] - self.rates[t - 1])

    @property
    def flat_from(self) -> int:
        """The first step from which the rate stays at its last planned value to the end of the plan."""
        same = np.isclose(self.rates, self.final, rtol=_RTOL, atol=_RTOL * self.peak)
        moving = np.flatnonzero(~same)
        return int(moving[-1]) + 1 if moving.size else 0

    @property
    def rises_past_end(self) -> bool:
        """Whether some rate after the planned end is above the last planned rate."""
        if self.past_rates.size == 0:
            return False
        return bool(self.past_rates.max() > self.final * (1 + _RTOL) + _RTOL * self.peak)

    def _past_end_text(self) -> str:
        if self.past_error:
            return f"error: {self.past_error}"
        if self.past_rates.size == 0:
            return "not checked"
        last = self.total_steps + self.past_rates.size - 1
        top, low = float(self.past_rates.max()), float(self.past_rates.min())
        if self.rises_past_end:
            at = self.total_steps + int(np.argmax(self.past_rates))
            return f"RISES again: up to {top:.4g} at step {at} ({top / self.peak:.0%} of the peak)"
        tail = float(self.past_rates[-1])
        if np.allclose(self.past_rates, tail, rtol=_RTOL, atol=_RTOL * self.peak):
            if np.isclose(tail, self.final, rtol=_RTOL, atol=_RTOL * self.peak):
                return f"holds {self.final:.4g} up to step {last}"
            return f"goes to {tail:.4g} at step {self.total_steps} and holds it up to step {last}"
        return f"keeps falling, to {low:.4g} at step {last}"

    def table(self) -> Table:
        """The checklist as a table; rows worth a second look are highlighted."""
        T = self.total_steps
        t = self.jump_step
        jump = ("none: the rate is constant" if t is None else
                f"step {t}: {self.rates[t - 1]:.4g} → {self.rates[t]:.4g} "
                f"({'up' if self.jump > 0 else 'down'} {abs(self.jump) / self.peak:.1%} of the peak)")
        rows = [
            ("starts at η(0)", f"{self.start:.4g}" + (" (the first update does nothing)" if self.start == 0 else ""),
             "the rate you meant to start with?"),
            ("peak", f"{self.peak:.4g} at step {self.peak_step} ({self.peak_step / T:.1%} of the run)",
             "the peak you meant, where you meant it?"),
            ("ends at η(T−1)", f"{self.final:.4g} = {self.final / self.peak:.3g} × peak",
             "does it land low enough?"),
            ("largest one-step change", jump, "a drop or restart you planned?"),
            ("flat at the last rate", f"from step {self.flat_from}: {(T - self.flat_from) / T:.0%} of the run",
             "does the schedule use the whole run?"),
            (f"after the end (steps {T}–{T + max(self.past_rates.size, 1) - 1})", self._past_end_text(),
             "what happens if training runs longer?"),
        ]
        highlight = (False, False, self.final >= 0.5 * self.peak, False, self.flat_from < 0.5 * T,
                     self.rises_past_end or bool(self.past_error))
        return Table(("check", f"{self.label}, T = {T}", "ask yourself"), rows,
                     title="Before training: what the curve says", highlight=highlight)

    def __repr__(self) -> str:
        return repr(self.table())

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()


def inspect_schedule(
    fn: Callable[..., Any], total_steps: int, past_end: float = 0.5, label: Optional[str] = None
) -> ScheduleCheck:
    r"""Evaluate ``fn`` over the planned run and a bit beyond, and compute a checklist.

    The checklist: the first rate :math:`\eta(0)`; the peak :math:`\max_t \eta(t)` and the
    first step where it is reached; the last planned rate :math:`\eta(T-1)`; the step of the
    largest one-step change :math:`\arg\max_t |\eta(t) - \eta(t-1)|`; and whether the rate
    rises above :math:`\eta(T-1)` at some step in :math:`[T, T(1 + \text{past\_end}))`.

    Parameters
    ----------
    fn : callable
        The schedule, a function of the step ``t`` (vectorised or not), e.g.
        ``partial(cosine_annealing, lr0=0.1, total_steps=1000)`` or ``lambda t: rates[t]``
        for rates recorded from a framework's scheduler.
    total_steps : int
        :math:`T \ge 1`, the number of steps you plan to train.
    past_end : float, default 0.5
        How far past the end to look, as a fraction of ``total_steps`` (``0`` to skip).
    label : str, optional
        A name for the report; defaults to the schedule's.

    Returns
    -------
    ScheduleCheck
        Shows as a table in a notebook. An error raised by ``fn`` past the planned end is
        reported in the table, not raised; an error inside the planned run is raised.

    Raises
    ------
    ValueError
        If a planned rate is negative or not finite (naming the step), or for bad arguments.
    """
    if not callable(fn):
        raise ValueError(f"fn must be a callable schedule of the step; got fn={fn!r}.")
    total_steps = check_count("total_steps", total_steps)
    past_end = check_non_negative("past_end", past_end)
    extra = int(round(total_steps * past_end))
    rates = learning_rates(fn, total_steps)
    past_rates, error = np.empty(0), ""
    if extra:
        try:
            past_rates = learning_rates(fn, total_steps + extra)[total_steps:]
        except Exception as exc:  # a framework may refuse steps past its end (OneCycleLR does)
            error = f"{type(exc).__name__}: {exc}"
    return ScheduleCheck(label or schedule_label(fn), total_steps, rates, past_rates, error)


def preview_figure(check: ScheduleCheck, title: Optional[str] = None, logy: bool = False) -> Figure:
    """Draw the schedule of a :class:`ScheduleCheck` with the checklist's points marked.

    The planned run is a solid line, the steps after its end a dashed one over a grey band;
    the peak, the last planned rate and the largest one-step change are marked.
    """
    figure, ax = new_figure(figsize=(13.5, 5.2))
    T = check.total_steps
    steps = np.arange(T)
    ax.plot(steps, check.rates, color="#0072B2", label=f"planned run, steps 0–{T - 1}")
    if check.past_rates.size:
        past = np.arange(T - 1, T + check.past_rates.size)
        ax.plot(past, np.concatenate([[check.final], check.past_rates]), color="#D55E00", linestyle="--",
                label="if training runs on" + (" — it rises!" if check.rises_past_end else ""))
        ax.axvspan(T - 0.5, past[-1], color="0.9", zorder=0, label="after the planned end")
    ax.plot([check.peak_step], [check.peak], "o", color="black", zorder=5,
            label=f"peak {check.peak:.3g} at step {check.peak_step}")
    ax.plot([T - 1], [check.final], "s", color="black", zorder=5, label=f"last planned {check.final:.3g}")
    if check.jump_step is not None:
        t = check.jump_step
        ax.annotate("", xy=(t, check.rates[t]), xytext=(t, check.rates[t - 1]),
                    arrowprops={"arrowstyle": "->", "color": "#CC79A7", "lw": 2.5})
        ax.plot([], [], color="#CC79A7", label=f"largest one-step change, step {t}")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title or (f"Preview: {check.label}" if len(check.label) <= 45 else "Preview before training"))
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate η")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return figure
