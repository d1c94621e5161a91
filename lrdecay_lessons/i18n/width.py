"""How wide text is in a monospace column: a Chinese character takes two columns, a Latin letter one.

Job: display widths and padding for the plain-text tables (:class:`lrdecay_lessons.display.Table`,
:meth:`lrdecay_lessons.training.Comparison.table`). May import: the language setting of this package.

``str.ljust`` pads to a number of *characters*; a terminal or a notebook's ``text/plain`` output
draws a wide character (Unicode East Asian Width ``W`` or ``F``: 汉字, full-width punctuation such
as ``，`` and ``（``) two columns wide, so a column with Chinese in it comes out too wide. Here

.. math:: \\operatorname{width}(s) = \\sum_{c \\in s} \\begin{cases} 2 & \\text{if } c \\text{ is W or F} \\\\ 1 & \\text{otherwise} \\end{cases}

Ambiguous characters (``η``, ``—``, ``±``) count one column, as monospace fonts for Latin text draw them.

:func:`pad` pads to :func:`column_width`: the display width in the Chinese edition, the number of
characters in English. The English chapters' published output stays byte-identical that way, their
bilingual headings included (``article printed 原文`` in chapters 02–05 is padded as before, two
columns short); only the Chinese edition, where most cells are Chinese, is measured as drawn.
"""

from __future__ import annotations

import unicodedata

from . import language

__all__ = ["display_width", "column_width", "pad"]

_WIDE = frozenset({"W", "F"})


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: 2 per wide character (East Asian Width W or F), 1 per other."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def column_width(text: str) -> int:
    """The width a plain-text table gives ``text``: :func:`display_width` in Chinese, ``len(text)`` in English."""
    return display_width(text) if language() == "zh" else len(text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` columns (:func:`column_width`): ``"<"`` on the right
    (like ``str.ljust``), ``">"`` on the left (like ``str.rjust``).

    Text already ``width`` columns wide or wider comes back unchanged.
    """
    fill = " " * max(0, width - column_width(text))
    return text + fill if align == "<" else fill + text
