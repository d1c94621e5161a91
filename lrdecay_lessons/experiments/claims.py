"""Every headline verdict of the course, re-checkable on other seeds (``make claims``).

A *claim* is a sentence of a chapter that says A beats B, that A and B cannot be separated, or that
X raises Y. Each is computed by a named function of a :class:`~lrdecay_lessons.training.protocol.SeedPlan`
that returns the verdict as a short string; the chapter shows that function's result on
:data:`CHAPTER_PLAN`, and :func:`recheck` runs it again on other seeds (CI: :data:`CHECK_PLAN`)
and reports, claim by claim, the chapter's verdict, the fresh one and whether it held.

Run ``python -m lrdecay_lessons.experiments --tuning 100 101 102 --evaluation 110 111 112 113 114``
(or ``make claims``); it exits with status 1 when a verdict changed.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from ..errors import InvalidParameterError
from ..training.protocol import SeedPlan

__all__ = ["CHAPTER_PLAN", "CHECK_PLAN", "Claim", "Recheck", "all_claims", "recheck", "main"]

#: The seeds the chapters use: peaks tuned on 0-2, results reported on 10-14.
CHAPTER_PLAN = SeedPlan(tuning=(0, 1, 2), evaluation=(10, 11, 12, 13, 14))
#: The second seed set CI re-checks every claim on: never used by a chapter.
CHECK_PLAN = SeedPlan(tuning=(100, 101, 102), evaluation=(110, 111, 112, 113, 114))


@dataclass(frozen=True)
class Claim:
    """A headline verdict of a chapter and the function that draws it.

    Attributes
    ----------
    id : str
        Unique, e.g. ``"ch10-linear-vs-cosine"``.
    chapter : str
        The notebook's number, e.g. ``"09"``.
    statement : str
        What the chapter says, in its words.
    verdict : str
        The verdict the chapter states (what ``check(CHAPTER_PLAN)`` returns).
    check : callable
        ``check(plan) -> str``: the verdict drawn on ``plan``'s seeds.
    """

    id: str
    chapter: str
    statement: str
    verdict: str
    check: Callable[[SeedPlan], str]


@dataclass(frozen=True)
class Recheck:
    """One claim re-drawn on other seeds."""

    claim: Claim
    fresh: str
    seconds: float

    @property
    def held(self) -> bool:
        return self.fresh == self.claim.verdict


def all_claims() -> dict[str, Claim]:
    """Every claim of every experiment module of this package, by id (the one registry of claims)."""
    package = importlib.import_module(__package__)
    found: dict[str, Claim] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module_info.name == "claims":
            continue
        module = importlib.import_module(f"{__package__}.{module_info.name}")
        for claim in getattr(module, "CLAIMS", ()):
            if claim.id in found:
                raise InvalidParameterError(f"claim ids must be unique; {claim.id!r} is defined twice.")
            found[claim.id] = claim
    return found


def recheck(plan: SeedPlan, ids: Optional[Sequence[str]] = None) -> list[Recheck]:
    """Draw each claim (all, or those in ``ids``) again on ``plan``'s seeds."""
    registry = all_claims()
    chosen = list(registry) if ids is None else list(ids)
    unknown = [i for i in chosen if i not in registry]
    if unknown:
        raise InvalidParameterError(f"ids must be claims of the course {sorted(registry)}; got unknown {unknown}.")
    out = []
    for claim_id in chosen:
        start = time.perf_counter()
        fresh = registry[claim_id].check(plan)
        out.append(Recheck(registry[claim_id], fresh, time.perf_counter() - start))
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lrdecay_lessons.experiments",
                                     description="Re-check every headline verdict of the course on other seeds.")
    parser.add_argument("--tuning", type=int, nargs="+", default=list(CHECK_PLAN.tuning),
                        help="seeds that choose the peaks (default: %(default)s)")
    parser.add_argument("--evaluation", type=int, nargs="+", default=list(CHECK_PLAN.evaluation),
                        help="at least 5 other seeds that report the comparison (default: %(default)s)")
    parser.add_argument("ids", nargs="*", help="only these claims (default: all)")
    args = parser.parse_args(argv)
    try:
        plan = SeedPlan(tuning=tuple(args.tuning), evaluation=tuple(args.evaluation))
        results = recheck(plan, args.ids or None)
    except InvalidParameterError as error:
        print(f"claims: {error}", file=sys.stderr)
        return 2
    print(f"Re-checking {len(results)} claims on tuning seeds {plan.tuning}, evaluation seeds {plan.evaluation}")
    for r in results:
        mark = "held" if r.held else "CHANGED"
        print(f"[{mark:7}] {r.claim.id} (chapter {r.claim.chapter}, {r.seconds:.1f} s): "
              f"chapter says {r.claim.verdict!r}; these seeds say {r.fresh!r}\n          {r.claim.statement}")
    changed = [r.claim.id for r in results if not r.held]
    print(f"{len(results) - len(changed)} of {len(results)} claims held; {sum(r.seconds for r in results):.1f} s"
          + (f"; changed: {', '.join(changed)}" if changed else ""))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
