r"""Experiments and figures of the hands-on chapter: training runs, their losses and their rates.

Three kinds of helper:

* **schedules by name** — :func:`make_schedule` builds any of the chapter's schedules
  for a run of ``total_steps`` updates, with the shape parameters used in chapter 07
  unless given (:data:`RUN_SHAPES`); :func:`course_schedules` builds several (both live in
  :mod:`lrdecay_lessons.experiments.ch07`, which runs the chapter's experiments).
* **reference numbers** — :func:`~lrdecay_lessons.training.linear_optimum` solves the linear regression
  exactly (the lowest training loss gradient descent can reach), and
  :func:`results_table` turns a :class:`~lrdecay_lessons.training.Comparison` into
  a :class:`~lrdecay_lessons.display.tables.Table` of mean ± standard deviation over seeds (n − 1);
  :func:`paired_table` shows paired comparisons with their 95 % intervals and Holm verdicts.
* **figures** — :func:`training_figure` draws loss curves with the learning rate
  beneath them on a second axes sharing the x axis. A run that diverged is never
  drawn as NaN: its curve stops at its last finite record and a cross marks the
  step that blew it up, labelled ``diverged at step k (η=…)``.
  :func:`sklearn_figure` and :func:`invscaling_figure` show the checks against
  scikit-learn.

>>> make_schedule("step", lr0=0.1, total_steps=400)
step_decay(lr0=0.1, gamma=0.5, step_size=100)
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from .. import schedules as S
from ..display import Table, new_figure
from ..schedules.validation import check_choice, check_count
from .catalog import schedule_colour
from ..experiments.ch07 import RUN_SHAPES, course_schedules, make_schedule
from ..training import (
    Comparison,
    ScheduleLike,
    SklearnComparison,
    TrainingResult,
    learning_rates,
    schedule_label,
)
from ..errors import InvalidParameterError
from ..i18n import tr
from .evidence import paired_table
from ..training import shown_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "RUN_SHAPES",
    "DIVERGED_COLOUR",
    "ROUNDING_SPREAD",
    "make_schedule",
    "course_schedules",
    "results_table",
    "paired_table",
    "schedule_table",
    "final_means",
    "divergence_label",
    "training_figure",
    "sklearn_figure",
    "invscaling_figure",
]


#: Colour of a run drawn as a warning (a rate too high for the problem).
DIVERGED_COLOUR = "#B42318"


def _course_colour(schedule: ScheduleLike) -> Optional[str]:
    """A course schedule's colour (a number is the constant rate); ``None`` for any other function."""
    is_number = isinstance(schedule, numbers.Real) and not isinstance(schedule, bool)
    return schedule_colour(schedule) if isinstance(schedule, S.Schedule) or is_number else None


#: A spread below this fraction of the mean is rounding (the order of a sum), shown as 0.
ROUNDING_SPREAD = 1e-12


def _mean_std(values: Sequence[float], spec: str = ".4f") -> str:
    """``"mean ± sample std"``, each formatted with ``spec``; a spread that is only rounding shows as 0."""
    values = np.asarray(values, dtype=float)
    mean = values.mean()
    spread = values.std(ddof=1) if len(values) > 1 else 0.0
    if spread <= ROUNDING_SPREAD * abs(mean):
        spread = 0.0
    return f"{mean:{spec}} ± {spread:{spec}}"


def results_table(comparison: Comparison, *, train_minimum: Optional[float] = None, title: str = "") -> Table:
    r"""The comparison as a table: mean ± sample standard deviation over the seeds.

    Columns: final validation loss, final validation score (accuracy or
    :math:`R^2`), epochs until the validation loss first reached the comparison's
    ``target_loss`` (mean over the runs that reached it, and how many did), and
    how many runs diverged. With ``train_minimum`` (e.g.
    :func:`~lrdecay_lessons.training.linear_optimum`'s ``train_loss``) a column gives the final training
    loss above that minimum. Diverged runs are left out of the statistics; a
    spread below :data:`ROUNDING_SPREAD` times the mean (full-batch runs, whose
    seeds differ only in the order of a sum) is shown as 0.
    """
    score = comparison.rows[0].score_name if comparison.rows else "score"
    columns = [tr("schedule"), tr("final val loss"), tr("val {score}").format(score=score)]
    if train_minimum is not None:
        columns.append(tr("train loss − minimum"))
    if comparison.target_loss is not None:
        columns.append(tr("epochs to val loss ≤ {target_loss:g}").format(target_loss=comparison.target_loss))
    columns.append(tr("diverged"))
    rows = []
    for row in comparison.rows:
        finished = [r for r in comparison.results[row.name] if not r.diverged]
        cells: list[Any] = [shown_name(row.name)]
        if finished:
            cells += [_mean_std([r.val_loss[-1] for r in finished]), _mean_std([r.val_score[-1] for r in finished])]
        else:
            cells += ["—", "—"]
        if train_minimum is not None:
            cells.append(_mean_std([r.train_loss[-1] - train_minimum for r in finished], ".2g") if finished else "—")
        if comparison.target_loss is not None:
            reached = tr("never") if row.epochs_to_target is None else f"{row.epochs_to_target:.1f}"
            cells.append(tr("{reached} ({n_reached_target}/{n_runs} runs)").format(
                reached=reached, n_reached_target=row.n_reached_target, n_runs=row.n_runs))
        cells.append(f"{row.n_diverged}/{row.n_runs}")
        rows.append(cells)
    heading = title or tr("{dataset}: mean ± sd over {n_runs} seeds (sd with n − 1)").format(
        dataset=comparison.dataset, n_runs=comparison.rows[0].n_runs)
    return Table(columns, rows, title=heading)


Runs = Mapping[str, Union[TrainingResult, Sequence[TrainingResult]]]


_FALLBACK = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#999999", "#882255")


def _as_groups(runs: Runs) -> dict[str, tuple[TrainingResult, ...]]:
    groups = {name: (group,) if isinstance(group, TrainingResult) else tuple(group) for name, group in runs.items()}
    if not groups or any(not group for group in groups.values()):
        raise InvalidParameterError("runs must map each name to at least one TrainingResult; got an empty mapping or group.")
    return groups


def _curve(run: TrainingResult, loss: str, minimum: float) -> np.ndarray:
    values = run.val_loss if loss == "val" else run.train_loss
    return values - minimum


def divergence_label(run: TrainingResult) -> str:
    """``"diverged at step 42 (η=0.5)"``."""
    return tr("diverged at step {diverged_at_step} (η={diverged_lr:.3g})").format(
        diverged_at_step=run.diverged_at_step, diverged_lr=run.diverged_lr)


def _mark_divergence(loss_ax: Axes, lr_ax: Axes, run: TrainingResult, colour: str, y: Optional[float],
                     annotate: bool, line: int = 0) -> None:
    """A cross where the run blew up, on both axes, and the text ``diverged at step k (η=…)``.

    ``y`` is the loss at which to put the cross on the loss axes; ``None`` puts it
    near the top edge (the loss was off the scale). The text goes to the right of
    the cross, or to its left near the end of the run; ``line`` moves it down by
    that many lines (one per schedule already labelled), so labels do not overlap.
    """
    x = (run.diverged_at_step + 1) / run.steps_per_epoch
    style = dict(marker="X", markersize=17, color=colour, markeredgecolor="black", linestyle="none", zorder=6)
    if y is None:
        transform = blended_transform_factory(loss_ax.transData, loss_ax.transAxes)
        loss_ax.plot([x], [0.9], transform=transform, clip_on=False, **style)
        point, coords = (x, 0.9), ("data", "axes fraction")
    else:
        loss_ax.plot([x], [y], **style)
        point, coords = (x, y), ("data", "data")
    if annotate:
        left = x > 0.7 * run.epochs
        loss_ax.annotate(divergence_label(run), point, xycoords=coords, textcoords="offset points",
                         xytext=(-16 if left else 16, -10 - 24 * line), ha="right" if left else "left", va="top",
                         fontsize=14, color=colour, fontweight="bold")
    lr_ax.plot([x], [run.diverged_lr], **style)


def training_figure(
    runs: Runs,
    *,
    title: str,
    schedules: Optional[Mapping[str, ScheduleLike]] = None,
    loss: str = "val",
    minimum: float = 0.0,
    logy: bool = False,
    ylim: Optional[tuple[float, float]] = None,
    scale_to: str = "finished",
    colours: Optional[Mapping[str, str]] = None,
    reference: Optional[tuple[str, float]] = None,
    figsize: tuple[float, float] = (13.0, 8.0),
    figure: Optional[Figure] = None,
) -> Figure:
    r"""Loss curves (mean over seeds, band = min to max) above the learning rate, sharing the x axis.

    Parameters
    ----------
    runs : mapping of str to TrainingResult or sequence of them
        One entry per schedule: its run, or its runs over several seeds (e.g.
        :attr:`Comparison.results`). The runs that finished must have the same length.
    title : str
        Title of the loss panel (English: the fonts have no Chinese glyphs).
    schedules : mapping of str to schedule, optional
        The schedules by the same names. The rate panel then shows the rate of
        every step; without them, the rate of the last step of each epoch.
    loss : {"val", "train"}, default "val"
        Which loss to draw.
    minimum : float, default 0.0
        Subtracted from every loss (e.g. :func:`linear_optimum`'s ``train_loss``
        with ``loss="train"``, to draw the loss *above the minimum*).
    logy : bool, default False
        Logarithmic loss axis.
    ylim : (float, float), optional
        Limits of the loss axis; by default matplotlib's choice (see ``scale_to``).
    scale_to : {"finished", "all"}, default "finished"
        Fit the loss axis to the runs that finished (a diverging curve leaves
        through the top, its cross sits at the top edge), or to every record.
    colours : mapping of str to str, optional
        Colours by name, over the course colours of the schedules.
    reference : (str, float), optional
        A label and a loss, drawn as a horizontal dashed line (e.g. the best possible loss).
    figsize : (float, float)
    figure : matplotlib.figure.Figure, optional
        A figure an earlier call returned: its two axes are cleared and drawn again
        (a slider panel redraws in place) instead of making a new figure; ``figsize`` is then unused.

    Returns
    -------
    matplotlib.figure.Figure
        The loss axes on top, the rate axes below. A diverged run's curve stops
        at its last record (no NaN is drawn) and a cross marks the step that sent
        its loss out of bounds, on both axes, labelled ``diverged at step k (η=…)``
        (the first diverged run of each schedule); its rate is drawn up to that step.
    """
    check_choice("loss", loss, ("val", "train"))
    check_choice("scale_to", scale_to, ("finished", "all"))
    groups = _as_groups(runs)
    schedules = dict(schedules or {})
    palette = iter(_FALLBACK)
    colours = {
        name: (colours or {}).get(name) or (_course_colour(schedules[name]) if name in schedules else None)
        or next(palette)
        for name in groups
    }
    if figure is None:
        figure, (top, bottom) = new_figure(2, 1, sharex=True, figsize=figsize,
                                           gridspec_kw={"height_ratios": [2.3, 1]})
    else:
        top, bottom = figure.axes
        top.clear()
        bottom.clear()
    if logy:
        top.set_yscale("log")
    n_seeds = 1
    for name, group in groups.items():
        finished = [r for r in group if not r.diverged]
        if finished:
            lengths = {len(r.steps) for r in finished}
            if len(lengths) != 1:
                raise InvalidParameterError(f"runs[{name!r}] must all have the same number of records; got {sorted(lengths)}.")
            curves = np.array([_curve(r, loss, minimum) for r in finished])
            n_seeds = max(n_seeds, len(finished))
            top.plot(finished[0].epoch, curves.mean(axis=0), color=colours[name], label=shown_name(name))
            if len(finished) > 1:
                top.fill_between(finished[0].epoch, curves.min(axis=0), curves.max(axis=0), color=colours[name],
                                 alpha=0.18, linewidth=0)
        else:
            top.plot([], [], color=colours[name], linewidth=1.6, label=shown_name(name))
    if reference is not None:
        top.axhline(reference[1] - minimum, color="#555555", linestyle="--", linewidth=2.0, label=reference[0])
    any_finished = any(not r.diverged for group in groups.values() for r in group)
    limits = top.get_ylim() if any_finished and scale_to == "finished" else None
    diverged = [(name, run) for name, group in groups.items() for run in group if run.diverged]
    for name, run in diverged:
        top.plot(run.epoch, _curve(run, loss, minimum), color=colours[name], linewidth=1.6)
    if not any_finished and not any(len(run.steps) for _, run in diverged) and not logy:
        limits = (0.0, 1.15 * max(run.initial_loss - minimum for _, run in diverged))
    if ylim is not None:
        limits = ylim
    if limits is not None:
        top.set_ylim(*limits)
    for name, group in groups.items():
        n_steps = group[0].epochs * group[0].steps_per_epoch
        if all(r.diverged for r in group):
            n_steps = max(r.diverged_at_step for r in group) + 1
        if name in schedules:
            bottom.plot(np.arange(n_steps) / group[0].steps_per_epoch, learning_rates(schedules[name], n_steps),
                        color=colours[name], label=shown_name(name))
        else:
            bottom.plot(group[0].epoch, group[0].lr, color=colours[name], marker="o", markersize=5, label=shown_name(name))
    low, high = top.get_ylim()
    labelled: list[str] = []
    for name, run in diverged:
        last = _curve(run, loss, minimum)[-1] if len(run.steps) else run.initial_loss - minimum
        on_scale = low <= last <= high and (not logy or last > 0)
        _mark_divergence(top, bottom, run, colours[name], last if on_scale else None,
                         annotate=name not in labelled, line=len(labelled))
        if name not in labelled:
            labelled.append(name)
    top.set_ylim(low, high)
    top.set_xlim(-0.02 * max(g[0].epochs for g in groups.values()), 1.02 * max(g[0].epochs for g in groups.values()))
    top.set_title(title)
    what = tr("validation loss") if loss == "val" else tr("training loss")
    top.set_ylabel(tr("{what} − minimum").format(what=what) if minimum else what)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=13, alignment="left", title_fontsize=13,
               title=tr("mean of {n_seeds} seeds\n(band: min to max)").format(n_seeds=n_seeds) if n_seeds > 1 else None)
    bottom.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True, steps=[1, 2, 5, 10]))
    bottom.set_title(tr("Learning rate η_t"), fontsize=16)
    bottom.set_xlabel(tr("epoch"))
    bottom.set_ylabel("η_t")
    bottom.set_ylim(bottom=0)
    return figure


def sklearn_figure(checks: Sequence[SklearnComparison]) -> Figure:
    """Training loss per epoch, ours (line) and scikit-learn's (dots), one column per check, the rate below."""
    if not checks:
        raise InvalidParameterError("checks must hold at least one SklearnComparison; got an empty sequence.")
    n = len(checks)
    figure, axes = new_figure(2, n, sharex="col", squeeze=False, figsize=(7.0 * n, 7.5),
                              gridspec_kw={"height_ratios": [2.2, 1]})
    for column, check in enumerate(checks):
        top, bottom = axes[0, column], axes[1, column]
        ours = check.ours
        top.plot(ours.epoch, ours.train_loss, color="#0072B2", label=tr("ours (batch 1)"))
        sk_epochs = check.epoch[: len(check.sklearn_train_loss)]
        top.plot(sk_epochs, check.sklearn_train_loss, color="#D55E00", marker="o", linestyle="none",
                 markersize=10, label=tr("scikit-learn partial_fit"))
        verdict = tr("diverged") if ours.diverged or check.sklearn_diverged else \
            tr("final loss ours / scikit-learn = {final_loss_ratio:.3f}").format(
                final_loss_ratio=check.final_loss_ratio())
        top.set_title(f"{check.dataset}: {verdict}", fontsize=15)
        top.set_ylabel(tr("training loss"))
        top.legend(loc="upper right", fontsize=12)
        bottom.step(check.epoch, check.lr, where="post", color="black", label=tr("eta0 each epoch"))
        bottom.set_xlabel(tr("epoch"))
        bottom.set_ylabel(tr("η (eta0)"))
        bottom.set_ylim(bottom=0)
        bottom.legend(loc="upper right", fontsize=12)
    figure.suptitle(tr("Same rate in each epoch: our SGD and scikit-learn's end at the same loss"),
                    fontsize=18, fontweight="bold")
    return figure


def invscaling_figure(steps: np.ndarray, sklearn_rates: np.ndarray, ours: np.ndarray, *, eta0: float,
                      power_t: float) -> Figure:
    """scikit-learn's ``invscaling`` rates (dots, read off a real estimator) over our formula (line)."""
    figure, ax = new_figure(figsize=(10.0, 5.0))
    ax.plot(steps, ours, color=schedule_colour("inverse_time_decay"), linewidth=4,
            label=tr("ours: inverse_time_decay(lr0=eta0, decay_rate=1, decay_steps=1)"))
    ax.plot(steps, sklearn_rates, color="#D55E00", marker="o", linestyle="none", markersize=8,
            label=tr("scikit-learn invscaling (eta0={eta0:g}, power_t={power_t:g})").format(eta0=eta0, power_t=power_t))
    ax.set_yscale("log")
    ax.set_title(tr("scikit-learn's 'invscaling' is inverse-time decay"))
    ax.set_xlabel(tr("update s (scikit-learn counts t = s + 1)"))
    ax.set_ylabel(tr("learning rate η_s"))
    ax.legend(loc="upper right", fontsize=12)
    return figure


def schedule_table(schedules: Mapping[str, ScheduleLike], total_steps: int, title: str = "") -> Table:
    r"""Each schedule's call and its rate at the start, the middle and the last step of the run.

    Examples
    --------
    >>> table = schedule_table({"cosine": make_schedule("cosine", lr0=0.1, total_steps=100)}, 100)
    >>> table.columns
    ['name', 'call', 'η at t = 0', 'η at t = 50', 'η at t = 99']
    >>> table.rows[0][1:4]
    ['cosine_annealing(lr0=0.1, total_steps=100)', 0.1, 0.05]
    """
    total_steps = check_count("total_steps", total_steps)
    at = (0, total_steps // 2, total_steps - 1)
    rows = []
    for name, schedule in schedules.items():
        rates = learning_rates(schedule, total_steps)
        rows.append([shown_name(name), schedule_label(schedule), *(float(rates[t]) for t in at)])
    return Table([tr("name"), tr("call"), *(tr("η at t = {t}").format(t=t) for t in at)], rows, title=title, digits=5)


def final_means(comparison: Comparison, quantity: str = "val_loss") -> dict[str, Optional[float]]:
    """Each schedule's mean, over its runs that finished, of the last record of ``quantity``.

    ``quantity`` is ``"val_loss"``, ``"train_loss"`` or ``"val_score"``; a schedule
    whose runs all diverged gets ``None``.

    Examples
    --------
    >>> from lrdecay_lessons.training.datasets import load_dataset
    >>> from lrdecay_lessons.training import compare_schedules
    >>> runs = compare_schedules(load_dataset("diabetes"), {"constant": 0.05}, seeds=(0, 1), epochs=2, batch_size=64)
    >>> means = final_means(runs, "train_loss")
    >>> first, second = (run.train_loss[-1] for run in runs.results["constant"])
    >>> bool(means["constant"] == (first + second) / 2)
    True
    """
    if quantity not in ("val_loss", "train_loss", "val_score"):
        raise InvalidParameterError(f"quantity must be 'val_loss', 'train_loss' or 'val_score'; got quantity={quantity!r}.")
    means: dict[str, Optional[float]] = {}
    for name, runs in comparison.results.items():
        finished = [getattr(r, quantity)[-1] for r in runs if not r.diverged]
        means[name] = float(np.mean(finished)) if finished else None
    return means
