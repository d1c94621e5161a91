r"""Published training recipes (实际应用场景) written with the course's schedules.

Each :class:`Recipe` is one published schedule: the paper it comes from, what the paper
says, the same schedule built from :mod:`lrdecay_lessons.schedules` and
:mod:`lrdecay_lessons.schedules.composition`, and -- kept apart -- anything that is *not* in the
paper (a common reproduction, an illustrative peak, a conversion from tokens to steps).
:data:`RECIPES` holds them; :func:`recipe` looks one up; :func:`rescaled` stretches a recipe's
shape to another run and peak, :math:`\tilde\eta_t = \text{peak}\,\eta(t T_\text{recipe}/T) / \max_s \eta(s)`.

Two published rules of thumb come with them: :func:`tokens_to_steps` (a run given in tokens, in
optimizer steps) and :func:`adam_warmup_steps` (Ma & Yarats 2021: warm up Adam over
:math:`2/(1-\beta_2)` updates); and :func:`bert_released_code`, BERT's schedule as its released
code computes it::

    >>> recipe("resnet_cifar").rates[[0, 32_000, 48_000]]
    array([0.1  , 0.01 , 0.001])
    >>> recipe("transformer").peak_step
    4000
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

import numpy as np
from numpy.typing import ArrayLike

from .composition import LinearWarmup, join_schedules, with_warmup
from .inspection import _rates
from .inverse_root import inverse_sqrt_peak
from .polynomial import polynomial_decay
from .schedule import schedule
from .validation import check_count, check_in_interval, check_instance, check_positive, check_steps
from ..errors import InvalidParameterError

__all__ = [
    "Recipe",
    "RECIPES",
    "recipe",
    "rescaled",
    "tokens_to_steps",
    "adam_warmup_steps",
    "bert_released_code",
]


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
        raise InvalidParameterError(
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
        values = _rates(self.schedule, 0, self.total_steps, self.key)
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
        schedule=schedule("multistep_decay", lr0=0.1, milestones=(32_000, 48_000), gamma=0.1),
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
        schedule=schedule("step_decay", lr0=0.1, gamma=0.1, step_size=30),
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
        expressed="inverse_sqrt(t, lr0=inverse_sqrt_peak(d_model=512, warmup_steps=4000), warmup_steps=4000)",
        schedule=schedule("inverse_sqrt", lr0=inverse_sqrt_peak(d_model=512, warmup_steps=4000), warmup_steps=4000),
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
        expressed=("with_warmup(schedule('polynomial_decay', lr0=1e-4, total_steps=990_000, power=1), "
                   "10_000)"),
        schedule=with_warmup(schedule("polynomial_decay", lr0=1e-4, total_steps=990_000, power=1.0), 10_000),
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
        schedule=schedule("one_cycle", lr_max=0.1, total_steps=10_000, pct_start=0.3, div_factor=25.0,
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
        schedule=schedule("cosine_restarts", lr0=0.1, period=10, period_mult=2),
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
        expressed=(f"with_warmup(schedule('cosine_annealing', lr0=6e-5, total_steps={_GPT3_DECAY_END - _GPT3_WARMUP}, "
                   f"lr_min=6e-6), {_GPT3_WARMUP})"),
        schedule=with_warmup(
            schedule("cosine_annealing", lr0=_GPT3_PEAK, total_steps=_GPT3_DECAY_END - _GPT3_WARMUP,
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
                   "iteration to k times it after 5 epochs; a rate of 0.1·kn/256 for kn images per minibatch, "
                   "divided by 10 at the 30th, 60th and 80th epoch of 90 (§5.1); ResNet-50 on ImageNet with "
                   "minibatches up to 8192 images on 256 GPUs"),
        expressed=("with_warmup(schedule('multistep_decay', lr0=3.2, milestones=[25, 55, 75], gamma=0.1), 5, "
                   "start_factor=1/32), t in epochs, 90 epochs"),
        schedule=with_warmup(schedule("multistep_decay", lr0=3.2, milestones=(25, 55, 75), gamma=0.1), 5,
                             start_factor=1 / 32),
        total_steps=90,
        unit="epoch",
        not_from_paper=("chosen: the largest minibatch, kn = 8192 (so 0.1 · 8192/256 = 3.2); the milestones "
                        "25, 55 and 75 count from the end of the 5-epoch warm-up (with_warmup starts the schedule's "
                        "clock there), so the drops fall at epochs 30, 60 and 80"),
        family="warm-up + multi-step",
    ),
    Recipe(
        key="resnet110",
        name="ResNet-110 on CIFAR-10",
        citation="He et al. 2016, Deep Residual Learning for Image Recognition, CVPR",
        published=("lr 0.1 is slightly too large to start converging, so 0.01 until the training error is below "
                   "80% (about 400 iterations), then back to 0.1; the rest as for the other CIFAR-10 ResNets "
                   "(÷10 at 32k and 48k iterations, stop at 64k)"),
        expressed=("join_schedules([linear_warmup(lr0=0.01, warmup_steps=1, start_factor=1), "
                   "schedule('multistep_decay', lr0=0.1, milestones=[31600, 47600], gamma=0.1)], [400])"),
        schedule=join_schedules([LinearWarmup(lr0=0.01, warmup_steps=1, start_factor=1.0),
                                 schedule("multistep_decay", lr0=0.1, milestones=(31_600, 47_600), gamma=0.1)], [400]),
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
        schedule=schedule("cosine_annealing", lr0=1.25e-4, total_steps=100_000, lr_min=1.25e-5),
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
        expressed=("with_warmup(schedule('cosine_annealing', lr0=3e-4, total_steps=248_000, lr_min=3e-5), "
                   "2_000)"),
        schedule=with_warmup(schedule("cosine_annealing", lr0=3e-4, total_steps=248_000, lr_min=3e-5), 2_000),
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
        expressed=("with_warmup(schedule('multistep_decay', lr0=4.2e-4, milestones=[78_000, 88_000], "
                   "gamma=0.316), 2_000)"),
        schedule=with_warmup(schedule("multistep_decay", lr0=4.2e-4, milestones=(78_000, 88_000), gamma=0.316), 2_000),
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
        expressed=("join_schedules([linear_warmup(lr0=0.01, warmup_steps=1_000), "
                   "schedule('exponential_decay', lr0=0.01, gamma=0.5, total_steps=2_000)], [90_000])"),
        schedule=join_schedules([LinearWarmup(lr0=0.01, warmup_steps=1_000),
                                 schedule("exponential_decay", lr0=0.01, gamma=0.5, total_steps=2_000)], [90_000]),
        total_steps=100_000,
        unit="step",
        not_from_paper=("illustrative: peak 0.01, 100,000 steps, 1,000 warm-up steps, and a decay over the last "
                        "10% that halves the rate every 2,000 steps"),
        family="warmup-stable-decay",
    ),
)


def recipe(key: str) -> Recipe:
    """Look up a recipe by its key; an unknown key names the known ones."""
    for item in RECIPES:
        if item.key == key:
            return item
    raise InvalidParameterError(f"key must be one of {[r.key for r in RECIPES]}; got key={key!r}.")


def rescaled(item: Recipe, total_steps: int, peak: float) -> Callable[[Any], Any]:
    r"""The recipe's *shape* stretched to ``total_steps`` steps and scaled to ``peak``.

    .. math:: \tilde\eta_t = \text{peak} \cdot \frac{\eta(t\, T_\text{recipe} / T)}{\max_s \eta(s)}

    Use it to compare recipes on one problem at the same length and the same peak.
    """
    check_instance("item", item, Recipe, "see RECIPES or recipe(key)")
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


def adam_warmup_steps(beta2: float = 0.999) -> int:
    r"""Ma & Yarats (2021, AAAI)'s rule of thumb for Adam: a linear warm-up over :math:`2 / (1 - \beta_2)` updates.

    Examples
    --------
    >>> adam_warmup_steps(0.999), adam_warmup_steps(0.95)
    (2000, 40)
    """
    beta2 = check_in_interval("beta2", beta2, 0.0, 1.0)
    return int(round(2.0 / (1.0 - beta2)))
