"""What the chapters need and the library does not: one module per chapter, named like its notebook.

Job: the figures, tables and views of one chapter (``chNN_<name>.py``, imported only by that
chapter's notebook, its other ``chNN_`` modules and its exercises; never by another chapter's
module or notebook, which ``tests/test_chapters_imports.py`` checks), plus the modules several
chapters share: :mod:`.course` (the chapter list), :mod:`.catalog` (titles, example
parameters and sliders of the schedules), :mod:`.article` (the article's worked examples
and errata), :mod:`.evidence` (paired comparisons as a table), :mod:`.sgd_effect`
("what this schedule does to SGD" in chapters 02-06), :mod:`.boxes` (the framework boxes of
chapters 07-10, checked against the experiments) and :mod:`.recipe_text` (the published recipes'
text in the reader's language, chapters 13 and 14). May import: every layer below --
experiments, schedules, training, frameworks, display.
Nothing is imported here: a chapter loads only the modules it uses.
"""

__all__ = [
    "course", "catalog", "article", "evidence", "sgd_effect", "boxes", "recipe_text",
    "ch00_course_map", "ch01_why_decay", "ch03_exponential_decay", "ch04_polynomial_decay",
    "ch05_cosine_annealing", "ch06_comparison", "ch07_hands_on", "ch07_training_panel",
    "ch08_lab", "ch08_lab_panel", "ch09_warmup_lab", "ch10_schedules_of_today", "ch11_batch_size", "ch12_frameworks",
    "ch12_recorded_calls", "ch13_applications", "ch14_summary",
]
