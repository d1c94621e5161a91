"""The framework boxes of chapters 07–10, checked: each recorded PyTorch / Hugging Face schedule against
the experiment's own schedule, update by update.

The code of each box is in :mod:`lrdecay_lessons.frameworks.experiment_boxes`; here each name of a
box's ``schedulers`` is paired with the factory the experiment trained with (``make(peak, T)``), and
:func:`box_check` compares the recorded rates with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..display import Callout
from ..experiments import ch08 as exp08_lab, ch09 as exp08, ch10 as exp09, cooldowns
from ..frameworks.experiment_boxes import HF_SUFFIX, box, recorded_box
from ..i18n import tr

__all__ = ["experiment_schedules", "BoxCheck", "box_check"]


def experiment_schedules(key: str) -> dict[str, Callable]:
    """The experiment's schedules that box ``key`` reproduces: name -> ``make(peak, T)``."""
    box(key)
    if key == "ch08-race":
        return {name: exp08_lab.LAB_SCHEDULES[name] for name in ("cosine", "linear to 0")}
    if key == "ch09-warmup":
        return dict(exp08.WARMUP_SCHEDULES)
    if key == "ch10-today":
        return {name: make for name, make in exp09.today_schedules(0.2).items() if name != "constant"}
    return {cooldowns.branch_name(shape, f): cooldowns.cooldown_factory(shape, f)
            for f in cooldowns.FRACTIONS for shape in cooldowns.SHAPES}


@dataclass(frozen=True)
class BoxCheck:
    """Box ``key``'s recorded rates against the experiment's: the worst relative difference of each name."""

    key: str
    steps: int
    versions: dict
    worst: dict  # name in the box -> largest |recorded - course| / recorded over the updates

    def callout(self) -> Callout:
        versions = ", ".join(f"{lib} {v}" for lib, v in self.versions.items() if lib != "python")
        return Callout("ok", [
            tr("Run as shown with {versions}: {n_worst} schedulers × {steps} updates.").format(
                versions=versions, n_worst=len(self.worst), steps=self.steps),
            tr("Largest relative difference from the experiment's schedules: {max:.0e} (worst: {max2}).").format(
                max=max(self.worst.values()), max2=max(self.worst, key=self.worst.get)),
        ])

    def _repr_html_(self) -> str:
        return self.callout()._repr_html_()

    def __repr__(self) -> str:
        return repr(self.callout())


def box_check(key: str) -> BoxCheck:
    """Compare every recorded scheduler of box ``key`` with the experiment's schedule of the same name."""
    recorded = recorded_box(key)
    course = experiment_schedules(key)
    steps, peak = recorded["steps"], recorded["peak"]
    t = np.arange(steps)
    worst = {}
    for name, rates in recorded["rates"].items():
        ours = np.asarray(course[name.removesuffix(HF_SUFFIX)](peak, steps)(t), dtype=float)
        theirs = np.asarray(rates, dtype=float)
        worst[name] = float(np.max(np.abs(theirs - ours) / np.maximum(np.abs(theirs), 1e-300)))
    return BoxCheck(key, steps, recorded["versions"], worst)
