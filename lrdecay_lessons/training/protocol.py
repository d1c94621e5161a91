r"""The course's protocol for comparing schedules: tune on some seeds, report on others, pair by seed.

A verdict such as "linear decay ends lower than cosine" is drawn the same way everywhere:

1. **Peaks on a half-octave grid** (:func:`half_octave_grid`): :math:`\eta_k = \eta_\text{low}\,2^{k/2}`,
   so neighbouring peaks differ by :math:`\sqrt2 \approx 1.41\times`; a best peak at either end of
   the grid is flagged (:func:`at_edge`), since the true best may lie outside.
2. **Tuning seeds and evaluation seeds** (:class:`SeedPlan`): each schedule's peak is chosen on the
   tuning seeds; the comparison is reported on at least five *other* seeds, so the same noise
   does not both pick the winner and measure it (the winner's curse).
3. **Paired differences** (:func:`paired_comparison`): runs with the same evaluation seed share
   their initial weights, data and batches, so the difference :math:`d_i = a_i - b_i` seed by
   seed removes what the seeds have in common. Reported: the mean :math:`\bar d`, the standard
   deviation :math:`s_d` with :math:`n - 1` in the denominator, the 95 % t-interval
   :math:`\bar d \pm t_{0.975,\,n-1}\, s_d / \sqrt n`, and the sign count ("lower on 5 of 5 seeds").
4. **A verdict only where the difference is significant at 5 %** (for one comparison: exactly
   when its 95 % interval excludes 0), with Holm's step-down correction (:func:`holm`) of the
   p-values when a table makes several comparisons at once (:func:`compare_all`); each row
   still shows its own 95 % interval, so a row whose interval excludes 0 can be "not separated"
   in a table of many. Otherwise the text says the two are not separated *on this problem and
   these seeds*.

What it cannot do: five seeds of a small CPU problem say whether a gap is larger than the
seed-to-seed noise of *this* problem; they do not say that the gap carries over to other models,
data or lengths of training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..i18n import tr
from .shown_names import shown_name
from ..schedules.validation import check_in_interval, check_positive, check_seeds

__all__ = [
    "MIN_EVALUATION_SEEDS",
    "SeedPlan",
    "PairedComparison",
    "half_octave_grid",
    "at_edge",
    "t_quantile",
    "paired_comparison",
    "holm",
    "compare_all",
]

#: The fewest evaluation seeds a reported comparison may rest on.
MIN_EVALUATION_SEEDS = 5


@dataclass(frozen=True)
class SeedPlan:
    """Seeds that choose each schedule's peak, and other seeds that report the comparison.

    >>> SeedPlan(tuning=(0, 1, 2), evaluation=(10, 11, 12, 13, 14))
    SeedPlan(tuning=(0, 1, 2), evaluation=(10, 11, 12, 13, 14))
    """

    tuning: tuple[int, ...]
    evaluation: tuple[int, ...]

    def __post_init__(self) -> None:
        tuning = check_seeds("tuning", self.tuning)
        evaluation = check_seeds("evaluation", self.evaluation)
        if len(set(evaluation)) < MIN_EVALUATION_SEEDS:
            raise InvalidParameterError(
                f"evaluation must hold at least {MIN_EVALUATION_SEEDS} different seeds; got evaluation={evaluation}."
            )
        shared = sorted(set(tuning) & set(evaluation))
        if shared:
            raise InvalidParameterError(
                f"tuning and evaluation seeds must be different seeds; both hold {shared} "
                f"(tuning={tuning}, evaluation={evaluation})."
            )
        object.__setattr__(self, "tuning", tuning)
        object.__setattr__(self, "evaluation", evaluation)


def half_octave_grid(low: float, high: float) -> tuple[float, ...]:
    r"""Peaks :math:`\eta_k = \eta_\text{low}\, 2^{k/2}` from ``low`` up to ``high`` (included up to rounding).

    >>> [round(p, 4) for p in half_octave_grid(0.01, 0.08)]
    [0.01, 0.0141, 0.02, 0.0283, 0.04, 0.0566, 0.08]
    """
    low = check_positive("low", low)
    high = check_positive("high", high)
    if high < low:
        raise InvalidParameterError(f"high must be >= low (low={low:g}); got high={high!r}.")
    count = int(math.floor(2 * math.log2(high / low) + 1e-9)) + 1
    if count > 64:
        raise InvalidParameterError(
            f"high / low spans {count} half-octaves; at most 64 (a grid of hours); got low={low:g}, high={high:g}."
        )
    return tuple(low * 2 ** (k / 2) for k in range(count))


def at_edge(grid: Sequence[float], best: float) -> Optional[str]:
    """``"low"`` or ``"high"`` when ``best`` is the grid's first or last peak (the best may lie beyond), else ``None``.

    >>> at_edge((0.01, 0.02, 0.04), 0.04)
    'high'
    """
    peaks = list(grid)
    if best not in peaks:
        raise InvalidParameterError(f"best must be one of the grid's peaks {peaks}; got best={best!r}.")
    if len(peaks) > 1 and best == peaks[0]:
        return "low"
    if len(peaks) > 1 and best == peaks[-1]:
        return "high"
    return None


def t_quantile(probability: float, dof: int) -> float:
    r"""The quantile :math:`t_{p,\,\nu}` of Student's t distribution with :math:`\nu` degrees of freedom.

    >>> round(t_quantile(0.975, 4), 4)
    2.7764
    """
    from scipy import special  # scipy.special alone: scipy.stats costs a chapter about 0.4 s more to import

    probability = check_in_interval("probability", probability, 0.0, 1.0)
    if isinstance(dof, bool) or not isinstance(dof, (int, np.integer)) or dof < 1:
        raise InvalidParameterError(f"dof must be a whole number >= 1; got dof={dof!r}.")
    return float(special.stdtrit(int(dof), probability))  # the same numbers as scipy.stats.t.ppf


@dataclass(frozen=True)
class PairedComparison:
    r"""``first`` against ``second``, seed by seed: :math:`d_i = a_i - b_i` (lower is better).

    Attributes
    ----------
    first, second : str
        What is compared.
    differences : numpy.ndarray
        :math:`d_i`, one per evaluation seed.
    mean, sd : float
        :math:`\bar d` and :math:`s_d` (denominator :math:`n - 1`).
    low, high : float
        The 95 % t-interval of the mean difference.
    p_value : float
        Two-sided paired t-test of :math:`\bar d = 0`.
    adjusted_p : float
        ``p_value`` after Holm's correction over the comparisons made with it (itself when alone).
    first_lower : int
        Seeds on which ``first`` ended lower (:math:`d_i < 0`).
    """

    first: str
    second: str
    differences: np.ndarray
    mean: float
    sd: float
    low: float
    high: float
    p_value: float
    adjusted_p: float
    first_lower: int

    @property
    def n(self) -> int:
        return int(self.differences.size)

    @property
    def verdict(self) -> str:
        """``"<first> lower"``, ``"<second> lower"`` or ``"not separated"`` (at the 5 % level, after Holm)."""
        if self.adjusted_p < 0.05 and self.mean < 0:
            return f"{self.first} lower"
        if self.adjusted_p < 0.05 and self.mean > 0:
            return f"{self.second} lower"
        return "not separated"

    @property
    def separated(self) -> bool:
        return self.verdict != "not separated"

    @property
    def verdict_text(self) -> str:
        """:attr:`verdict` as a reader sees it, in the course's language (``verdict`` itself stays the English key)."""
        if not self.separated:
            return tr("not separated")
        return tr("{name} lower").format(name=shown_name(self.first if self.mean < 0 else self.second))

    def describe(self) -> str:
        """One line: the difference, its interval, the sign count and the verdict.

        >>> c = paired_comparison("linear", "cosine", [0.10, 0.11, 0.12, 0.10, 0.13], [0.12, 0.12, 0.14, 0.13, 0.14])
        >>> c.describe()
        'linear − cosine = -0.018 (95 % CI -0.0284 to -0.00761, sd 0.0084 with n − 1), lower on 5 of 5 seeds: linear lower'
        """
        return tr("{first} − {second} = {mean:.2g} (95 % CI {low:.3g} to {high:.3g}, sd {sd:.2g} with n − 1), "
                  "lower on {first_lower} of {n} seeds: {verdict}").format(
            first=shown_name(self.first), second=shown_name(self.second), mean=self.mean, low=self.low, high=self.high, sd=self.sd,
            first_lower=self.first_lower, n=self.n, verdict=self.verdict_text)


def _as_results(name: str, values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size < 2:
        raise InvalidParameterError(f"{name} must be one result per seed, at least 2; got {name}={values!r}.")
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(
            f"{name} must hold finite results (a failed run is reported as failed, not compared); got {name}={values!r}."
        )
    return array


def paired_comparison(first: str, second: str, first_results: Sequence[float],
                      second_results: Sequence[float]) -> PairedComparison:
    """Compare two results seed by seed (the same seeds, in the same order).

    >>> paired_comparison("A", "B", [1.0, 2.0, 3.0], [1.0, 2.0, 3.5]).verdict
    'not separated'
    """
    a = _as_results("first_results", first_results)
    b = _as_results("second_results", second_results)
    if a.size != b.size:
        raise InvalidParameterError(
            f"first_results and second_results must hold one result per seed each, for the same seeds; "
            f"got {a.size} and {b.size}."
        )
    d = a - b
    n = d.size
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    if sd == 0.0:
        p_value = 1.0 if mean == 0.0 else 0.0
    else:
        from scipy import special

        p_value = float(2 * special.stdtr(n - 1, -abs(mean) / (sd / math.sqrt(n))))  # 2 * scipy.stats.t.sf(|t|)
    return PairedComparison(first, second, d, mean, sd, mean - half, mean + half, p_value, p_value,
                            int(np.sum(d < 0)))


def holm(p_values: Sequence[float]) -> np.ndarray:
    r"""Holm's step-down adjusted p-values: the :math:`i`-th smallest times :math:`m - i + 1`, made monotone.

    A comparison is a verdict at level :math:`\alpha` when its adjusted p-value is below :math:`\alpha`;
    the chance of any false verdict in the table then stays below :math:`\alpha`.

    >>> holm([0.01, 0.04, 0.03]).round(2)
    array([0.03, 0.06, 0.06])
    """
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1 or p.size == 0 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise InvalidParameterError(f"p_values must be a non-empty list of numbers in [0, 1]; got p_values={p_values!r}.")
    order = np.argsort(p, kind="stable")
    m = p.size
    scaled = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    adjusted = np.empty(m)
    adjusted[order] = scaled
    return adjusted


def compare_all(results: Mapping[str, Sequence[float]], reference: str) -> list[PairedComparison]:
    """Every entry of ``results`` against ``reference``, seed by seed, with Holm's correction across them.

    >>> table = compare_all({"a": [1, 2, 3, 4, 5], "b": [2, 3, 4, 5, 6.1], "c": [1.1, 2, 3, 4, 5]}, "b")
    >>> [c.verdict for c in table]
    ['a lower', 'c lower']
    """
    if reference not in results:
        raise InvalidParameterError(f"reference must be one of {list(results)}; got reference={reference!r}.")
    others = [name for name in results if name != reference]
    if not others:
        raise InvalidParameterError(f"results must hold something besides the reference {reference!r}.")
    single = [paired_comparison(name, reference, results[name], results[reference]) for name in others]
    adjusted = holm([c.p_value for c in single])
    return [PairedComparison(c.first, c.second, c.differences, c.mean, c.sd, c.low, c.high, c.p_value,
                             float(p), c.first_lower) for c, p in zip(single, adjusted)]
