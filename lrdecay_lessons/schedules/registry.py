"""Every schedule of the course in one place: its name, formula function, titles, chapter and colour.

A new schedule is one :class:`ScheduleEntry` here (and its function in the module of its
family): :func:`~lrdecay_lessons.schedules.schedule` builds it by name, the chapters take its
titles and colour from here, and the tests that every schedule gets (bad input, properties,
recorded framework values) iterate over :data:`REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

from ._common import LearningRate
from .constant import constant_rate
from .cosine import cosine_annealing, cosine_restarts, warmup_cosine
from .cyclical import cyclic, one_cycle
from .exponential import exponential_decay, inverse_time_decay
from .inverse_root import inverse_sqrt
from .polynomial import polynomial_decay
from .step import multistep_decay, step_decay
from .warmup_stable_decay import wsd

__all__ = ["ScheduleEntry", "REGISTRY"]


@dataclass(frozen=True)
class ScheduleEntry:
    """How the course knows one schedule.

    Attributes
    ----------
    name : str
        The key, e.g. ``"cosine_annealing"``; also the name in ``repr`` of a :class:`Schedule`.
    function : callable
        The formula, ``function(t, **params)``, a pure NumPy function of the step.
    english, chinese : str
        Titles (English for figures, Chinese beside it in headings).
    chapter : str
        The notebook that teaches it, e.g. ``"05_cosine_annealing.ipynb"``.
    colour : str
        A key of the course palette (``lrdecay_lessons.display.PALETTE``): the schedule's
        colour in every figure.
    """

    name: str
    function: Callable[..., LearningRate]
    english: str
    chinese: str
    chapter: str
    colour: str


def _entries(*entries: ScheduleEntry) -> Mapping[str, ScheduleEntry]:
    return MappingProxyType({entry.name: entry for entry in entries})


#: The schedules of the course: the constant rate, the article's four with multi-step decay among them,
#: then the schedules of chapters 09-13 (the order of every table that lists them).
REGISTRY: Mapping[str, ScheduleEntry] = _entries(
    ScheduleEntry("constant", constant_rate, "Constant rate", "常数学习率", "01_why_decay.ipynb", "black"),
    ScheduleEntry("step_decay", step_decay, "Step decay", "阶梯衰减", "02_step_decay.ipynb", "blue"),
    ScheduleEntry("multistep_decay", multistep_decay, "Multi-step decay", "多阶段衰减",
                  "09_warmup_and_cycles.ipynb", "sky blue"),
    ScheduleEntry("exponential_decay", exponential_decay, "Exponential decay", "指数衰减",
                  "03_exponential_decay.ipynb", "vermilion"),
    ScheduleEntry("polynomial_decay", polynomial_decay, "Polynomial decay", "多项式衰减",
                  "04_polynomial_decay.ipynb", "bluish green"),
    ScheduleEntry("cosine_annealing", cosine_annealing, "Cosine annealing", "余弦衰减",
                  "05_cosine_annealing.ipynb", "reddish purple"),
    ScheduleEntry("cosine_restarts", cosine_restarts, "Cosine with warm restarts (SGDR)", "带热重启的余弦",
                  "09_warmup_and_cycles.ipynb", "orange"),
    ScheduleEntry("one_cycle", one_cycle, "One-cycle", "单周期", "09_warmup_and_cycles.ipynb", "purple"),
    ScheduleEntry("inverse_time_decay", inverse_time_decay, "Inverse-time decay", "逆时间衰减",
                  "10_schedules_of_today.ipynb", "grey"),
    ScheduleEntry("warmup_cosine", warmup_cosine, "Warm-up + cosine", "预热 + 余弦",
                  "09_warmup_and_cycles.ipynb", "wine"),
    ScheduleEntry("wsd", wsd, "Warmup-stable-decay (WSD)", "预热-稳定-衰减", "10_schedules_of_today.ipynb",
                  "olive"),
    ScheduleEntry("inverse_sqrt", inverse_sqrt, "Inverse square root", "平方根倒数",
                  "13_applications_and_tools.ipynb", "indigo"),
    ScheduleEntry("cyclic", cyclic, "Cyclical learning rate", "循环学习率", "09_warmup_and_cycles.ipynb", "teal"),
)
