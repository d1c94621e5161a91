"""Independent blocks of runs on the machine's free cores: the same numbers, sooner.

:func:`run_blocks` computes ``function(*arguments)`` for each block and returns the results in order. With
one worker it calls them one after the other in this process; with more, this process and the worker
processes each take the next block nobody has taken: the costliest first when the caller gives each block's
cost, so that the processes finish close together. Every block is computed by the same code whichever
process computes it (the course's training functions run BLAS on one thread), so the results do not depend
on the number of workers (a test compares them bit for bit). How the work is cut into blocks is the
caller's choice and never depends on the machine.

The workers are :mod:`loky` processes (through joblib, which scikit-learn already brings): started fresh,
never forked from the kernel, reused from one call to the next and stopped after
:data:`IDLE_SECONDS` without work. How many processes compute (this one included) is
:func:`worker_count`: the environment variable ``LRDECAY_WORKERS`` if set, else at most
:data:`MAX_WORKERS` and never more than the cores this process may use (joblib's ``cpu_count`` reads the
processor affinity and a container's CPU quota). A shared classroom machine sets ``LRDECAY_WORKERS=1``
(``deploy/``): its cores are already busy with other students.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator, Sequence

from ..errors import InvalidParameterError

__all__ = ["MAX_WORKERS", "IDLE_SECONDS", "WORKERS_VARIABLE", "worker_count", "run_blocks"]

#: The most processes one call computes on: the course's machine has 2 cores.
MAX_WORKERS = 2
#: A worker with nothing to do for this long stops (a chapter's sweeps are seconds apart).
IDLE_SECONDS = 120
#: The environment variable that sets the number of processes (1: this process only).
WORKERS_VARIABLE = "LRDECAY_WORKERS"

# True while this process computes a block of run_blocks: a block never starts blocks of its own.
_inside_block: ContextVar[bool] = ContextVar("inside_block", default=False)


def worker_count() -> int:
    """How many processes :func:`run_blocks` computes on, this one included (at least 1)."""
    text = os.environ.get(WORKERS_VARIABLE)
    if text is not None:
        try:
            count = int(text)
        except ValueError:
            count = 0
        if count < 1 or str(count) != text.strip():
            raise InvalidParameterError(f"{WORKERS_VARIABLE} must be a whole number of processes, 1 or more "
                                        f"(1: no worker processes); got {WORKERS_VARIABLE}={text!r}.")
        return count
    from joblib import cpu_count  # only here: importing the training package stays cheap

    return max(1, min(MAX_WORKERS, cpu_count()))


@contextmanager
def _as_block() -> Iterator[None]:
    token = _inside_block.set(True)
    try:
        yield
    finally:
        _inside_block.reset(token)


def _compute(function: Callable[..., Any], arguments: tuple) -> Any:
    with _as_block():
        return function(*arguments)


def run_blocks(function: Callable[..., Any], blocks: Sequence[tuple], share: bool = True,
               cost: Sequence[float] | None = None) -> list:
    """``[function(*arguments) for arguments in blocks]``, the blocks shared among :func:`worker_count` processes.

    ``function`` must be importable (a module's top-level function) and its arguments and results
    picklable (functions among them are pickled by value, as joblib does). ``cost`` (one number per block, any
    unit) makes the processes take the costliest blocks first; the results keep the list's order either way.
    The first block taken (the list's first, or the costliest) is always computed by this process, so what it
    remembers (an ``lru_cache``) stays here. Blocks started inside a block run in that block's process, one
    after the other. ``share=False`` computes every block here: for work shorter than a worker's start (about
    half a second), which only the caller can judge.
    """
    blocks = list(blocks)
    if cost is not None and len(cost) != len(blocks):
        raise InvalidParameterError(f"cost must give one number per block ({len(blocks)}); got {len(cost)}.")
    order = list(range(len(blocks))) if cost is None else sorted(range(len(blocks)), key=lambda i: -cost[i])
    workers = 1 if _inside_block.get() or not share or len(blocks) < 2 else min(worker_count(), len(blocks))
    if workers <= 1:
        done = {index: _compute(function, blocks[index]) for index in order}
        return [done[index] for index in range(len(blocks))]
    from joblib.externals.loky import get_reusable_executor

    executor = get_reusable_executor(max_workers=workers - 1, timeout=IDLE_SECONDS)
    lock = threading.Lock()
    untaken = [0]  # how many blocks of ``order`` have been taken
    given: dict[int, Future] = {}  # block -> its future, for the blocks handed to a worker
    refused: list[int] = []  # blocks the executor would not take: this process computes them

    def take() -> int | None:
        """The next block nobody has taken (``None`` when there is none); under ``lock``."""
        if untaken[0] == len(blocks):
            return None
        untaken[0] += 1
        return order[untaken[0] - 1]

    def hand_over(_: Future | None = None) -> None:
        """Give the next block to a worker (when one starts, and each time it finishes one)."""
        with lock:
            index = take()
            if index is None:
                return
            try:
                future = executor.submit(_compute, function, blocks[index])
            except Exception:
                refused.append(index)
                return
            given[index] = future
        future.add_done_callback(hand_over)

    results: dict[int, Any] = {}
    try:
        with lock:
            index = take()  # this process starts at once; a worker may need a moment to start
        for _ in range(workers - 1):
            hand_over()
        while index is not None:
            results[index] = _compute(function, blocks[index])
            with lock:
                index = take()
        with lock:
            handed, left = dict(given), list(refused)
        for index in left:
            results[index] = _compute(function, blocks[index])
        for index, future in handed.items():
            results[index] = future.result()
    except BaseException:
        with lock:
            untaken[0] = len(blocks)  # nothing more is handed over
            handed = dict(given)
        for future in handed.values():  # outside the lock: cancelling calls hand_over
            future.cancel()
        raise
    return [results[index] for index in range(len(blocks))]
