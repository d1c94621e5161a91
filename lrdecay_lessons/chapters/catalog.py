"""The course's schedules by name: English and Chinese titles, example parameters, sliders.

One place that chapters, the course map and the comparison chapter read, so a
schedule is described the same way everywhere: its titles, its example
parameters, its sliders (and, for polynomial and cosine decay, the slider of
their floor), a title with the schedule's shape parameters (:func:`shape_title`),
and the sliders of the comparison chapter's shared and matched settings
(:data:`SHARED_SLIDERS`, :data:`MATCHED_SLIDERS`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np

from ..display import Curve, Slider, palette_colour
from ..schedules import REGISTRY, Schedule, ScheduleEntry
from ..errors import InvalidParameterError
from ..i18n import Text, language, tr

__all__ = [
    "ScheduleInfo",
    "ARTICLE_SCHEDULES",
    "info",
    "in_course_language",
    "shape_title",
    "schedule_colour",
    "SHARED_SLIDERS",
    "MATCHED_SLIDERS",
]


@dataclass(frozen=True)
class ScheduleInfo:
    """How the course presents one of the article's schedules: its section, example and sliders.

    Its name, titles, formula and colour come from the schedule registry
    (:data:`lrdecay_lessons.schedules.REGISTRY`).
    """

    name: str
    article_section: str
    example: Mapping[str, Any]
    sliders: Sequence[Slider]
    drawstyle: str = "default"
    #: Slider for the optional floor parameter (``lr_end``, ``lr_min``), not part of the article's formula.
    floor_slider: Optional[Slider] = None

    def reference_curve(self, horizon: int) -> Curve:
        """The article's example setting over ``0 .. horizon``, as a dashed grey line to
        keep in view while the sliders move."""
        steps = np.arange(0, int(horizon) + 1)
        shown = ", ".join(f"{k} = {v:g}" for k, v in self.example.items())
        return Curve(tr("article: {shown}").format(shown=shown), steps, self.function(steps, **self.example),
                     {"color": "0.45", "linestyle": "--", "linewidth": 2})

    @property
    def entry(self) -> ScheduleEntry:
        return REGISTRY[self.name]

    @property
    def english(self) -> str:
        return self.entry.english

    @property
    def chinese(self) -> str:
        return self.entry.chinese

    @property
    def function(self) -> Callable[..., Any]:
        return self.entry.function

    @property
    def colour(self) -> str:
        """The schedule's course colour (hex)."""
        return palette_colour(self.entry.colour)

    @property
    def title(self) -> str:
        """English title: a key too (curves and comparisons are named by it), so it stays English."""
        return self.english

    @property
    def shown_title(self) -> str:
        """The schedule's name as a figure shows it, in the course's language (never used as a key)."""
        return in_course_language(self.english, self.chinese)


ARTICLE_SCHEDULES: dict[str, ScheduleInfo] = {
    "step_decay": ScheduleInfo(
        name="step_decay",
        article_section="2.1",
        example={"lr0": 0.1, "gamma": 0.5, "step_size": 100},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("gamma", 0.5, 0.05, 1.0, step=0.05, label="γ (gamma)"),
            Slider("step_size", 100, 10, 500, step=10, integer=True, label="s (step_size)"),
        ),
        drawstyle="steps-post",
    ),
    "exponential_decay": ScheduleInfo(
        name="exponential_decay",
        article_section="2.2",
        example={"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("gamma", 0.9, 0.01, 1.0, step=0.01, label="γ (gamma)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
        ),
    ),
    "polynomial_decay": ScheduleInfo(
        name="polynomial_decay",
        article_section="2.3",
        example={"lr0": 0.1, "total_steps": 1000, "power": 2.0},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
            Slider("power", 2.0, 0.1, 5.0, step=0.1, label="α (power)"),
        ),
        floor_slider=Slider("lr_end", 0.0, 0.0, 0.05, step=0.001, label="η_end (lr_end)"),
    ),
    "cosine_annealing": ScheduleInfo(
        name="cosine_annealing",
        article_section="2.4",
        example={"lr0": 0.1, "total_steps": 1000},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
        ),
        floor_slider=Slider("lr_min", 0.0, 0.0, 0.05, step=0.001, label="η_min (lr_min)"),
    ),
}


def in_course_language(english: str, chinese: str) -> str:
    """A name the registry holds in both languages, as the reader sees it: ``chinese`` after
    ``use_course_style(lang="zh")``, ``english`` otherwise."""
    return chinese if language() == "zh" else english


def info(name: str) -> ScheduleInfo:
    """Look up a schedule by its function name."""
    if name not in ARTICLE_SCHEDULES:
        raise InvalidParameterError(f"name must be one of {sorted(ARTICLE_SCHEDULES)}; got name={name!r}.")
    return ARTICLE_SCHEDULES[name]


_SYMBOLS = {"gamma": "γ", "step_size": "s", "power": "α"}


def shape_title(name: str, params: Mapping[str, Any], *, shown: bool = False) -> str:
    """``"Step decay (γ=0.5, s=100)"``: the English title and the schedule's own parameters.

    The shared ones (``lr0``, ``total_steps``) are left out. The title is a key (curves and comparisons are
    named by it) and stays English; ``shown=True`` gives the name in the course's language, for a legend.

    Examples
    --------
    >>> shape_title("step_decay", {"lr0": 0.1, "gamma": 0.5, "step_size": 100})
    'Step decay (γ=0.5, s=100)'
    """
    own = ", ".join(f"{_SYMBOLS[k]}={v:.3g}" for k, v in params.items() if k in _SYMBOLS)
    title = info(name).shown_title if shown else info(name).english
    return f"{title} ({own})" if own else title


def schedule_colour(schedule: str | Schedule | float) -> str:
    """The course colour (hex) of a schedule: by registry name, by :class:`Schedule`, or a number (constant).

    >>> schedule_colour("cosine_annealing"), schedule_colour(0.1)
    ('#CC79A7', '#000000')
    """
    if isinstance(schedule, Schedule):
        schedule = schedule.name
    elif isinstance(schedule, (int, float)) and not isinstance(schedule, bool):
        schedule = "constant"
    if not isinstance(schedule, str) or schedule not in REGISTRY:
        raise InvalidParameterError(f"schedule must be a schedule's name ({', '.join(map(repr, REGISTRY))}), a Schedule "
                         f"or a number; got schedule={schedule!r}.")
    return palette_colour(REGISTRY[schedule].colour)


def _renamed(name: str, keyword: str, new_name: str, label: Text) -> Slider:
    spec = next(s for s in ARTICLE_SCHEDULES[name].sliders if s.name == keyword)
    return replace(spec, name=new_name, label=label)


#: One slider per setting of :func:`lrdecay_lessons.schedules.measures.shared_params`, with the
#: ranges above and the article's values.
SHARED_SLIDERS: tuple[Slider, ...] = (
    _renamed("cosine_annealing", "lr0", "lr0", Text("η₀ (all four)")),
    _renamed("cosine_annealing", "total_steps", "total_steps", Text("T (all four)")),
    _renamed("step_decay", "gamma", "step_gamma", Text("step γ")),
    _renamed("step_decay", "step_size", "step_size", Text("step s")),
    _renamed("exponential_decay", "gamma", "exp_gamma", Text("exponential γ")),
    _renamed("polynomial_decay", "power", "power", Text("polynomial α")),
)


#: Sliders for :func:`lrdecay_lessons.schedules.measures.matched_params`: η₀, T and step decay's
#: period (starting at T/4).
MATCHED_SLIDERS: tuple[Slider, ...] = (
    SHARED_SLIDERS[0],
    SHARED_SLIDERS[1],
    replace(SHARED_SLIDERS[3], value=250),
)
