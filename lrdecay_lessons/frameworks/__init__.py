"""From this course to your framework (框架对照): PyTorch, Keras, Hugging Face and optax.

Job: how each course schedule is written in each framework (:data:`TRANSLATIONS`, one
:class:`Translation` per pair), the traps of each (:data:`TRAPS`), the frameworks' own
formulas as NumPy functions (:mod:`.pytorch`, :mod:`.keras`, :mod:`.huggingface`,
:mod:`.optax`), and the rates recorded from the real libraries with their readers
(:mod:`.recorded`, package data in ``data/``). It computes and never draws.
May import: :mod:`lrdecay_lessons.schedules` and NumPy; never the frameworks themselves.
"""

from ._common import (
    COURSE_SCHEDULES,
    FRAMEWORKS,
    STEPPING,
)
from .huggingface import (
    hf_cosine_schedule_with_warmup,
    hf_cosine_with_hard_restarts_schedule_with_warmup,
    hf_cosine_with_min_lr_schedule_with_warmup,
    hf_cosine_with_min_lr_schedule_with_warmup_lr_rate,
    hf_polynomial_decay_schedule_with_warmup,
)
from .keras import (
    keras_cosine_decay,
    keras_cosine_decay_restarts,
    keras_exponential_decay,
    keras_inverse_time_decay,
    keras_piecewise_constant_decay,
    keras_polynomial_decay,
    keras_reduce_lr_on_plateau,
)
from .optax import (
    optax_cosine_decay_schedule,
    optax_cosine_onecycle_schedule,
    optax_exponential_decay,
    optax_join_schedules,
    optax_linear_schedule,
    optax_piecewise_constant_schedule,
    optax_polynomial_schedule,
    optax_reduce_on_plateau,
    optax_sgdr_schedule,
    optax_warmup_cosine_decay_schedule,
)
from .pytorch import (
    torch_cosine_annealing_lr,
    torch_cosine_annealing_warm_restarts,
    torch_exponential_lr,
    torch_linear_lr,
    torch_multistep_lr,
    torch_one_cycle_lr,
    torch_polynomial_lr,
    torch_reduce_lr_on_plateau,
    torch_sequential_lr,
    torch_step_lr,
)
from .recorded import (
    DATA_FILES,
    PACKAGES,
    RecordedCase,
    RecordedRun,
    load_data,
    recorded_case,
    recorded_cases,
    recorded_run,
    recorded_sequential,
    version_of,
)
from .table import NO_COUNTERPART, TABLE_COLUMNS, framework_records
from .translations import (
    EXAMPLE_TOTAL_STEPS,
    EXAMPLES,
    TRANSLATIONS,
    ParameterRule,
    Translation,
    course_function,
    translation,
    translations_for,
)
from .traps import (
    TRAPS,
    Trap,
)

__all__ = [
    "FRAMEWORKS",
    "COURSE_SCHEDULES",
    "STEPPING",
    "EXAMPLES",
    "EXAMPLE_TOTAL_STEPS",
    "ParameterRule",
    "Translation",
    "TRANSLATIONS",
    "translation",
    "translations_for",
    "course_function",
    "TABLE_COLUMNS",
    "framework_records",
    "NO_COUNTERPART",
    "Trap",
    "TRAPS",
    "DATA_FILES",
    "PACKAGES",
    "load_data",
    "RecordedCase",
    "recorded_cases",
    "recorded_case",
    "version_of",
    "RecordedRun",
    "recorded_run",
    "recorded_sequential",
    "torch_step_lr",
    "torch_multistep_lr",
    "torch_exponential_lr",
    "torch_polynomial_lr",
    "torch_linear_lr",
    "torch_cosine_annealing_lr",
    "torch_cosine_annealing_warm_restarts",
    "torch_one_cycle_lr",
    "torch_sequential_lr",
    "torch_reduce_lr_on_plateau",
    "keras_exponential_decay",
    "keras_piecewise_constant_decay",
    "keras_polynomial_decay",
    "keras_cosine_decay",
    "keras_cosine_decay_restarts",
    "keras_inverse_time_decay",
    "keras_reduce_lr_on_plateau",
    "hf_polynomial_decay_schedule_with_warmup",
    "hf_cosine_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup",
    "hf_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "hf_cosine_with_hard_restarts_schedule_with_warmup",
    "optax_exponential_decay",
    "optax_piecewise_constant_schedule",
    "optax_polynomial_schedule",
    "optax_linear_schedule",
    "optax_cosine_decay_schedule",
    "optax_join_schedules",
    "optax_warmup_cosine_decay_schedule",
    "optax_sgdr_schedule",
    "optax_cosine_onecycle_schedule",
    "optax_reduce_on_plateau",
]
