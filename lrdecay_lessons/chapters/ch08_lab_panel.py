r"""A panel that re-runs the lab: a schedule on the small network, beside a constant rate.

:class:`LabPanel` is a :class:`~lrdecay_lessons.display.browser_panel.BrowserPanel`. Its controls
choose an optimiser, a schedule, fresh or fixed labels, the peak rate and the length of
the run; each change trains the schedule and, beside it, a constant rate at the same peak,
over three seeds, as one stacked computation (:func:`lrdecay_lessons.training.train_many`),
and sends the held-out excess loss and the rates to the browser, which redraws them.

The two schedules share the peak, not a tuning: the comparison at each schedule's own best
peak is the chapter's sweep. A stored notebook shows the figure for the starting values.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .. import schedules as S
from ..display import DISTINCT_STYLES, Axes, BrowserPanel, Choice, Computed, Line, Slider
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice
from ..training import MLP, SGD, AdamW, ManyRuns, shown_name, teacher_student_digits, train_many
from ..i18n import tr

__all__ = ["LAB_SCHEDULES", "OPTIMISERS", "lab_rates", "lab_runs", "lab_curves", "LabPanel"]

#: The panel's schedules, each a factory ``make(peak, T) -> Schedule`` (as :func:`tuned_sweep` takes them).
LAB_SCHEDULES: dict[str, Callable[[float, int], S.Schedule]] = {
    "constant": lambda peak, T: S.constant(peak),
    "step ×0.1 at T/2, 3T/4": lambda peak, T: S.schedule("multistep_decay", lr0=peak,
                                                       milestones=[T // 2, 3 * T // 4], gamma=0.1),
    "cosine": lambda peak, T: S.schedule("cosine_annealing", lr0=peak, total_steps=T),
    "linear to 0": lambda peak, T: S.schedule("polynomial_decay", lr0=peak, total_steps=T, power=1.0),
    "WSD, last 20% linear": lambda peak, T: S.schedule("wsd", lr0=peak, total_steps=T, warmup_steps=0,
                                                       decay_steps=T // 5),
    "warm-up 5% + cosine": lambda peak, T: S.schedule("warmup_cosine", lr0=peak, total_steps=T,
                                                      warmup_steps=T // 20),
}

#: The panel's optimisers by the name the dropdown shows.
OPTIMISERS: dict[str, Any] = {"SGD + momentum 0.9": SGD(momentum=0.9), "AdamW": AdamW(weight_decay=0.0)}

_STUDENT = MLP(hidden=(32,), dtype="float32")
_WIDE_STUDENT = MLP(hidden=(64,), dtype="float32")


@functools.lru_cache(maxsize=None)
def _problem(labels: str):
    """Each problem built once (they are read-only)."""
    return teacher_student_digits(labels=labels)


def lab_rates(schedule: str, peak: float, steps: int) -> np.ndarray:
    """The rates of one of :data:`LAB_SCHEDULES` over ``steps`` steps."""
    check_choice("schedule", schedule, tuple(LAB_SCHEDULES))
    return np.asarray(LAB_SCHEDULES[schedule](peak, steps)(np.arange(steps)), dtype=float)


def lab_runs(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> ManyRuns:
    """The chosen schedule over ``seeds``, then a constant rate at the same peak over the same seeds,
    measured on the held-out images only (a run that ends worse than the trivial predictor there failed)."""
    optimiser = values["optimizer"]
    if optimiser not in OPTIMISERS:
        raise InvalidParameterError(f"optimizer must be one of {', '.join(map(repr, OPTIMISERS))}; got optimizer={optimiser!r}.")
    steps = int(values["steps"])
    chosen = lab_rates(values["schedule"], values["peak"], steps)
    rates = np.array([chosen] * len(seeds) + [np.full(steps, float(values["peak"]))] * len(seeds))
    net = _STUDENT if values["labels"] == "fresh" else _WIDE_STUDENT
    # the panel draws the held-out excess only: the training images (four times as many) are not measured
    return train_many(_problem(values["labels"]), net, OPTIMISERS[optimiser], rates, [*seeds, *seeds],
                      evaluations=20, measure="held-out")


def _legend(runs: ManyRuns, group: slice) -> str:
    failed = int(runs.failed[group].sum())
    total = len(runs.failed[group])
    if failed == total:
        return tr("failed {failed}/{total}").format(failed=failed, total=total)
    final = runs.final_held_out[group]
    final = final[~np.isnan(final)]
    spread = final.std(ddof=1) if final.size > 1 else 0.0
    text = f"{final.mean():.3f} ± {spread:.3f}"
    return text + (tr(", failed {failed}/{total}").format(failed=failed, total=total) if failed else "")


def lab_curves(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> dict:
    """What the panel draws for ``values``: ``compute(values)`` of its :class:`BrowserPanel`.

    Arrays ``eval_step`` (0, a gap, then the steps after which the runs were measured), ``excess0/1`` (held-out
    excess loss, mean over the seeds that trained: 0 the chosen schedule, 1 the constant rate at its peak),
    ``trivial`` (the trivial predictor's excess), ``step`` and ``rate0/1``; ``names`` holds the title and the
    legend texts (final held-out excess, mean ± sd with n − 1 over the seeds, or how many runs failed).
    """
    runs = lab_runs(values, seeds)
    half = len(seeds)
    steps = runs.rates.shape[1]
    out: dict[str, Any] = {"eval_step": np.concatenate([[0], runs.eval_steps]).astype(float),
                           "step": np.arange(steps + 1, dtype=float)}
    names = (shown_name(values["schedule"]), tr("constant {values:.3g}").format(values=values['peak']))
    labels: dict[str, Any] = {}
    for index, (name, group) in enumerate(zip(names, (slice(0, half), slice(half, None)))):
        trained = runs.held_out_excess[group][~runs.failed[group]]  # failed runs are counted, not drawn
        curve = trained.mean(axis=0) if len(trained) else np.full(len(runs.eval_steps), np.nan)
        out[f"excess{index}"] = np.concatenate([[np.nan], curve])
        out[f"rate{index}"] = np.append(runs.rates[group.start], np.nan)
        labels[f"label{index}"] = f"{name}: {_legend(runs, group)}"
    out["trivial"] = np.full(len(runs.eval_steps) + 1, runs.trivial_excess)
    problem = tr("fresh labels") if values["labels"] == "fresh" else tr("fixed labels, 64 units")
    labels["title"] = tr("{values}, {problem}, peak {values2:.3g}, {int} steps").format(
        values=shown_name(values['optimizer']), problem=problem, values2=values['peak'], int=int(values['steps']))
    out["names"] = labels
    return out


def _axes(n_seeds: int) -> list[Axes]:
    """Held-out excess loss (log scale) above the rates of both schedules."""
    styles = [{"colour": style["color"], "dash": style["linestyle"]} for style in DISTINCT_STYLES[:2]]
    excess = [Line(f"{{label{i}}}", Computed(f"excess{i}"), **styles[i]) for i in (0, 1)]
    trivial = Line(tr("trivial predictor"), Computed("trivial"), colour="0.45", dash=":", width=2.0)
    rates = [Line("", Computed(f"rate{i}"), **styles[i]) for i in (0, 1)]
    return [Axes("{title}", [*excess, trivial], x=Computed("eval_step"), xlabel=tr("step t"),
                 ylabel=tr("held-out excess loss (nats, log scale)"), logy=True, legend="upper right",
                 legend_title=tr("final, mean ± sd over {n_seeds} seeds (n − 1)").format(n_seeds=n_seeds), height=460),
            Axes("", rates, x=Computed("step"), xlabel=tr("step t"), ylabel=tr("learning rate η"), legend=None, height=260)]


class LabPanel(BrowserPanel):
    """Dropdowns and sliders that re-run the lab; the browser redraws what the kernel trained.

    Parameters
    ----------
    optimizer : str, default "SGD + momentum 0.9"
        A key of :data:`OPTIMISERS`.
    schedule : str, default "cosine"
        A key of :data:`LAB_SCHEDULES`.
    labels : {"fresh", "fixed"}, default "fresh"
    peak : float, default 0.03
    steps : int, default 500
        Long enough for the schedules to part, short enough to train again at a key press.
    seeds : sequence of int, default (0, 1, 2)

    Notes
    -----
    Training runs when a control is released (or a key moves it), not while it is dragged.
    ``last_compute_seconds`` times the latest training.
    """

    def __init__(self, optimizer: str = "SGD + momentum 0.9", schedule: str = "cosine", labels: str = "fresh",
                 peak: float = 0.03, steps: int = 500, seeds: Sequence[int] = (0, 1, 2)) -> None:
        controls = (
            Choice("optimizer", optimizer, tuple(OPTIMISERS), label=tr("optimiser")),
            Choice("schedule", schedule, tuple(LAB_SCHEDULES), label=tr("schedule")),
            Choice("labels", labels, ("fresh", "fixed"), label=tr("labels")),
            Slider("peak", peak, 0.0003, 1.0, log=True, label=tr("peak η")),
            Slider("steps", steps, 500, 3000, step=250, integer=True, label=tr("steps")),
        )
        self.seeds = tuple(seeds)
        super().__init__(controls, _axes(len(self.seeds)),
                         heading=tr("Train the network again: a schedule and a constant rate at the same peak"),
                         compute=functools.partial(lab_curves, seeds=self.seeds), figsize=(13.0, 7.2))
