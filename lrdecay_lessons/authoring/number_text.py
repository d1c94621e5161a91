"""Find the numbers in a piece of text, each with the precision it was written to.

The prose-number check (:mod:`lrdecay_lessons.authoring.prose_numbers`) asks whether a number
typed into a markdown cell is one a code cell printed. Prose rounds, so a number carries the
interval it stands for: ``0.0027`` is any value in [0.00265, 0.00275], ``190`` any value in
[189.5, 190.5], ``12 %`` is 12 (or 0.12) to the same rounding, ``1e-3`` and ``10⁻³`` are 0.001 to
one significant digit, and ``about 1800`` is 1800 to two significant digits.

Written forms understood: thousands separators (``1,797``), decimals, scientific notation
(``1e-3``, ``1.0e-03``, ``2 × 10^{-3}``, ``10⁻³``), the unicode minus (``−0.05``), ranges
(``0.03–0.04`` is two numbers; an en dash is never a minus), ``×``/``x`` ratios and ``%``.
A digit run that belongs to a name (``float32``, ``lr0``, ``ResNet-50``, ``β_2``) is not a number.

>>> [(n.text, n.value, n.half_width) for n in scan("lower by 0.0027 on 5 of 5 seeds, 190× below")]
[('0.0027', 0.0027, 5e-05), ('5', 5.0, 0.5), ('5', 5.0, 0.5), ('190', 190.0, 0.5)]
>>> [(n.text, n.value) for n in scan("η = 10⁻³, then −1,797 and 2.5e-4; float32 stays a name")]
[('10^-3', 0.001), ('-1,797', -1797.0), ('2.5e-4', 0.00025)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

__all__ = ["WrittenNumber", "normalise", "scan"]

_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                 "⁹": "9", "⁻": "-", "⁺": "+"}
_SUPERSCRIPT_RUN = re.compile("[" + "".join(_SUPERSCRIPTS) + "]+")
_MINUS_SIGNS = "−‐‑﹣－"  # unicode minus and hyphen look-alikes (not the en dash of a range)
_DIGITS = re.compile(r"(?<![A-Za-z_0-9.])(\d{1,3}(?:,\d{3})+(?![\d])|\d+)(\.\d+)?(?:[eE]([+-]?\d+)(?![\d.]))?")
# Prose may group thousands with a space ("20 000", also a no-break or thin space); code and tables do not.
_SPACED_DIGITS = re.compile(
    r"(?<![A-Za-z_0-9.])(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])|\d{1,3}(?:,\d{3})+(?![\d])|\d+)"
    r"(\.\d+)?(?:[eE]([+-]?\d+)(?![\d.]))?")
_TIMES_TEN = re.compile(r"\s*(?:×|\\times|\\cdot|·|\*|x)\s*10\s*(?:\^|\*\*)\s*\{?\s*([+-]?\d+)\s*\}?")
_POWER = re.compile(r"\s*(?:\^|\*\*)\s*\{?\s*([+-]?\d+)\s*\}?")
_SUFFIX_WORD = re.compile(r"[A-Za-z_]+")
# Letters that may follow a number without making it part of a name: a ratio (190x), thousands (10k),
# ordinals (3rd), and units of time or size.
_ALLOWED_SUFFIXES = {"x", "k", "K", "st", "nd", "rd", "th", "s", "ms", "min", "h", "MB", "GB"}
_APPROXIMATELY = re.compile(r"(?:\b(?:about|around|roughly|approximately|nearly|almost|some)|≈|~|∼)\s*$")
_PERCENT = re.compile(r"\s*%")


@dataclass(frozen=True)
class WrittenNumber:
    """One number as written: its text, value, the half-width of its rounding interval, where it is.

    ``signed`` says whether the writer put a sign in front (``+0.0027``, ``−0.05``); an unsigned
    number stands for a size, and may be compared with either sign. ``percent`` is true for ``12 %``.
    ``ordinal`` for ``3rd``. ``start``/``end`` are offsets in the scanned text.
    """

    text: str
    value: float
    half_width: float
    signed: bool
    percent: bool
    ordinal: bool
    start: int
    end: int

    @property
    def is_integer(self) -> bool:
        """Written as a whole number: no decimals, no exponent."""
        return re.fullmatch(r"[+-]?[\d, \u00a0\u2009\u202f]+", self.text) is not None


def normalise(text: str) -> str:
    """The same text with superscript exponents written ``^-3`` and every minus sign as ``-``.

    Superscripts get a ``^`` in front, so lengths change; scan the normalised text, not the original.

    >>> normalise("10⁻³ and −0.5")
    '10^-3 and -0.5'
    """
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + "".join(_SUPERSCRIPTS[c] for c in m.group(0)), text)
    for minus in _MINUS_SIGNS:
        text = text.replace(minus, "-")
    return text


def _sign_before(text: str, start: int) -> str:
    """How the number at ``start`` is joined to what precedes it.

    ``"+"`` or ``"-"``: a sign (``(−0.05``, ``= +0.0027``); ``"hyphen"``: part of a name (``ResNet-50``,
    ``t-1``, ``top-5``); ``""``: no sign, including after a digit or a bracket (``10-20`` is a range,
    ``(x)-3`` a difference).
    """
    if start == 0 or text[start - 1] not in "+-":
        return ""
    before = text[start - 2] if start >= 2 else " "
    if before.isalpha() or before in "_'\"":
        return "hyphen"
    if before.isdigit() or before in ")]}":
        return ""
    return text[start - 1]


def scan(text: str, spaced_thousands: bool = False) -> Iterator[WrittenNumber]:
    """Every number in ``text`` (normalised first), in order, with the interval its rounding allows.

    With ``spaced_thousands``, ``20 000`` is one number (as prose writes it), else two (as in a table).
    """
    text = normalise(text)
    pattern = _SPACED_DIGITS if spaced_thousands else _DIGITS
    position = 0
    while (match := pattern.search(text, position)) is not None:
        position = match.end()
        whole, fraction, exponent = match.group(1), match.group(2) or "", match.group(3)
        sign = _sign_before(text, match.start())
        if sign == "hyphen":
            continue
        decimals = len(fraction) - 1 if fraction else 0
        whole = re.sub(r"[, \u00a0\u2009\u202f]", "", whole)
        mantissa = float(whole + fraction)
        scale = 0
        end = match.end()
        if exponent is not None:
            scale = int(exponent)
        elif (times := _TIMES_TEN.match(text, end)) is not None:
            scale, end = int(times.group(1)), times.end()
        elif whole == "10" and not fraction and (power := _POWER.match(text, end)) is not None:
            mantissa, scale, end = 1.0, int(power.group(1)), power.end()
        position = end
        if abs(scale) > 300 or len(whole) > 300:
            continue  # not a number anyone reads: a hash, or beyond floating point
        half_width = 0.5 * 10.0 ** (scale - decimals)
        if (
            not fraction and exponent is None and scale == 0 and mantissa >= 100
            and _APPROXIMATELY.search(text[max(0, match.start() - 16):match.start()]) is not None
        ):
            zeros = len(whole) - len(whole.rstrip("0"))
            half_width = 0.5 * 10.0 ** min(zeros, len(whole) - 2)  # "about 2000" is 2000 to two digits
        suffix = _SUFFIX_WORD.match(text, end)
        if suffix is not None and suffix.group(0) not in _ALLOWED_SUFFIXES:
            continue  # part of a name: 32bit, 2D, 1st_run
        ordinal = suffix is not None and suffix.group(0) in {"st", "nd", "rd", "th"}
        if suffix is not None and suffix.group(0) in {"k", "K"}:
            mantissa, half_width = mantissa * 1000, half_width * 1000
        percent = _PERCENT.match(text, end) is not None
        value = mantissa * 10.0**scale
        start = match.start() - (1 if sign else 0)
        yield WrittenNumber(
            text=text[start:end].strip(), value=-value if sign == "-" else value, half_width=half_width,
            signed=bool(sign), percent=percent, ordinal=ordinal, start=start, end=end)
