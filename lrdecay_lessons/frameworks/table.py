"""The translations as one flat table of plain strings: what chapter 12 shows and the tests read.

:func:`framework_records` gives one dictionary per (schedule, framework) pair, keyed by
:data:`TABLE_COLUMNS`: our schedule, the framework's name for it, how each parameter
translates, the worked example as a call, how the framework steps, where it agrees with
the course, and the titles of its traps: its words in the course's language (names and code stay English).
"""

from __future__ import annotations

from typing import Sequence

from ._common import COURSE_SCHEDULES, FRAMEWORKS
from .translations import EXAMPLE_TOTAL_STEPS, Translation, show_value, translation
from .traps import TRAPS
from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = ["TABLE_COLUMNS", "NO_COUNTERPART", "framework_records"]


TABLE_COLUMNS = ("schedule", "framework", "name", "parameters", "example", "stepping", "agrees", "traps")


#: Shown for a parameter with no counterpart on one side (translated when shown: ``str(NO_COUNTERPART)``).
NO_COUNTERPART = Text("(none)")


def _parameter_text(row: Translation) -> str:
    """``'ours → theirs — how to convert'`` per parameter, joined with ``'; '``.

    >>> _parameter_text(translation("multistep_decay", "keras")).split("; ")[0]
    'milestones → boundaries — [m - 1 for each milestone m]: Keras switches one step after each boundary'
    """
    parts = []
    for rule in row.parameters:
        text = f"{rule.ours or NO_COUNTERPART} → {rule.theirs or NO_COUNTERPART}"
        parts.append(text if rule.rule == "same value" else f"{text} — {rule.rule}")
    return "; ".join(parts)


def _table_rows(schedules: Sequence[str] | None, frameworks: Sequence[str] | None) -> list[tuple[str, ...]]:
    schedules = COURSE_SCHEDULES if schedules is None else tuple(schedules)
    frameworks = tuple(FRAMEWORKS) if frameworks is None else tuple(frameworks)
    for name in schedules:
        if name not in COURSE_SCHEDULES:
            raise InvalidParameterError(f"schedules must hold names from {', '.join(COURSE_SCHEDULES)}; got {name!r}.")
    for name in frameworks:
        if name not in FRAMEWORKS:
            raise InvalidParameterError(f"frameworks must hold names from {', '.join(FRAMEWORKS)}; got {name!r}.")
    rows = []
    for schedule in schedules:
        for framework in frameworks:
            row = translation(schedule, framework)
            example = ""
            if row.name is not None and row.example:
                try:
                    example = row.call(row.example, total_steps=EXAMPLE_TOTAL_STEPS.get(schedule))
                except ValueError as error:
                    example = tr("not expressible for {example}: {error}").format(example=show_value(dict(row.example)),
                                                                                  error=error)
            rows.append((
                schedule,
                FRAMEWORKS[framework],
                row.name or tr("— (no built-in)"),
                _parameter_text(row) if row.name else str(row.notes),
                example,
                row.stepping,
                str(row.agreement),
                "; ".join(str(TRAPS[key].title) for key in row.traps),
            ))
    return rows


def framework_records(
    schedules: Sequence[str] | None = None, frameworks: Sequence[str] | None = None
) -> list[dict[str, str]]:
    """Every (schedule, framework) row as a dictionary keyed by :data:`TABLE_COLUMNS`.

    >>> framework_records(["cosine_annealing"], ["keras"])[0]["name"]
    'keras.optimizers.schedules.CosineDecay'
    """
    return [dict(zip(TABLE_COLUMNS, row)) for row in _table_rows(schedules, frameworks)]
