r"""Chapter 12's cheat sheet: short, copyable snippets, each with the course call that gives the same rates.

:data:`SNIPPETS` maps a key to a :class:`Snippet`. ``tests/reference/make_pitfall_values.py``
runs each snippet's :attr:`~Snippet.code` *as it stands* against the real library (with a tiny
model and a loader of the sizes in :attr:`~Snippet.setting`) and records the rate of every
update in ``pitfall_values.json``; the tests check that the recording was made from the text
shown here and that :meth:`Snippet.course_rates` gives the recorded rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .. import schedules as _schedules
from ..errors import InvalidParameterError
from ..i18n import Text

__all__ = ["Snippet", "SNIPPETS", "snippet"]


@dataclass(frozen=True)
class Snippet:
    """A copyable piece of training code and the course schedule it follows.

    ``setting`` holds the names the code expects from the surrounding script (``epochs``,
    ``accum``, the loader's length as ``batches``); ``course(setting)`` returns the course
    schedule (a function of ``t``) with the same rates, and ``updates(setting)`` the number of
    optimizer updates the code makes. ``title`` and ``notes`` are :class:`~lrdecay_lessons.i18n.Text`,
    translated when shown (``str(snippet.title)``); the code stays as it runs.
    """

    key: str
    framework: str
    title: Text
    code: str
    setting: Mapping[str, Any]
    course: Callable[[Mapping[str, Any]], Callable]
    updates: Callable[[Mapping[str, Any]], int]
    course_call: str
    notes: str | Text = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def course_rates(self) -> np.ndarray:
        """The course's rate at every update the snippet makes, ``t = 0 … updates - 1``."""
        n = self.updates(self.setting)
        return np.asarray(self.course(self.setting)(np.arange(n, dtype=float)), dtype=float)


def _n_batches(s: Mapping[str, Any]) -> int:
    return s["epochs"] * s["batches"]


def _n_accumulated(s: Mapping[str, Any]) -> int:
    return s["epochs"] * -(-s["batches"] // s["accum"])


def _warmup_then_cosine(s: Mapping[str, Any]) -> Callable:
    n = _n_batches(s)
    w = n // 20
    return _schedules.with_warmup(_schedules.schedule("cosine_annealing", lr0=3e-4, total_steps=n - w), w,
                                  start_factor=1e-3)


def _warmup_cosine(n: int, w: int) -> Callable:
    return _schedules.schedule("warmup_cosine", lr0=3e-4, total_steps=n, warmup_steps=w)


_PYTORCH = '''\
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

N = epochs * len(loader)            # updates: one per batch here
W = N // 20                         # a 5 % warm-up
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
scheduler = SequentialLR(optimizer, milestones=[W], schedulers=[
    LinearLR(optimizer, start_factor=1e-3, total_iters=W),
    CosineAnnealingLR(optimizer, T_max=N - W)])   # the cosine starts after the warm-up
for epoch in range(epochs):
    for batch in loader:
        compute_loss(model, batch).backward()
        optimizer.step()
        scheduler.step()            # after optimizer.step(), once per update
        optimizer.zero_grad()
'''

_HUGGINGFACE = '''\
import math
from transformers import get_cosine_schedule_with_warmup

N = epochs * math.ceil(len(loader) / accum)   # optimizer updates, not batches
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=N // 10, num_training_steps=N)
for epoch in range(epochs):
    for i, batch in enumerate(loader):
        (compute_loss(model, batch) / accum).backward()
        if (i + 1) % accum == 0 or i + 1 == len(loader):
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
'''

_KERAS = '''\
N = epochs * steps_per_epoch        # updates (no gradient_accumulation_steps: see below)
W = N // 20
schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=0.0, warmup_target=3e-4, warmup_steps=W,
    decay_steps=N - W)              # Keras: decay_steps comes after the warm-up
optimizer = keras.optimizers.AdamW(learning_rate=schedule)
'''

_OPTAX = '''\
N = epochs * steps_per_epoch        # updates
schedule = optax.warmup_cosine_decay_schedule(
    init_value=0.0, peak_value=3e-4, warmup_steps=N // 20,
    decay_steps=N)                  # optax: decay_steps includes the warm-up
optimizer = optax.adamw(learning_rate=schedule)
'''

_LIGHTNING = '''\
def configure_optimizers(self):
    optimizer = torch.optim.AdamW(self.parameters(), lr=3e-4)
    N = self.trainer.estimated_stepping_batches   # updates, after accumulation
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=N // 10, num_training_steps=N)
    return {"optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}   # default: "epoch"
'''

_RESUME = '''\
# at the checkpoint
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict()}, path)
# when resuming: build model, optimizer and scheduler exactly as before, then load all three
state = torch.load(path)
model.load_state_dict(state["model"])
optimizer.load_state_dict(state["optimizer"])
scheduler.load_state_dict(state["scheduler"])   # after the optimizer's state
'''

_SNIPPET_LIST = [
    Snippet("pytorch", "pytorch", Text("PyTorch: warm-up + cosine, stepped per update"), _PYTORCH,
            {"epochs": 3, "batches": 40}, _warmup_then_cosine, _n_batches,
            "with_warmup(cosine_annealing(lr0=3e-4, total_steps=N - W), W, start_factor=1e-3)"),
    Snippet("huggingface", "huggingface", Text("Hugging Face: the right N under gradient accumulation"), _HUGGINGFACE,
            {"epochs": 3, "batches": 42, "accum": 4},
            lambda s: _warmup_cosine(_n_accumulated(s), _n_accumulated(s) // 10), _n_accumulated,
            "warmup_cosine(lr0=3e-4, total_steps=N, warmup_steps=N // 10)",
            notes=Text("The Trainer counts N itself (F.hf_trainer_max_steps) from TrainingArguments(lr_scheduler_type="
                       "'cosine', gradient_accumulation_steps=accum, warmup_steps=...); from transformers 5.0 on, "
                       "warmup_steps below 1 is a fraction of N, rounded up.")),
    Snippet("keras", "keras", Text("Keras: warm-up + cosine"), _KERAS,
            {"epochs": 3, "batches": 40}, lambda s: _warmup_cosine(_n_batches(s), _n_batches(s) // 20), _n_batches,
            "warmup_cosine(lr0=3e-4, total_steps=N, warmup_steps=N // 20)"),
    Snippet("optax", "optax", Text("optax: warm-up + cosine"), _OPTAX,
            {"epochs": 3, "batches": 40}, lambda s: _warmup_cosine(_n_batches(s), _n_batches(s) // 20), _n_batches,
            "warmup_cosine(lr0=3e-4, total_steps=N, warmup_steps=N // 20)"),
    Snippet("lightning", "pytorch", Text("Lightning: step the scheduler per update"), _LIGHTNING,
            {"epochs": 3, "batches": 40, "accum": 2},
            lambda s: _warmup_cosine(_n_accumulated(s), _n_accumulated(s) // 10), _n_accumulated,
            "warmup_cosine(lr0=3e-4, total_steps=N, warmup_steps=N // 10)",
            notes=Text("Recorded with Trainer(max_epochs=3, accumulate_grad_batches=2) on 40 batches per epoch.")),
    Snippet("resume", "pytorch", Text("Resuming: save and load the scheduler's state"), _RESUME,
            {"epochs": 3, "batches": 40, "stop_after": 50}, _warmup_then_cosine, _n_batches,
            "with_warmup(cosine_annealing(lr0=3e-4, total_steps=N - W), W, start_factor=1e-3)",
            notes=Text("Recorded with the PyTorch snippet stopped after 50 updates, saved, rebuilt, loaded and "
                       "run to the end.")),
]

#: The snippets of the cheat sheet, by key.
SNIPPETS: dict[str, Snippet] = {s.key: s for s in _SNIPPET_LIST}


def snippet(key: str) -> Snippet:
    """The snippet ``key`` of :data:`SNIPPETS`.

    Raises
    ------
    InvalidParameterError
        If ``key`` is not a snippet.
    """
    if key not in SNIPPETS:
        raise InvalidParameterError(f"key must be one of {', '.join(SNIPPETS)}; got key={key!r}.")
    return SNIPPETS[key]
