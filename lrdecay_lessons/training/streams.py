r"""One random stream per role: every random draw of the training layer comes from here.

A seed alone does not say which random numbers a run gets; the pair (role, seed) does. Each
role has its own child of :class:`numpy.random.SeedSequence`,

.. math:: \text{stream}(r, s) = \texttt{default\_rng}\big(\texttt{SeedSequence}(s,\ \texttt{spawn\_key}=(k_r,))\big),

the same generator ``SeedSequence(s).spawn(...)[k_r]`` would give. Two different pairs give
statistically independent streams, so no student seed can start at the teacher's weights, and
changing the seed of the minibatch order leaves the initial weights as they were. (Drawing the
teacher and student ``k`` both from ``default_rng(k)`` made student 0 *be* the teacher.)

>>> stream("student", 0).standard_normal() == stream("teacher", 0).standard_normal()
False
"""

from __future__ import annotations

import numpy as np

from ..schedules.validation import check_choice, check_seed

__all__ = ["ROLES", "stream"]

#: Every role that draws random numbers, with its spawn key (its position). Append new roles at
#: the end: a role's key must never change, or every stored result that uses it would move.
ROLES: tuple[str, ...] = (
    "teacher",        # the teacher network's weights
    "split",          # which images are held out
    "fixed_labels",   # the one draw of noisy labels kept for the whole run
    "student",        # a student network's initial weights
    "batches",        # minibatch order (which examples, in which order)
    "fresh_labels",   # labels drawn anew each time an image is used
    "data",           # a generated dataset (inputs and noise)
)


def stream(role: str, seed: int) -> np.random.Generator:
    """The generator of ``role`` for ``seed``: independent of every other (role, seed) pair.

    Parameters
    ----------
    role : str
        One of :data:`ROLES`.
    seed : int
        A whole number ``>= 0``.
    """
    check_choice("role", role, ROLES)
    seed = check_seed("seed", seed)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(ROLES.index(role),)))
