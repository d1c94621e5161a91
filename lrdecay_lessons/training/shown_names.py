"""The names of runs and schedules as a reader sees them: the English key, or its Chinese form.

Job: :func:`shown_name`, the one place where a run's name (a key of the experiments' dicts, of
:class:`~lrdecay_lessons.training.PairedComparison` and of the claims, always English) becomes
the text of a legend, a table cell or a sentence. May import: i18n, schedules (the registry's titles).

The keys never change with the language (``c.verdict == f"{c.first} lower"`` keeps working);
only what is drawn or printed does. Each known name's message is a string literal in a
``tr("...")`` call below, so that the catalog extractor finds it; the calls run when a name is
shown, in the language chosen then. ``"step"`` has its own message because ``tr("step")`` is
the unit (一步), not the schedule.
"""

from __future__ import annotations

from typing import Callable

from ..i18n import language, tr
from ..schedules import REGISTRY

__all__ = ["shown_name", "SHOWN_NAMES"]

#: The run and schedule names with a translation, each a call of ``tr`` on its message.
SHOWN_NAMES: dict[str, Callable[[], str]] = {
    "constant": lambda: tr("constant"),
    "step": lambda: tr("step (the schedule)"),
    "exponential": lambda: tr("exponential"),
    "polynomial": lambda: tr("polynomial"),
    "cosine": lambda: tr("cosine"),
    "cosine restarts": lambda: tr("cosine restarts"),
    "warmup cosine": lambda: tr("warmup cosine"),
    "inverse time": lambda: tr("inverse time"),
    "linear to 0": lambda: tr("linear to 0"),
    "cosine to 0": lambda: tr("cosine to 0"),
    "cosine to 10%": lambda: tr("cosine to 10%"),
    "WSD, 20 % linear cooldown": lambda: tr("WSD, 20 % linear cooldown"),
    "cosine, no warm-up": lambda: tr("cosine, no warm-up"),
    "step ×0.1 at T/2, 3T/4": lambda: tr("step ×0.1 at T/2, 3T/4"),
    "WSD, linear cooldown": lambda: tr("WSD, linear cooldown"),
    "WSD, 1-sqrt cooldown": lambda: tr("WSD, 1-sqrt cooldown"),
    "WSD, cosine cooldown": lambda: tr("WSD, cosine cooldown"),
    "WSD branch": lambda: tr("WSD branch"),
    "cosine from scratch": lambda: tr("cosine from scratch"),
    "linear from scratch": lambda: tr("linear from scratch"),
    "step decay γ = 0.5, s = 200": lambda: tr("step decay γ = 0.5, s = 200"),
    "exponential γ = 0.9 per T (article)": lambda: tr("exponential γ = 0.9 per T (article)"),
    "exponential γ = 0.01 per T": lambda: tr("exponential γ = 0.01 per T"),
    "linear (α = 1)": lambda: tr("linear (α = 1)"),
    "polynomial α = 2": lambda: tr("polynomial α = 2"),
    "too small": lambda: tr("too small"),
    "large": lambda: tr("large"),
    "diverges": lambda: tr("diverges"),
    "decayed": lambda: tr("decayed"),
    "best constant": lambda: tr("best constant"),
    "your run": lambda: tr("your run"),
    "constant 0.2": lambda: tr("constant 0.2"),
    "constant 0.002": lambda: tr("constant 0.002"),
    "decayed 0.2 → 0.002": lambda: tr("decayed 0.2 → 0.002"),
    "SGD + momentum 0.9": lambda: tr("SGD + momentum 0.9"),
    "SGD, momentum 0.9": lambda: tr("SGD, momentum 0.9"),
    "Adam, constant η = 0.02": lambda: tr("Adam, constant η = 0.02"),
    "Adam, constant η = 0.01": lambda: tr("Adam, constant η = 0.01"),
    "Adam, cosine from η = 0.02": lambda: tr("Adam, cosine from η = 0.02"),
    "Adam, constant η = 0.02 (level)": lambda: tr("Adam, constant η = 0.02 (level)"),
    "Adam, cosine from η = 0.02 (final)": lambda: tr("Adam, cosine from η = 0.02 (final)"),
}


def shown_name(name: str) -> str:
    """``name`` (a run's or schedule's key) as the reader sees it in the course's language.

    In English the name itself; in Chinese the catalog's translation of a name in
    :data:`SHOWN_NAMES`; a schedule's title with its parameters, such as chapter 06's
    ``"Step decay (γ=0.544, s=500)"``, with the registry's Chinese title (``"阶梯衰减 (γ=0.544, s=500)"``);
    and any other name unchanged (a name the notebook wrote, e.g. ``"常数 0.5"``).

    >>> shown_name("cosine restarts"), shown_name("my schedule")
    ('cosine restarts', 'my schedule')
    """
    if language() == "en":
        return name
    message = SHOWN_NAMES.get(name)
    if message is not None:
        return message()
    for entry in REGISTRY.values():
        if name == entry.english or name.startswith(entry.english + " ("):
            return entry.chinese + name[len(entry.english):]
    return name
