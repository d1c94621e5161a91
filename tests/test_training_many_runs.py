"""``training/many_runs.py``, many runs at once: the numbers of single runs, failures named, the tuned sweep
(the teacher-student problem itself: test_training_teacher_student.py)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.training import MLP, SGD, AdamW, ScheduleFreeSGD, evaluation_point
from lrdecay_lessons.training.many_runs import MAX_WORK, network_work, train_many, tuned_sweep
from lrdecay_lessons.training.teacher_student import teacher_student_digits

PROBLEM = teacher_student_digits()
NET = MLP(hidden=(16,))


def _single_run(optimizer, rates, seed, batch_size=32):
    """The loop train_many stacks, written out for one run."""
    children = np.random.SeedSequence(seed).spawn(6)  # the roles' order: streams.ROLES
    batches, fresh_labels = np.random.default_rng(children[4]), np.random.default_rng(children[5])
    steps = len(rates)
    indices = batches.integers(0, len(PROBLEM.X_train), size=(steps, batch_size))
    labels = PROBLEM.sample_labels(indices, fresh_labels.random(size=(steps, batch_size)))
    params = NET.init(64, 10, seed)
    state = optimizer.init(params)
    for t in range(steps):
        _, grads = NET.loss_and_gradient(params, PROBLEM.X_train[indices[t]], labels[t])
        params, state = optimizer.step(params, grads, state, rates[t])
    logits = NET.forward(evaluation_point(optimizer, params, state), PROBLEM.X_train)[0]
    return PROBLEM.excess_loss(logits, "training")


@pytest.mark.parametrize("optimizer", [SGD(momentum=0.9), AdamW(), ScheduleFreeSGD()], ids=lambda o: type(o).__name__)
def test_stacked_runs_equal_single_runs(optimizer):
    steps = 60
    t = np.arange(steps)
    peak = 0.003 if isinstance(optimizer, AdamW) else 0.05
    rates = np.array([schedules.cosine_annealing(t, lr0=peak, total_steps=steps),
                      np.full(steps, peak), schedules.cosine_annealing(t, lr0=peak / 3, total_steps=steps)])
    seeds = [4, 4, 9]  # two runs share a minibatch order
    runs = train_many(PROBLEM, NET, optimizer, rates, seeds, evaluations=3)
    assert list(runs.eval_steps) == [20, 40, 60]
    for k in range(3):
        assert runs.excess[k, -1] == pytest.approx(_single_run(optimizer, rates[k], seeds[k]), rel=1e-12)


@pytest.mark.parametrize("seeds", [[4, 9, 4, 9], [4, 4, 9, 9], [4, 4, 9, 4]],
                         ids=["seeds repeat in turn", "seeds in blocks", "no pattern"])
def test_runs_sharing_their_seeds_batches_equal_single_runs(seeds):
    """The first two orders broadcast each seed's images over its runs, the third copies them per run."""
    steps = 40
    t = np.arange(steps)
    rates = np.array([schedules.cosine_annealing(t, lr0=peak, total_steps=steps) for peak in (0.02, 0.05, 0.1, 0.2)])
    runs = train_many(PROBLEM, MLP(hidden=(16, 8)), SGD(momentum=0.9), rates, seeds, evaluations=2)
    for k in range(len(seeds)):
        single = train_many(PROBLEM, MLP(hidden=(16, 8)), SGD(momentum=0.9), rates[k:k + 1], [seeds[k]], evaluations=2)
        np.testing.assert_allclose(runs.excess[k], single.excess[0], rtol=1e-12)
        np.testing.assert_allclose(runs.step_loss[k], single.step_loss[0], rtol=1e-12)


def test_outputs_by_row_are_the_outputs_transposed_and_measure_the_same_excess():
    net = MLP(hidden=(16, 8))
    params = net.init(64, 10, seed=2, runs=3)
    by_row = net.outputs_by_row(params, PROBLEM.X_test)
    outputs = net.forward(params, PROBLEM.X_test)[0]
    np.testing.assert_allclose(by_row, np.swapaxes(outputs, -1, -2), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(PROBLEM.excess_loss(by_row, class_axis=-2), PROBLEM.excess_loss(outputs), rtol=1e-12)
    # the formula without log q against the definition, KL(p* || q) averaged over the images
    log_p = np.log(np.exp(PROBLEM.teacher_logits_test) / np.exp(PROBLEM.teacher_logits_test).sum(1, keepdims=True))
    log_q = outputs - np.log(np.exp(outputs).sum(-1, keepdims=True))
    expected = (np.exp(log_p) * (log_p - log_q)).sum(-1).mean(-1)
    np.testing.assert_allclose(PROBLEM.excess_loss(outputs), expected, rtol=1e-12)
    with pytest.raises(ValueError, match=r"class_axis must be -1 .* got class_axis=0"):
        PROBLEM.excess_loss(outputs, class_axis=0)


def test_a_run_that_blows_up_or_learns_nothing_has_failed():
    steps = 200
    rates = np.array([np.full(steps, 50.0), np.zeros(steps), np.full(steps, 0.05)])
    runs = train_many(PROBLEM, NET, SGD(momentum=0.9), rates, [0, 0, 0], evaluations=4)
    assert list(runs.failed) == [True, True, False]
    assert 0 <= runs.failed_at[0] < steps and runs.failed_at[1] == -1  # blew up; stayed at its start
    assert np.isnan(runs.final_excess[:2]).all() and runs.final_excess[2] < runs.trivial_excess
    assert np.isfinite(runs.excess[1]).all() and (runs.excess[1] > runs.trivial_excess).all()


def test_the_sweep_picks_each_schedules_best_peak_among_peaks_where_every_seed_trained():
    def constant(peak, total):
        return lambda t: np.full(np.shape(t), peak)

    sweep = tuned_sweep(PROBLEM, NET, SGD(momentum=0.9), {
        "constant": constant,
        "linear": lambda peak, total: partial(schedules.polynomial_decay, lr0=peak, total_steps=total, power=1.0),
    }, peaks=[0.01, 0.05, 100.0], seeds=[0, 1], steps=150, evaluations=3)
    for name, entry in sweep.entries.items():
        finals = sweep.final_excess[name]
        assert entry.failed_by_peak[100.0] == 2 and np.isnan(finals[2]).all()
        best = int(np.nanargmin(finals[:2].mean(axis=1)))
        assert entry.best_peak == sweep.peaks[best]
        assert entry.mean == pytest.approx(finals[best].mean()) and entry.std == pytest.approx(finals[best].std(ddof=1))
        np.testing.assert_array_equal(sweep.at_best_peak(name), finals[best])
    assert [r["schedule"] for r in sweep.records()] == ["constant", "linear"]


def test_bad_input_is_refused_before_training():
    rates = np.full((2, 10), 0.01)
    with pytest.raises(ValueError, match=r"seeds must give one seed per run \(2 rows of rates\)"):
        train_many(PROBLEM, NET, SGD(), rates, [0])
    with pytest.raises(ValueError, match="rates must be a \\(runs, steps\\) array"):
        train_many(PROBLEM, NET, SGD(), np.full(10, 0.01), [0])
    with pytest.raises(ValueError, match="rates must be finite"):
        train_many(PROBLEM, NET, SGD(), np.full((1, 10), np.nan), [0])
    with pytest.raises(TypeError, match="problem must be a TeacherStudent"):
        train_many("digits", NET, SGD(), rates, [0, 1])
    with pytest.raises(TypeError, match="net must be an MLP with head='softmax'"):
        train_many(PROBLEM, MLP(hidden=(4,), head="squared_error"), SGD(), rates, [0, 1])
    with pytest.raises(ValueError, match="optimizer must be one of the course's optimizers"):
        train_many(PROBLEM, NET, "sgd", rates, [0, 1])


def test_work_counts_the_network_and_is_refused_before_anything_large_is_made():
    """Issue 27: a wide network or a long sweep is refused by its multiply-adds, before the rates exist."""
    wide = MLP(hidden=(2048, 2048))
    assert network_work(wide, 64, 10, 1, 200_000, 32) > MAX_WORK  # hours of work in one run
    with pytest.raises(ValueError, match=r"hidden=\(2048, 2048\) is .* multiply-adds, more than"):
        train_many(PROBLEM, wide, SGD(), np.broadcast_to(0.01, (1, 200_000)), [0])
    calls = []

    def factory(peak, T):
        calls.append(T)
        return lambda t: np.full(np.shape(t), peak)

    with pytest.raises(ValueError, match="GiB of rates and batches, more than"):
        tuned_sweep(PROBLEM, NET, SGD(), {"flat": factory}, peaks=(0.1, 0.2), seeds=(0, 1, 2), steps=20_000_000)
    assert calls == []  # refused before a single rate curve of 2e7 steps was built
    with pytest.raises(ValueError, match="multiply-adds, more than"):
        tuned_sweep(PROBLEM, MLP(hidden=(2048, 2048)), SGD(), {"flat": factory}, peaks=(0.1,), seeds=(0,),
                    steps=200_000)
    assert calls == []
    small = network_work(NET, 64, 10, 105, 2000, 32)
    assert small < MAX_WORK / 100


FIXED = teacher_student_digits(labels="fixed")


def test_step_losses_average_to_the_training_loss_and_show_memorising():
    steps = 1500
    rates = np.array([np.full(steps, 0.03)] * 2)
    wide = MLP(hidden=(64,))
    memorised = train_many(FIXED, wide, SGD(momentum=0.9), rates[:1], [0], evaluations=5)
    fresh = train_many(PROBLEM, wide, SGD(momentum=0.9), rates[:1], [0], evaluations=5)
    for runs in (memorised, fresh):
        assert runs.step_loss.shape == (1, steps)
        edges = np.concatenate([[0], runs.eval_steps])
        means = [runs.step_loss[0, a:b].mean() for a, b in zip(edges[:-1], edges[1:])]
        np.testing.assert_allclose(means, runs.train_loss[0], rtol=1e-12)
        assert runs.best_held_out[0] <= runs.final_held_out[0]
        assert runs.best_held_out_step[0] in runs.eval_steps
    floor = PROBLEM.teacher_entropy
    # fixed labels are learnt by heart: the minibatch loss ends far below the floor of fresh labels,
    # and the held-out excess rises after its best point; fresh labels cannot go below the floor
    assert memorised.train_loss[0, -1] < 0.5 * floor < fresh.train_loss[0, -1]
    assert memorised.final_held_out[0] > 1.5 * memorised.best_held_out[0]


def test_a_held_out_criterion_picks_the_peak_by_held_out_excess():
    def constant(peak, total):
        return lambda t: np.full(np.shape(t), peak)

    sweep = tuned_sweep(FIXED, NET, SGD(momentum=0.9), {"constant": constant}, peaks=[0.003, 0.3],
                        seeds=[0, 1], steps=200, evaluations=4, criterion="held-out")
    held_out = sweep.runs.final_held_out.reshape(2, 2)
    np.testing.assert_array_equal(sweep.final_excess["constant"], held_out)
    assert sweep.criterion == "held-out"
    assert sweep.entries["constant"].best_peak == [0.003, 0.3][int(np.nanargmin(held_out.mean(axis=1)))]
    with pytest.raises(ValueError, match=r"criterion must be one of 'training', 'held-out'; got criterion='test'"):
        tuned_sweep(FIXED, NET, SGD(), {"constant": constant}, peaks=[0.01], seeds=[0], steps=10, criterion="test")


@pytest.mark.parametrize("optimizer", [SGD(momentum=0.9, nesterov=True, weight_decay=1e-3), AdamW(), ScheduleFreeSGD()],
                         ids=lambda o: type(o).__name__)
def test_a_float32_network_trains_in_float32_and_close_to_float64(optimizer):
    peak = 0.003 if isinstance(optimizer, AdamW) else 0.05
    rates = np.array([np.full(200, peak), np.full(200, peak / 2)])
    results = {}
    for dtype in ("float64", "float32"):
        net = MLP(hidden=(16,), dtype=dtype)
        params = net.init(64, 10, seed=0, runs=2)
        assert {p.dtype.name for p in params} == {dtype}
        grads = net.loss_and_gradient(params, PROBLEM.X_train[:32], np.zeros((2, 32), dtype=int))[1]
        stepped, _ = optimizer.step(params, grads, optimizer.init(params), rates[:, 0])
        assert {p.dtype.name for p in stepped + grads} == {dtype}  # no silent upcast to float64
        results[dtype] = train_many(PROBLEM, net, optimizer, rates, [0, 1], evaluations=2).excess
    np.testing.assert_allclose(results["float32"], results["float64"], rtol=1e-4)
    assert not np.array_equal(results["float32"], results["float64"])  # it did compute in float32


def test_the_initial_weights_are_the_same_draw_in_both_precisions():
    wide, narrow = MLP(hidden=(8, 4)).init(64, 10, seed=3), MLP(hidden=(8, 4), dtype="float32").init(64, 10, seed=3)
    for a, b in zip(wide, narrow):
        np.testing.assert_array_equal(a.astype(np.float32), b)
    with pytest.raises(ValueError, match=r"dtype must be one of 'float64', 'float32'; got dtype='float16'"):
        MLP(hidden=(8,), dtype="float16")


def test_a_schedule_with_no_peak_where_every_seed_trained_has_no_best_peak_to_compare():
    def constant(peak, total):
        return lambda t: np.full(np.shape(t), peak)

    sweep = tuned_sweep(PROBLEM, NET, SGD(momentum=0.9), {"constant": constant, "also": constant},
                        peaks=[0.05, 100.0], seeds=[0, 1], steps=60, evaluations=2)
    assert sweep.at_best_peak("constant") is not None
    blown = tuned_sweep(PROBLEM, NET, SGD(momentum=0.9), {"constant": constant}, peaks=[100.0], seeds=[0, 1],
                        steps=60, evaluations=2)
    assert blown.entries["constant"].best_peak is None and blown.at_best_peak("constant") is None
    np.testing.assert_array_equal(sweep.at_best_peak("constant"), sweep.at_best_peak("also"))


def test_a_sweep_names_an_unknown_schedule_and_a_factory_that_is_not_one():
    """Issue 27: a bare KeyError, and a TypeError from inside the factory's call."""
    from functools import partial

    from lrdecay_lessons.schedules import constant, cosine_annealing

    sweep = tuned_sweep(PROBLEM, NET, SGD(), {"flat": lambda peak, T: constant(peak)}, peaks=(0.05,), seeds=(0,),
                        steps=10)
    with pytest.raises(ValueError, match="schedule must be one of 'flat'; got schedule='cosine'"):
        sweep.at_best_peak("cosine")
    fixed_lr0 = {"cosine": lambda peak, T: partial(partial(cosine_annealing, lr0=0.1), lr0=peak)}
    with pytest.raises(ValueError, match=r"schedules\['cosine'\] must be a factory make\(peak, total_steps\).*"
                                         r"at peak=0.05, total_steps=10 gave TypeError"):
        tuned_sweep(PROBLEM, NET, SGD(), fixed_lr0, peaks=(0.05,), seeds=(0,), steps=10)


def test_training_starts_no_thread_of_its_own(monkeypatch):
    """OpenBLAS called from two threads at once is not safe (numpy/numpy#29391): the runs stay in the caller's."""
    import threading

    def refuse(thread):
        raise AssertionError(f"train_many started a thread: {thread!r}")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    steps, seeds = 20, [4, 9, 11] * 4
    runs = train_many(PROBLEM, NET, SGD(momentum=0.9), np.full((len(seeds), steps), 0.05), seeds, evaluations=2)
    assert runs.excess.shape == (len(seeds), 2)



def test_measuring_the_held_out_images_only_gives_the_same_held_out_numbers():
    """measure="held-out" (chapter 07's lab panel) skips the training images: the held-out curves are those of
    a call that measures both, bit for bit, the failures are judged on them, and a bad value is named."""
    steps = 120
    rates = np.array([np.full(steps, 50.0), np.zeros(steps), np.full(steps, 0.05), np.full(steps, 0.2)])
    both = train_many(PROBLEM, NET, SGD(momentum=0.9), rates, [3, 3, 3, 5], evaluations=6)
    held_out = train_many(PROBLEM, NET, SGD(momentum=0.9), rates, [3, 3, 3, 5], evaluations=6, measure="held-out")
    np.testing.assert_array_equal(held_out.held_out_excess, both.held_out_excess)
    np.testing.assert_array_equal(held_out.step_loss, both.step_loss)
    assert np.isnan(held_out.excess).all() and np.isfinite(both.excess[2:]).all()
    assert list(held_out.failed) == list(both.failed) == [True, True, False, False]
    np.testing.assert_array_equal(held_out.final_held_out, both.final_held_out)
    with pytest.raises(ValueError, match=r"measure must be one of .*'held-out'.*got .*'training'"):
        train_many(PROBLEM, NET, SGD(), rates, [3, 3, 3, 5], measure="training")
    with pytest.raises(ValueError, match=r"measure='held-out' measures no training images: it needs criterion='held-out'"):
        tuned_sweep(PROBLEM, NET, SGD(), {"constant": lambda peak, T: (lambda t: np.full(np.shape(t), peak))},
                    peaks=[0.01], seeds=[0], steps=10, measure="held-out")


@pytest.mark.parametrize("optimizer", [SGD(momentum=0.9), AdamW(), ScheduleFreeSGD()], ids=lambda o: type(o).__name__)
def test_one_array_of_weights_or_one_per_layer_train_the_same_numbers(optimizer, monkeypatch):
    """Few runs keep their weights in one array (the optimizer's updates once per step), many runs one array per
    layer (FLAT_LIMIT): the same numbers bit for bit, a run that blows up included."""
    import lrdecay_lessons.training.many_runs as many_runs

    steps = 200
    peak = 0.003 if isinstance(optimizer, AdamW) else 0.05
    rates = np.array([np.full(steps, peak), np.full(steps, peak / 2), np.full(steps, 50.0), np.full(steps, peak)])
    one = train_many(PROBLEM, NET, optimizer, rates, [0, 9, 0, 9], evaluations=4)
    monkeypatch.setattr(many_runs, "FLAT_LIMIT", 0)
    per_layer = train_many(PROBLEM, NET, optimizer, rates, [0, 9, 0, 9], evaluations=4)
    for field in ("excess", "held_out_excess", "step_loss", "failed", "failed_at"):
        np.testing.assert_array_equal(getattr(one, field), getattr(per_layer, field))
    assert (one.failed_at[[0, 1, 3]] == -1).all() and np.isfinite(one.excess[[0, 1, 3]]).all()
    if isinstance(optimizer, SGD):  # the masked steps after a blow-up are compared too
        assert one.failed_at[2] >= 0
