r"""Our trainer against scikit-learn's ``SGDRegressor`` / ``SGDClassifier``.

Two checks:

1. :func:`compare_with_sklearn` trains the same problem twice, with the same
   learning rate in every epoch: scikit-learn's SGD via ``partial_fit`` (one
   epoch per call, ``learning_rate="constant"`` and ``eta0`` set from the
   schedule before each epoch) and :func:`lrdecay_lessons.training.train` with
   ``batch_size=1`` (scikit-learn's SGD updates after every sample). Both losses
   are measured with the same formula, so the curves can be laid side by side.

2. :func:`sklearn_invscaling_rates` reads off the rate scikit-learn's
   ``learning_rate="invscaling"`` uses at each update. scikit-learn counts its
   updates from :math:`t = 1` (``t_`` starts at ``1.0``, the rate
   ``eta = eta0 / pow(t, power_t)`` is computed before each sample's update and
   ``t`` grows by one after it, across ``partial_fit`` calls too; see
   ``sklearn/linear_model/_sgd_fast.pyx.tp``). Our steps count from
   :math:`s = 0`, so :math:`t = s + 1` and

   .. math:: \eta^\text{sklearn}_s = \frac{\eta_0}{(s + 1)^{p}},

   which for ``power_t`` :math:`p = 1` is exactly the inverse-time decay
   :math:`\eta_0 / (1 + k\,s/T)` with :math:`k = 1, T = 1`:
   ``inverse_time_decay(s, lr0=eta0, decay_rate=1, decay_steps=1)``.
   Other powers give the wider inverse-power family (scikit-learn's defaults are
   :math:`p = 0.25` for ``SGDRegressor`` and :math:`p = 0.5` for ``SGDClassifier``).

>>> rates = sklearn_invscaling_rates(4, eta0=0.1, power_t=1.0)
>>> rates
array([0.1       , 0.05      , 0.03333333, 0.025     ])
>>> from lrdecay_lessons.schedules import inverse_time_decay
>>> bool(np.all(rates == inverse_time_decay(np.arange(4), lr0=0.1, decay_rate=1, decay_steps=1)))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..schedules.validation import (
    check_bool,
    check_count,
    check_non_negative,
    check_positive,
    check_steps,
)
from .datasets import Dataset
from .models import MODEL_FOR_TASK, objective, targets
from .trainer import ScheduleLike, TrainingResult, learning_rates, schedule_label, train
from ..errors import InvalidParameterError
from ..i18n import tr

if TYPE_CHECKING:
    from sklearn.linear_model import SGDClassifier, SGDRegressor

__all__ = [
    "SklearnComparison",
    "make_sklearn_sgd",
    "compare_with_sklearn",
    "invscaling",
    "sklearn_invscaling_rates",
]


def make_sklearn_sgd(
    dataset: Dataset, *, eta0: float, seed: int, l2: float = 0.0, shuffle: bool = True
) -> SGDRegressor | SGDClassifier:
    r"""scikit-learn's SGD set up to solve the same problem as our trainer.

    ``SGDRegressor(loss="squared_error")`` minimises :math:`\tfrac12 (z - y)^2`
    and ``SGDClassifier(loss="log_loss")`` :math:`\log(1 + e^{-y z})` with
    :math:`y = \pm 1`, the same losses as ours; ``alpha`` = :math:`\lambda` is
    the same L2 penalty :math:`\tfrac{\lambda}{2}\lVert w\rVert^2`. The seed goes
    in as a ``RandomState`` so that each ``partial_fit`` call shuffles
    differently (an integer ``random_state`` would repeat one order every epoch).
    """
    from sklearn.linear_model import (  # with SciPy: loaded on first use
        SGDClassifier,
        SGDRegressor,
    )
    if dataset.task == "multiclass":
        raise InvalidParameterError(
            f"dataset {dataset.name!r} is multiclass: SGDClassifier trains one binary classifier per "
            "class (one-vs-rest), not softmax regression, so the losses are not comparable; "
            "use a regression or binary dataset such as 'diabetes' or 'breast_cancer'."
        )
    settings = dict(
        learning_rate="constant",
        eta0=check_positive("eta0", eta0),
        penalty="l2" if l2 > 0 else None,
        alpha=check_non_negative("l2", l2),
        fit_intercept=True,
        shuffle=check_bool("shuffle", shuffle),
        random_state=np.random.RandomState(check_count("seed", seed, minimum=0)),
        tol=None,
    )
    if dataset.task == "regression":
        return SGDRegressor(loss="squared_error", **settings)
    return SGDClassifier(loss="log_loss", **settings)


@dataclass(frozen=True, repr=False)
class SklearnComparison:
    """Loss curves of our trainer and of scikit-learn's SGD, epoch by epoch.

    Attributes
    ----------
    dataset, label : str
    lr : numpy.ndarray
        The rate used in each epoch (``eta0`` for scikit-learn).
    sklearn_train_loss, sklearn_val_loss : numpy.ndarray
        scikit-learn's losses after each epoch, measured with our loss formula.
        Shorter than ``lr`` if scikit-learn stopped on a floating-point overflow.
    ours : TrainingResult
        Our run (``batch_size=1``, the same rate in each epoch).
    """

    dataset: str
    label: str
    lr: np.ndarray
    sklearn_train_loss: np.ndarray
    sklearn_val_loss: np.ndarray
    ours: TrainingResult

    @property
    def epoch(self) -> np.ndarray:
        """Epochs 1, 2, ... for the x-axis."""
        return np.arange(1, len(self.lr) + 1)

    @property
    def sklearn_diverged(self) -> bool:
        return len(self.sklearn_train_loss) < len(self.lr)

    def final_loss_ratio(self) -> float:
        """Our final training loss divided by scikit-learn's (1 means equal)."""
        return float(self.ours.train_loss[-1] / self.sklearn_train_loss[-1])

    def summary(self) -> str:
        """One line: both final training losses and their ratio."""
        head = tr("{label} on {dataset}, {epochs} epochs of per-sample SGD").format(
            label=self.label, dataset=self.dataset, epochs=len(self.lr))
        if self.ours.diverged or self.sklearn_diverged:
            who = tr(" and ").join(
                name for name, bad in ((tr("ours"), self.ours.diverged), ("scikit-learn", self.sklearn_diverged)) if bad
            )
            return tr("{head}: diverged ({who})").format(head=head, who=who)
        return tr("{head}: final train loss ours {ours:.4f}, scikit-learn {theirs:.4f} (ratio {ratio:.3f})").format(
            head=head, ours=self.ours.train_loss[-1], theirs=self.sklearn_train_loss[-1], ratio=self.final_loss_ratio())

    def __repr__(self) -> str:
        return f"SklearnComparison({self.summary()})"


def compare_with_sklearn(
    dataset: Dataset,
    schedule: ScheduleLike,
    *,
    epochs: int,
    seed: int = 0,
    l2: float = 0.0,
    shuffle: bool = True,
) -> SklearnComparison:
    r"""Train with scikit-learn's SGD and with ours, the rate changing once per epoch.

    Before epoch :math:`e = 0, 1, \dots` both get :math:`\eta_e` = ``schedule(e)``:
    scikit-learn as ``eta0`` (``learning_rate="constant"``, one ``partial_fit``
    call per epoch), ours as the rate of every step of that epoch with
    ``batch_size=1``, so both make one update per sample. The sample orders differ
    (each library shuffles with its own generator), so the curves agree in
    level, not bit for bit; with ``shuffle=False`` both visit the samples in the
    stored order and the curves agree to rounding error.

    Parameters
    ----------
    dataset : Dataset
        A regression or binary dataset (scikit-learn's multiclass SGD is
        one-vs-rest, not softmax).
    schedule : callable or float
        The rate as a function of the **epoch** (every rate must be ``> 0``, as
        scikit-learn requires ``eta0 > 0``).
    epochs : int
    seed : int, default 0
    l2 : float, default 0.0
        L2 penalty, scikit-learn's ``alpha``.
    shuffle : bool, default True
        Shuffle before each epoch (both libraries).

    Returns
    -------
    SklearnComparison
    """
    epochs = check_count("epochs", epochs)
    rates = learning_rates(schedule, epochs)
    if np.any(rates <= 0):
        e = int(np.argmax(rates <= 0))
        raise InvalidParameterError(
            f"every epoch needs a rate > 0 (scikit-learn's eta0 must be > 0); schedule "
            f"{schedule_label(schedule)} gave {float(rates[e])!r} at epoch {e}. Use a floor such as lr_min > 0."
        )
    model = MODEL_FOR_TASK[dataset.task]
    estimator = make_sklearn_sgd(dataset, eta0=rates[0], seed=seed, l2=l2, shuffle=shuffle)
    fit_args = {} if dataset.task == "regression" else {"classes": np.array([0, 1])}
    Y, Y_val = targets(dataset.y_train, model), targets(dataset.y_val, model)
    train_loss, val_loss = [], []
    for rate in rates:
        estimator.set_params(eta0=float(rate))
        try:
            estimator.partial_fit(dataset.X_train, dataset.y_train, **fit_args)
        except ValueError as error:  # scikit-learn refuses to go on after an overflow
            if "overflow" not in str(error):
                raise
            break
        W, b = np.reshape(estimator.coef_, (-1, 1)), np.reshape(estimator.intercept_, (1,))
        train_loss.append(objective(dataset.X_train, Y, W, b, model))
        val_loss.append(objective(dataset.X_val, Y_val, W, b, model))

    n = dataset.n_train
    ours = train(
        dataset,
        lambda t: rates[np.asarray(t) // n],
        epochs=epochs,
        batch_size=1,
        seed=seed,
        l2=l2,
        shuffle=shuffle,
        label=schedule_label(schedule),
    )
    frozen = []
    for values in (rates, train_loss, val_loss):
        array = np.array(values, dtype=float)
        array.flags.writeable = False
        frozen.append(array)
    return SklearnComparison(
        dataset=dataset.name,
        label=schedule_label(schedule),
        lr=frozen[0],
        sklearn_train_loss=frozen[1],
        sklearn_val_loss=frozen[2],
        ours=ours,
    )


def invscaling(t: np.ndarray | float, eta0: float, power_t: float) -> np.ndarray | float:
    r"""scikit-learn's ``invscaling`` rate in our step convention (first update at ``t = 0``).

    .. math:: \eta_t = \frac{\eta_0}{(t + 1)^{p}}

    With ``power_t = 1`` this equals
    ``inverse_time_decay(t, lr0=eta0, decay_rate=1, decay_steps=1)``.

    Examples
    --------
    >>> invscaling(3, eta0=0.1, power_t=0.5)
    0.05
    """
    eta0 = check_positive("eta0", eta0)
    power_t = check_non_negative("power_t", power_t)
    steps, is_scalar = check_steps(t)
    rates = eta0 / (steps + 1.0) ** power_t
    return float(rates) if is_scalar else rates


def sklearn_invscaling_rates(n_steps: int, *, eta0: float, power_t: float) -> np.ndarray:
    r"""The rates scikit-learn's ``learning_rate="invscaling"`` uses at its first ``n_steps`` updates.

    Read off a real ``SGDRegressor``, not recomputed: one feature :math:`x = 1`,
    no intercept, no penalty and the loss ``epsilon_insensitive`` with
    :math:`\varepsilon = 0` and a target far above the prediction, whose gradient
    is exactly :math:`-1`. Starting from :math:`w = 0`, one update gives
    :math:`w = \eta_t \cdot 1 \cdot x = \eta_t`. So we feed one sample per
    ``partial_fit`` call, read ``coef_``, and set it back to 0; scikit-learn's
    update counter ``t_`` keeps counting across the calls.

    Returns
    -------
    numpy.ndarray of shape (n_steps,)
        Entry ``s`` is the rate of update ``s`` (scikit-learn's ``t = s + 1``).
    """
    from sklearn.linear_model import SGDRegressor  # with SciPy: loaded on first use
    n_steps = check_count("n_steps", n_steps)
    estimator = SGDRegressor(
        loss="epsilon_insensitive",
        epsilon=0.0,
        penalty=None,
        fit_intercept=False,
        learning_rate="invscaling",
        eta0=check_positive("eta0", eta0),
        power_t=check_non_negative("power_t", power_t),
        shuffle=False,
        tol=None,
    )
    X, y = np.ones((1, 1)), np.array([1e12])
    rates = np.empty(n_steps)
    for s in range(n_steps):
        estimator.partial_fit(X, y)
        rates[s] = estimator.coef_[0]
        estimator.coef_ = np.zeros(1)
    return rates
