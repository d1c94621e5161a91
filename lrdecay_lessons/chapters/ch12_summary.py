r"""The whole course on one page (总结), chapter 12.

:data:`SCHEDULES` lists every schedule of the course with its formula (LaTeX), a one-line
gist and the chapter that teaches it; each entry also carries ``by_hand``, the formula
written out in NumPy, which the tests compare with the package's function, so the page
cannot state a formula the code does not compute. :data:`CHAPTER_GISTS` gives one line per
chapter of :data:`lrdecay_lessons.chapters.course.CHAPTERS` (the tests check that the two lists match).

The FAQ's small computations:

* :func:`adam_excess` -- a tiny NumPy Adam on the noisy least-squares problem of chapter 01,
  to measure whether Adam, too, settles at a noise floor that decay lowers.
* :func:`epoch_stepped` -- a schedule updated once per epoch instead of once per batch.
* :func:`restarted_clock` -- the resume-from-checkpoint bug: the schedule's clock restarts at 0.
* :func:`lr_range_test` -- a learning-rate range test: raise the rate exponentially for a short
  run and watch where the loss stops falling.
* :func:`decay_choices` -- cosine, linear and warmup-stable-decay side by side: budget, end, and how much
  of the plan survives a longer run.
* :func:`final_excess` -- SGD on the noisy least-squares problem with several schedules, the final
  excess loss of each (for "η_min of 0 or 10 %?").
* :func:`weight_decay_shrink` -- how much decoupled weight decay shrinks the weights over a run when
  the scheduled rate multiplies it (as PyTorch's, optax's and Keras's AdamW do).

>>> from functools import partial
>>> from lrdecay_lessons.schedules import cosine_annealing
>>> per_epoch = epoch_stepped(partial(cosine_annealing, lr0=0.1, total_steps=10), steps_per_epoch=100)
>>> per_epoch([0, 99, 100]).round(6)
array([0.1     , 0.1     , 0.097553])
>>> print(chapters_markdown().text.splitlines()[2])
| 00 | [Course map](00_course_map.ipynb) | 课程导览 | How the course works: schedules as functions, sliders, self-checks. |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from .. import schedules
from ..display import new_figure
from ..schedules import REGISTRY, plateau_schedule, with_warmup
from ..schedules.validation import (
    check_count,
    check_in_interval,
    check_instance,
    check_positive,
    check_steps,
)
from ..training import DIVERGENCE_FACTOR, MAX_STEPS, Dataset, NoisyLeastSquares, ScheduleLike, learning_rates, train
from ..display import Table
from ..schedules.measures import plan_agreement
from .ch11_applications import inverse_sqrt_warmup
from .catalog import schedule_colour
from .course import CHAPTERS

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

__all__ = [
    "Markdown",
    "SummaryEntry",
    "SCHEDULES",
    "CHAPTER_GISTS",
    "schedules_markdown",
    "chapters_markdown",
    "summary_figure",
    "PLATEAU_LOSSES",
    "adam_excess",
    "epoch_stepped",
    "restarted_clock",
    "RangeTest",
    "lr_range_test",
    "range_test_figure",
    "decay_choices",
    "final_excess",
    "weight_decay_shrink",
]


@dataclass(frozen=True)
class Markdown:
    """Markdown text that a notebook renders (formulas included) and a terminal prints as is."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def _c(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.cos(np.pi * x))


@dataclass(frozen=True)
class SummaryEntry:
    """One schedule on the summary page.

    ``function(t, **example)`` is the package's schedule; ``by_hand(t, **example)`` the formula
    as written in ``formula``, in NumPy; ``chapter`` the notebook that teaches it.
    """

    key: str
    english: str
    chinese: str
    formula: str
    gist: str
    chapter: str
    function: Callable[..., Any]
    example: Mapping[str, Any]
    horizon: int
    by_hand: Callable[..., Any] = field(repr=False)


def _restart_position(t: np.ndarray, T0: int, m: float) -> tuple[np.ndarray, np.ndarray]:
    start, length = np.zeros_like(t), np.full_like(t, float(T0))
    for _ in range(64):
        past = t >= start + length
        start, length = np.where(past, start + length, start), np.where(past, length * m, length)
    return t - start, length


SCHEDULES: tuple[SummaryEntry, ...] = (
    SummaryEntry(
        "step_decay", "Step decay", "阶梯衰减", r"$\eta_0\,\gamma^{\lfloor t/s \rfloor}$",
        "Drop by γ every s steps: simple, sudden.", "02_step_decay.ipynb",
        schedules.step_decay, {"lr0": 0.1, "gamma": 0.5, "step_size": 250}, 1000,
        lambda t, lr0, gamma, step_size: lr0 * gamma ** np.floor(t / step_size),
    ),
    SummaryEntry(
        "exponential_decay", "Exponential decay", "指数衰减", r"$\eta_0\,\gamma^{t/T}$",
        "Smooth, never reaches 0; γ is the factor over T steps, not per step.", "03_exponential_decay.ipynb",
        schedules.exponential_decay, {"lr0": 0.1, "gamma": 0.01, "total_steps": 1000}, 1000,
        lambda t, lr0, gamma, total_steps: lr0 * gamma ** (t / total_steps),
    ),
    SummaryEntry(
        "polynomial_decay", "Polynomial decay", "多项式衰减",
        r"$(\eta_0-\eta_\mathrm{end})\,(1 - t/T)^{\alpha} + \eta_\mathrm{end}$",
        "α = 1 is linear; larger α falls earlier; reaches η_end at T.", "04_polynomial_decay.ipynb",
        schedules.polynomial_decay, {"lr0": 0.1, "total_steps": 1000, "power": 2.0}, 1000,
        lambda t, lr0, total_steps, power: lr0 * (1 - np.minimum(t, total_steps) / total_steps) ** power,
    ),
    SummaryEntry(
        "cosine_annealing", "Cosine annealing", "余弦衰减",
        r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,\tfrac12\left(1+\cos\frac{\pi t}{T}\right)$",
        "Slow, fast, slow; no shape parameter; lands at η_min at T.", "05_cosine_annealing.ipynb",
        schedules.cosine_annealing, {"lr0": 0.1, "total_steps": 1000}, 1000,
        lambda t, lr0, total_steps: lr0 * _c(np.minimum(t, total_steps) / total_steps),
    ),
    SummaryEntry(
        "multistep_decay", "Multi-step decay", "多阶段衰减", r"$\eta_0\,\gamma^{\#\{i\,:\,m_i \le t\}}$",
        "Drops by γ at hand-picked milestones (the ResNet recipe).", "08_warmup_and_cycles.ipynb",
        schedules.multistep_decay, {"lr0": 0.1, "milestones": (500, 750), "gamma": 0.1}, 1000,
        lambda t, lr0, milestones, gamma: lr0 * gamma ** sum((t >= m).astype(float) for m in milestones),
    ),
    SummaryEntry(
        "inverse_time_decay", "Inverse-time decay", "反时间衰减", r"$\dfrac{\eta_0}{1 + k\,t/T}$",
        "The classic 1/t: a long tail, no horizon.", "09_schedules_of_today.ipynb",
        schedules.inverse_time_decay, {"lr0": 0.1, "decay_rate": 5.0, "decay_steps": 1000}, 1000,
        lambda t, lr0, decay_rate, decay_steps: lr0 / (1 + decay_rate * t / decay_steps),
    ),
    SummaryEntry(
        "warmup_cosine", "Warm-up + cosine", "预热 + 余弦",
        r"$\eta_0\,\frac{t}{W}$ for $t < W$, then $\eta_0\,\tfrac12\left(1+\cos\frac{\pi (t-W)}{T-W}\right)$",
        "The transformer-era default: ramp up, then cosine to 0.", "08_warmup_and_cycles.ipynb",
        schedules.warmup_cosine, {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100}, 1000,
        lambda t, lr0, total_steps, warmup_steps: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * _c((np.minimum(t, total_steps) - warmup_steps) / (total_steps - warmup_steps))),
    ),
    SummaryEntry(
        "with_warmup", "Any schedule + warm-up", "任意调度 + 预热",
        r"$\eta_0\left(f + (1-f)\frac{t}{W}\right)$ for $t < W$, then $s(t - W)$",
        "with_warmup puts a linear ramp before any schedule; its clock starts at W.",
        "08_warmup_and_cycles.ipynb",
        lambda t, lr0, gamma, step_size, warmup_steps: with_warmup(
            partial(schedules.step_decay, lr0=lr0, gamma=gamma, step_size=step_size), warmup_steps)(t),
        {"lr0": 0.1, "gamma": 0.5, "step_size": 250, "warmup_steps": 100}, 1000,
        lambda t, lr0, gamma, step_size, warmup_steps: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * gamma ** np.floor(np.maximum(t - warmup_steps, 0) / step_size)),
    ),
    SummaryEntry(
        "cosine_restarts", "Cosine with warm restarts (SGDR)", "带热重启的余弦",
        r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,\tfrac12\left(1+\cos\frac{\pi t_\mathrm{cur}}{T_i}\right)$, "
        r"$T_i = T_0 m^i$",
        "Cosine again and again; each cycle m times longer.", "08_warmup_and_cycles.ipynb",
        schedules.cosine_restarts, {"lr0": 0.1, "period": 70, "period_mult": 2}, 1000,
        lambda t, lr0, period, period_mult: lr0 * _c(np.divide(*_restart_position(t, period, period_mult))),
    ),
    SummaryEntry(
        "one_cycle", "One-cycle", "单周期",
        r"$\eta_\max + (\eta_\mathrm{init}-\eta_\max)\,c\!\left(\frac{t}{a}\right)$ for $t \le a$, then "
        r"$\eta_\mathrm{final} + (\eta_\max-\eta_\mathrm{final})\,c\!\left(\frac{t-a}{T-1-a}\right)$",
        "Up to a peak, then far below the start; c(x) = ½(1 + cos πx), a = pT − 1.",
        "08_warmup_and_cycles.ipynb",
        schedules.one_cycle, {"lr_max": 0.1, "total_steps": 1000}, 1000,
        lambda t, lr_max, total_steps: np.where(
            t <= 0.3 * total_steps - 1,
            lr_max + (lr_max / 25 - lr_max) * _c(t / (0.3 * total_steps - 1)),
            lr_max / 25e4 + (lr_max - lr_max / 25e4) * _c(
                (np.minimum(t, total_steps - 1) - (0.3 * total_steps - 1)) / (0.7 * total_steps))),
    ),
    SummaryEntry(
        "wsd", "Warmup-stable-decay (WSD)", "预热-稳定-衰减",
        r"$\eta_0$ from $W$ to $C = T - D$, then "
        r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,s\!\left(\frac{t-C}{D}\right)$, "
        r"$s(p) = 1-p,\ 1-\sqrt{p}$ or $\tfrac12(1+\cos\pi p)$",
        "Warm up, hold the peak, cool down in the last D steps: extend the run without restarting it.",
        "09_schedules_of_today.ipynb",
        schedules.wsd, {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100, "decay_steps": 200,
                        "decay_shape": "1-sqrt"}, 1000,
        lambda t, lr0, total_steps, warmup_steps, decay_steps, decay_shape: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * {"linear": lambda p: 1 - p, "1-sqrt": lambda p: 1 - np.sqrt(p), "cosine": _c}[decay_shape](
                np.clip((t - (total_steps - decay_steps)) / decay_steps, 0, 1))),
    ),
    SummaryEntry(
        "cyclic", "Cyclical learning rate", "循环学习率",
        r"$\eta_\mathrm{base} + (\eta_\max-\eta_\mathrm{base})\,h_t\,a_t$: a triangle $h_t$ up over $u$ steps and "
        r"down over $d$; $a_t = 1$, $2^{-(c-1)}$ in cycle $c$, or $\gamma^t$",
        "Up and down between two bounds again and again; triangular2 halves the height every cycle.",
        "08_warmup_and_cycles.ipynb",
        schedules.cyclic, {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 125, "mode": "triangular2"}, 1000,
        lambda t, base_lr, max_lr, step_size_up, mode: base_lr + (max_lr - base_lr) * (
            1 - np.abs(np.mod(t, 2 * step_size_up) / step_size_up - 1)) * {
                "triangular": 1.0, "triangular2": 0.5 ** np.floor(t / (2 * step_size_up))}[mode],
    ),
    SummaryEntry(
        "inverse_sqrt", "Inverse square root, peak lr0", "平方根倒数（峰值 η₀）",
        r"$\eta_0\,\frac{t}{W}$ for $t < W$, then $\eta_0\sqrt{\tau / (t - W + \tau)}$, $\tau = W$ by default",
        "Hugging Face's form of the Transformer schedule: the peak is η₀ itself, halved 3τ after the warm-up.",
        "11_applications_and_tools.ipynb",
        schedules.inverse_sqrt, {"lr0": 0.1, "warmup_steps": 100}, 1000,
        lambda t, lr0, warmup_steps: np.where(t < warmup_steps, lr0 * t / warmup_steps,
                                              lr0 * np.sqrt(warmup_steps / np.maximum(t, warmup_steps))),
    ),
    SummaryEntry(
        "inverse_sqrt_warmup", "Inverse square root (Transformer)", "平方根倒数",
        r"$d_\mathrm{model}^{-1/2}\,\min\left(t^{-1/2},\ t\,W^{-3/2}\right)$",
        "Linear warm-up, then 1/√t: peaks at t = W, halves by t = 4W.", "11_applications_and_tools.ipynb",
        inverse_sqrt_warmup, {"d_model": 512, "warmup_steps": 100}, 1000,
        lambda t, d_model, warmup_steps: d_model ** -0.5 * np.where(
            t < warmup_steps, t * warmup_steps ** -1.5, 1 / np.sqrt(np.maximum(t, 1))),
    ),
)


#: The scripted validation loss the summary figure feeds to reduce-on-plateau: it falls, then stalls.
PLATEAU_LOSSES: tuple[float, ...] = tuple(
    [round(1.0 - 0.05 * k, 2) for k in range(10)] + [0.5] * 15 + [0.47, 0.43] + [0.4] * 13
)


_PLATEAU_ENTRY = (
    "Reduce-on-plateau", "平台期衰减",
    r"$\eta \leftarrow \max(\eta \cdot \mathrm{factor},\ \eta_\mathrm{min})$ after more than *patience* epochs "
    r"without improvement",
    "Not a formula of t: it reacts to the validation loss.", "08_warmup_and_cycles.ipynb",
)


#: One line per chapter of :data:`lrdecay_lessons.chapters.course.CHAPTERS`, by notebook.
CHAPTER_GISTS: dict[str, str] = {
    "00_course_map.ipynb": "How the course works: schedules as functions, sliders, self-checks.",
    "01_why_decay.ipynb": "A constant rate either crawls or bounces; with noisy gradients it stalls at a noise floor.",
    "02_step_decay.ipynb": "η₀ γ^⌊t/s⌋ and the article's worked example, recomputed.",
    "03_exponential_decay.ipynb": "η₀ γ^(t/T): γ is the factor over T steps; the article's numbers corrected.",
    "04_polynomial_decay.ipynb": "η₀ (1 − t/T)^α: the power sets how early the rate falls.",
    "05_cosine_annealing.ipynb": ("η₀ ½(1 + cos πt/T): no shape parameter; slow-fast-slow in absolute terms, "
                                  "fastest at the end in relative ones."),
    "06_comparison.ipynb": "The four compared at the same budget; a guide to choosing, computed.",
    "07_hands_on_training.ipynb": ("Gradient descent on scikit-learn data, then a small network: tuned peaks, "
                                   "the cliff after a cut, overfitting."),
    "08_warmup_and_cycles.ipynb": "Warm-up, restarts, one-cycle, cyclical rates, multi-step, reduce-on-plateau.",
    "09_schedules_of_today.ipynb": "WSD and its cooldowns, decay to zero, schedule-free, the convex bound, batch size.",
    "10_frameworks.ipynb": "The same schedules in PyTorch, Keras, Hugging Face, optax and timm; today's names and the traps.",
    "11_applications_and_tools.ipynb": ("Published recipes, ResNet to LLaMA, in the course's terms; "
                                        "checking a schedule before training."),
    "12_summary_faq.ipynb": "This page: formulas, a final quiz, and the questions learners ask.",
}


def _link(notebook: str) -> str:
    chapter = next(c for c in CHAPTERS if c.notebook == notebook)
    return f"[{notebook[:2]} · {chapter.english}]({notebook})"


def schedules_markdown() -> Markdown:
    """Every schedule as a Markdown table: formula, gist, and a link to its chapter."""
    lines = ["| Schedule | 中文 | Formula | In one line | Chapter |", "|---|---|---|---|---|"]
    for e in SCHEDULES:
        lines.append(f"| {e.english} (`{e.key}`) | {e.chinese} | {e.formula} | {e.gist} | {_link(e.chapter)} |")
    english, chinese, formula, gist, chapter = _PLATEAU_ENTRY
    lines.append(f"| {english} (`ReduceLROnPlateau`) | {chinese} | {formula} | {gist} | {_link(chapter)} |")
    return Markdown("\n".join(lines))


def chapters_markdown() -> Markdown:
    """One row per chapter of the course, with a link and a one-line gist."""
    lines = ["| # | Chapter | 中文 | In one line |", "|---|---|---|---|"]
    for c in CHAPTERS:
        lines.append(f"| {c.notebook[:2]} | [{c.english}]({c.notebook}) | {c.chinese} | "
                     f"{CHAPTER_GISTS.get(c.notebook, '')} |")
    return Markdown("\n".join(lines))


def summary_figure(ncols: int = 4) -> Figure:
    """Small multiples: every schedule of :data:`SCHEDULES` at its example, and reduce-on-plateau."""
    n = len(SCHEDULES) + 1
    ncols = check_count("ncols", ncols)
    if ncols > n:
        raise ValueError(f"ncols must be at most {n} (one panel per schedule); got ncols={ncols}.")
    nrows = -(-n // ncols)
    figure, axes = new_figure(nrows, ncols, figsize=(16, 3.4 * nrows))
    axes = np.atleast_1d(axes).ravel()
    for ax, e in zip(axes, SCHEDULES):
        t = np.arange(e.horizon + 1)
        values = np.asarray(e.function(t, **e.example), dtype=float)
        drawstyle = "steps-post" if e.key in ("step_decay", "multistep_decay", "with_warmup") else "default"
        ax.plot(t, values, color=schedule_colour(e.key) if e.key in REGISTRY else "#333333", drawstyle=drawstyle, label=e.key)
        ax.set_title(e.english, fontsize=14)
        ax.set_ylim(bottom=0)
    plateau_ax = axes[len(SCHEDULES)]
    rates = plateau_schedule(PLATEAU_LOSSES, lr0=0.1, factor=0.5, patience=5)
    epochs = np.arange(len(PLATEAU_LOSSES) + 1)
    plateau_ax.plot(epochs, np.concatenate([[0.1], rates]), color="#117733", drawstyle="steps-post")
    plateau_ax.set_title("Reduce-on-plateau", fontsize=14)
    plateau_ax.set_ylim(bottom=0)
    twin = plateau_ax.twinx()
    twin.plot(np.arange(1, len(PLATEAU_LOSSES) + 1), PLATEAU_LOSSES, color="0.55", linestyle=":", linewidth=2)
    twin.set_yticks([])
    twin.spines["right"].set_visible(False)
    plateau_ax.text(0.97, 0.93, "dotted: val loss", transform=plateau_ax.transAxes, ha="right", va="top",
                    fontsize=12, color="0.4")
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel("η")
    for ax in axes[:n]:
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.tick_params(labelsize=11)
    figure.supxlabel("step t (epoch for reduce-on-plateau)", fontsize=15)
    figure.suptitle("Every schedule of the course, at an example setting", fontsize=19, fontweight="bold")
    return figure


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

    (Kingma & Ba 2015), starting from :math:`\theta = 0, m = v = 0`.

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
        raise ValueError(f"problem must be a NoisyLeastSquares (see noisy_least_squares); got {problem!r}.")
    n_steps = check_count("n_steps", n_steps)
    if n_steps > MAX_STEPS:
        raise ValueError(f"n_steps must be at most {MAX_STEPS:,}; got n_steps={n_steps:,}.")
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
    limit = DIVERGENCE_FACTOR * max(0.5 * float(np.sum(target**2)), 1e-12)
    for t in range(n_steps):
        k = t % per_epoch
        if t and k == 0:
            order = rng.permutation(len(A))
        rows = order[k * batch_size : (k + 1) * batch_size]
        g = A[rows].T @ (A[rows] @ theta - y[rows]) / batch_size
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        m_hat, v_hat = m / (1.0 - beta1 ** (t + 1)), v / (1.0 - beta2 ** (t + 1))
        with np.errstate(all="ignore"):  # a blow-up is reported below, not warned about
            theta = theta - rates[t] * m_hat / (np.sqrt(v_hat) + eps)
            excess[t] = 0.5 * float(np.sum((theta - target) ** 2))
        if not excess[t] <= limit:  # also true for NaN
            raise ValueError(
                f"schedule must keep Adam from diverging; it diverged at step {t} with rate {rates[t]:.4g}: "
                f"the excess loss exceeded {DIVERGENCE_FACTOR:.0e} × its initial value. Choose smaller rates."
            )
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
        blow = "never" if self.lr_blow_up is None else f"{self.lr_blow_up:.3g}"
        steepest = ("nowhere (the loss never falls: start lower)" if self.lr_steepest is None
                    else f"{self.lr_steepest:.3g}")
        diverged = ", then diverged" if self.diverged else ""
        return (f"RangeTest({self.lrs.size} steps{diverged}, rate {self.lrs[0]:.3g} → {self.lrs[-1]:.3g}: lowest loss "
                f"at {self.lr_at_min:.3g}, steepest fall at {steepest}, blows up (4× min) at {blow})")


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
        raise ValueError(f"lr_stop must be > lr_start (lr_start={lr_start:g}); got lr_stop={lr_stop!r}.")
    beta = check_in_interval("beta", beta, 0.0, 1.0, closed_low=True)
    epochs = check_count("epochs", epochs)
    n = epochs * -(-dataset.n_train // check_count("batch_size", batch_size))
    ratio = lr_stop / lr_start

    def ramp(t: ArrayLike) -> np.ndarray:
        return lr_start * ratio ** (np.asarray(t, dtype=float) / max(n - 1, 1))

    result = train(dataset, ramp, epochs=epochs, batch_size=batch_size, seed=seed, record="step",
                   label="range test")
    if result.train_loss.size < 2:
        raise ValueError(
            f"lr_start must be small enough for the loss to be recorded twice; got lr_start={lr_start!r}: "
            f"{result.summary()}."
        )
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
    marks = [("steepest fall", test.lr_steepest, "#009E73")] if test.lr_steepest is not None else []
    marks.append(("lowest loss", test.lr_at_min, "#E69F00"))
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


def decay_choices(lr0: float = 1.0, total_steps: int = 1000, warmup_steps: int = 10, cooldown: float = 0.2) -> Table:
    r"""Cosine, linear and warmup-stable-decay with the same warm-up and peak: what each spends and where it ends.

    Columns: the mean rate over the run (the budget, as a fraction of the peak), the last rate, and
    :func:`~lrdecay_lessons.schedules.measures.plan_agreement` -- the share of the first :math:`T` rates
    that the plan for :math:`2T` keeps (a run you might extend).

    Parameters
    ----------
    lr0 : float, default 1.0
    total_steps : int, default 1000
    warmup_steps : int, default 10
    cooldown : float, default 0.2
        The cooldown of the warmup-stable-decay rows, as a fraction of ``total_steps`` in ``(0, 1)``.
    """
    lr0 = check_positive("lr0", lr0)
    total_steps = check_count("total_steps", total_steps, minimum=4)
    warmup_steps = check_count("warmup_steps", warmup_steps, minimum=0)
    cooldown = check_in_interval("cooldown", cooldown, 0.0, 1.0)
    if warmup_steps + int(cooldown * total_steps) > total_steps:
        raise ValueError(f"warmup_steps must leave room for the cooldown ({int(cooldown * total_steps)} steps of "
                         f"{total_steps}); got warmup_steps={warmup_steps}.")

    def cosine(T, floor):
        return with_warmup(partial(schedules.cosine_annealing, lr0=lr0, total_steps=T - warmup_steps,
                                   lr_min=floor * lr0), warmup_steps)

    def linear(T):
        return with_warmup(partial(schedules.polynomial_decay, lr0=lr0, total_steps=T - warmup_steps, power=1.0),
                           warmup_steps)

    def wsd(T, shape):
        return partial(schedules.wsd, lr0=lr0, total_steps=T, warmup_steps=warmup_steps,
                       decay_steps=int(cooldown * T), decay_shape=shape)

    builds = {
        "cosine to 0": lambda T: cosine(T, 0.0),
        "cosine to 10%": lambda T: cosine(T, 0.1),
        "linear to 0": linear,
        f"WSD, linear cooldown ({cooldown:.0%})": lambda T: wsd(T, "linear"),
        f"WSD, 1-sqrt cooldown ({cooldown:.0%})": lambda T: wsd(T, "1-sqrt"),
    }
    rows = []
    for name, build in builds.items():
        rates = learning_rates(build(total_steps), total_steps)
        rows.append((name, rates.mean() / lr0, rates[-1] / lr0, plan_agreement(build, total_steps)))
    return Table(("schedule", "mean rate / peak", "last rate / peak", "share of the plan kept if T doubles"), rows,
                 title=f"Same peak and warm-up ({warmup_steps} steps), T = {total_steps}", digits=3)


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
        raise ValueError(f"runs must be a non-empty mapping of names to schedules; got runs={runs!r}.")
    n_steps = check_count("n_steps", n_steps)
    per_epoch = -(-problem.dataset.n_train // check_count("batch_size", batch_size))
    if n_steps % per_epoch:
        raise ValueError(f"n_steps must be a whole number of epochs ({per_epoch} steps each); got n_steps={n_steps}.")
    seeds = tuple(seeds)
    out = {}
    for name, schedule in runs.items():
        finals = []
        for seed in seeds:
            run = train(problem.dataset, schedule, epochs=n_steps // per_epoch, batch_size=batch_size, seed=seed)
            if run.diverged:
                raise ValueError(f"runs[{name!r}] must not diverge; {run.summary()}.")
            finals.append(problem.expected_excess(run.weights, run.bias))
        out[name] = (float(np.mean(finals)), float(np.std(finals, ddof=1)) if len(finals) > 1 else 0.0)
    return out


def weight_decay_shrink(schedule: ScheduleLike, total_steps: int, weight_decay: float) -> float:
    r"""The factor decoupled weight decay alone multiplies the weights by over a run.

    .. math:: \prod_{t=0}^{T-1} \left(1 - \eta_t \lambda\right) \approx \exp\Big(-\lambda \sum_t \eta_t\Big)

    PyTorch's ``AdamW`` (``param.mul_(1 - lr * weight_decay)``), optax's ``adamw``
    (``add_decayed_weights`` before ``scale_by_learning_rate``) and Keras's ``AdamW``
    (``variable - variable * wd * lr``) all multiply the decay by the *scheduled* rate: a schedule
    also schedules the weight decay.

    Examples
    --------
    >>> round(weight_decay_shrink(1e-3, 10_000, 0.1), 4)  # constant rate: about exp(-1)
    0.3679
    """
    total_steps = check_count("total_steps", total_steps)
    weight_decay = check_in_interval("weight_decay", weight_decay, 0.0, 1.0, closed_low=True)
    rates = learning_rates(schedule, total_steps)
    factors = 1.0 - rates * weight_decay
    if np.any(factors <= 0):
        raise ValueError(f"weight_decay times the rate must stay below 1; got weight_decay={weight_decay!r} "
                         f"with a largest rate of {rates.max():.4g}.")
    return float(np.prod(factors))
