r"""The whole course on one page (总结), chapter 14.

:data:`SCHEDULES` lists every schedule of the course with its formula (LaTeX), a one-line
gist and the chapter that teaches it; each entry also carries ``by_hand``, the formula
written out in NumPy, which the tests compare with the package's function, so the page
cannot state a formula the code does not compute. :data:`CHAPTER_GISTS` gives one line per
chapter of :data:`lrdecay_lessons.chapters.course.CHAPTERS` (the tests check that the two lists match).

The FAQ's small computations (its experiments run in :mod:`lrdecay_lessons.experiments.ch14`, seed by
seed on the course's evaluation seeds, and :func:`~lrdecay_lessons.training.lr_range_test`; the clocks are
:func:`~lrdecay_lessons.schedules.epoch_stepped` and :func:`~lrdecay_lessons.schedules.restarted_clock`):

* :func:`range_test_figure` -- the range test's loss against the rate, its landmarks marked.
* :func:`decay_choices` -- cosine, linear and warmup-stable-decay side by side: budget, end, and how much
  of the plan survives a longer run.
* :func:`comparison_rows` -- paired comparisons (interval, sign count, Holm verdict) as table rows.
* :func:`weight_decay_shrink` -- how much decoupled weight decay shrinks the weights over a run when
  the scheduled rate multiplies it (as PyTorch's, optax's and Keras's AdamW do).
* :func:`loop_pitfalls` -- the pitfalls around a training loop that chapter 12 demonstrates, one row each,
  with what the real library did (read from the recorded ``pitfall_values.json``) and the fix.

>>> print(chapters_markdown().text.splitlines()[2])
| 00 | [Course map](00_course_map.ipynb) | 课程导览 | How the course works: schedules as functions, sliders, self-checks. |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np

from .. import schedules
from ..display import Table, new_figure, palette_colour
from ..errors import InvalidParameterError
from ..frameworks import TRAPS, recorded_pitfall
from ..schedules import REGISTRY, ScheduleEntry, inverse_sqrt_warmup, plateau_schedule, schedule, with_warmup
from ..schedules.measures import plan_agreement
from ..schedules.validation import check_choice, check_count, check_in_interval, check_positive
from ..training import RangeTest, ScheduleLike, learning_rates
from .evidence import comparison_rows
from .catalog import in_course_language
from .recipe_text import run_length, shown_recipe_text
from ..schedules.recipes import recipe
from .course import CHAPTERS
from ..i18n import Text, tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "Markdown",
    "recipe_warmups_table",
    "SummaryEntry",
    "SCHEDULES",
    "CHAPTER_GISTS",
    "schedules_markdown",
    "chapters_markdown",
    "summary_figure",
    "PLATEAU_LOSSES",
    "range_test_figure",
    "decay_choices",
    "weight_decay_shrink",
    "LOOP_PITFALL_GROUPS",
    "loop_pitfalls",
    "comparison_rows",
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
    """One schedule on the summary page: its formula as written, its gist and an example.

    Titles, chapter and function come from the schedule registry
    (:data:`lrdecay_lessons.schedules.REGISTRY`), or from ``own`` for what the summary lists
    beyond it (a composition, the paper's form of a schedule). ``function(t, **example)`` is the
    package's schedule; ``by_hand(t, **example)`` the formula as written in ``formula``, in NumPy.
    """

    key: str
    formula: str
    gist: Text
    example: Mapping[str, Any]
    horizon: int
    by_hand: Callable[..., Any] = field(repr=False)
    own: Optional[ScheduleEntry] = field(default=None, repr=False)

    @property
    def entry(self) -> ScheduleEntry:
        return self.own or REGISTRY[self.key]

    @property
    def english(self) -> str:
        return self.entry.english

    @property
    def chinese(self) -> str:
        return self.entry.chinese

    @property
    def chapter(self) -> str:
        """The notebook that teaches it."""
        return self.entry.chapter

    @property
    def function(self) -> Callable[..., Any]:
        return self.entry.function


def _restart_position(t: np.ndarray, T0: int, m: float) -> tuple[np.ndarray, np.ndarray]:
    start, length = np.zeros_like(t), np.full_like(t, float(T0))
    for _ in range(64):
        past = t >= start + length
        start, length = np.where(past, start + length, start), np.where(past, length * m, length)
    return t - start, length


def _warm_step_decay(t: Any, lr0: float, gamma: float, step_size: int, warmup_steps: int) -> Any:
    """Step decay behind a linear warm-up: the summary's example of :func:`with_warmup`."""
    return with_warmup(schedule("step_decay", lr0=lr0, gamma=gamma, step_size=step_size), warmup_steps)(t)


SCHEDULES: tuple[SummaryEntry, ...] = (
    SummaryEntry(
        "step_decay", r"$\eta_0\,\gamma^{\lfloor t/s \rfloor}$",
        Text("Drop by γ every s steps: simple, sudden."),
        {"lr0": 0.1, "gamma": 0.5, "step_size": 250}, 1000,
        lambda t, lr0, gamma, step_size: lr0 * gamma ** np.floor(t / step_size),
    ),
    SummaryEntry(
        "exponential_decay", r"$\eta_0\,\gamma^{t/T}$",
        Text("Smooth, never reaches 0; γ is the factor over T steps, not per step."),
        {"lr0": 0.1, "gamma": 0.01, "total_steps": 1000}, 1000,
        lambda t, lr0, gamma, total_steps: lr0 * gamma ** (t / total_steps),
    ),
    SummaryEntry(
        "polynomial_decay", r"$(\eta_0-\eta_\mathrm{end})\,(1 - t/T)^{\alpha} + \eta_\mathrm{end}$",
        Text("α = 1 is linear; larger α falls earlier; reaches η_end at T."),
        {"lr0": 0.1, "total_steps": 1000, "power": 2.0}, 1000,
        lambda t, lr0, total_steps, power: lr0 * (1 - np.minimum(t, total_steps) / total_steps) ** power,
    ),
    SummaryEntry(
        "cosine_annealing", r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,\tfrac12\left(1+\cos\frac{\pi t}{T}\right)$",
        Text("Slow, fast, slow; no shape parameter; lands at η_min at T."),
        {"lr0": 0.1, "total_steps": 1000}, 1000,
        lambda t, lr0, total_steps: lr0 * _c(np.minimum(t, total_steps) / total_steps),
    ),
    SummaryEntry(
        "multistep_decay", r"$\eta_0\,\gamma^{\#\{i\,:\,m_i \le t\}}$",
        Text("Drops by γ at hand-picked milestones (the ResNet recipe)."),
        {"lr0": 0.1, "milestones": (500, 750), "gamma": 0.1}, 1000,
        lambda t, lr0, milestones, gamma: lr0 * gamma ** sum((t >= m).astype(float) for m in milestones),
    ),
    SummaryEntry(
        "inverse_time_decay", r"$\dfrac{\eta_0}{1 + k\,t/T}$",
        Text("The classic 1/t: a long tail, no horizon."),
        {"lr0": 0.1, "decay_rate": 5.0, "decay_steps": 1000}, 1000,
        lambda t, lr0, decay_rate, decay_steps: lr0 / (1 + decay_rate * t / decay_steps),
    ),
    SummaryEntry(
        "warmup_cosine", r"$\eta_0\,\frac{t}{W}$ for $t < W$, then $\eta_0\,\tfrac12\left(1+\cos\frac{\pi (t-W)}{T-W}\right)$",
        Text("The transformer-era default: ramp up, then cosine to 0."),
        {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100}, 1000,
        lambda t, lr0, total_steps, warmup_steps: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * _c((np.minimum(t, total_steps) - warmup_steps) / (total_steps - warmup_steps))),
    ),
    SummaryEntry(
        "with_warmup", r"$\eta_0\left(f + (1-f)\frac{t}{W}\right)$ for $t < W$, then $s(t - W)$",
        Text("with_warmup puts a linear ramp before any schedule; its clock starts at W."),
        {"lr0": 0.1, "gamma": 0.5, "step_size": 250, "warmup_steps": 100}, 1000,
        lambda t, lr0, gamma, step_size, warmup_steps: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * gamma ** np.floor(np.maximum(t - warmup_steps, 0) / step_size)),
        own=ScheduleEntry("with_warmup", _warm_step_decay, "Any schedule + warm-up", "任意调度 + 预热",
                          "09_warmup_and_cycles.ipynb", "grey"),
    ),
    SummaryEntry(
        "cosine_restarts", r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,\tfrac12\left(1+\cos\frac{\pi t_\mathrm{cur}}{T_i}\right)$, "
        r"$T_i = T_0 m^i$",
        Text("Cosine again and again; each cycle m times longer."),
        {"lr0": 0.1, "period": 70, "period_mult": 2}, 1000,
        lambda t, lr0, period, period_mult: lr0 * _c(np.divide(*_restart_position(t, period, period_mult))),
    ),
    SummaryEntry(
        "one_cycle", r"$\eta_\max + (\eta_\mathrm{init}-\eta_\max)\,c\!\left(\frac{t}{a}\right)$ for $t \le a$, then "
        r"$\eta_\mathrm{final} + (\eta_\max-\eta_\mathrm{final})\,c\!\left(\frac{t-a}{T-1-a}\right)$",
        Text("Up to a peak, then far below the start; c(x) = ½(1 + cos πx), a = pT − 1."),
        {"lr_max": 0.1, "total_steps": 1000}, 1000,
        lambda t, lr_max, total_steps: np.where(
            t <= 0.3 * total_steps - 1,
            lr_max + (lr_max / 25 - lr_max) * _c(t / (0.3 * total_steps - 1)),
            lr_max / 25e4 + (lr_max - lr_max / 25e4) * _c(
                (np.minimum(t, total_steps - 1) - (0.3 * total_steps - 1)) / (0.7 * total_steps))),
    ),
    SummaryEntry(
        "wsd", r"$\eta_0$ from $W$ to $C = T - D$, then "
        r"$\eta_\mathrm{min} + (\eta_0-\eta_\mathrm{min})\,s\!\left(\frac{t-C}{D}\right)$, "
        r"$s(p) = 1-p,\ 1-\sqrt{p}$ or $\tfrac12(1+\cos\pi p)$",
        Text("Warm up, hold the peak, cool down in the last D steps: extend the run without restarting it."),
        {"lr0": 0.1, "total_steps": 1000, "warmup_steps": 100, "decay_steps": 200,
                        "decay_shape": "1-sqrt"}, 1000,
        lambda t, lr0, total_steps, warmup_steps, decay_steps, decay_shape: np.where(
            t < warmup_steps, lr0 * t / warmup_steps,
            lr0 * {"linear": lambda p: 1 - p, "1-sqrt": lambda p: 1 - np.sqrt(p), "cosine": _c}[decay_shape](
                np.clip((t - (total_steps - decay_steps)) / decay_steps, 0, 1))),
    ),
    SummaryEntry(
        "cyclic", r"$\eta_\mathrm{base} + (\eta_\max-\eta_\mathrm{base})\,h_t\,a_t$: a triangle $h_t$ up over $u$ steps and "
        r"down over $d$; $a_t = 1$, $2^{-(c-1)}$ in cycle $c$, or $\gamma^t$",
        Text("Up and down between two bounds again and again; triangular2 halves the height every cycle."),
        {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 125, "mode": "triangular2"}, 1000,
        lambda t, base_lr, max_lr, step_size_up, mode: base_lr + (max_lr - base_lr) * (
            1 - np.abs(np.mod(t, 2 * step_size_up) / step_size_up - 1)) * {
                "triangular": 1.0, "triangular2": 0.5 ** np.floor(t / (2 * step_size_up))}[mode],
    ),
    SummaryEntry(
        "inverse_sqrt", r"$\eta_0\,\frac{t}{W}$ for $t < W$, then $\eta_0\sqrt{\tau / (t - W + \tau)}$, $\tau = W$ by default",
        Text("Hugging Face's form of the Transformer schedule: the peak is η₀ itself, halved 3τ after the warm-up."),
        {"lr0": 0.1, "warmup_steps": 100}, 1000,
        lambda t, lr0, warmup_steps: np.where(t < warmup_steps, lr0 * t / warmup_steps,
                                              lr0 * np.sqrt(warmup_steps / np.maximum(t, warmup_steps))),
    ),
    SummaryEntry(
        "inverse_sqrt_warmup", r"$d_\mathrm{model}^{-1/2}\,\min\left(t^{-1/2},\ t\,W^{-3/2}\right)$",
        Text("Linear warm-up, then 1/√t: peaks at t = W, halves by t = 4W."),
        {"d_model": 512, "warmup_steps": 100}, 1000,
        lambda t, d_model, warmup_steps: d_model ** -0.5 * np.where(
            t < warmup_steps, t * warmup_steps ** -1.5, 1 / np.sqrt(np.maximum(t, 1))),
        own=ScheduleEntry("inverse_sqrt_warmup", inverse_sqrt_warmup, "Inverse square root (Transformer)",
                          "平方根倒数（Transformer）", "13_applications_and_tools.ipynb", "indigo"),
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
    Text("Not a formula of t: it reacts to the validation loss."), "09_warmup_and_cycles.ipynb",
)


#: One line per chapter of :data:`lrdecay_lessons.chapters.course.CHAPTERS`, by notebook.
CHAPTER_GISTS: dict[str, Text] = {
    "00_course_map.ipynb": Text("How the course works: schedules as functions, sliders, self-checks."),
    "01_why_decay.ipynb": Text("A constant rate either crawls or bounces; with noisy gradients it stalls at a noise floor."),
    "02_step_decay.ipynb": Text("η₀ γ^⌊t/s⌋ and the article's worked example, recomputed."),
    "03_exponential_decay.ipynb": Text("η₀ γ^(t/T): γ is the factor over T steps; the article's numbers corrected."),
    "04_polynomial_decay.ipynb": Text("η₀ (1 − t/T)^α: the power sets how early the rate falls."),
    "05_cosine_annealing.ipynb": (Text("η₀ ½(1 + cos πt/T): no shape parameter; slow-fast-slow in absolute terms, "
                                  "fastest at the end in relative ones.")),
    "06_comparison.ipynb": Text("The four compared at the same budget; a guide to choosing, computed."),
    "07_hands_on_training.ipynb": (Text("Gradient descent on scikit-learn data with every schedule: noise floors, "
                                   "divergence, the check against scikit-learn.")),
    "08_the_lab.ipynb": (Text("A small network with a real noise floor: the course's protocol, tuned peaks, the cliff "
                         "after a cut, overfitting.")),
    "09_warmup_and_cycles.ipynb": Text("Warm-up, restarts, one-cycle, cyclical rates, multi-step, reduce-on-plateau."),
    "10_schedules_of_today.ipynb": Text("WSD and its cooldowns, decay to zero, schedule-free, the convex bound."),
    "11_batch_size_and_weight_decay.ipynb": (Text("The rate against the batch size (linear and square-root rules), and "
                                             "AdamW's weight decay under a schedule.")),
    "12_frameworks.ipynb": Text("The same schedules in PyTorch, Keras, Hugging Face, optax and timm; today's names and the traps."),
    "13_applications_and_tools.ipynb": (Text("Published recipes, ResNet to LLaMA, in the course's terms; "
                                        "checking a schedule before training.")),
    "14_summary_faq.ipynb": Text("This page: formulas, a final quiz, and the questions learners ask."),
}


def _link(notebook: str) -> str:
    chapter = next(c for c in CHAPTERS if c.notebook == notebook)
    return f"[{notebook[:2]} · {chapter.english}]({notebook})"


def schedules_markdown() -> Markdown:
    """Every schedule as a Markdown table: formula, gist, and a link to its chapter."""
    lines = [tr("| Schedule | 中文 | Formula | In one line | Chapter |"), "|---|---|---|---|---|"]
    for e in SCHEDULES:
        lines.append(f"| {e.english} (`{e.key}`) | {e.chinese} | {e.formula} | {e.gist} | {_link(e.chapter)} |")
    english, chinese, formula, gist, chapter = _PLATEAU_ENTRY
    lines.append("| {english} (`ReduceLROnPlateau`) | {chinese} | {formula} | {gist} | {link} |".format(
        english=english, chinese=chinese, formula=formula, gist=gist, link=_link(chapter)))
    return Markdown("\n".join(lines))


def chapters_markdown() -> Markdown:
    """One row per chapter of the course, with a link and a one-line gist."""
    lines = [tr("| # | Chapter | 中文 | In one line |"), "|---|---|---|---|"]
    for c in CHAPTERS:
        lines.append(f"| {c.notebook[:2]} | [{c.english}]({c.notebook}) | {c.chinese} | "
                     f"{CHAPTER_GISTS.get(c.notebook, '')} |")
    return Markdown("\n".join(lines))


def summary_figure(ncols: int = 4) -> Figure:
    """Small multiples: every schedule of :data:`SCHEDULES` at its example, and reduce-on-plateau."""
    n = len(SCHEDULES) + 1
    ncols = check_count("ncols", ncols)
    if ncols > n:
        raise InvalidParameterError(f"ncols must be at most {n} (one panel per schedule); got ncols={ncols}.")
    nrows = -(-n // ncols)
    figure, axes = new_figure(nrows, ncols, figsize=(16, 3.4 * nrows))
    axes = np.atleast_1d(axes).ravel()
    for ax, e in zip(axes, SCHEDULES):
        t = np.arange(e.horizon + 1)
        values = np.asarray(e.function(t, **e.example), dtype=float)
        drawstyle = "steps-post" if e.key in ("step_decay", "multistep_decay", "with_warmup") else "default"
        ax.plot(t, values, color=palette_colour(e.entry.colour), drawstyle=drawstyle, label=e.key)
        ax.set_title(in_course_language(e.english, e.chinese), fontsize=14)
        ax.set_ylim(bottom=0)
    plateau_ax = axes[len(SCHEDULES)]
    rates = plateau_schedule(PLATEAU_LOSSES, lr0=0.1, factor=0.5, patience=5)
    epochs = np.arange(len(PLATEAU_LOSSES) + 1)
    plateau_ax.plot(epochs, np.concatenate([[0.1], rates]), color="#117733", drawstyle="steps-post")
    plateau_ax.set_title(tr("Reduce-on-plateau"), fontsize=14)
    plateau_ax.set_ylim(bottom=0)
    twin = plateau_ax.twinx()
    twin.plot(np.arange(1, len(PLATEAU_LOSSES) + 1), PLATEAU_LOSSES, color="0.55", linestyle=":", linewidth=2)
    twin.set_yticks([])
    twin.spines["right"].set_visible(False)
    plateau_ax.text(0.97, 0.93, tr("dotted: val loss"), transform=plateau_ax.transAxes, ha="right", va="top",
                    fontsize=12, color="0.4")
    for ax in axes[n:]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel("η")
    for ax in axes[:n]:
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.tick_params(labelsize=11)
    figure.supxlabel(tr("step t (epoch for reduce-on-plateau)"), fontsize=15)
    figure.suptitle(tr("Every schedule of the course, at an example setting"), fontsize=19, fontweight="bold")
    return figure


def range_test_figure(test: RangeTest, limit: float | None = None) -> Figure:
    """The range test's loss against the rate (log scale), with its three landmarks marked.

    Parameters
    ----------
    test : RangeTest
    limit : float, optional
        A known stability limit (e.g. ``2 / top_curvature(data)``) to draw as a vertical line.
    """
    figure, ax = new_figure()
    ax.plot(test.lrs, test.losses, color="0.7", linewidth=1.5, label=tr("training loss after each step"))
    ax.plot(test.lrs, test.smoothed, color="#0072B2", label=tr("smoothed"))
    marks = [(tr("steepest fall"), test.lr_steepest, "#009E73")] if test.lr_steepest is not None else []
    marks.append((tr("lowest loss"), test.lr_at_min, "#E69F00"))
    if test.lr_blow_up is not None:
        marks.append((tr("blows up (4× lowest)"), test.lr_blow_up, "#D55E00"))
    for label, lr, colour in marks:
        index = int(np.argmin(np.abs(test.lrs - lr)))
        ax.plot([lr], [test.smoothed[index]], "o", color=colour, markersize=11, zorder=5, label=f"{label}: η = {lr:.3g}")
    if limit is not None:
        ax.axvline(limit, color="black", linestyle=":", linewidth=2, label=tr("stability limit 2/λ_max = {limit:.3g}").format(
            limit=limit))
    ax.set_xscale("log")
    top = float(test.smoothed[: test.best_index + 1].max())
    if test.lr_blow_up is not None:
        top = max(top, float(test.smoothed[int(np.argmin(np.abs(test.lrs - test.lr_blow_up)))]))
    ax.set_ylim(0, 1.15 * top)
    ax.set_title(tr("Learning-rate range test"))
    ax.set_xlabel(tr("learning rate η (rising every step)"))
    ax.set_ylabel(tr("training loss"))
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
        raise InvalidParameterError(f"warmup_steps must leave room for the cooldown ({int(cooldown * total_steps)} steps of "
                         f"{total_steps}); got warmup_steps={warmup_steps}.")

    def cosine(T, floor):
        return with_warmup(schedules.schedule("cosine_annealing", lr0=lr0, total_steps=T - warmup_steps,
                                   lr_min=floor * lr0), warmup_steps)

    def linear(T):
        return with_warmup(schedules.schedule("polynomial_decay", lr0=lr0, total_steps=T - warmup_steps, power=1.0),
                           warmup_steps)

    def wsd(T, shape):
        return schedules.schedule("wsd", lr0=lr0, total_steps=T, warmup_steps=warmup_steps,
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
    return Table((tr("schedule"), tr("mean rate / peak"), tr("last rate / peak"), tr("share of the plan kept if T doubles")), rows,
                 title=tr("Same peak and warm-up ({warmup_steps} steps), T = {total_steps}").format(
                     warmup_steps=warmup_steps, total_steps=total_steps), digits=3)


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
        raise InvalidParameterError(f"weight_decay times the rate must stay below 1; got weight_decay={weight_decay!r} "
                         f"with a largest rate of {rates.max():.4g}.")
    return float(np.prod(factors))



def _momentum_row() -> tuple[str, str, str]:
    data = recorded_pitfall("cycle_momentum")
    sgd, adamw = data["sgd_onecycle"]["default"], data["adamw_onecycle"]["default"]
    return (tr("`OneCycleLR` or `CyclicLR` on an optimizer without momentum"),
            tr("`SGD(momentum={sgd:g})` trains with momentum {min:.2f} to {max:.2f}; AdamW's beta1 {adamw:g} "
               "becomes {adamw2:g}; nothing is raised").format(
                   sgd=sgd['before'], min=min(sgd['during']), max=max(sgd['during']), adamw=adamw['before'],
                   adamw2=adamw['during'][0]),
            tr("pass `cycle_momentum=False`"))


def _accelerate_row() -> tuple[str, str, str]:
    demo = TRAPS["accelerate_steps_per_process"].demo()
    n = demo["processes"]
    return (tr("Accelerate: a prepared scheduler, {n} processes").format(n=n),
            tr("after update 1 the rate is {demo:g}, the linear plan's rate at update {n} ({demo2:g}): it "
               "steps {n} times per update; with `DataLoaderConfiguration(split_batches=True)` it is "
               "{demo3:g}, one step per update").format(
                   demo=demo['default'][1], n=n, demo2=demo['course_twice'][1], demo3=demo['split'][1]),
            tr("count $N$ on the whole loader (or multiply it by `num_processes`), or do not prepare the "
               "scheduler"))


def _trainer_rows() -> list[tuple[str, str, str]]:
    data = recorded_pitfall("trainer_warmup_versions")
    old, now = data["4.40"], data["installed"]
    first, last, refused = data["5.0"], data["5.14"], data["5.15"]
    steps = data["steps"]
    late = old["warmup_steps_0.05"]["rates"]
    warning = first["warnings"][0].split(". ")[0]
    return [
        (tr("Trainer: `warmup_steps=0.05`"),
         tr("transformers {old}: {old2:g} warm-up updates, rate {late:.4g} at update {steps} (no warm-up); "
            "{now}: {now2} of 1000 updates").format(
                old=old['version'], old2=old['warmup_steps_0.05']['get_warmup_steps_1000'], late=late[1],
                steps=steps[1], now=now['version'], now2=now['warmup_steps_0.05']['get_warmup_steps_1000']),
         tr("pass `warmup_steps` as a whole number of updates: it means the same in both")),
        (tr("Trainer: `warmup_ratio=0.05`"),
         tr("{first}, {data} and {last} accept it with the warning '{warning}'; {refused} and {now}: {split}").format(
             first=first['version'], data=data['5.2']['version'], last=last['version'], warning=warning,
             refused=refused['version'], now=now['version'],
             split=refused['warmup_ratio_0.05']['error'].split(':')[0]),
         tr("`warmup_steps`, a fraction below 1 from 5.0 on")),
    ]


def _amp_row() -> tuple[str, str, str]:
    data = recorded_pitfall("amp_skipped_step")
    return (tr("AMP: `GradScaler` skips an update (inf gradients)"),
            tr("PyTorch warns '{split}' and the schedule moves on: rates ").format(
                split=data['warnings'][0].split('. ')[0])
            + ", ".join(f"{r:g}" for r in data["rates"]) + tr(", the first update skipped"),
            tr("harmless once; step the scheduler only when the scale did not drop"))


def _resume_row() -> tuple[str, str, str]:
    data = recorded_pitfall("resume_new_peak")
    return (tr("Resuming with a new peak (optimizer rebuilt with `lr=0.05`)"),
            tr("`scheduler.base_lrs` after loading: {data:g}, the old peak; no warning").format(
                data=data['base_lrs_after_load'][0]),
            tr("set `scheduler.base_lrs` and each group's `'initial_lr'` after loading"))


def _plateau_row() -> tuple[str, str, str]:
    data = recorded_pitfall("plateau")
    return (tr("`ReduceLROnPlateau`, and the Trainer's `'reduce_lr_on_plateau'`"),
            tr("`step()` without a metric: {split}; Trainer with `eval_strategy='no'`: {split2}").format(
                split=data['step_without_metric']['error'].split(':')[0],
                split2=data['trainer_eval_strategy_no']['error'].split(':')[0]),
            tr("`scheduler.step(val_loss)` after each evaluation; in the Trainer, an `eval_strategy`"))


def _restarts_row() -> tuple[str, str, str]:
    demo = TRAPS["warm_restarts_within_epoch"].demo()
    i = demo["steps"].index(7)
    same = np.isclose(demo["fractional"][i], demo["course"][i], rtol=1e-12)
    return (tr("`CosineAnnealingWarmRestarts` with restarts inside an epoch"),
            tr("stepped once per epoch the rate at batch {demo} is {demo2:.3g}; `step(epoch + i / iters)` "
               "gives {demo3:.3g}").format(
                   demo=demo['steps'][i], demo2=demo['per_epoch'][i], demo3=demo['fractional'][i]) + (tr(", the cosine's") if same else ""),
            tr("`scheduler.step(epoch + (i + 1) / iters)` after batch `i`"))


def _finder_row() -> tuple[str, str, str]:
    finders = recorded_pitfall("lr_finders")
    lightning, torch_finder = finders["lightning"]["defaults"], finders["torch_lr_finder"]["defaults"]
    fastai = finders["fastai"]["defaults"]
    modes = {lightning["mode"], {"exp": "exponential"}.get(torch_finder["step_mode"], torch_finder["step_mode"]),
             fastai["mode"]}
    return (tr("Finding the peak: a learning-rate range test"),
            tr("Lightning's `Tuner(trainer).lr_find(model)`: {lightning:g} to {lightning2:g} over {lightning3} "
               "steps; torch-lr-finder's `range_test`: up to {torch_finder:g} over {torch_finder2} steps; "
               "fastai's `learn.lr_find()`: {fastai:g} to {fastai2:g} over {fastai3} steps").format(
                   lightning=lightning['min_lr'], lightning2=lightning['max_lr'],
                   lightning3=lightning['num_training'], torch_finder=torch_finder['end_lr'],
                   torch_finder2=torch_finder['num_iter'], fastai=fastai['start_lr'], fastai2=fastai['end_lr'],
                   fastai3=fastai['num_it'])
            + (tr("; all three raise the rate exponentially") if modes == {"exponential"} else ""),
            tr("run one, and pick $\\eta_0$ on the falling part of the loss"))


def _schedule_free_row() -> tuple[str, str, str]:
    data = recorded_pitfall("schedule_free")
    return (tr("Schedule-free optimizers (the `schedulefree` package)"),
            tr("loss {data:.5f} at the training point, {data2:.5f} after `optimizer.eval()`: other weights").format(
                data=data['loss_train_mode'], data2=data['loss_after_eval']),
            tr("`optimizer.eval()` before evaluating or saving, `optimizer.train()` after"))


#: The two halves of :func:`loop_pitfalls`, each short enough for one slide.
LOOP_PITFALL_GROUPS = ("arguments and stepping", "state, metrics and tools")


def loop_pitfalls(group: str) -> Markdown:
    """The pitfalls around a training loop, as a list: each with what the real library did and the fix.

    The pitfalls of chapter 12's "More pitfalls from the issue trackers", in two groups
    (:data:`LOOP_PITFALL_GROUPS`): ``"arguments and stepping"`` -- momentum cycling, Accelerate's prepared
    scheduler, the Trainer's warm-up arguments across versions, a skipped AMP update; ``"state, metrics and
    tools"`` -- a new peak on resuming, reduce-on-plateau's metric, warm restarts inside an epoch, the
    learning-rate finders and schedule-free evaluation. Every number is read from ``pitfall_values.json``
    (recorded by ``tests/reference/make_pitfall_values.py``).

    Raises
    ------
    InvalidParameterError
        If ``group`` is not one of :data:`LOOP_PITFALL_GROUPS`.
    """
    group = check_choice("group", group, LOOP_PITFALL_GROUPS)
    if group == LOOP_PITFALL_GROUPS[0]:
        rows = [_momentum_row(), _accelerate_row(), *_trainer_rows(), _amp_row()]
    else:
        rows = [_resume_row(), _plateau_row(), _restarts_row(), _finder_row(), _schedule_free_row()]
    return Markdown("\n".join(tr("* **{pitfall}.** Recorded: {seen}. *Do this:* {fix}.").format(
        pitfall=pitfall, seen=seen, fix=fix) for pitfall, seen, fix in rows))


def recipe_warmups_table(keys: Sequence[str]) -> Table:
    """Where each recipe's warm-up ends: its peak step, the run's length and the warm-up's share of the run."""
    rows = [(shown_recipe_text(recipe(k).name), recipe(k).peak_step, run_length(recipe(k)), f"{recipe(k).peak_fraction:.1%}")
            for k in keys]
    return Table((tr("recipe"), tr("warm-up ends at step"), tr("of a run of"), tr("share of the run")), rows,
                 title=tr("Warm-ups of the recipes (chapter 13)"))
