"""The course's schedules by name: English and Chinese titles, example parameters, sliders.

One place that chapters, the course map and the comparison chapter read, so a
schedule is described the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from . import schedules
from .widgets import Slider

__all__ = ["ScheduleInfo", "ARTICLE_SCHEDULES", "info"]


@dataclass(frozen=True)
class ScheduleInfo:
    """How the course presents one schedule."""

    name: str
    english: str
    chinese: str
    article_section: str
    function: Callable[..., Any]
    example: Mapping[str, Any]
    sliders: Sequence[Slider]
    drawstyle: str = "default"

    @property
    def title(self) -> str:
        """English title for figures (figure text stays ASCII-safe for the fonts)."""
        return self.english


ARTICLE_SCHEDULES: dict[str, ScheduleInfo] = {
    "step_decay": ScheduleInfo(
        name="step_decay",
        english="Step decay",
        chinese="阶梯衰减",
        article_section="2.1",
        function=schedules.step_decay,
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
        english="Exponential decay",
        chinese="指数衰减",
        article_section="2.2",
        function=schedules.exponential_decay,
        example={"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("gamma", 0.9, 0.01, 1.0, step=0.01, label="γ (gamma)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
        ),
    ),
    "polynomial_decay": ScheduleInfo(
        name="polynomial_decay",
        english="Polynomial decay",
        chinese="多项式衰减",
        article_section="2.3",
        function=schedules.polynomial_decay,
        example={"lr0": 0.1, "total_steps": 1000, "power": 2.0},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
            Slider("power", 2.0, 0.1, 5.0, step=0.1, label="α (power)"),
        ),
    ),
    "cosine_annealing": ScheduleInfo(
        name="cosine_annealing",
        english="Cosine annealing",
        chinese="余弦衰减",
        article_section="2.4",
        function=schedules.cosine_annealing,
        example={"lr0": 0.1, "total_steps": 1000},
        sliders=(
            Slider("lr0", 0.1, 0.001, 1.0, log=True, label="η₀ (lr0)"),
            Slider("total_steps", 1000, 100, 2000, step=50, integer=True, label="T (total_steps)"),
        ),
    ),
}


def info(name: str) -> ScheduleInfo:
    """Look up a schedule by its function name."""
    if name not in ARTICLE_SCHEDULES:
        raise ValueError(f"name must be one of {sorted(ARTICLE_SCHEDULES)}; got name={name!r}.")
    return ARTICLE_SCHEDULES[name]
