"""Rate against batch size on the network (``experiments/batch_size.py``) and its views in chapter 10."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from lrdecay_lessons.chapters import ch11_batch_size as ch11
from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.experiments import batch_size as BS
from lrdecay_lessons.experiments.claims import all_claims
from lrdecay_lessons.training import MLP, SGD, SeedPlan, holm, paired_comparison, teacher_student_digits
from lrdecay_lessons.training import train_many

PLAN = SeedPlan(tuning=(0, 1), evaluation=(10, 11, 12, 13, 14))
NET = MLP(hidden=(8,), dtype="float32")
SIZES, SAMPLES = (8, 32, 64), 1280


@pytest.fixture(scope="module")
def lab():
    return teacher_student_digits()


@pytest.fixture(scope="module")
def study(lab):
    return BS.run_study(PLAN, batch_sizes=SIZES, samples=SAMPLES, problem=lab, net=NET)


# --- the noise scale ----------------------------------------------------------------------------

def test_the_noise_scale_of_a_known_distribution():
    # g = mu + xi with xi = (+a, -a) equally likely: tr Σ = |a|², |G|² = |mu|²
    mu, a = np.array([1.0, 2.0, 0.0]), np.array([0.0, 3.0, 4.0])
    scale = BS.weighted_noise_scale(np.stack([mu + a, mu - a]), np.array([0.5, 0.5]))
    assert scale.trace == pytest.approx(25.0) and scale.signal == pytest.approx(5.0) and scale.simple == pytest.approx(5.0)
    # unequal weights: Bernoulli(p) times a vector v has mean p v and variance p (1 - p) |v|²
    v, p = np.array([2.0, 0.0]), 0.2
    scale = BS.weighted_noise_scale(np.stack([v, 0 * v]), np.array([p, 1 - p]))
    assert scale.simple == pytest.approx((1 - p) / p)
    assert BS.weighted_noise_scale(np.ones((3, 2)), np.full(3, 1 / 3)).simple == pytest.approx(0.0)
    with pytest.raises(InvalidParameterError, match="weights"):
        BS.weighted_noise_scale(np.ones((2, 2)), np.array([0.5, 0.6]))


def _brute_force(problem, net, params, images):
    """Every (image, label) example's gradient from loss_and_gradient on a batch of 1, weighted p(y|x)/n."""
    exact = MLP(hidden=net.hidden, dtype="float64")
    point = tuple(np.asarray(p, dtype=float) for p in params)
    probs = problem.teacher_probs_train
    gradients, weights = [], []
    for x in images:
        for y in range(problem.n_classes):
            _, g = exact.loss_and_gradient(point, problem.X_train[x:x + 1], np.array([y]))
            gradients.append(np.concatenate([a.ravel() for a in g]))
            weights.append(probs[x, y] / len(images))
    return BS.weighted_noise_scale(np.array(gradients), np.array(weights))


def test_the_exact_noise_scale_matches_per_example_gradients_one_at_a_time(lab, monkeypatch):
    subset = np.arange(0, 1348, 97)  # 14 images, every label: the same distribution restricted to them
    small = type(lab)(lab.X_train[subset], lab.X_test, lab.teacher_logits_train[subset], lab.teacher_logits_test,
                      lab.temperature)
    net = MLP(hidden=(6, 5), dtype="float32")  # two hidden layers: the back-propagation goes through both
    params = net.init(64, 10, seed=3)
    fast, slow = BS.noise_scale(small, net, params), _brute_force(small, net, params, range(len(subset)))
    assert fast.trace == pytest.approx(slow.trace, rel=1e-9)
    assert fast.signal == pytest.approx(slow.signal, rel=1e-9)


def test_a_minibatch_gradient_has_the_variance_the_noise_scale_says(lab):
    # E|g_B|² = |G|² + tr Σ / B for minibatches drawn as train_many draws them (checked by sampling)
    net = MLP(hidden=(8,), dtype="float64")
    params = net.init(64, 10, seed=0)
    scale = BS.noise_scale(lab, net, params)
    rng = np.random.default_rng(0)
    B, draws = 4, 3000
    indices = rng.integers(0, len(lab.X_train), size=(draws, B))
    labels = lab.sample_labels(indices, rng.random(size=(draws, B)))
    squares = [sum(float((g * g).sum()) for g in net.loss_and_gradient(params, lab.X_train[i], y)[1])
               for i, y in zip(indices, labels)]
    expected = scale.signal + scale.trace / B
    assert np.mean(squares) == pytest.approx(expected, rel=0.06)
    assert np.mean(squares) != pytest.approx(scale.signal + scale.trace, rel=0.06)  # the 1/B is there


def test_the_replayed_run_is_the_run_train_many_trains(lab):
    rates = np.linspace(0.2, 0.0, 30, endpoint=False)
    runs = train_many(lab, NET, SGD(momentum=0.9), rates[None, :], [11], batch_size=16, evaluations=3)
    points = BS.params_along_run(lab, NET, SGD(momentum=0.9), rates, 11, 16, [0, 10, 30])
    for step, params in zip((0, 10), points):
        images = lab.X_train.astype("float32")[BS.stream("batches", 11).integers(0, len(lab.X_train), (30, 16))[step]]
        uniforms = BS.stream("fresh_labels", 11).random(size=(30, 16))[step]
        indices = BS.stream("batches", 11).integers(0, len(lab.X_train), (30, 16))[step]
        loss, _ = NET.loss_and_gradient(params, images, lab.sample_labels(indices, uniforms))
        assert float(loss) == pytest.approx(runs.step_loss[0, step], rel=1e-5)
    np.testing.assert_array_equal(points[0][0], NET.init(64, 10, 11)[0])
    with pytest.raises(InvalidParameterError, match="at_steps"):
        BS.params_along_run(lab, NET, SGD(), rates, 11, 16, [31])


# --- the study ----------------------------------------------------------------------------------

def test_grids_are_centred_on_the_rule_and_half_an_octave_apart():
    grid = BS.grid_for(0.1, 128, 1.0, 5)
    assert grid[2] == pytest.approx(0.4)
    assert np.allclose(np.diff(np.log2(grid)), 0.5)
    assert BS.grid_for(0.1, 128, 0.5, 5)[2] == pytest.approx(0.2)
    assert BS._extended((1.0, 2.0), "high")[-1] == pytest.approx(2.0 * 2.0)
    assert BS._extended((1.0, 2.0), "low")[:2] == pytest.approx((0.5, 2 ** -0.5))


def test_every_batch_size_sees_the_same_samples_and_is_tuned_on_its_own(study):
    assert study.batch_sizes == SIZES
    for o in BS.OPTIMIZERS:
        for B in SIZES:
            tuned = study.tuned[(o, B)]
            assert tuned.tuning.runs.step_loss.shape[1] == SAMPLES // B
            assert study.peak(o, B) in study.grid(o, B)
            assert study.edge(o, B) is None or len(study.grid(o, B)) == BS.GRID_POINTS + 2 * BS.MAX_EXTENSIONS
        assert study.ratio(o, 32) == 1.0


def test_batch_sizes_are_compared_with_32_seed_by_seed_with_holm(study):
    for o in BS.OPTIMIZERS:
        table = study.comparisons[o]
        assert [c.first for c in table] == ["B = 8", "B = 64"]
        single = [paired_comparison("a", "b", study.results(o, B), study.results(o, 32)) for B in (8, 64)]
        for c, s in zip(table, single):
            np.testing.assert_allclose(c.differences, s.differences)
        assert [c.adjusted_p for c in table] == pytest.approx(list(holm([s.p_value for s in single])))


def test_a_best_at_the_edge_extends_the_grid_then_flags_it(monkeypatch):
    grids = []

    def fake(problem, net, optimizer, schedules, peaks, plan, steps, reference, batch_size, tuning_curves=True):
        grids.append(tuple(peaks))
        best = max(peaks) if max(peaks) < 1.0 else peaks[-3]  # the best lies above the grid until it reaches 1
        edge = "high" if best == peaks[-1] else None
        return SimpleNamespace(edges={"linear to 0": edge}, peaks={"linear to 0": best})

    monkeypatch.setattr(BS, "tune_and_evaluate", fake)
    tuned = BS._tune(None, NET, SGD(), (0.25, 0.35, 0.5), PLAN, 32, 320)
    assert len(grids) == 2 and grids[1][:3] == (0.25, 0.35, 0.5) and grids[1][-1] == pytest.approx(1.0)
    assert tuned.edges["linear to 0"] is None
    grids.clear()
    tuned = BS._tune(None, NET, SGD(), (0.01, 0.014), PLAN, 32, 320)
    assert len(grids) == 1 + BS.MAX_EXTENSIONS and len(grids[-1]) == 2 + 2 * BS.MAX_EXTENSIONS
    assert tuned.edges["linear to 0"] == "high"  # still at the end after the last extension: flagged


def test_bad_input_is_refused_before_any_work(lab):
    with pytest.raises(InvalidParameterError, match="batch_sizes must include"):
        BS.run_study(PLAN, batch_sizes=(8, 16), samples=64)
    with pytest.raises(InvalidParameterError, match="samples must be a multiple"):
        BS.run_study(PLAN, batch_sizes=(32, 48), samples=640)
    with pytest.raises(InvalidParameterError, match="optimizers"):
        BS.run_study(PLAN, batch_sizes=(32,), samples=640, optimizers=("Lion",))
    with pytest.raises(InvalidParameterError, match="optimizer"):
        BS.noise_scales_along_run.__wrapped__(PLAN, "Lion")


def test_the_closer_rule_reads_the_ends(study, monkeypatch):
    peaks = {8: 0.01, 32: 0.04, 64: 0.08}
    monkeypatch.setattr(BS.BatchSizeStudy, "peak", lambda self, o, B: peaks[B] if o == "SGD, momentum 0.9"
                        else 0.01 * math.sqrt(B / 8))
    assert BS.closer_rule(study, "SGD, momentum 0.9") == "linear"
    assert BS.closer_rule(study, "Adam") == "square root"


def test_the_claims_are_registered_and_read_the_study(study, monkeypatch):
    registry = all_claims()
    for claim in BS.CLAIMS:
        assert registry[claim.id] is claim and claim.chapter == "11"
    monkeypatch.setattr(BS, "batch_size_study", lambda plan: study)
    verdict = registry["ch11-batch-sgd-large-batches-cost"].check(PLAN)
    assert verdict == "; ".join(f"{c.first}: {BS.short_verdict(c)}" for c in study.comparisons["SGD, momentum 0.9"])
    assert registry["ch11-batch-rules"].check(PLAN).startswith("SGD, momentum 0.9: ")


def test_the_views_show_every_optimizer_and_batch_size(study):
    table = ch11.network_batch_table(study)
    assert len(table.rows) == 2 * len(SIZES)
    assert table.column("batch B") == list(SIZES) * 2
    assert table.column("B − 32: mean [95 % interval]")[1] == "reference"
    scales = {0: [BS.NoiseScale(2.0, 1.0), BS.NoiseScale(8.0, 1.0)]}
    noise = ch11.noise_scale_table(scales, 100)
    assert noise.column("B_simple (geometric mean)") == ["4"]
    figure = ch11.network_batch_figure(study, {"at 10 %": 100.0})
    ax = figure.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log" and ax.get_title(loc="left")
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("linear rule" in label for label in labels) and any("square-root rule" in label for label in labels)
    assert any("B_simple" in label for label in labels)
