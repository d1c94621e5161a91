r"""The framework box beside each experiment of chapters 07–10: the PyTorch (and, where one exists,
Hugging Face) lines that give the schedules the experiment trained with.

Each :class:`Box` holds copyable code that builds a dict ``schedulers``: a name -> a function of
an optimizer (made with ``lr=peak``) returning the scheduler, to be stepped once per update after
``optimizer.step()``. A name is the experiment's own name for the schedule, with ``" (HF)"``
appended for Hugging Face's version of the same one. ``tests/reference/make_box_values.py`` runs
each box's :attr:`~Box.code` *as it stands* against torch and transformers and records the rate of
every update in ``box_values.json``; the tests check that the recording was made from the text
shown here and that every recorded rate equals the experiment's own schedule
(:mod:`lrdecay_lessons.chapters.boxes` pairs each name with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import InvalidParameterError
from .recorded import load_data

__all__ = ["Box", "BOXES", "box", "recorded_box", "HF_SUFFIX"]

#: Appended to a schedule's name for Hugging Face's version of it.
HF_SUFFIX = " (HF)"
#: The data file of :mod:`~lrdecay_lessons.frameworks.recorded` that holds the recordings.
DATA_FILE = "box_values.json"


@dataclass(frozen=True)
class Box:
    """Framework code beside one experiment: ``code`` defines ``schedulers`` (see the module's docstring)."""

    key: str
    chapter: str
    title: str
    code: str
    peak: float  # the peak the recording used (any peak: every schedule here is proportional to it)


_RACE = '''\
from torch.optim.lr_scheduler import CosineAnnealingLR, PolynomialLR
from transformers import get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup

T = 1000                             # updates, one per minibatch; the optimizer is made with lr=peak
schedulers = {
    "cosine": lambda opt: CosineAnnealingLR(opt, T_max=T),
    "linear to 0": lambda opt: PolynomialLR(opt, total_iters=T, power=1.0),
    "cosine (HF)": lambda opt: get_cosine_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=T),
    "linear to 0 (HF)": lambda opt: get_linear_schedule_with_warmup(opt, num_warmup_steps=0,
                                                                    num_training_steps=T),
}
# each update: loss.backward(); optimizer.step(); scheduler.step(); optimizer.zero_grad()
'''

_WARMUP = '''\
import math
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR
from transformers import get_cosine_schedule_with_warmup

T, W = 1000, 100                     # updates; warm-up updates (the rate starts at 0)
def warmup_cosine(t):                # the factor of the peak at update t
    return t / W if t < W else 0.5 * (1 + math.cos(math.pi * (t - W) / (T - W)))
schedulers = {
    "cosine, no warm-up": lambda opt: CosineAnnealingLR(opt, T_max=T),
    "100 steps of warm-up, then cosine": lambda opt: LambdaLR(opt, warmup_cosine),
    "100 steps of warm-up, then cosine (HF)": lambda opt: get_cosine_schedule_with_warmup(
        opt, num_warmup_steps=W, num_training_steps=T),
}
'''

_TODAY = '''\
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, MultiStepLR, PolynomialLR
from transformers import get_wsd_schedule

T, D = 1000, 200                     # updates; the last 20 % are WSD's cooldown
def wsd(shape):                      # no warm-up, the peak until T - D, then the cooldown's shape
    return lambda opt: get_wsd_schedule(opt, num_warmup_steps=0, num_decay_steps=D, num_training_steps=T,
                                        decay_type=shape)
schedulers = {
    "step ×0.1 at T/2, 3T/4": lambda opt: MultiStepLR(opt, milestones=[T // 2, 3 * T // 4], gamma=0.1),
    "cosine to 0": lambda opt: CosineAnnealingLR(opt, T_max=T),
    "cosine to 10%": lambda opt: CosineAnnealingLR(opt, T_max=T, eta_min=0.1 * opt.defaults["lr"]),
    "linear to 0": lambda opt: PolynomialLR(opt, total_iters=T, power=1.0),
    "WSD, linear cooldown": lambda opt: LambdaLR(opt, lambda t: min(1.0, (T - t) / D)),
    "WSD, linear cooldown (HF)": wsd("linear"),
    "WSD, 1-sqrt cooldown (HF)": wsd("1-sqrt"),
    "WSD, cosine cooldown (HF)": wsd("cosine"),
}
'''

_COOLDOWNS = '''\
import math
from torch.optim.lr_scheduler import LambdaLR

T = 1000                             # updates; one constant run, cooled down over its last D
def cooldown(shape, D):              # the factor of the peak at update t
    def factor(t):
        p = max(0.0, t - (T - D)) / D    # progress through the cooldown: 0 until T - D
        return {"linear": 1 - p, "1-sqrt": 1 - math.sqrt(p), "cosine": 0.5 * (1 + math.cos(math.pi * p)),
                "exponential": 0.5 ** (5 * p)}[shape]   # exponential: halves 5 times, MiniCPM-style
    return factor
schedulers = {f"{shape}, {share} %": lambda opt, shape=shape, D=T * share // 100: LambdaLR(opt, cooldown(shape, D))
              for share in (10, 20, 40) for shape in ("linear", "1-sqrt", "cosine", "exponential")}
'''

_LIST = [
    Box("ch08-race", "08", "The race's schedules in PyTorch and Hugging Face", _RACE, 0.05),
    Box("ch09-warmup", "09", "Cosine with and without the warm-up, in PyTorch and Hugging Face", _WARMUP, 0.05),
    Box("ch10-today", "10", "Today's schedules in PyTorch and Hugging Face", _TODAY, 0.4),
    Box("ch10-cooldowns", "10", "The cooldown study's branches in PyTorch", _COOLDOWNS, 0.4),
]

#: The boxes, by key.
BOXES: dict[str, Box] = {b.key: b for b in _LIST}


def box(key: str) -> Box:
    """The box ``key`` of :data:`BOXES`; an unknown key names the known ones."""
    if key not in BOXES:
        raise InvalidParameterError(f"key must be one of {', '.join(BOXES)}; got key={key!r}.")
    return BOXES[key]


@lru_cache(maxsize=1)
def _recorded() -> dict:
    return load_data(DATA_FILE)


def recorded_box(key: str) -> dict:
    """What ``tests/reference/make_box_values.py`` recorded for box ``key``: ``code`` (the text run),
    ``peak``, ``steps``, ``versions`` and ``rates`` (name -> the rate of every update); a fresh copy."""
    box(key)
    data = _recorded()
    return {**data["boxes"][key], "rates": dict(data["boxes"][key]["rates"]), "versions": dict(data["generated_with"])}
