# Two commands are all the set-up the course needs:
#   make lab    set up .venv (once) and open JupyterLab on the course map
#   make test   set up .venv (once), then the layer contract, unit tests + nbval over every notebook
# For authors:
#   make notebooks [NB=notebooks/02_step_decay.ipynb]   re-run and save (no diff when nothing changed)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every notebook is validated against its stored outputs (strict nbval);
# run a single one with:  make test NOTEBOOKS=notebooks/02_step_decay.ipynb TESTS=
TESTS ?= tests lrdecay_lessons
NOTEBOOKS ?= notebooks
NB ?= notebooks/*.ipynb
# Test files run side by side on every core; each notebook stays on one worker (nbval needs its cells in order).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: lab test setup notebooks benchmark slides clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab]'
	touch $(STAMP)

# Localhost only, with JupyterLab's token login; as root (containers) Jupyter needs --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ALLOW_ROOT) notebooks/00_course_map.ipynb

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env $(TESTS) $(NOTEBOOKS)

# Re-run notebooks top to bottom in fresh kernels and save them, with no timing metadata
# and stable widget ids, so an unchanged notebook gives an empty `git diff`.
notebooks: $(STAMP)
	$(BIN)/python -m lrdecay_lessons.authoring.notebooks --jobs $(JOBS) $(NB)

# One reveal.js deck per chapter in build/slides/ (sections are slides; open the .html in a browser).
slides: $(STAMP)
	$(BIN)/jupyter nbconvert --to slides --SlidesExporter.reveal_scroll=True --output-dir build/slides notebooks/*.ipynb

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_lab.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build
