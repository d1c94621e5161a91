"""Tools for writing the course, run from the command line: slide marks and clean notebook re-runs.

Job: keep the notebooks' metadata right (``python -m lrdecay_lessons.authoring.slides``) and
re-execute notebooks so that an unchanged notebook gives no diff
(``python -m lrdecay_lessons.authoring.notebooks``), and check that every number in a chapter's
prose is one its code prints (``python -m lrdecay_lessons.authoring.prose_numbers``). May import:
every other layer (it reads the chapter list); nothing imports it.
"""
