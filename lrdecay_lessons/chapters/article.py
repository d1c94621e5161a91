"""The source article's worked examples (section 4), recomputed.

The article prints example values for each schedule. This module keeps what it
printed, recomputes every value from the article's own formula, and says plainly
where the two disagree. The printed numbers are quoted from
``shared/source/000_419ff396eeb3adb2.txt``; nothing else here is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from .. import schedules
from ..display import Callout, Table
from ..schedules.validation import check_choice
from ..i18n import tr

__all__ = [
    "WorkedExample",
    "WORKED_EXAMPLES",
    "worked_example",
    "recompute",
    "example_table",
    "erratum",
]


@dataclass(frozen=True)
class WorkedExample:
    """One of the article's examples: the schedule, its parameters and what it printed.

    ``printed[i]`` is ``None`` where the article gives no value (it breaks off in
    the middle of the cosine example); ``printed_digits`` is how many decimals the
    article printed, used to decide whether a value agrees up to its rounding.
    """

    section: str
    schedule: str
    params: Mapping[str, float]
    steps: Sequence[int]
    printed: Sequence[Optional[float]]
    printed_digits: int
    article_symbols: str

    def compute(self) -> list[float]:
        """The values the article's formula gives at ``steps``."""
        function = getattr(schedules, self.schedule)
        return [function(t, **self.params) for t in self.steps]


WORKED_EXAMPLES: dict[str, WorkedExample] = {
    "step_decay": WorkedExample(
        section="4.1",
        schedule="step_decay",
        params={"lr0": 0.1, "gamma": 0.5, "step_size": 100},
        steps=(50, 150, 250),
        printed=(0.1, 0.05, 0.025),
        printed_digits=3,
        article_symbols="η₀=0.1, γ=0.5, s=100",
    ),
    "exponential_decay": WorkedExample(
        section="4.2",
        schedule="exponential_decay",
        params={"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
        steps=(250, 500, 750),
        printed=(0.0787, 0.0619, 0.0487),
        printed_digits=4,
        article_symbols="η₀=0.1, γ=0.9, T=1000",
    ),
    "polynomial_decay": WorkedExample(
        section="4.3",
        schedule="polynomial_decay",
        params={"lr0": 0.1, "total_steps": 1000, "power": 2.0},
        steps=(250, 500, 750),
        printed=(0.0675, 0.0225, 0.0056),
        printed_digits=4,
        article_symbols="η₀=0.1, T=1000, α=2",
    ),
    "cosine_annealing": WorkedExample(
        section="4.4",
        schedule="cosine_annealing",
        params={"lr0": 0.1, "total_steps": 1000},
        steps=(250, 500, 750),
        printed=(None, None, None),
        printed_digits=4,
        article_symbols="η₀=0.1, T=1000",
    ),
}


def worked_example(name: str) -> WorkedExample:
    """Look up a worked example by schedule name (``'step_decay'``, ...)."""
    check_choice("name", name, sorted(WORKED_EXAMPLES))
    return WORKED_EXAMPLES[name]


def _agrees(printed: Optional[float], computed: float, digits: int) -> Optional[bool]:
    if printed is None:
        return None
    return abs(round(computed, digits) - printed) < 0.5 * 10.0**-digits


def recompute(name: str) -> list[dict]:
    """Rows of ``step``, ``printed``, ``computed``, ``rounded`` and ``agrees``.

    ``rounded`` is the computed value rounded to as many decimals as the article
    printed; ``agrees`` is ``None`` where the article printed nothing.
    """
    example = worked_example(name)
    rows = []
    for t, printed, computed in zip(example.steps, example.printed, example.compute()):
        rows.append(
            {
                "step": t,
                "printed": printed,
                "computed": computed,
                "rounded": round(computed, example.printed_digits),
                "agrees": _agrees(printed, computed, example.printed_digits),
            }
        )
    return rows


def example_table(name: str) -> Table:
    """The worked example as a table: article's value beside the recomputed one."""
    example = worked_example(name)
    rows = recompute(name)
    return Table(
        columns=("t", tr("article printed 原文"), tr("formula gives 公式计算"), tr("rounded to {printed_digits} d.p.").format(
            printed_digits=example.printed_digits), tr("agrees 一致")),
        rows=[(r["step"], r["printed"], r["computed"], r["rounded"], r["agrees"]) for r in rows],
        title=tr("Article §{section} worked example ({article_symbols})").format(
            section=example.section, article_symbols=example.article_symbols),
        highlight=[r["agrees"] is False for r in rows],
    )


def erratum(name: str) -> Callout:
    """A box saying whether the article's printed values follow from its formula.

    Where they don't, it lists each wrong value with the correct one and the ratio
    printed / correct, so the size and pattern of the error can be seen.
    """
    example = worked_example(name)
    rows = recompute(name)
    if all(r["agrees"] is None for r in rows):
        values = ", ".join(f"t={r['step']}: {r['rounded']:g}" for r in rows)
        return Callout(
            "note",
            [
                tr("The article breaks off in the middle of this example (§{section}) and prints no values.").format(
                    section=example.section),
                tr("Its formula gives {values} (computed above).").format(values=values),
            ],
        )
    wrong = [r for r in rows if r["agrees"] is False]
    if not wrong:
        return Callout(
            "ok",
            [tr("All {n_rows} values printed in §{section} follow from the article's formula.").format(
                n_rows=len(rows), section=example.section)],
        )
    lines = [
        tr("{n_wrong} of the {n_rows} values printed in §{section} do not follow from the article's own "
           "formula ({article_symbols}):").format(
               n_wrong=len(wrong), n_rows=len(rows), section=example.section,
               article_symbols=example.article_symbols)
    ]
    lines += [
        tr("t={r}: the article prints {r2:g}, the formula gives {r3:g} (printed / correct = {value:.3f})").format(
            r=r['step'], r2=r['printed'], r3=r['rounded'], value=r['printed'] / r['computed'])
        for r in wrong
    ]
    return Callout("erratum", lines)
