"""The course's experiments, each a function of a :class:`~lrdecay_lessons.training.protocol.SeedPlan`.

A chapter runs an experiment on its own seeds and shows the result; :mod:`.claims` runs the same
function on seeds the chapters never used and says whether each headline verdict still holds.
One module per chapter (``ch01``, ``ch07``, ...), each with a ``CLAIMS`` tuple of
:class:`~lrdecay_lessons.experiments.claims.Claim`.
May import: :mod:`lrdecay_lessons.training`, :mod:`lrdecay_lessons.schedules`, :mod:`lrdecay_lessons.errors` and
NumPy; it computes and never draws (the chapters show what it returns).
"""

from .claims import CHAPTER_PLAN, CHECK_PLAN, Claim, Recheck, all_claims, recheck

__all__ = ["CHAPTER_PLAN", "CHECK_PLAN", "Claim", "Recheck", "all_claims", "recheck"]
