"""The course's experiments, each a function of a :class:`~lrdecay_lessons.training.protocol.SeedPlan`.

A chapter runs an experiment on its own seeds and shows the result; :mod:`.claims` runs the same
function on seeds the chapters never used and says whether each headline verdict still holds.
One module per chapter (``ch01``, ``ch07``, ...), each with a ``CLAIMS`` tuple of
:class:`~lrdecay_lessons.experiments.claims.Claim`.
May import: :mod:`lrdecay_lessons.training` and :mod:`lrdecay_lessons.schedules` (and errors); never
the chapters, exercises or display, and nothing that draws.
"""

from .claims import CHAPTER_PLAN, CHECK_PLAN, Claim, Recheck, all_claims, recheck

__all__ = ["CHAPTER_PLAN", "CHECK_PLAN", "Claim", "Recheck", "all_claims", "recheck"]
