"""How wide text is in a monospace column: a Chinese character takes two columns, a Latin letter one.

Job: display widths and padding for the plain-text tables (:class:`lrdecay_lessons.display.Table`,
:meth:`lrdecay_lessons.training.Comparison.table`). May import: the standard library only.

``str.ljust`` pads to a number of *characters*; a terminal or a notebook's ``text/plain`` output
draws a wide character (Unicode East Asian Width ``W`` or ``F``: 汉字, full-width punctuation such
as ``，`` and ``（``) two columns wide, so a column with Chinese in it would come out too wide. Here

.. math:: \\operatorname{width}(s) = \\sum_{c \\in s} \\begin{cases} 2 & \\text{if } c \\text{ is W or F} \\\\ 1 & \\text{otherwise} \\end{cases}

and padding fills to a width, not a length. Text with no wide character (every English table) has
``width(s) == len(s)``, so English output is unchanged. Ambiguous characters (``η``, ``—``, ``±``)
count one column, as monospace fonts for Latin text draw them.
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "pad"]

_WIDE = frozenset({"W", "F"})


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: 2 per wide character (East Asian Width W or F), 1 per other."""
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` columns: ``"<"`` on the right (like ``str.ljust``), ``">"`` on the left.

    Text already ``width`` columns wide or wider comes back unchanged.
    """
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text
