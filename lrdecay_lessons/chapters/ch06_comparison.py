r"""Helpers of chapter 06, comparing the four schedules (核心概念总结): fair settings, figure, guide.

* :func:`shared_params` — the four article schedules with shared settings;
  :func:`matched_params` — matched to cosine annealing on one property, by bisection
  (:func:`match_parameter`), for a fair comparison;
* :func:`compare`, :func:`article_curves` and :func:`properties_table` — their curves and
  measures (:mod:`lrdecay_lessons.schedules.measures`) side by side;
* :func:`comparison_figure` and :func:`choosing_table` — the chapter's picture and its guide;
  :func:`comparison_panel` — the picture as a slider panel the browser redraws (shared or matched settings).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence

import numpy as np

from .. import schedules
from ..display import (
    Axes, BrowserPanel, Check, Control, Curve, Formula, Level, Line, Matched, Op, Share, Slider, Table, new_figure, plot_curves)
from ..schedules.measures import (
    CurveProperties,
    curve_properties,
    mean_rate,
    plan_agreement,
    step_at_fraction,
    training_curve,
)
from ..experiments.schedules_on_sgd import HORIZON, PEAK, SgdOutcome, run_on_sgd
from ..experiments import CHAPTER_PLAN
from ..experiments.ch01 import comparison_seeds
from ..schedules.validation import check_count
from .catalog import _SYMBOLS, ARTICLE_SCHEDULES, schedule_colour, shape_title
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

__all__ = [
    "PROPERTY_COLUMNS",
    "properties_table",
    "compare",
    "match_parameter",
    "DEFAULT_BOUNDS",
    "shared_params",
    "matched_params",
    "article_curves",
    "comparison_figure",
    "comparison_panel",
    "choosing_table",
    "matched_on_sgd",
]


PROPERTY_COLUMNS: tuple[str, ...] = (
    "schedule",
    "η at 25 %",
    "η at 50 %",
    "η at 75 %",
    "mean η",
    "largest drop: step",
    "largest drop: size",
    "steps above η₀/2",
    "budget in 1st half",
    "final η(T−1)",
)


def properties_table(
    curves: Mapping[str, tuple[ArrayLike, ArrayLike]], title: str = "", digits: int = 4
) -> Table:
    """A table with one row of :class:`CurveProperties` per curve.

    Parameters
    ----------
    curves : mapping
        Row label → ``(steps, values)``, e.g. from :func:`article_curves`.
    title : str, optional
        Caption.
    digits : int, default 4
        Significant digits for the rates; shares are shown as percentages.

    Returns
    -------
    lrdecay_lessons.display.tables.Table
        Columns :data:`PROPERTY_COLUMNS` (in the course's language: :func:`property_headings`).
    """
    if not curves:
        raise InvalidParameterError("curves must hold at least one curve; got an empty mapping.")
    rows = []
    for label, (steps, values) in curves.items():
        p = curve_properties(steps, values)
        rows.append(
            (
                label, p.lr_25, p.lr_50, p.lr_75, p.mean, p.drop_step, p.drop_size,
                f"{p.above_half:.1%}", f"{p.first_half_budget:.1%}", p.final,
            )
        )
    return Table(columns=property_headings(), rows=rows, title=title, digits=digits)


def property_headings() -> list[str]:
    """:data:`PROPERTY_COLUMNS` as the reader sees them, in the course's language (the same in English)."""
    return [tr("schedule"), tr("η at 25 %"), tr("η at 50 %"), tr("η at 75 %"), tr("mean η"), tr("largest drop: step"),
            tr("largest drop: size"), tr("steps above η₀/2"), tr("budget in 1st half"), tr("final η(T−1)")]


#: Search intervals for :func:`match_parameter`, by parameter name.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "gamma": (1e-9, 1.0),
    "power": (1e-3, 100.0),
}


def match_parameter(
    schedule: Callable[..., Any],
    params: Mapping[str, Any],
    parameter: str,
    target: float,
    horizon: int,
    *,
    quantity: Callable[[np.ndarray, np.ndarray], float] = mean_rate,
    bounds: Optional[tuple[float, float]] = None,
    xtol: float = 1e-12,
) -> float:
    r"""The value of ``parameter`` that gives ``quantity(curve) = target``, found by bisection.

    Solves :math:`q(p) = \text{target}` where :math:`q(p)` is ``quantity`` of the
    curve of ``schedule(t, **params, parameter=p)`` over ``horizon`` steps.
    Bisection halves the interval ``bounds`` while keeping a sign change of
    :math:`q(p) - \text{target}` inside it, so it needs :math:`q` continuous and
    monotone on ``bounds`` — true for the mean and final rate as functions of
    step or exponential :math:`\gamma` (increasing) and polynomial :math:`\alpha`
    (decreasing).

    Parameters
    ----------
    schedule : callable
        A function of :mod:`lrdecay_lessons.schedules`.
    params : mapping
        Its other parameters (a value given for ``parameter`` is ignored).
    parameter : str
        The keyword to tune, e.g. ``"gamma"`` or ``"power"``.
    target : float
        The value ``quantity`` should take.
    horizon : int
        :math:`T`, steps in the run.
    quantity : callable, default :func:`mean_rate`
        ``quantity(steps, values) -> float``, e.g. :func:`final_rate`.
    bounds : (float, float), optional
        Search interval; by default :data:`DEFAULT_BOUNDS` for ``parameter``.
    xtol : float, default 1e-12
        Stop when the interval is this narrow.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``target`` is not reached anywhere on ``bounds`` (the message gives the
        range that is).

    Examples
    --------
    >>> alpha = match_parameter(schedules.polynomial_decay, {"lr0": 1.0, "total_steps": 100},
    ...                         "power", target=101 / 200, horizon=100)
    >>> round(alpha, 9)   # linear decay has mean (T + 1) / (2T)
    1.0
    """
    if bounds is None:
        if parameter not in DEFAULT_BOUNDS:
            raise InvalidParameterError(
                f"bounds must be given for parameter={parameter!r} (defaults exist for "
                f"{sorted(DEFAULT_BOUNDS)}); got bounds=None."
            )
        bounds = DEFAULT_BOUNDS[parameter]
    low, high = (float(b) for b in bounds)
    if not low < high:
        raise InvalidParameterError(f"bounds must be (low, high) with low < high; got bounds={bounds!r}.")
    name = getattr(quantity, "__name__", "quantity")

    def evaluate(value: float) -> float:
        return quantity(*training_curve(schedule, horizon, **{**params, parameter: value}))

    q_low, q_high = evaluate(low), evaluate(high)
    if not min(q_low, q_high) <= target <= max(q_low, q_high):
        raise InvalidParameterError(
            f"target must lie between {name} at {parameter}={low:g} ({q_low:.6g}) and at "
            f"{parameter}={high:g} ({q_high:.6g}); got target={target!r}."
        )
    rising = q_high > q_low
    while high - low > xtol:
        middle = 0.5 * (low + high)
        if middle in (low, high):  # the interval cannot shrink any further
            break
        if (evaluate(middle) < target) == rising:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def shared_params(
    lr0: float,
    total_steps: int,
    step_gamma: float,
    step_size: int,
    exp_gamma: float,
    power: float,
) -> dict[str, dict[str, Any]]:
    r"""Keyword parameters of the four article schedules with the same :math:`\eta_0` and :math:`T`.

    Exponential, polynomial and cosine decay take ``total_steps`` as their
    horizon :math:`T`; step decay has none (it is run for the same :math:`T` steps).

    Returns
    -------
    dict
        Schedule name (as in :data:`lrdecay_lessons.chapters.catalog.ARTICLE_SCHEDULES`) →
        keyword parameters.
    """
    return {
        "step_decay": {"lr0": lr0, "gamma": step_gamma, "step_size": int(step_size)},
        "exponential_decay": {"lr0": lr0, "gamma": exp_gamma, "total_steps": int(total_steps)},
        "polynomial_decay": {"lr0": lr0, "total_steps": int(total_steps), "power": power},
        "cosine_annealing": {"lr0": lr0, "total_steps": int(total_steps)},
    }


_TOO_LONG = ("step_size must be <= total_steps / 2 = {half} for step decay to match cosine annealing: its first s "
             "steps alone spend more than cosine's whole budget; got step_size={step_size} with total_steps={horizon}.")

def matched_params(
    lr0: float,
    total_steps: int,
    step_size: int,
    quantity: Callable[[np.ndarray, np.ndarray], float] = mean_rate,
) -> dict[str, dict[str, Any]]:
    r"""The four schedules tuned so that ``quantity`` equals cosine annealing's.

    Cosine annealing has no free parameter, so it sets the target
    (its mean rate is :math:`\eta_0 (T+1)/(2T)`); :func:`match_parameter` then
    solves for step decay's :math:`\gamma` (period ``step_size`` kept),
    exponential decay's :math:`\gamma` and polynomial decay's :math:`\alpha`.

    Step decay can only match if :math:`s \le T/2`: even with :math:`\gamma \to 0`
    its first :math:`s` steps spend :math:`\eta_0 s`, more than the
    :math:`\eta_0 (T+1)/2` of cosine annealing when :math:`s > T/2`.
    """
    horizon = check_count("total_steps", total_steps, minimum=2)
    step_size = check_count("step_size", step_size)
    if 2 * step_size > horizon:
        raise InvalidParameterError(_TOO_LONG.format(half=f"{horizon / 2:g}", step_size=step_size, horizon=horizon))
    params = shared_params(lr0, horizon, 1.0, step_size, 1.0, 1.0)
    target = quantity(*training_curve(schedules.cosine_annealing, horizon, **params["cosine_annealing"]))
    for name, parameter in (("step_decay", "gamma"), ("exponential_decay", "gamma"), ("polynomial_decay", "power")):
        function = ARTICLE_SCHEDULES[name].function
        params[name][parameter] = match_parameter(function, params[name], parameter, target, horizon, quantity=quantity)
    return params


def compare(params: Mapping[str, Mapping[str, Any]], horizon: int) -> dict[str, CurveProperties]:
    """Schedule name → :class:`CurveProperties` over ``horizon`` steps, for each schedule of ``params``."""
    return {
        name: curve_properties(*training_curve(ARTICLE_SCHEDULES[name].function, horizon, **p))
        for name, p in params.items()
    }


def article_curves(params: Mapping[str, Mapping[str, Any]], horizon: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Label (:func:`shape_title`) → training curve over ``horizon`` steps, for each schedule."""
    return {
        shape_title(name, p): training_curve(ARTICLE_SCHEDULES[name].function, horizon, **p)
        for name, p in params.items()
    }


def comparison_figure(
    params: Mapping[str, Mapping[str, Any]],
    horizon: int,
    *,
    title: str,
    show_budget: bool = False,
) -> Figure:
    r"""The schedules on one axes over a run of ``horizon`` steps, legend below.

    Dotted vertical lines (and the x ticks) mark 25, 50 and 75 % of training,
    the columns of :func:`~lrdecay_lessons.schedules.measures.properties_table`; a dashed line marks :math:`\eta_0/2`. With
    ``show_budget`` a second panel below shows the share of the budget spent by
    step :math:`t`, :math:`\sum_{u \le t} \eta(u) \big/ \sum_{u < T} \eta(u)`.
    """
    horizon = check_count("horizon", horizon, minimum=2)
    if show_budget:
        figure, (rate_ax, budget_ax) = new_figure(2, 1, sharex=True, figsize=(10.0, 8.8))
    else:
        figure, rate_ax = new_figure(figsize=(10.0, 6.4))
    curves, budgets = [], []
    for name, p in params.items():
        info = ARTICLE_SCHEDULES[name]
        steps, values = training_curve(info.function, horizon, **p)
        colour = schedule_colour(name)
        curves.append(Curve(shape_title(name, p, shown=True), steps, values, {"color": colour, "drawstyle": info.drawstyle}))
        budgets.append(Curve(info.shown_title, steps, np.cumsum(values) / values.sum(), {"color": colour}))
    plot_curves(curves, title=title, ax=rate_ax)
    half = max(float(c.values[0]) for c in curves) / 2
    rate_ax.axhline(half, color="0.35", linestyle="--", linewidth=1.5)
    rate_ax.annotate("η₀/2", (horizon, half), xytext=(-4, 5), textcoords="offset points", ha="right", color="0.35")
    axes = [rate_ax]
    if show_budget:
        plot_curves(budgets, title=tr("Share of the budget Σ η spent so far"), ax=budget_ax,
                    ylabel=tr("spent by step t"))
        rate_ax.set_xlabel("")
        axes.append(budget_ax)
    for ax in axes:
        ax.get_legend().remove()
        quarters = [step_at_fraction(f, horizon) for f in (0.25, 0.5, 0.75)]
        for step in quarters:
            ax.axvline(step, color="0.6", linestyle=":", linewidth=1.5)
        ax.set_xticks([0, *quarters, horizon])
        ax.set_xlim(0, horizon)
        ax.set_ylim(bottom=0)
    handles, labels = rate_ax.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=2)
    return figure


#: For each article schedule, its parameters in :func:`shared_params` as the panel's names: the controls
#: ``lr0`` and ``total_steps``, and each schedule's own setting under its :func:`shared_params` name.
_PANEL_PARAMS: dict[str, dict[str, str]] = {
    "step_decay": {"lr0": "lr0", "gamma": "step_gamma", "step_size": "step_size"},
    "exponential_decay": {"lr0": "lr0", "gamma": "exp_gamma", "total_steps": "total_steps"},
    "polynomial_decay": {"lr0": "lr0", "total_steps": "total_steps", "power": "power"},
    "cosine_annealing": {"lr0": "lr0", "total_steps": "total_steps"},
}

#: The parameter :func:`matched_params` solves for in each schedule, and its name in the panel.
_MATCHED = {"step_decay": ("gamma", "step_gamma"), "exponential_decay": ("gamma", "exp_gamma"),
            "polynomial_decay": ("power", "power")}


def _formula(name: str) -> Formula:
    return Formula(ARTICLE_SCHEDULES[name].function, {k: Control(v) for k, v in _PANEL_PARAMS[name].items()})


def _label(name: str) -> str:
    """:func:`shape_title` as a template over the panel's names (``"Step decay (γ={step_gamma:.3g}, ...)"``)."""
    own = ", ".join(f"{_SYMBOLS[k]}={{{v}:.3g}}" for k, v in _PANEL_PARAMS[name].items() if k in _SYMBOLS)
    title = ARTICLE_SCHEDULES[name].shown_title
    return f"{title} ({own})" if own else title


def _quarters() -> list[Op]:
    """:func:`step_at_fraction` of 25, 50 and 75 % of ``total_steps``, as expressions the browser evaluates."""
    horizon = Control("total_steps")
    return [Op("min", Op("floor", Op("+", Op("*", f, horizon), 1e-9)), Op("-", horizon, 1)) for f in (0.25, 0.5, 0.75)]


def comparison_panel(sliders: Sequence[Slider], *, title: str, matched: bool = False,
                     heading: Optional[str] = None) -> BrowserPanel:
    r""":func:`comparison_figure` as a panel the browser redraws, live with no kernel.

    With ``matched=False`` the sliders are :func:`shared_params`'s settings (``lr0``, ``total_steps``,
    ``step_gamma``, ``step_size``, ``exp_gamma``, ``power``); with ``matched=True`` they are
    :func:`matched_params`'s (``lr0``, ``total_steps``, ``step_size``), the other settings found by the
    same bisection (:func:`match_parameter`, repeated step for step in the browser), and a second chart
    shows the share of the budget spent by step :math:`t`. Dotted lines mark 25, 50 and 75 % of training
    (:func:`step_at_fraction`), a dashed line :math:`\eta_0/2`.
    """
    derived: dict[str, Any] = {}
    if matched:  # matched_params's check first, with its message; then its bisections
        derived["half"] = Op("/", Control("total_steps"), 2)
        derived["fits"] = Check(Op("<=", Op("*", 2, Control("step_size")), Control("total_steps")),
                                # _TOO_LONG in the reader's language (the error raised stays English)
                                tr("step_size must be <= total_steps / 2 = {half} for step decay to match cosine "
                                   "annealing: its first s steps alone spend more than cosine's whole budget; got "
                                   "step_size={step_size} with total_steps={horizon}.").format(
                                    half="{half:.6g}", step_size="{step_size}", horizon="{total_steps}"))
        target = _formula("cosine_annealing")
        for name, (parameter, panel_name) in _MATCHED.items():
            params = {k: Control(v) for k, v in _PANEL_PARAMS[name].items() if k != parameter}
            derived[panel_name] = Matched(match_parameter, ARTICLE_SCHEDULES[name].function, params, parameter,
                                          target, Control("total_steps"), mean_rate, DEFAULT_BOUNDS[parameter])
    last = Op("-", Control("total_steps"), 1)
    lines = [Line(_label(name), _formula(name), colour=schedule_colour(name), drawstyle=info.drawstyle)
             for name, info in ARTICLE_SCHEDULES.items()]
    half = Line("η₀/2", Level(Op("/", Control("lr0"), 2)), colour="0.35", dash="--", width=1.5)
    rates = Axes(title, [*lines, half], horizon=last, xlabel="" if matched else tr("step t"), legend="below",
                 vlines=_quarters(), height=440 if matched else 520)
    charts = [rates]
    if matched:
        budgets = [Line(info.shown_title, Share(_formula(name)), colour=schedule_colour(name))
                   for name, info in ARTICLE_SCHEDULES.items()]
        charts.append(Axes(tr("Share of the budget Σ η spent so far"), budgets, horizon=last, ylabel=tr("spent by step t"),
                           legend=None, vlines=_quarters(), height=380))  # the colours: the legend above
    return BrowserPanel(list(sliders), charts, heading=heading, derived=derived)


def choosing_table(
    lr0: float, total_steps: int, step_size: int, alphas: Sequence[float] = (0.5, 4.0)
) -> Table:
    r"""A guide to choosing a schedule, each row backed by numbers computed here.

    The schedules are matched to cosine annealing's mean rate
    (:func:`~lrdecay_lessons.schedules.measures.matched_params`), so the numbers compare shapes at the same budget;
    the last row compares polynomial decay at the powers ``alphas``.

    Parameters
    ----------
    lr0, total_steps, step_size : float, int, int
        As for :func:`~lrdecay_lessons.schedules.measures.matched_params`.
    alphas : sequence of float, default (0.5, 4.0)
        Two polynomial powers to contrast.

    Returns
    -------
    lrdecay_lessons.display.tables.Table
        Columns "if you …", "consider", "because".
    """
    params = matched_params(lr0, total_steps, step_size)
    fair = compare(params, total_steps)
    after = {name: ARTICLE_SCHEDULES[name].function(2 * total_steps, **p) for name, p in params.items()}
    own = {name: [_SYMBOLS[k] for k in p if k in _SYMBOLS] for name, p in params.items()}
    low, high = (
        curve_properties(*training_curve(schedules.polynomial_decay, total_steps, lr0=lr0,
                                         total_steps=total_steps, power=a))
        for a in (alphas[0], alphas[-1])
    )

    def title(name: str) -> str:
        return ARTICLE_SCHEDULES[name].shown_title.lower()

    def listing(values: Mapping[str, Any], fmt: str) -> str:
        return ", ".join(f"{title(n)} {format(v, fmt)}" for n, v in values.items())

    linear = curve_properties(*training_curve(schedules.polynomial_decay, total_steps, lr0=lr0,
                                              total_steps=total_steps, power=1.0))
    wsd_plan = plan_agreement(lambda T: schedules.schedule("wsd", lr0=lr0, total_steps=T, warmup_steps=0,
                                                decay_steps=T // 5), total_steps)
    linear_plan = max(plan_agreement(lambda T: partial(f, lr0=lr0, total_steps=T), total_steps)
                      for f in (schedules.polynomial_decay, schedules.cosine_annealing))
    by_final = sorted(fair, key=lambda n: fair[n].final)
    early = max(fair, key=lambda n: fair[n].first_half_budget)
    fewest = min(fair, key=lambda n: fair[n].changes)
    rows = [
        (tr("know T and want training to end at a tiny rate"), tr("{title} or {title2}").format(
            title=title(by_final[0]), title2=title(by_final[1])),
         tr("final rate η(T−1): ") + listing({n: fair[n].final for n in by_final}, ".2g")),
        (tr("do not know T, or may train past it"),
         tr("warmup-stable-decay (chapter 10): hold η₀, cool down once the end is known"),
         tr("(WSD at its own budget, not matched) a plan for T and one for 2T share {wsd_plan:.1%} of the "
            "first T rates (20% cooldown), {linear_plan:.1%} for linear decay and cosine; step and "
            "exponential decay keep falling: rate at t = 2T: ").format(
                wsd_plan=wsd_plan, linear_plan=linear_plan) + listing(after, ".2g")),
        (tr("want nothing to tune but η₀ and T"),
         tr("linear decay to 0 (polynomial, α = 1) or cosine annealing"),
         tr("own parameters: ") + "; ".join(f"{title(n)} {', '.join(k) or tr('none')}" for n, k in own.items())
         + tr("; linear decay fixes α = 1 and has cosine's budget (mean rate {mean:.4g} vs {mean2:.4g})").format(
             mean=linear.mean, mean2=fair['cosine_annealing'].mean)),
        (tr("want a high rate for long, then a firm landing"),
         title(early) if early == by_final[0] else tr("{title} or {title2}").format(
             title=title(early), title2=title(by_final[0])),
         tr("most budget in the 1st half: {title} ({first_half_budget:.1%}); lowest final rate: {title2}").format(
             title=title(early), first_half_budget=fair[early].first_half_budget, title2=title(by_final[0]))),
        (tr("want a few distinct phases (e.g. a checkpoint before each drop)"), title(fewest),
         tr("the rate changes at {changes} of {value} steps, by up to {value2:.0%} of η₀").format(
             changes=fair[fewest].changes, value=total_steps - 1, value2=fair[fewest].drop_size / fair[fewest].lr0)),
        (tr("want one knob for how early the rate falls"), tr("polynomial decay"),
         tr("(each α at its own budget) α = {alphas:g} → {alphas2:g} moves the time above η₀/2 from "
            "{above_half:.0%} to {above_half2:.0%}").format(
                alphas=alphas[0], alphas2=alphas[-1], above_half=low.above_half, above_half2=high.above_half)),
    ]
    return Table(
        [tr("if you …"), tr("consider"), tr("because (computed; the four article schedules at the same budget)")],
        rows,
        title=tr("Choosing a schedule (T = {total_steps}, η₀ = {lr0:g}, step s = {step_size})").format(
            total_steps=total_steps, lr0=lr0, step_size=step_size),
    )


def matched_on_sgd(step_size: int = HORIZON // 4) -> SgdOutcome:
    """The four article schedules at cosine annealing's budget (:func:`matched_params`, peak
    :data:`~lrdecay_lessons.experiments.schedules_on_sgd.PEAK`, one epoch of chapter 01's problem) run on SGD,
    on chapter 01's comparison seeds; names are :func:`shape_title`'s."""
    params = matched_params(PEAK, HORIZON, step_size)
    named = {shape_title(name, p): schedules.schedule(name, **p) for name, p in params.items()}
    return run_on_sgd(named, comparison_seeds(CHAPTER_PLAN))
