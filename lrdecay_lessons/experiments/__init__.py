"""The course's experiments, each a function of a :class:`~lrdecay_lessons.training.protocol.SeedPlan`.

Job: run what a chapter's verdicts rest on, as functions of the seeds, and keep each headline
verdict as a claim. May import: training, frameworks, schedules (never display: computes, never draws).

A chapter runs an experiment on its own seeds and shows the result; :mod:`.claims` runs the same
function on seeds the chapters never used and says whether each headline verdict still holds.
One module per chapter (``ch01``, ``ch07``, ...) or per theme (``schedules_on_sgd``, chapters 02-06),
each with a ``CLAIMS`` tuple of :class:`~lrdecay_lessons.experiments.claims.Claim`.
May import: training, frameworks, schedules and errors (the layers below); never display.
"""

from .claims import CHAPTER_PLAN, CHECK_PLAN, Claim, Recheck, all_claims, recheck

__all__ = ["CHAPTER_PLAN", "CHECK_PLAN", "Claim", "Recheck", "all_claims", "recheck"]
