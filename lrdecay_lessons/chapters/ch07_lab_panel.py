r"""A panel that re-runs the lab: a schedule on the small network, beside a constant rate.

:class:`LabPanel` is a :class:`~lrdecay_lessons.display.widgets.SliderPanel`. Its controls
choose an optimiser, a schedule, fresh or fixed labels, the peak rate and the length of
the run; each change trains the schedule and, beside it, a constant rate at the same peak,
over three seeds, as one stacked computation (:func:`lrdecay_lessons.training.train_many`),
and redraws the held-out excess loss and the rates in place.

The two schedules share the peak, not a tuning: the comparison at each schedule's own best
peak is the chapter's sweep. A stored notebook shows the figure for the starting values.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from .. import schedules as S
from ..display import DISTINCT_STYLES, Choice, Slider, SliderPanel, new_figure
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice
from ..training import MLP, SGD, AdamW, ManyRuns, teacher_student_digits, train_many

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["LAB_SCHEDULES", "OPTIMISERS", "lab_rates", "lab_runs", "lab_figure", "lab_update", "LabPanel"]

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
    """The chosen schedule over ``seeds``, then a constant rate at the same peak over the same seeds."""
    optimiser = values["optimizer"]
    if optimiser not in OPTIMISERS:
        raise InvalidParameterError(f"optimizer must be one of {', '.join(map(repr, OPTIMISERS))}; got optimizer={optimiser!r}.")
    steps = int(values["steps"])
    chosen = lab_rates(values["schedule"], values["peak"], steps)
    rates = np.array([chosen] * len(seeds) + [np.full(steps, float(values["peak"]))] * len(seeds))
    net = _STUDENT if values["labels"] == "fresh" else _WIDE_STUDENT
    return train_many(_problem(values["labels"]), net, OPTIMISERS[optimiser], rates, [*seeds, *seeds],
                      evaluations=20)


def _legend(runs: ManyRuns, group: slice) -> str:
    failed = int(runs.failed[group].sum())
    total = len(runs.failed[group])
    if failed == total:
        return f"failed {failed}/{total}"
    final = runs.final_held_out[group]
    final = final[~np.isnan(final)]
    spread = final.std(ddof=1) if final.size > 1 else 0.0
    text = f"{final.mean():.3f} ± {spread:.3f}"
    return text + (f", failed {failed}/{total}" if failed else "")


def _show(figure: Figure, values: Mapping[str, Any], runs: ManyRuns, half: int) -> list:
    """Put ``runs`` into the figure's lines, legend and title; return what moved."""
    top, bottom = figure.axes
    names = (values["schedule"], f"constant {values['peak']:.3g}")
    groups = (slice(0, half), slice(half, None))
    legend = top.get_legend()
    for index, (name, group) in enumerate(zip(names, groups)):
        trained = runs.held_out_excess[group][~runs.failed[group]]  # failed runs are counted, not drawn
        curve = trained.mean(axis=0) if len(trained) else np.array([])
        top.get_lines()[index].set_data(runs.eval_steps[:len(curve)], curve)
        legend.get_texts()[index].set_text(f"{name}: {_legend(runs, group)}")
        bottom.get_lines()[index].set_data(np.arange(runs.rates.shape[1]), runs.rates[group.start])
        bottom.get_lines()[index].set_label(name)
    labels = "fresh labels" if values["labels"] == "fresh" else "fixed labels, 64 units"
    top.set_title(f"{values['optimizer']}, {labels}, peak {values['peak']:.3g}, {int(values['steps'])} steps")
    for ax in (top, bottom):
        ax.relim()
        ax.autoscale_view()
    bottom.set_ylim(0, None)
    return [*top.get_lines(), legend, top.title, *bottom.get_lines()]


def lab_figure(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> Figure:
    """Held-out excess loss (mean over the seeds that trained, log scale) and the rates of both schedules."""
    runs = lab_runs(values, seeds)
    figure, (top, bottom) = new_figure(2, 1, figsize=(13.0, 7.2), sharex=True)
    for index, name in enumerate((values["schedule"], "constant")):
        top.plot([], [], label=name, **DISTINCT_STYLES[index])
        bottom.plot([], [], label=name, **DISTINCT_STYLES[index])
    top.axhline(runs.trivial_excess, color="0.45", linestyle=":", linewidth=2, label="trivial predictor")
    top.set_yscale("log")
    top.set_ylabel("held-out excess loss\n(nats, log scale)")
    top.legend(loc="upper right", title=f"final, mean ± sd over {len(seeds)} seeds (n − 1)")
    bottom.set_xlabel("step t")
    bottom.set_ylabel("learning rate η")
    _show(figure, values, runs, len(seeds))
    return figure


def lab_update(figure: Figure, values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> list:
    """Train for ``values`` and move the kept :func:`lab_figure` to the new runs (no new figure)."""
    return _show(figure, values, lab_runs(values, seeds), len(seeds))


class LabPanel(SliderPanel):
    """Dropdowns and sliders that re-run the lab and redraw the figure in place.

    Parameters
    ----------
    optimizer : str, default "SGD + momentum 0.9"
        A key of :data:`OPTIMISERS`.
    schedule : str, default "cosine"
        A key of :data:`LAB_SCHEDULES`.
    labels : {"fresh", "fixed"}, default "fresh"
    peak : float, default 0.03
    steps : int, default 500
        Long enough for the schedules to part, short enough for a redraw in about 0.3 s.
    seeds : sequence of int, default (0, 1, 2)

    Notes
    -----
    Training runs when a control is released, not while it is dragged.
    ``last_redraw_seconds`` times the training and the drawing of the latest redraw.
    """

    def __init__(self, optimizer: str = "SGD + momentum 0.9", schedule: str = "cosine", labels: str = "fresh",
                 peak: float = 0.03, steps: int = 500, seeds: Sequence[int] = (0, 1, 2)) -> None:
        controls = (
            Choice("optimizer", optimizer, tuple(OPTIMISERS), label="optimiser"),
            Choice("schedule", schedule, tuple(LAB_SCHEDULES), label="schedule"),
            Choice("labels", labels, ("fresh", "fixed"), label="labels"),
            Slider("peak", peak, 0.0003, 1.0, log=True, label="peak η"),
            Slider("steps", steps, 500, 3000, step=250, integer=True, label="steps"),
        )
        self.seeds = tuple(seeds)
        super().__init__(functools.partial(lab_figure, seeds=self.seeds), controls,
                         title="Train the network again: a schedule and a constant rate at the same peak",
                         continuous_update=False, update=functools.partial(lab_update, seeds=self.seeds))
