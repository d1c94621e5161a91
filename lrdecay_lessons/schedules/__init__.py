r"""Learning-rate schedules as pure, vectorised functions of the step: the bottom layer.

Job: the closed-form schedules, their composition (warm-up, joins), reduce-on-plateau,
the multiplicative algebra of decay factors, measures of a schedule's curve and the
parameter validation the whole package shares. May import: NumPy, and of ours only :mod:`lrdecay_lessons.errors`.

Every schedule here is a closed formula of the step ``t`` (like optax's schedules):
no hidden state, no ``scheduler.step()``. :data:`REGISTRY` lists them all by name; a
:class:`Schedule` value (``schedule("cosine_annealing", lr0=0.1, total_steps=1000)``,
``constant(0.1)``) is one of them with its parameters, for training runs, sweeps and tables. Pass ``t`` as a Python number to get a
Python ``float`` back, or as a NumPy array to get an array of the same shape::

    >>> step_decay(150, lr0=0.1, gamma=0.5, step_size=100)
    0.05
    >>> step_decay(np.array([50, 150, 250]), lr0=0.1, gamma=0.5, step_size=100)
    array([0.1  , 0.05 , 0.025])

Conventions shared by all schedules
-----------------------------------
* ``t`` counts steps from 0: ``t = 0`` is the first update, as ``last_epoch`` in
  PyTorch and ``step`` in Keras and Hugging Face.
* A schedule with a horizon (``total_steps``) *holds its final value* for
  ``t >= total_steps``, as Keras does; PyTorch's ``CosineAnnealingLR`` and Hugging
  Face's cosine schedule instead start rising again there (see the frameworks chapter).
  Exponential, inverse-time, inverse-square-root and step decay have no end and keep
  decaying; ``cyclic`` keeps cycling.
* Bad parameters raise :class:`InvalidParameterError` (a ``ValueError`` and a ``TypeError``)
  naming the parameter, the value and what is allowed. No schedule ever returns NaN.

Modules: :mod:`.registry` (every schedule by name), :mod:`.schedule` (the value),
:mod:`.constant`, :mod:`.step`, :mod:`.exponential`, :mod:`.polynomial`, :mod:`.cosine`,
:mod:`.cyclical`, :mod:`.warmup_stable_decay`, :mod:`.inverse_root` (the schedules);
:mod:`.composition`, :mod:`.clocks` (a schedule stepped per epoch, or restarted), :mod:`.plateau`;
:mod:`.recipes` (published training recipes in the course's terms); :mod:`.inspection` (a
checklist computed from a curve before training);
:mod:`.multiplicative` (per-step factors, implied γ); :mod:`.measures` (what a curve
does: mean rate, largest drop, ...); :mod:`.validation`.
"""

import numpy as np  # noqa: F401  (used by the examples above)

from ._common import LearningRate
from .clocks import epoch_stepped, restarted_clock
from .constant import constant_rate
from .composition import JoinedSchedule, LinearWarmup, join_schedules, linear_warmup, with_warmup
from .cosine import cosine_annealing, cosine_restarts, warmup_cosine
from .cyclical import cyclic, one_cycle
from .exponential import exponential_decay, inverse_time_decay
from .inspection import ScheduleCheck, inspect_schedule
from .inverse_root import inverse_sqrt, inverse_sqrt_peak, inverse_sqrt_warmup
from .plateau import PlateauStep, ReduceLROnPlateau, plateau_schedule, plateau_trace
from .polynomial import polynomial_decay
from .step import multistep_decay, step_decay
from .registry import REGISTRY, ScheduleEntry
from .schedule import Schedule, constant, schedule
from .validation import InvalidParameterError
from .warmup_stable_decay import wsd

__all__ = [
    "Schedule",
    "schedule",
    "constant",
    "REGISTRY",
    "ScheduleEntry",
    "InvalidParameterError",
    "constant_rate",
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "polynomial_decay",
    "cosine_annealing",
    "cosine_restarts",
    "one_cycle",
    "inverse_time_decay",
    "warmup_cosine",
    "wsd",
    "inverse_sqrt",
    "cyclic",
    "inverse_sqrt_warmup",
    "inverse_sqrt_peak",
    "linear_warmup",
    "join_schedules",
    "with_warmup",
    "JoinedSchedule",
    "LinearWarmup",
    "epoch_stepped",
    "restarted_clock",
    "inspect_schedule",
    "ScheduleCheck",
    "ReduceLROnPlateau",
    "plateau_schedule",
    "plateau_trace",
    "PlateauStep",
    "LearningRate",
]
