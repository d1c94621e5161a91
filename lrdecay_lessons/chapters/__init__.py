"""What the chapters need and the library does not: one module per chapter, named like its notebook.

Job: the figures, tables, views and experiments of one chapter (``chNN_<name>.py``, imported
only by that chapter, its exercises and the course summary), plus three modules several
chapters share: :mod:`.course` (the chapter list), :mod:`.catalog` (titles, example
parameters and sliders of the schedules) and :mod:`.article` (the article's worked examples
and errata). May import: every layer below -- schedules, training, frameworks, display.
Nothing is imported here: a chapter loads only the modules it uses.
"""

__all__ = [
    "course", "catalog", "article",
    "ch00_course_map", "ch01_why_decay", "ch03_exponential_decay", "ch04_polynomial_decay",
    "ch05_cosine_annealing", "ch06_comparison", "ch07_hands_on", "ch07_lab", "ch07_training_panel",
    "ch10_frameworks", "ch11_applications", "ch12_summary",
]
