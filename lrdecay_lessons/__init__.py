"""lrdecay_lessons: the package behind the learning-rate decay course (学习率衰减).

The folders are layers; each may import only the layers below it (checked by the
import-linter contracts in ``pyproject.toml``):

=============  ==============================================================================
authoring      tools for writing the course: slide marks, clean notebook re-runs
exercises      the self-checks, one bank per chapter; the answers are computed, never typed
chapters       what one chapter needs (``chNN_*.py``), plus the chapter list, the schedule
               catalogue and the article's worked examples
training       datasets, models, the trainer, landscapes (computes, never draws)
frameworks     PyTorch / Keras / Hugging Face / optax translations and recorded values
display        projector style, curves, slider panels, tables (knows no schedule)
schedules      the schedules as pure NumPy functions of the step, composition, plateau,
               curve measures, validation (imports only ``errors``)
errors         the one error for a bad parameter, ``InvalidParameterError`` (imports nothing)
=============  ==============================================================================

``training``, ``frameworks`` and ``display`` stand side by side: none imports another.
"""

from . import schedules
from .schedules import (
    REGISTRY,
    Schedule,
    constant,
    cosine_annealing,
    cosine_restarts,
    cyclic,
    exponential_decay,
    inverse_sqrt,
    inverse_time_decay,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    schedule,
    step_decay,
    warmup_cosine,
    wsd,
)

__version__ = "0.1.0"

__all__ = ["schedules", "Schedule", "schedule", "constant", "REGISTRY",
           *(entry.function.__name__ for entry in REGISTRY.values() if entry.name != "constant")]
