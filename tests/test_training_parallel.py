"""``training/parallel.py``: blocks of runs shared among processes give the numbers one process gives; and
``train_many`` cut in two halves (as it does for a large call) gives the numbers of one call, bit for bit."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.schedules.validation import check_count
from lrdecay_lessons.training import MLP, SGD, AdamW, ScheduleFreeSGD
from lrdecay_lessons.training import many_runs
from lrdecay_lessons.training.many_runs import _run_halves, train_many
from lrdecay_lessons.training.parallel import WORKERS_VARIABLE, run_blocks, worker_count
from lrdecay_lessons.training.teacher_student import teacher_student_digits

PROBLEM = teacher_student_digits()


@pytest.mark.parametrize("text", ["0", "-1", "two", "1.5", "", " 2x"])
def test_a_bad_worker_count_is_refused_naming_the_variable_and_the_value(monkeypatch, text):
    monkeypatch.setenv(WORKERS_VARIABLE, text)
    with pytest.raises(InvalidParameterError) as error:
        worker_count()
    assert f"LRDECAY_WORKERS={text!r}" in str(error.value) and "1 or more" in str(error.value)


def test_the_worker_count_is_the_variable_or_at_most_two_cores(monkeypatch):
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert worker_count() == 3
    monkeypatch.delenv(WORKERS_VARIABLE)
    assert 1 <= worker_count() <= min(2, os.cpu_count())


@pytest.mark.parametrize("workers", ["1", "2"])
def test_blocks_come_back_in_order_and_the_first_is_computed_here(monkeypatch, workers):
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    assert run_blocks(math.factorial, [(n,) for n in range(12)]) == [math.factorial(n) for n in range(12)]
    pids = run_blocks(os.getpid, [()] * 2)
    assert pids[0] == os.getpid()
    # with a worker, the second block is handed to it before this process starts on the first
    assert (pids[1] == os.getpid()) == (workers == "1")
    assert run_blocks(math.factorial, []) == []
    assert run_blocks(os.getpid, [()] * 2, share=False) == [os.getpid()] * 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_costliest_block_is_taken_first_and_the_results_keep_their_order(monkeypatch, workers):
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    assert run_blocks(math.factorial, [(n,) for n in range(6)], cost=[1, 9, 3, 7, 2, 5]) == [
        math.factorial(n) for n in range(6)]
    pids = run_blocks(os.getpid, [()] * 2, cost=[1, 5])
    assert pids[1] == os.getpid()  # the costliest, taken here first
    assert (pids[0] == os.getpid()) == (workers == "1")
    with pytest.raises(InvalidParameterError, match="cost must give one number per block"):
        run_blocks(math.factorial, [(1,), (2,)], cost=[1])


def test_a_block_inside_a_block_runs_in_that_blocks_process(monkeypatch):
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    inner = run_blocks(run_blocks, [(os.getpid, [()] * 3)] * 4)
    assert all(len(set(pids)) == 1 for pids in inner)
    assert inner[0][0] == os.getpid()


@pytest.mark.parametrize("bad", [0, 1], ids=["in this process", "in a worker"])
def test_an_error_in_a_block_reaches_the_caller_with_its_message(monkeypatch, bad):
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    blocks = [("n", 5)] * 2
    blocks[bad] = ("n", -2)  # block 1 is the worker's (see above)
    with pytest.raises(InvalidParameterError, match="n=-2"):
        run_blocks(check_count, blocks)


@pytest.mark.parametrize("seeds, cut", [
    ([0, 1, 2] * 4, 6),          # whole repetitions of the pattern
    ([0, 1, 2] * 3, 6),
    ([7] * 3 + [8] * 3 + [9] * 3, 6),  # whole seeds
    ([4, 5, 6, 7, 8], 3),        # every run its own seed
    ([0, 1, 0, 0], 2),           # no pattern
])
def test_a_large_call_is_cut_between_whole_repetitions_of_its_seeds(seeds, cut):
    assert _run_halves(np.array(seeds)) == [slice(0, cut), slice(cut, len(seeds))]
    assert _run_halves(np.array([3])) == [slice(0, 1)]


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("optimizer, seeds, hidden", [
    (SGD(momentum=0.9), [0, 1, 2] * 7, (16,)),
    (AdamW(weight_decay=0.1), [3] * 5 + [4] * 5, (16, 8)),
    (ScheduleFreeSGD(), [5, 6, 5], (16,)),
], ids=["tiled", "repeated", "no pattern"])
def test_a_call_cut_in_halves_gives_the_numbers_of_one_call_bit_for_bit(monkeypatch, workers, optimizer, seeds, hidden):
    steps = 80
    t = np.arange(steps)
    big = 0.05 if isinstance(optimizer, AdamW) else 0.2
    rates = np.array([big * (k + 1) / len(seeds) * 0.5 * (1 + np.cos(np.pi * t / steps)) for k in range(len(seeds))])
    rates[-1] = 60.0  # one run blows up
    net = MLP(hidden=hidden, dtype="float32")
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    whole = train_many(PROBLEM, net, optimizer, rates, seeds, batch_size=8, evaluations=4)
    monkeypatch.setattr(many_runs, "SPLIT_WORK", 0)
    halves = train_many(PROBLEM, net, optimizer, rates, seeds, batch_size=8, evaluations=4)
    assert whole.failed[-1] and not whole.failed.all()  # one run blew up, others trained
    for name in ("excess", "held_out_excess", "train_loss", "step_loss", "rates", "failed", "failed_at"):
        assert np.array_equal(getattr(whole, name), getattr(halves, name), equal_nan=True), name
    assert halves.trivial_excess == whole.trivial_excess and np.array_equal(halves.eval_steps, whole.eval_steps)
