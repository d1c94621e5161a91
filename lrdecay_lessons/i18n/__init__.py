"""The course's language: English (the source) or Chinese (中文), chosen once per kernel.

Job: the language setting, :func:`tr` and :class:`Text`, and where the catalogs and the Chinese font
are. May import: errors only (and the standard library's gettext).

Every string the package shows a reader (figure titles, axis labels, legends, table headers,
verdicts, widget labels, exercise questions, hints and feedback) is written in English in the
source and passed through :func:`tr` where it is shown. In Chinese, :func:`tr` looks the English
text up in the package's gettext catalog (``i18n/locale/zh/LC_MESSAGES/lrdecay_lessons.po``,
compiled to the ``.mo`` beside it); in English it returns the text unchanged.

Text with numbers in it is a template: ``tr("{n} of {m} seeds").format(n=5, m=5)``, or a
:class:`Text`, which keeps the template and its values and is translated when it is shown
(so that an exercise built at import time speaks the language chosen later, in the setup cell).

The language is set by :func:`set_language` (``use_course_style(lang="zh")`` calls it); like
Matplotlib's ``rcParams`` it is one setting per kernel, not hidden in any object.
"""

from __future__ import annotations

import gettext
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InvalidParameterError

__all__ = ["LANGUAGES", "Text", "language", "set_language", "tr", "catalog_path", "cjk_fonts"]

#: Languages the course speaks: the English source and the Chinese edition.
LANGUAGES = ("en", "zh")
_DOMAIN = "lrdecay_lessons"
_LOCALE = Path(__file__).parent / "locale"
_setting = {"language": "en"}


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    """Where the package's catalog for ``lang`` lives (``.po`` source or compiled ``.mo``)."""
    return _LOCALE / lang / "LC_MESSAGES" / f"{_DOMAIN}{suffix}"


def cjk_fonts() -> list[Path]:
    """The shipped Chinese font files (Noto Sans CJK SC subset, Regular then Bold; licence ``fonts/OFL.txt``)."""
    return [Path(__file__).parent / "fonts" / f"NotoSansCJKsc-{weight}-subset.otf" for weight in ("Regular", "Bold")]


def set_language(lang: str) -> None:
    """Choose the language of everything the package shows from now on: ``"en"`` or ``"zh"``."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        allowed = ", ".join(repr(code) for code in LANGUAGES)
        raise InvalidParameterError(f"lang must be one of {allowed}; got lang={lang!r}.")
    _setting["language"] = lang


def language() -> str:
    """The language chosen by :func:`set_language` (``"en"`` until one is chosen)."""
    return _setting["language"]


@lru_cache(maxsize=None)
def _translations(lang: str) -> gettext.NullTranslations:
    path = catalog_path(lang, ".mo")
    if not path.exists():
        return gettext.NullTranslations()
    with open(path, "rb") as file:
        return gettext.GNUTranslations(file)


def tr(message: str, lang: str | None = None) -> str:
    """``message`` in the course's language (``lang`` overrides it): the catalog's translation, or ``message``."""
    lang = language() if lang is None else lang
    if lang == "en" or not message:
        return message
    return _translations(lang).gettext(message)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Text:
    """A template and its values, translated when shown: ``str(Text("{n} steps", n=3))``.

    Parameters
    ----------
    template : str
        English text with ``str.format`` fields, the catalog's key.
    **values
        The fields' values; a value that is itself a :class:`Text` is translated too.
    """

    template: str
    values: dict[str, Any] = field(default_factory=dict)

    def __init__(self, template: str, /, **values: Any) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "values", values)

    def __str__(self) -> str:
        shown = {k: str(v) if isinstance(v, Text) else v for k, v in self.values.items()}
        return tr(self.template).format(**shown)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)
