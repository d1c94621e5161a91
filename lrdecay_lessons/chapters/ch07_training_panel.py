r"""A panel that re-runs training: pick a dataset, a schedule and its parameters.

:class:`TrainingPanel` is a :class:`~lrdecay_lessons.display.browser_panel.BrowserPanel` whose
controls are dropdowns (dataset, schedule, batch size) as well as sliders (the
starting rate :math:`\eta_0`, the number of epochs, and the chosen schedule's own
parameters). Each change trains the chosen schedule and, for comparison, a
constant rate :math:`\eta_0`, over a few seeds -- every run at once, as one stacked
computation (:func:`~lrdecay_lessons.training.train_stacked`) -- and sends the curves to the
browser, which draws them as :func:`lrdecay_lessons.chapters.ch07_hands_on.training_figure` does:
the validation loss (mean over the seeds, band from the lowest to the highest) above the rates.

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
from typing import Any, Mapping, Optional, Sequence

import numpy as np

from ..display import Axes, Band, BrowserPanel, Choice, Computed, Line, Slider
from ..training import (
    DATASETS,
    Dataset,
    TrainingResult,
    learning_rates,
    linear_optimum,
    load_dataset,
    steps_per_epoch,
    train_stacked,
)
from .ch07_hands_on import RUN_SHAPES, _course_colour, divergence_label, make_schedule
from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = [
    "BATCH_SIZES",
    "SHAPE_SLIDERS",
    "UPDATE_BUDGET",
    "schedule_parameters",
    "panel_runs",
    "panel_curves",
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
        Slider("step_gamma", 0.5, 0.05, 0.95, step=0.05, label=Text("γ: factor per drop")),
        Slider("step_epochs", 5, 1, 30, integer=True, label=Text("drop every … epochs")),
    ),
    "exponential": (Slider("exp_gamma", 0.01, 0.0001, 1.0, log=True, label=Text("γ: η_T / η₀ over the run")),),
    "polynomial": (Slider("power", 2.0, 0.5, 5.0, step=0.1, label="α (power)"),),
    "cosine": (Slider("min_fraction", 0.0, 0.0, 0.5, step=0.01, label="η_min / η₀"),),
    "warmup cosine": (Slider("warmup_epochs", 2, 0, 20, integer=True, label=Text("warm-up epochs")),),
    "cosine restarts": (Slider("cycle_epochs", 7, 1, 30, integer=True, label=Text("epochs per cycle")),),
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
    """Train the panel's schedule, and a constant η₀ beside it, once per seed: every run at once
    (:func:`~lrdecay_lessons.training.train_stacked`, the same records as one
    :func:`~lrdecay_lessons.training.train` per run).

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
    rates = np.array([learning_rates(schedule, total_steps) for schedule in schedules.values() for _ in seeds])
    trained = train_stacked(data, rates, [seed for _ in schedules for seed in seeds], epochs=int(values["epochs"]),
                            batch_size=batch_size, labels=[label for label in schedules for _ in seeds])
    runs = {label: trained[i * len(seeds):(i + 1) * len(seeds)] for i, label in enumerate(schedules)}
    return runs, schedules, data


def _final(group: Sequence[TrainingResult]) -> str:
    finished = [r.val_loss[-1] for r in group if not r.diverged]
    if not finished:
        return tr("diverged {n_group}/{n_group}").format(n_group=len(group))
    spread = np.std(finished, ddof=1) if len(finished) > 1 else 0.0
    diverged = len(group) - len(finished)
    return f"{np.mean(finished):.4f} ± {spread:.4f}" + (tr(", diverged {diverged}/{n_group}").format(
        diverged=diverged, n_group=len(group)) if diverged else "")


def _group_curves(index: int, name: str, group: Sequence[TrainingResult], schedule: Any, epochs: int,
                  per_epoch: int) -> dict:
    """One schedule's arrays (loss mean, lowest, highest; rates; divergence mark) and names."""
    # No record at epoch 0 (a gap: the x axes of both charts then span 0 .. epochs), no rate after the last step.
    finished = np.array([[np.nan, *r.val_loss] for r in group if not r.diverged]).reshape(-1, epochs + 1)
    nothing = np.full(epochs + 1, np.nan)
    rates = np.append(learning_rates(schedule, epochs * per_epoch), np.nan)
    mark = np.full(rates.shape, np.nan)
    diverged = [r for r in group if r.diverged]
    if diverged:
        mark[diverged[0].diverged_at_step] = diverged[0].diverged_lr
    return {f"loss{index}": finished.mean(axis=0) if len(finished) else nothing,
            f"low{index}": finished.min(axis=0) if len(finished) > 1 else nothing,
            f"high{index}": finished.max(axis=0) if len(finished) > 1 else nothing,
            f"rate{index}": rates, f"mark{index}": mark,
            "names": {f"label{index}": f"{name}: {_final(group)}",
                      f"rate_label{index}": name,
                      f"mark_label{index}": divergence_label(diverged[0]) if diverged else "",
                      f"colour{index}": _course_colour(schedule) or "#0072B2"}}


def panel_curves(values: Mapping[str, Any], seeds: Sequence[int] = (0, 1, 2)) -> dict:
    """What the panel draws for ``values``: ``compute(values)`` of its :class:`BrowserPanel`.

    Arrays ``epoch`` (0 and the records, the first a gap), ``loss0/1``, ``low0/1``, ``high0/1`` (mean, lowest and highest validation loss
    over the seeds that finished; schedule 0 is the chosen one, 1 the constant η₀ beside it), ``reference``
    (the exact least-squares fit's validation loss, regression only), ``step_epoch`` (every step, in epochs),
    ``rate0/1`` and ``mark0/1`` (the rate where the first diverged run blew up); ``names`` holds the title and
    the legend texts: each schedule's final validation loss, mean ± sd with n − 1 over the seeds, or how many
    runs diverged.
    """
    runs, schedules, data = panel_runs(values, seeds)
    epochs = int(values["epochs"])
    per_epoch = steps_per_epoch(data, values["batch_size"] or data.n_train)
    out: dict[str, Any] = {"epoch": np.arange(0, epochs + 1, dtype=float),
                           "step_epoch": np.arange(epochs * per_epoch + 1) / per_epoch}
    names: dict[str, Any] = {}
    for index, (name, group) in enumerate(runs.items()):
        curves = _group_curves(index, name, group, schedules[name], epochs, per_epoch)
        names.update(curves.pop("names"))
        out.update(curves)
    if len(runs) == 1:  # the constant alone: no second schedule
        empty = _group_curves(1, "", runs["constant"], 0.0, epochs, per_epoch)
        out.update({key: np.full(np.shape(a), np.nan) for key, a in empty.items() if key != "names"})
        names.update({"label1": "", "rate_label1": "", "mark_label1": "", "colour1": "#000000"})
    regression = data.task == "regression"
    out["reference"] = np.full(epochs + 1, linear_optimum(data).val_loss if regression else np.nan)
    names["reference_label"] = tr("least-squares fit") if regression else ""
    batch = values["batch_size"] or tr("full ({n_train})").format(n_train=data.n_train)
    names["title"] = tr("{name}, batch {batch}, {epochs} epochs, η₀ = {values:.3g}").format(
        name=data.name, batch=batch, epochs=epochs, values=values['lr0'])
    names["seeds_title"] = tr("mean of {n_seeds} seeds (band: min to max)").format(
        n_seeds=len(seeds)) if len(seeds) > 1 else ""
    out["names"] = names
    return out


def _axes() -> list[Axes]:
    """The loss above the rates, as :func:`~lrdecay_lessons.chapters.ch07_hands_on.training_figure` draws them."""
    loss = [Line(f"{{label{i}}}", Computed(f"loss{i}"), colour=f"{{colour{i}}}") for i in (0, 1)]
    reference = Line("{reference_label}", Computed("reference"), colour="#555555", dash="--", width=2.0)
    bands = [Band(Computed(f"low{i}"), Computed(f"high{i}"), colour=f"{{colour{i}}}") for i in (0, 1)]
    rates = [Line(f"{{rate_label{i}}}", Computed(f"rate{i}"), colour=f"{{colour{i}}}") for i in (0, 1)]
    marks = [Line(f"{{mark_label{i}}}", Computed(f"mark{i}"), colour=f"{{colour{i}}}", markers=True) for i in (0, 1)]
    return [Axes("{title}", [*loss, reference], x=Computed("epoch"), xlabel=tr("epoch"), ylabel=tr("validation loss"),
                 legend="outside right", legend_title="{seeds_title}", bands=bands, height=460, from_zero=False),
            Axes(tr("Learning rate η_t"), [*rates, *marks], x=Computed("step_epoch"), xlabel=tr("epoch"), ylabel="η_t",
                 legend="outside right", height=280)]


class TrainingPanel(BrowserPanel):
    """Dropdowns and sliders that re-run training; the browser redraws the curves the kernel sends.

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
        One run per seed and schedule at each change, all trained at once.

    Notes
    -----
    Training runs when a control is released (or a key moves it), not while it is dragged. Only the
    chosen schedule's own sliders are shown. ``last_compute_seconds`` times the latest training.
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
            "dataset": Choice("dataset", dataset, tuple(DATASETS), label=tr("dataset")),
            "schedule": Choice("schedule", schedule, tuple(RUN_SHAPES), label=tr("schedule")),
            "batch_size": Choice("batch_size", batch_size,
                                 tuple((str(b), b) if b else (tr("full batch"), None) for b in BATCH_SIZES),
                                 label=tr("batch size")),
        }
        common = (
            Slider("lr0", lr0, 0.001, 1.0, log=True, label=tr("η₀ (lr0)")),
            Slider("epochs", epochs, 2, 60, integer=True, label=tr("epochs")),
        )
        own = {s.name: ("schedule", (name,)) for name, group in SHAPE_SLIDERS.items() for s in group}
        self.seeds = tuple(seeds)
        super().__init__([*self.choices.values(), *common, *(s for group in SHAPE_SLIDERS.values() for s in group)],
                         _axes(), heading=tr("Train again: pick a dataset, a schedule and its parameters"),
                         compute=functools.partial(panel_curves, seeds=self.seeds), shown_when=own,
                         figsize=(13.0, 8.4))

    def describe(self) -> str:
        """The shown controls and their values, e.g. ``"dataset = diabetes · … · η_min / η₀ = 0"``."""
        return " · ".join(f"{s.label or s.name} = {s.text(self.values[s.name])}" for s in self.shown())
