"""The package's one error for a bad parameter: the bottom layer, so that every layer can raise it.

Job: :class:`InvalidParameterError`, raised by every check of a parameter in the package
(most through :mod:`lrdecay_lessons.schedules.validation`). May import: nothing.
"""

__all__ = ["InvalidParameterError"]


class InvalidParameterError(ValueError, TypeError):
    """A parameter with a bad value or of a bad type: the message names it as the caller wrote it,
    the value given and what is allowed.

    Like scikit-learn's error of the same name it is both a :class:`ValueError` and a
    :class:`TypeError`, so ``except ValueError`` and ``except TypeError`` both catch a bad
    parameter, whichever way it was wrong.

    >>> issubclass(InvalidParameterError, ValueError) and issubclass(InvalidParameterError, TypeError)
    True
    """
