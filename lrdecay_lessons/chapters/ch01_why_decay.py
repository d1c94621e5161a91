r"""Helpers of chapter 01, why decay (为什么需要学习率衰减): the two problems drawn and tabulated.

The problems themselves -- a quadratic bowl under full-batch gradient descent and noisy least
squares under minibatch SGD -- are computed in :mod:`lrdecay_lessons.training.landscapes`;
this module shows them: :func:`bowl_table`, :func:`paths_table`, :func:`sgd_table` and
:func:`floor_table` as tables, the ``*_figure`` functions (contours with the descent paths,
loss curves, the noise floor) as figures.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Mapping, Optional, Sequence

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..display import Axes as PanelAxes
from ..display import (
    BrowserPanel, Choose, Contours, Control, Descent, Formula, Line, Op, Outcome, PathAxes, PathLine, Slider, Table,
    new_figure)
from ..schedules import exponential_decay, schedule
from .catalog import schedule_colour
from ..schedules.validation import check_count, check_instance
from ..training import (
    DIVERGENCE_FACTOR,
    DescentPath,
    FloorMeasurement,
    NoisyLeastSquares,
    Quadratic,
    TrainingResult,
    gradient_descent_path,
    quadratic,
)
from ..errors import InvalidParameterError
from ..experiments.ch01 import SgdRuns
from ..i18n import tr
from ..training import shown_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "bowl_table",
    "floor_table",
    "paths_table",
    "sgd_table",
    "contour_figure",
    "path_losses_figure",
    "descent_panel_figure",
    "descent_panel",
    "sgd_figure",
    "floor_figure",
    "PATH_COLOURS",
    "paths_bowl",
]


def bowl_table(bowl: Quadratic) -> Table:
    """The bowl's numbers: curvatures, condition number and the two special rates."""
    rows = [
        [tr("curvatures λ"), ", ".join(f"{c:g}" for c in bowl.curvatures)],
        [tr("condition number κ = λmax/λmin"), bowl.condition_number],
        [tr("stability limit 2/λmax"), bowl.stability_limit],
        [tr("best constant rate 2/(λmin+λmax)"), bowl.optimal_lr],
        [tr("error factor per step at the best rate (κ−1)/(κ+1)"), bowl.optimal_contraction],
    ]
    return Table([tr("quantity"), tr("value")], rows, title=tr("The quadratic bowl"), digits=4)


def floor_table(measurement: FloorMeasurement) -> Table:
    """Rate, measured floor ± spread, theory and their ratio."""
    rows = [
        [lr, m, s, th, m / th]
        for lr, m, s, th in zip(measurement.lrs, measurement.measured, measurement.spread, measurement.theory)
    ]
    return Table(
        ["η", tr("measured floor"), tr("± (over seeds)"), tr("theory"), tr("measured / theory")],
        rows,
        title=tr("Noise floor of constant-rate SGD (batch {batch_size}, {n_seeds} seeds)").format(
            batch_size=measurement.batch_size, n_seeds=len(measurement.seeds)),
        digits=3,
    )


def paths_table(paths: Mapping[str, DescentPath]) -> Table:
    r"""For each path: its rates, the factors :math:`|1 - \eta_0\lambda_i|`, its jumps over the optimum and its end."""
    bowl = paths_bowl(paths)
    rows = []
    for name, path in paths.items():
        first = float(path.lr[0]) if len(path.lr) else float("nan")
        last = path.diverged_lr if path.diverged else float(path.lr[-1])
        factors = bowl.contraction(first)
        end = tr("diverged at step {diverged_at_step}").format(diverged_at_step=path.diverged_at_step) if path.diverged else tr("loss {final_loss:.2e}").format(
            final_loss=path.final_loss)
        rows.append([shown_name(name), first, last, *factors, *path.overshoots(), end])
    lams = [f"{c:g}" for c in bowl.curvatures]
    return Table(
        [tr("path"), tr("η first"), tr("η last"), *[f"|1−η₀λ|, λ={c}" for c in lams],
         *[tr("jumps over 0 in x{value}").format(value=i + 1) for i in range(bowl.dimension)], tr("end")],
        rows, title=tr("Gradient descent on the bowl with curvatures {curvatures}").format(
            curvatures=bowl.curvatures), digits=3,
    )


def sgd_table(runs: SgdRuns) -> Table:
    r"""Where SGD runs end, mean ± standard deviation over seeds (:math:`n - 1`), with the least-squares fit as the last row.

    Columns: the final rate; the excess training loss :math:`J - J(\hat\theta)` averaged over the
    last 10 % of the steps; and the expected excess loss on new data of the final parameters,
    :meth:`NoisyLeastSquares.expected_excess`.
    """
    rows = [[shown_name(name), runs.final_rates[name],
             f"{runs.tail_excess[name].mean():.3g} ± {runs.tail_excess[name].std(ddof=1):.2g}",
             f"{runs.new_data_excess[name].mean():.3g} ± {runs.new_data_excess[name].std(ddof=1):.2g}"]
            for name in runs.tail_excess]
    fit = runs.problem.optimum
    rows.append([tr("least-squares fit θ̂"), None, "0", f"{runs.problem.expected_excess(fit[:-1], fit[-1:]):.3g}"])
    return Table(
        [tr("schedule"), tr("final η"), tr("excess train loss (last 10% of steps)"), tr("excess loss on new data")],
        rows, title=tr("SGD on noisy least squares, mean ± sd over {n_seeds} seeds (sd with n − 1)").format(
            n_seeds=len(runs.seeds)), digits=3,
    )


#: Colours of the paths in chapter 01 (the schedules' course colours, :func:`~lrdecay_lessons.chapters.catalog.schedule_colour`).
PATH_COLOURS: dict[str, str] = {
    "too small": "#999999",
    "large": "#009E73",
    "diverges": "#882255",
    "best constant": "#000000",
    "decayed": schedule_colour("exponential_decay"),
    "your run": schedule_colour("exponential_decay"),
}


def _draw_bowl(ax: Axes, bowl: Quadratic, extent: tuple[float, float, float, float]) -> None:
    """Filled contours of a 2-D bowl, the minimum marked with a star."""
    x1 = np.linspace(extent[0], extent[1], 241)
    x2 = np.linspace(extent[2], extent[3], 161)
    grid = np.stack(np.meshgrid(x1, x2), axis=-1)
    levels = np.geomspace(1e-2, bowl.loss(np.array([extent[1], extent[3]])) * 1.5, 12)
    ax.contourf(x1, x2, bowl.loss(grid), levels=levels, cmap="Blues_r", alpha=0.55)
    ax.contour(x1, x2, bowl.loss(grid), levels=levels, colors="#4a6a8a", linewidths=0.8)
    ax.plot([0], [0], marker="*", markersize=20, color="gold", markeredgecolor="black", linestyle="none",
            label=tr("minimum"), zorder=6)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(tr("x₁ (flat direction)"))
    ax.set_ylabel(tr("x₂ (steep)"))
    ax.grid(False)


def _draw_path(ax: Axes, path: DescentPath, colour: str, label: str) -> None:
    ax.plot(path.points[:, 0], path.points[:, 1], marker="o", markersize=4, linewidth=1.8, color=colour,
            label=label, zorder=4)
    ax.plot(*path.points[0], marker="s", markersize=10, color="black", linestyle="none", zorder=5)


def contour_figure(
    paths: Mapping[str, DescentPath],
    extent: tuple[float, float, float, float] = (-4.5, 4.5, -2.0, 2.0),
) -> Figure:
    """One panel per path over the contours of its bowl; the title says how it ended.

    ``paths`` maps a short title (``"too small"``, ``"large"``, ...) to a path; the
    key also picks the colour from :data:`PATH_COLOURS`.
    """
    n = len(paths)
    if n == 0:
        raise InvalidParameterError("paths must hold at least one DescentPath; got an empty mapping.")
    ncols = 2 if n > 1 else 1
    nrows = math.ceil(n / ncols)
    figure, axes = new_figure(nrows, ncols, sharex=True, sharey=True, squeeze=False,
                              figsize=(15.0, 5.0 * nrows))
    for ax, (name, path) in zip(axes.flat, paths.items()):
        _draw_bowl(ax, path.bowl, extent)
        eta = f"η₀ = {path.lr[0]:.3g}" if len(path.lr) else ""
        _draw_path(ax, path, PATH_COLOURS.get(name, "C0"), f"{path.label}")
        if path.diverged:
            outcome = tr("diverged at step {diverged_at_step}").format(diverged_at_step=path.diverged_at_step)
        else:
            outcome = tr("loss {final_loss:.1e} after {n_steps} steps").format(
                final_loss=path.final_loss, n_steps=path.n_steps)
        ax.set_title(f"{shown_name(name)}: {eta}, {outcome}", fontsize=16)
        ax.legend(loc="lower right", fontsize=12)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax in axes[:-1].flat:
        ax.set_xlabel("")
    for ax in axes[:, 1:].flat:
        ax.set_ylabel("")
    figure.suptitle(tr("Gradient descent on a bowl with curvatures {curvatures} (square = start)").format(
        curvatures=paths_bowl(paths).curvatures), fontsize=19, fontweight="bold")
    return figure


def paths_bowl(paths: Mapping[str, DescentPath]) -> Quadratic:
    """The bowl the paths share (they must share one)."""
    bowls = {path.bowl for path in paths.values()}
    if len(bowls) != 1:
        raise InvalidParameterError(f"paths must all descend the same bowl; got {len(bowls)} different bowls.")
    return bowls.pop()


def path_losses_figure(paths: Mapping[str, DescentPath], ax: Optional[Axes] = None,
                       title: Optional[str] = None) -> Figure:
    """Loss against step on a log axis; a diverged path ends in a cross at its last kept step.

    ``title`` defaults to "Loss f(x) at each step (log scale)" in the course's language.
    """
    title = tr("Loss f(x) at each step (log scale)") if title is None else title
    if ax is None:
        figure, ax = new_figure()
    else:
        figure = ax.figure
    for name, path in paths.items():
        colour = PATH_COLOURS.get(name, "C0")
        dashed = {"linestyle": "--"} if name == "best constant" else {}
        shown = shown_name(name)
        label = f"{shown} (η* = {path.lr[0]:.3g})" if name == "best constant" else f"{shown} ({path.label})"
        ax.plot(path.steps, path.losses, color=colour, label=label, **dashed)
        if path.diverged:
            ax.plot(path.steps[-1], path.losses[-1], marker="X", markersize=16, color=colour,
                    markeredgecolor="black", linestyle="none", zorder=5)
            ax.annotate(tr("diverged (step {diverged_at_step})").format(
                diverged_at_step=path.diverged_at_step), (path.steps[-1], path.losses[-1]),
                        textcoords="offset points", xytext=(10, -4), fontsize=13, color=colour)
    ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel(tr("step t"))
    ax.set_ylabel(tr("loss f(x)"))
    ax.legend(loc="lower left", fontsize=12)
    return figure


def descent_panel_figure(
    lr0: float,
    gamma: float,
    *,
    curvatures: Sequence[float] = (1.0, 10.0),
    start: Sequence[float] = (-4.0, 1.2),
    n_steps: int = 100,
    extent: tuple[float, float, float, float] = (-4.5, 4.5, -2.0, 2.0),
) -> Figure:
    r"""The slider figure: the path of :math:`\eta_t = \eta_0\,\gamma^{t/T}` and its loss.

    ``gamma = 1`` is a constant rate. The left panel shows the path over the
    contours, the right one its loss beside the best constant rate's.
    """
    bowl = quadratic(curvatures)
    decayed = schedule("exponential_decay", lr0=lr0, gamma=gamma, total_steps=n_steps)
    path = gradient_descent_path(start, bowl, decayed, n_steps, label=f"η₀={lr0:.3g}, γ={gamma:.3g}")
    best = gradient_descent_path(start, bowl, bowl.optimal_lr, n_steps, label=f"η*={bowl.optimal_lr:.3g}")
    figure, (left, right) = new_figure(1, 2, figsize=(15.0, 5.6))
    _draw_bowl(left, bowl, extent)
    _draw_path(left, path, PATH_COLOURS["your run"], path.label)
    left.legend(loc="lower right", fontsize=12)
    verdict = (tr("diverged at step {diverged_at_step} (η = {diverged_lr:.3g} > 2/λmax = {stability_limit:.3g})").format(diverged_at_step=path.diverged_at_step, diverged_lr=path.diverged_lr, stability_limit=bowl.stability_limit) if path.diverged else tr("final loss {final_loss:.1e}").format(
        final_loss=path.final_loss))
    left.set_title(tr("η from {lr0:.3g} to {value:.3g}: {verdict}").format(
        lr0=lr0, value=lr0 * gamma, verdict=verdict), fontsize=16)
    path_losses_figure({"your run": path, "best constant": best}, ax=right, title=tr("Loss (log scale)"))
    return figure


def _bowl_contours(bowl: Quadratic, extent: tuple[float, float, float, float]) -> Contours:
    """:func:`_draw_bowl`'s contour levels and band colours (Blues_r at alpha 0.55 over white, made opaque)."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize, to_hex

    levels = np.geomspace(1e-2, bowl.loss(np.array([extent[1], extent[3]])) * 1.5, 12)
    middles = 0.5 * (levels[:-1] + levels[1:])  # contourf colours each band by its middle value
    rgba = colormaps["Blues_r"](Normalize(levels[0], levels[-1])(middles))
    colours = [to_hex(0.55 * np.asarray(c[:3]) + 0.45) for c in rgba]
    return Contours(tuple(bowl.curvatures), [float(v) for v in levels], colours)


def descent_panel(
    sliders: Sequence[Slider],
    *,
    curvatures: Sequence[float] = (1.0, 10.0),
    start: Sequence[float] = (-4.0, 1.2),
    n_steps: int = 100,
    extent: tuple[float, float, float, float] = (-4.5, 4.5, -2.0, 2.0),
    heading: Optional[str] = None,
) -> BrowserPanel:
    r""":func:`descent_panel_figure` as a panel the browser redraws, live with no kernel.

    ``sliders`` set ``lr0`` and ``gamma`` of :math:`\eta_t = \eta_0\,\gamma^{t/T}` (``T = n_steps``); the
    browser repeats :func:`~lrdecay_lessons.training.gradient_descent_path` step for step (its divergence
    rule included). Left: the path over the bowl's contours, titled with the verdict; right: its loss on a
    log scale beside the best constant rate's, a dot at the last step kept before a divergence.
    """
    bowl = quadratic(curvatures)
    rates = Formula(exponential_decay, {"lr0": Control("lr0"), "gamma": Control("gamma"), "total_steps": n_steps})
    run = Descent(gradient_descent_path, rates, tuple(bowl.curvatures), tuple(float(x) for x in start), n_steps,
                  DIVERGENCE_FACTOR, "x1")
    best = Descent(gradient_descent_path, bowl.optimal_lr, run.curvatures, run.start, n_steps, DIVERGENCE_FACTOR, "loss")
    derived = {
        "lr_end": Op("*", Control("lr0"), Control("gamma")),
        "diverged": Outcome(run, "diverged"), "step": Outcome(run, "diverged_at_step"),
        "step_lr": Outcome(run, "diverged_lr"), "final_loss": Outcome(run, "final_loss"),
        "verdict": Choose(Control("diverged"),
                          tr("diverged at step {{step}} (η = {{step_lr:.3g}} > 2/λmax = {stability_limit:.3g})").format(
                              stability_limit=bowl.stability_limit),
                          tr("final loss {final_loss:.1e}")),
        "stopped": Choose(Control("diverged"), tr("diverged (step {step})"), ""),  # no legend entry when it did not
    }
    colour = PATH_COLOURS["your run"]
    left = PathAxes(tr("η from {lr0:.3g} to {lr_end:.3g}: {verdict}"),
                    [PathLine(tr("η₀={lr0:.3g}, γ={gamma:.3g}"), run, run.with_field("x2"), colour=colour)],
                    xlim=extent[:2], ylim=extent[2:], xlabel=tr("x₁ (flat direction)"), ylabel=tr("x₂ (steep)"),
                    contours=_bowl_contours(bowl, extent), start=run.start, minimum=(0.0, 0.0), height=560)
    right = PanelAxes(tr("Loss (log scale)"),
                      [Line(tr("your run (η₀={lr0:.3g}, γ={gamma:.3g})"), run.with_field("loss"), colour=colour),
                       Line(tr("best constant (η* = {optimal_lr:.3g})").format(
                           optimal_lr=bowl.optimal_lr), best, colour=PATH_COLOURS["best constant"],
                            dash="--"),
                       Line("{stopped}", run.with_field("stop"), colour=colour, markers=True)],
                      horizon=n_steps, ylabel=tr("loss f(x)"), logy=True, legend="lower left", height=560)
    return BrowserPanel(list(sliders), [left, right], heading=heading, derived=derived, layout="row",
                        figsize=(15.0, 5.6))


def _moving_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of each ``window`` consecutive values (``len(values) - window + 1`` of them)."""
    return np.convolve(values, np.ones(window) / window, mode="valid")


def sgd_figure(
    problem: NoisyLeastSquares,
    runs: Mapping[str, TrainingResult],
    floors: Optional[Mapping[str, float]] = None,
    colours: Optional[Mapping[str, str]] = None,
    window: int = 50,
) -> Figure:
    """Excess training loss of SGD runs (log scale) above their learning rates.

    Each run is drawn thin at every step and thick as a mean over ``window``
    steps. ``floors`` maps a run's name to its predicted noise floor, drawn
    dashed in the run's colour. Runs are black, green, vermilion, blue in
    order unless ``colours`` names others: no two of them look alike when the
    thin per-step traces are drawn translucent.
    """
    check_instance("problem", problem, NoisyLeastSquares, "see noisy_least_squares()")
    if not isinstance(runs, Mapping) or not runs:
        raise InvalidParameterError(f"runs must be a non-empty dict {{name: sgd_run(...)}}; got runs={runs!r}.")
    for name, run in runs.items():
        check_instance(f"runs[{name!r}]", run, TrainingResult, "from sgd_run(problem, ...)")
    window = check_count("window", window)
    colours = dict(colours or {})
    palette = ("#000000", schedule_colour("polynomial_decay"), schedule_colour("exponential_decay"),
               schedule_colour("step_decay"))
    figure, (top, bottom) = new_figure(2, 1, sharex=True, figsize=(12.0, 8.0),
                                       gridspec_kw={"height_ratios": [2.6, 1]})
    for i, (name, run) in enumerate(runs.items()):
        colour = colours.get(name, palette[i % len(palette)])
        excess = problem.excess_loss(run.train_loss)
        label = tr("{name} (diverged at step {diverged_at_step})").format(
            name=shown_name(name), diverged_at_step=run.diverged_at_step) if run.diverged else shown_name(name)
        short = len(excess) < window
        top.plot(run.steps, excess, color=colour, linewidth=3.0 if short else 0.8, alpha=1.0 if short else 0.35,
                 label=label if short else None)
        if len(excess) >= window:  # a run that diverged early has too few steps to average
            top.plot(run.steps[window // 2: window // 2 + len(excess) - window + 1], _moving_mean(excess, window),
                     color=colour, linewidth=3.0, label=label)
        bottom.plot(run.steps, run.lr, color=colour, label=shown_name(name))
        if floors and name in floors:
            top.axhline(floors[name], color=colour, linestyle="--", linewidth=2.2,
                        label=tr("noise floor predicted for {split}").format(split=shown_name(name.split(' (')[0])))
    top.set_yscale("log")
    top.set_title(tr("Minibatch SGD on noisy least squares (thin: each step; thick: mean of {window})").format(
        window=window))
    top.set_ylabel(tr("excess training loss"))
    top.legend(loc="lower left", fontsize=12, ncol=2)
    bottom.set_yscale("log")
    bottom.set_title(tr("Learning rate η_t"), fontsize=16)
    bottom.set_xlabel(tr("step t"))
    bottom.set_ylabel("η_t")
    bottom.legend(loc="center right", fontsize=11)
    return figure


def floor_figure(measurement: FloorMeasurement) -> Figure:
    """Measured floors (with their spread over seeds) against the prediction, log–log."""
    figure, ax = new_figure(figsize=(10.0, 5.2))
    ax.plot(measurement.lrs, measurement.theory, color="black", label=tr("theory: (η σ̂² / 2B) Σ λᵢ / (2 − ηλᵢ)"))
    ax.errorbar(measurement.lrs, measurement.measured, yerr=measurement.spread, marker="o", markersize=10,
                linestyle="none", color=schedule_colour("exponential_decay"), capsize=6,
                label=tr("measured (mean ± sd, {n_seeds} seeds)").format(n_seeds=len(measurement.seeds)))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(measurement.lrs, [f"{lr:g}" for lr in measurement.lrs])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_title(tr("The noise floor grows in proportion to η"))
    ax.set_xlabel(tr("constant learning rate η"))
    ax.set_ylabel(tr("mean excess loss"))
    ax.legend(loc="upper left")
    return figure
