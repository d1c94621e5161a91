"""Helpers of chapter 00, the course map (课程导览): the four article schedules in one figure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..display import mark_points, new_figure, plot_curves, schedule_curve, steps_for
from .article import worked_example
from .catalog import ARTICLE_SCHEDULES
from ..i18n import language, tr
from ..i18n.width import display_width

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "article_schedules_figure",
    "CHAPTER_TIMES",
    "chapter_times",
]

#: The table ``benchmarks/bench_chapters.py`` writes: every chapter's Run All in a fresh kernel.
CHAPTER_TIMES = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "chapters.md"


def article_schedules_figure(past_end: float = 0.2) -> Figure:
    """The article's four schedules side by side, each with its worked-example parameters.

    Each panel marks the steps of the article's worked example (§4) with the
    values the formula gives there, and runs ``past_end`` × T beyond the horizon.
    """
    figure, axes = new_figure(2, 2, sharex=True, sharey=True)
    for ax, info in zip(axes.flat, ARTICLE_SCHEDULES.values()):
        example = worked_example(info.name)
        horizon = int(example.params.get("total_steps", 1000))
        curve = schedule_curve(info.function, steps_for(horizon, past_end), label="η(t)", colour=info.colour, **info.example)
        plot_curves([curve], title=f"{info.shown_title} (§{info.article_section})", ax=ax, drawstyle=info.drawstyle)
        mark_points(ax, example.steps, example.compute(), label=tr("§4 example steps"), digits=3)
    for ax in axes[0]:
        ax.set_xlabel("")
    for ax in axes[:, 1]:
        ax.set_ylabel("")
    figure.suptitle(tr("The article's four schedules, η₀ = 0.1"), fontsize=20, fontweight="bold")
    return figure


def _chapters():
    from .course import CHAPTERS  # the course's table of chapters (imports every chapter module's neighbour)

    return CHAPTERS


def chapter_times(path: Path = CHAPTER_TIMES) -> str:
    """Each chapter's Run All in a fresh kernel (wall and CPU seconds, and the wall seconds in the kernel alone
    where the table has them) and the machine's load, as ``benchmarks/bench_chapters.py`` measured them (read
    from ``path``), one line per chapter."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return tr("No measurement in this copy ({name} is missing): run benchmarks/bench_chapters.py --chapters."
                  ).format(name=path.name)
    when = re.search(r"^Measured (.*?); (load average .*?) at the start", text, flags=re.M)
    # chapter, CPU s, wall s, and (in tables that have it) the wall s of the kernel alone, in one process
    rows = re.findall(r"^\| (\d\d)_(\w+) \| ([\d.]+) \| ([\d.]+)[^|]* \|(?: [\d.]+ \| [\d.]+ \| ([\d.]+) \|)?",
                      text, flags=re.M)
    total = re.search(r"^\| \*\*all \d+\*\* \| \*\*([\d.]+)\*\* \| \*\*([\d.]+)\*\* \|(?: \| \| \*\*([\d.]+)\*\* \|)?",
                      text, flags=re.M)
    lines = [tr("Run All in a fresh kernel, measured {when} ({load} at the start):").format(
        when=when.group(1), load=when.group(2)) if when else tr("Run All in a fresh kernel:")]
    chinese = {Path(chapter.notebook).stem[:2]: chapter.chinese for chapter in _chapters()}

    def shown(number: str, name: str) -> str:
        return f"{number} {chinese[number]}" if language() == "zh" and number in chinese else \
            f"{number} {name.replace('_', ' ')}"

    whole = tr("the whole course")
    width = max([29, display_width(whole), *(display_width(shown(number, name)) for number, name, *_ in rows)])

    def label(text: str) -> str:  # padded, so that the seconds start in one column
        return text + " " * (width - display_width(text))

    def times(wall: str, cpu: str, alone: str | None) -> str:
        one_process = "; " + tr("{seconds} s in one process").format(seconds=f"{float(alone):.1f}") if alone else ""
        return f"{float(wall):5.1f} s  ({float(cpu):.1f} CPU s{one_process})"

    lines += [f"  {label(shown(number, name))} {times(wall, cpu, alone)}" for number, name, cpu, wall, alone in rows]
    if total:
        lines.append(f"  {label(whole)} {times(total.group(2), total.group(1), total.group(3))}")
    return "\n".join(lines)
