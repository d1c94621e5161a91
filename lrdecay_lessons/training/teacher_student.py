r"""A problem with a real noise floor: digits images, labels drawn afresh from a fixed teacher network.

Clean digits cannot show a noise floor: the training set is separable, a network
interpolates it, and the loss goes to zero whatever the schedule. Here the images are
scikit-learn's bundled digits (standardised), but the label of an image is *drawn* from a
fixed random teacher network's class probabilities :math:`p^\star(\cdot \mid x)`, anew every
time the image is used. The best any student can do is to predict :math:`p^\star` itself, so
the quantity to watch is the **excess loss**

.. math:: \mathcal E(q) = \frac1n \sum_{i} \mathrm{KL}\big(p^\star(\cdot\mid x_i)\,\big\|\,
          q(\cdot\mid x_i)\big) \ \ge 0,

the expected cross-entropy above its floor, the teacher's own entropy. Over the training
images it is the loss on fresh data (fresh labels of the images training draws from: a
student cannot memorise labels it never sees twice); over the held-out images it adds how
well the student generalises to new images. The minibatch gradient stays noisy however long
training runs (the labels are random), which is the situation decay is for. The *trivial predictor* ignores the image and predicts the class
frequencies :math:`\bar p = \frac1n \sum_i p^\star(\cdot\mid x_i)`; a run whose excess loss stays
above :math:`\mathcal E(\bar p)` has learnt nothing and is counted as failed.

With ``labels="fixed"`` each training image gets **one** label, drawn once from the teacher
(``label_seed``), as in a real dataset with noisy labels. A network can then memorise them:
its minibatch loss falls below the teacher's entropy, a floor no student can beat on fresh
labels, while its excess loss on held-out images rises -- overfitting, made visible.

>>> problem = teacher_student_digits()
>>> problem.X_train.shape, problem.X_test.shape
((1348, 64), (449, 64))
>>> round(problem.trivial_excess, 3) > 0
True
>>> abs(round(problem.excess_loss(problem.teacher_logits_test), 12))  # the teacher itself: no excess
0.0
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

import numpy as np

from ..schedules.validation import check_choice, check_count, check_in_interval, check_positive
from .mlp import MLP, log_softmax
from ..errors import InvalidParameterError
from ..i18n import tr
from .streams import stream
from . import bundled

__all__ = ["TeacherStudent", "teacher_student_digits"]


@dataclass(frozen=True, repr=False)
class TeacherStudent:
    """Images, the teacher's class probabilities on them, and the excess loss of a prediction."""

    X_train: np.ndarray
    X_test: np.ndarray
    teacher_logits_train: np.ndarray
    teacher_logits_test: np.ndarray
    temperature: float
    #: One label per training image (``labels="fixed"``), or ``None`` for labels drawn afresh at every use.
    fixed_labels: Optional[np.ndarray] = None

    @property
    def n_classes(self) -> int:
        return self.teacher_logits_train.shape[1]

    @property
    def teacher_probs_train(self) -> np.ndarray:
        return np.exp(log_softmax(self.teacher_logits_train))

    @property
    def teacher_entropy(self) -> float:
        """Mean entropy of the teacher's labels on held-out images: the cross-entropy floor (nats)."""
        log_p = log_softmax(self.teacher_logits_test)
        return float(-(np.exp(log_p) * log_p).sum(axis=1).mean())

    @property
    def trivial_excess(self) -> float:
        """Excess loss, over the training images, of predicting the class frequencies whatever the image."""
        marginal = np.exp(log_softmax(self.teacher_logits_train)).mean(axis=0)
        return float(self.excess_loss(np.broadcast_to(np.log(marginal), self.teacher_logits_train.shape), "training"))

    def excess_loss(self, logits: np.ndarray, images: str = "held-out", class_axis: int = -1) -> np.ndarray:
        r""":math:`\mathcal E` of predicted logits (``(n, C)``, or ``(K, n, C)`` for K runs).

        ``images="held-out"`` (logits of ``X_test``) or ``"training"`` (logits of ``X_train``).
        ``class_axis=-2`` takes the classes before the images, ``(C, n)`` or ``(K, C, n)``
        (:meth:`MLP.outputs_by_row`), where the sums over the classes are fastest.
        float32 logits (a float32 network's) are measured in float32, anything else in float64.
        With :math:`s_{ij} = z_{ij} - \max_j z_{ij}` and the teacher's :math:`p_{ij}`,

        .. math:: \mathcal E = \frac1n \sum_i \Big( \log \sum_j e^{s_{ij}} - \sum_j p_{ij} s_{ij}
                  + \sum_j p_{ij} \log p_{ij} \Big),

        the KL divergence above written without a logarithm of :math:`q` for every class.
        """
        check_choice("images", images, ("held-out", "training"))
        if class_axis not in (-1, -2):
            raise InvalidParameterError(f"class_axis must be -1 (logits of shape (..., n, C)) or -2 ((..., C, n)); "
                             f"got class_axis={class_axis!r}.")
        logits = np.asarray(logits)
        dtype = np.float32 if logits.dtype == np.float32 else np.float64
        teacher = self.teacher_logits_test if images == "held-out" else self.teacher_logits_train
        log_p = log_softmax(teacher.astype(dtype)).T  # (C, n): the classes along the rows
        p = np.exp(log_p)
        neg_entropy = (p * log_p).sum(axis=0)
        by_class = logits.astype(dtype, copy=True)
        if class_axis == -1:
            by_class = np.swapaxes(by_class, -1, -2)
        top = np.maximum.reduce(by_class, axis=-2)
        by_class -= top[..., None, :]  # s
        cross = (by_class * p).sum(axis=-2)
        np.exp(by_class, out=by_class)
        per_image = np.log(by_class.sum(axis=-2)) - cross + neg_entropy
        result = per_image.mean(axis=-1)
        return float(result) if np.ndim(result) == 0 else result

    def sample_labels(self, indices: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
        """Labels of training images ``indices`` drawn from the teacher with the given uniform numbers.

        With fixed labels, the images' own labels (the uniform numbers are not used).
        """
        if self.fixed_labels is not None:
            return self.fixed_labels[indices]
        cumulative = np.cumsum(self.teacher_probs_train, axis=1)[indices]
        labels = (cumulative < uniforms[..., None]).sum(axis=-1)
        return np.minimum(labels, self.n_classes - 1)

    def __repr__(self) -> str:
        labels = tr("drawn afresh") if self.fixed_labels is None else tr("fixed, one per image")
        return tr("TeacherStudent(digits: {n_train} training / {n_test} held-out images, {n_classes} classes, "
                  "label entropy {entropy:.3f} nats, trivial excess {trivial:.3f}, labels {labels})").format(
            n_train=len(self.X_train), n_test=len(self.X_test), n_classes=self.n_classes,
            entropy=self.teacher_entropy, trivial=self.trivial_excess, labels=labels)


def _digit_images() -> np.ndarray:
    """scikit-learn's 1797 digit images as float64 rows, read without importing it where it can be."""
    folder = bundled.data_folder()
    if folder is not None:
        return bundled.digits(folder)[0].astype(float)
    from sklearn.datasets import load_digits  # with SciPy: loaded on first use

    return load_digits().data.astype(float)


def teacher_student_digits(
    teacher_hidden: tuple[int, ...] = (32,),
    temperature: float = 0.3,
    teacher_seed: int = 0,
    test_fraction: float = 0.25,
    split_seed: int = 0,
    labels: str = "fresh",
    label_seed: int = 0,
) -> TeacherStudent:
    """The digits images with a fixed random ReLU teacher (He-initialised, logits divided by ``temperature``).

    Parameters
    ----------
    teacher_hidden : tuple of int, default (32,)
        The teacher's hidden widths; a student of the same shape can represent it exactly.
    temperature : float, default 0.3
        Larger makes the labels noisier (a higher entropy floor and a larger gradient noise).
    teacher_seed, split_seed : int
        Seeds of the teacher's weights and of the train / held-out split.
    test_fraction : float, default 0.25
        Share of the 1797 images held out.
    labels : {"fresh", "fixed"}, default "fresh"
        ``"fresh"``: an image's label is drawn anew every time it is used (no student can
        memorise it). ``"fixed"``: each training image's label is drawn once, with
        the ``"fixed_labels"`` stream of ``label_seed``, and kept (a dataset with noisy labels).
    label_seed : int, default 0
        Seed of the one draw of fixed labels.
    """
    temperature = check_positive("temperature", temperature)
    test_fraction = check_in_interval("test_fraction", test_fraction, 0.0, 1.0)
    teacher_seed = check_count("teacher_seed", teacher_seed, minimum=0)
    split_seed = check_count("split_seed", split_seed, minimum=0)
    check_choice("labels", labels, ("fresh", "fixed"))
    label_seed = check_count("label_seed", label_seed, minimum=0)
    X = _digit_images()
    order = stream("split", split_seed).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    if not 1 <= n_test < len(X):
        raise InvalidParameterError(f"test_fraction must leave at least one image on each side; got test_fraction={test_fraction!r}.")
    test, train = order[:n_test], order[n_test:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    X = (X - mean) / np.where(std > 0, std, 1.0)
    try:
        teacher = MLP(hidden=teacher_hidden, head="softmax")
    except (TypeError, ValueError) as error:  # say it with the name the caller used
        raise type(error)(str(error).replace("hidden", "teacher_hidden")) from None
    params = teacher.init(n_features=X.shape[1], n_outputs=10, seed=teacher_seed, role="teacher")
    logits = teacher.forward(params, X)[0] / temperature
    problem = TeacherStudent(X[train], X[test], logits[train], logits[test], temperature)
    if labels == "fresh":
        return problem
    draw = stream("fixed_labels", label_seed).random(len(train))
    return replace(problem, fixed_labels=problem.sample_labels(np.arange(len(train)), draw))
