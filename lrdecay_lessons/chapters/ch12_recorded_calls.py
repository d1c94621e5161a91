r"""Chapter 12, "for today's users" (今天的用法): the Trainer's scheduler names and the recorded
schedules outside the framework table, laid out for a projector.

The data live in :mod:`lrdecay_lessons.frameworks` (``call_values.json``, read by
:func:`~lrdecay_lessons.frameworks.recorded_call`, replayed by
:func:`~lrdecay_lessons.frameworks.replay_agreement`); this module only arranges them, one
framework per table::

    >>> trainer_view().rows[0]
    ('linear (default)', 'get_linear_schedule_with_warmup')
    >>> [row[0] for row in recorded_calls_view("timm").rows][0]
    'CosineLRScheduler(t_initial=50, lr_min=0.01)'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional, Sequence

from .. import frameworks as F
from ..display import Curve, Table, plot_curves
from ..errors import InvalidParameterError
from ..schedules.validation import check_choice
from ..i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["RECORDED_CALL_FRAMEWORKS", "trainer_view", "recorded_calls_view", "recorded_figure"]


#: The frameworks of the section, with display names (timm is not a column of the big table).
RECORDED_CALL_FRAMEWORKS: dict[str, str] = {**F.FRAMEWORKS, "timm": "timm"}


def trainer_view() -> Table:
    """``TrainingArguments(lr_scheduler_type=...)``: each name (as recorded from transformers) and
    the function it builds; the default is marked."""
    records = F.trainer_records()
    unknown = set(records["scheduler_types"]) - set(F.HF_TRAINER_SCHEDULERS)
    if unknown:
        raise InvalidParameterError(f"HF_TRAINER_SCHEDULERS must name every recorded type; missing {sorted(unknown)}")
    rows = [(name + (" (default)" if name == records["default_scheduler"] else ""), F.HF_TRAINER_SCHEDULERS[name])
            for name in records["scheduler_types"]]
    version = F.version_of("transformers")
    return Table(("lr_scheduler_type", tr("function the Trainer builds")), rows,
                 title=tr("Hugging Face Trainer's schedules (transformers {version}, recorded)").format(
                     version=version))


def _short(call: str) -> str:
    call = re.sub(r"optimizer\(lr=0\.1\),?\s*", "", call).replace("opt, ", "")
    return call.replace("(, ", "(").replace(", t_in_epochs=False", "").replace("boundaries_and_scales=", "")


def recorded_calls_view(framework: str) -> Table:
    """One framework's recorded runs: the call, whether the course has the same schedule, and the
    largest relative difference of our NumPy formula from the real library at every recorded step.

    Raises
    ------
    ValueError
        If ``framework`` is not one of :data:`RECORDED_CALL_FRAMEWORKS`.
    """
    check_choice("framework", framework, RECORDED_CALL_FRAMEWORKS)
    rows = []
    for row in F.replay_agreement():
        if row["framework"] != framework:
            continue
        run = F.recorded_call(row["name"])
        course = _course_call(run.kwargs["course"])
        gap = tr("formula {row:.0e}").format(row=row['formula'])
        if run.kwargs["function"] == "course":
            course, gap = tr("the course's wsd, wrapped"), tr("course {row:.0e}").format(row=row['formula'])
        elif row["course"] is not None:
            gap += tr(", course {row:.0e}").format(row=row['course'])
        rows.append((_short(row["call"]), course, tr("{gap} ({row} steps)").format(gap=gap, row=row['steps'])))
    return Table((tr("call (recorded)"), tr("in the course"), tr("largest relative difference")), rows,
                 title=tr("{RECORDED_CALL_FRAMEWORKS}: recorded from the real library").format(
                     RECORDED_CALL_FRAMEWORKS=RECORDED_CALL_FRAMEWORKS[framework]))


def _course_call(course: Optional[dict]) -> str:
    if course is None:
        return "—"
    if course["schedule"] == "with_warmup":
        inner, kwargs = course["inner"]
        return tr("with_warmup({inner}(T={kwargs}), W={course})").format(
            inner=inner, kwargs=kwargs['total_steps'], course=course['warmup_steps'])
    kwargs = course["kwargs"]
    shown = {"total_steps": "T", "warmup_steps": "W", "lr_min": "lr_min"}
    return f"{course['schedule']}(" + ", ".join(f"{shown[k]}={v}" for k, v in kwargs.items() if k in shown) + ")"


_STYLES = ({"color": "#0072B2"}, {"color": "#D55E00", "linestyle": "--"}, {"color": "#009E73", "linestyle": ":"})


def recorded_figure(names: Sequence[str], labels: Sequence[str], title: str,
                    vline: Optional[float] = None) -> "Figure":
    """Recorded runs as lines (one per name) with the library's values marked every few steps.

    Raises
    ------
    ValueError
        If ``names`` and ``labels`` differ in length, or hold more than three runs.
    """
    if len(names) != len(labels) or not 1 <= len(names) <= len(_STYLES):
        raise InvalidParameterError(f"names and labels must be two lists of 1 to {len(_STYLES)} entries of the same length; "
                         f"got {len(names)} names and {len(labels)} labels.")
    curves = []
    for name, label, style in zip(names, labels, _STYLES):
        run = F.recorded_call(name)
        curves.append(Curve(label, run.steps, run.values, {**style, "marker": "o", "markersize": 4,
                                                           "markevery": max(1, run.steps.size // 25)}))
    figure = plot_curves(curves, title=title, legend_loc="upper right")
    if vline is not None:
        figure.axes[0].axvline(vline, color="0.45", linestyle=":", linewidth=2)
    return figure
