r"""A panel that re-runs training: pick a dataset, a schedule and its parameters.

:class:`TrainingPanel` is a :class:`~lrdecay_lessons.display.widgets.SliderPanel` whose
controls are dropdowns (dataset, schedule, batch size) as well as sliders (the
starting rate :math:`\eta_0`, the number of epochs, and the chosen schedule's own
parameters). Each change trains the chosen schedule and, for comparison, a
constant rate :math:`\eta_0`, over a few seeds, and redraws the figure of
:func:`lrdecay_lessons.chapters.ch07_hands_on.training_figure` in place.

Only the chosen schedule's sliders are shown. Its parameters are given in
epochs or as fractions, and turned into the schedule's keywords for a run of
``T = epochs * steps_per_epoch`` updates (:func:`schedule_parameters`).

As with every panel of the course, a stored notebook shows the figure for the
starting values, and the controls read as one line of text naming their values.
A combination the package refuses (say a warm-up longer than the run) shows the
package's message under the controls instead of a traceback.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence

import ipywidgets as w
import numpy as np

from ..display import Choice, Slider, SliderPanel
from ..training import (
    DATASETS,
    Dataset,
    TrainingResult,
    linear_optimum,
    load_dataset,
    steps_per_epoch,
    train,
)
from .ch07_hands_on import RUN_SHAPES, make_schedule, training_figure
from ..errors import InvalidParameterError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BATCH_SIZES",
    "SHAPE_SLIDERS",
    "UPDATE_BUDGET",
    "schedule_parameters",
    "panel_runs",
    "panel_figure",
    "TrainingPanel",
]


#: Batch sizes offered by the panel; ``None`` is full-batch gradient descent.
BATCH_SIZES: tuple[Optional[int], ...] = (1, 2, 4, 8, 16, 32, 64, 128, None)


#: The most updates (summed over every run of one redraw) the panel will start, so that
#: a redraw stays interactive; more raises a ``ValueError`` asking for a larger batch or fewer epochs.
UPDATE_BUDGET = 100_000


#: The sliders of each schedule's own parameters (names are the panel's keywords).
SHAPE_SLIDERS: dict[str, tuple[Slider, ...]] = {
    "constant": (),
    "step": (
        Slider("step_gamma", 0.5, 0.05, 0.95, step=0.05, label="γ: factor per drop"),
        Slider("step_epochs", 5, 1, 30, integer=True, label="drop every … epochs"),
    ),
    "exponential": (Slider("exp_gamma", 0.01, 0.0001, 1.0, log=True, label="γ: η_T / η₀ over the run"),),
    "polynomial": (Slider("power", 2.0, 0.5, 5.0, step=0.1, label="α (power)"),),
    "cosine": (Slider("min_fraction", 0.0, 0.0, 0.5, step=0.01, label="η_min / η₀"),),
    "warmup cosine": (Slider("warmup_epochs", 2, 0, 20, integer=True, label="warm-up epochs"),),
    "cosine restarts": (Slider("cycle_epochs", 7, 1, 30, integer=True, label="epochs per cycle"),),
    "inverse time": (Slider("decay_rate", 10.0, 0.1, 100.0, log=True, label="k: η_T = η₀ / (1 + k)"),),
}


def schedule_parameters(name: str, values: Mapping[str, Any], steps_per_epoch: int, total_steps: int) -> dict:
    r"""The schedule's keywords from the panel's values (epochs and fractions become steps and rates).

    Examples
    --------
    >>> schedule_parameters("step", {"step_gamma": 0.5, "step_epochs": 5}, steps_per_epoch=83, total_steps=1660)
    {'gamma': 0.5, 'step_size': 415}
    >>> schedule_parameters("cosine", {"min_fraction": 0.1, "lr0": 0.2}, steps_per_epoch=83, total_steps=1660)
    {'lr_min': 0.020000000000000004}
    """
    if name == "step":
        return {"gamma": values["step_gamma"], "step_size": int(values["step_epochs"]) * steps_per_epoch}
    if name == "exponential":
        return {"gamma": values["exp_gamma"]}
    if name == "polynomial":
        return {"power": values["power"]}
    if name == "cosine":
        return {"lr_min": values["min_fraction"] * values["lr0"]}
    if name == "warmup cosine":
        return {"warmup_steps": int(values["warmup_epochs"]) * steps_per_epoch}
    if name == "cosine restarts":
        return {"period": int(values["cycle_epochs"]) * steps_per_epoch}
    if name == "inverse time":
        return {"decay_rate": values["decay_rate"]}
    if name == "constant":
        return {}
    raise InvalidParameterError(f"name must be one of {', '.join(map(repr, RUN_SHAPES))}; got name={name!r}.")


@functools.lru_cache(maxsize=None)
def _dataset(name: str) -> Dataset:
    """Load each dataset once (datasets are read-only, so sharing them is safe)."""
    return load_dataset(name)


def panel_runs(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> tuple[dict, dict, Dataset]:
    """Train the panel's schedule, and a constant η₀ beside it, once per seed.

    Returns ``(runs, schedules, dataset)``: the runs and the schedules by legend
    name, and the dataset trained on.

    Raises
    ------
    ValueError
        For a combination the schedule refuses, or more than :data:`UPDATE_BUDGET`
        updates in all (the message says how to get under it).
    """
    data = _dataset(values["dataset"])
    batch_size = values["batch_size"] or data.n_train
    per_epoch = steps_per_epoch(data, batch_size)
    total_steps = int(values["epochs"]) * per_epoch
    name = values["schedule"]
    schedules = {name: make_schedule(name, lr0=values["lr0"], total_steps=total_steps,
                                     **schedule_parameters(name, values, per_epoch, total_steps))}
    if name != "constant":
        schedules["constant"] = make_schedule("constant", lr0=values["lr0"], total_steps=total_steps)
    updates = total_steps * len(schedules) * len(seeds)
    if updates > UPDATE_BUDGET:
        raise InvalidParameterError(
            f"this would take {updates:,} updates ({len(schedules)} schedules × {len(seeds)} seeds × "
            f"{total_steps:,}), more than the panel's budget of {UPDATE_BUDGET:,}: choose a larger batch "
            "or fewer epochs."
        )
    runs = {
        label: [train(data, schedule, epochs=int(values["epochs"]), batch_size=batch_size, seed=seed)
                for seed in seeds]
        for label, schedule in schedules.items()
    }
    return runs, schedules, data


def _final(group: Sequence[TrainingResult]) -> str:
    finished = [r.val_loss[-1] for r in group if not r.diverged]
    if not finished:
        return f"diverged {len(group)}/{len(group)}"
    spread = np.std(finished, ddof=1) if len(finished) > 1 else 0.0
    diverged = len(group) - len(finished)
    return f"{np.mean(finished):.4f} ± {spread:.4f}" + (f", diverged {diverged}/{len(group)}" if diverged else "")


def panel_figure(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2),
                 figure: Optional[Figure] = None) -> Figure:
    """The panel's figure: validation loss of both schedules over the seeds, their rates below.

    The legend gives each schedule's final validation loss (mean ± sd with n − 1 over the
    seeds, or how many runs diverged); for regression a dashed line marks the
    validation loss of the exact least-squares fit. Given ``figure`` (an earlier
    result), it is drawn again in place.
    """
    runs, schedules, data = panel_runs(values, seeds)
    named_runs = {f"{name}: {_final(group)}": group for name, group in runs.items()}
    named_schedules = {f"{name}: {_final(runs[name])}": s for name, s in schedules.items()}
    reference = None
    if data.task == "regression":
        reference = ("least-squares fit", linear_optimum(data).val_loss)
    batch = values["batch_size"] or f"full ({data.n_train})"
    title = f"{data.name}, batch {batch}, {int(values['epochs'])} epochs, η₀ = {values['lr0']:.3g}"
    return training_figure(named_runs, schedules=named_schedules, title=title, reference=reference,
                           figsize=(13.0, 7.2), figure=figure)


class _PanelControls(w.VBox):
    """The panel's controls; their plain-text form names the values of the visible ones."""

    def __init__(self, panel: "TrainingPanel", title: str) -> None:
        super().__init__([w.HTML(f"<b>{title}</b>"), *panel.sliders.values(), panel.message])
        self._panel = panel
        self._title = title

    def _repr_mimebundle_(self, **kwargs: Any) -> Optional[dict]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"[controls — run the notebook to use them] {self._title}: {self._panel.describe()}"
        return bundle


class TrainingPanel(SliderPanel):
    """Dropdowns and sliders that re-run training and redraw the figure in place.

    Parameters
    ----------
    dataset : {"diabetes", "breast_cancer", "digits"}, default "diabetes"
    schedule : str, default "cosine"
        A key of :data:`~lrdecay_lessons.chapters.ch07_hands_on.RUN_SHAPES`.
    batch_size : int or None, default 4
        One of :data:`BATCH_SIZES` (``None``: full batch).
    lr0 : float, default 0.1
    epochs : int, default 20
    seeds : sequence of int, default (0, 1, 2)
        One run per seed and schedule at each redraw.

    Notes
    -----
    Training runs when a control is released, not while it is dragged: a redraw
    trains ``2 × len(seeds)`` runs, about the cost of drawing a new figure, and
    dragging would queue one per notch. The figure is kept and drawn again in place
    (:func:`~lrdecay_lessons.chapters.ch07_hands_on.training_figure` with ``figure=``),
    which costs about half of a new one (``benchmarks/bench_redraw.py``). The
    attributes ``last_redraw_seconds`` (training and drawing) and
    ``last_update_seconds`` (a whole callback in a live notebook, PNG rendering
    included) time the latest redraw.
    """

    def __init__(
        self,
        dataset: str = "diabetes",
        schedule: str = "cosine",
        batch_size: Optional[int] = 4,
        lr0: float = 0.1,
        epochs: int = 20,
        seeds: Sequence[int] = (0, 1, 2),
    ) -> None:
        self.choices = {
            "dataset": Choice("dataset", dataset, tuple(DATASETS), label="dataset"),
            "schedule": Choice("schedule", schedule, tuple(RUN_SHAPES), label="schedule"),
            "batch_size": Choice("batch_size", batch_size,
                                 tuple((str(b), b) if b else ("full batch", None) for b in BATCH_SIZES),
                                 label="batch size"),
        }
        common = (
            Slider("lr0", lr0, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("epochs", epochs, 2, 60, integer=True, label="epochs"),
        )
        specs = [*self.choices.values(), *common, *(s for group in SHAPE_SLIDERS.values() for s in group)]
        self.seeds = tuple(seeds)
        super().__init__(functools.partial(panel_figure, seeds=self.seeds), specs, continuous_update=False,
                         update=self._in_place)
        self.controls = _PanelControls(self, "Train again: pick a dataset, a schedule and its parameters")
        self.sliders["schedule"].observe(self._show_own_sliders, names="value")
        self._show_own_sliders()

    def _in_place(self, figure: Figure, values: Mapping[str, Any]) -> list:
        """Train and draw into the panel's kept figure; everything moves, so nothing is blitted."""
        panel_figure(values, seeds=self.seeds, figure=figure)
        return []

    def shown(self) -> list[str]:
        """Names of the controls on show: the common ones and the chosen schedule's."""
        own = [s.name for s in SHAPE_SLIDERS[self.sliders["schedule"].value]]
        return [*self.choices, "lr0", "epochs", *own]

    def describe(self) -> str:
        """The shown controls and their values, e.g. ``"dataset = diabetes · … · η_min / η₀ = 0"``."""
        parts = []
        for name in self.shown():
            spec, value = self.specs[name], self.sliders[name].value
            parts.append(f"{spec.label or name} = {spec.text(value)}")
        return " · ".join(parts)

    def _show_own_sliders(self, change: Optional[Mapping[str, Any]] = None) -> None:
        shown = set(self.shown())
        for name, control in self.sliders.items():
            control.layout.display = None if name in shown else "none"
