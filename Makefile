# Two commands are all the set-up the course needs:
#   make lab    set up .venv (once) and open JupyterLab on the course map
#   make test   set up .venv (once), then unit tests + nbval over every notebook
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every notebook is validated against its stored outputs (strict nbval);
# run a single one with:  make test NOTEBOOKS=notebooks/02_step_decay.ipynb TESTS=
TESTS ?= tests lrdecay_lessons
NOTEBOOKS ?= notebooks

.PHONY: lab test setup benchmark slides clean

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
	$(BIN)/python -m pytest --nbval --nbval-current-env $(TESTS) $(NOTEBOOKS)

# One reveal.js deck per chapter in build/slides/ (sections are slides; open the .html in a browser).
slides: $(STAMP)
	$(BIN)/jupyter nbconvert --to slides --SlidesExporter.reveal_scroll=True --output-dir build/slides notebooks/*.ipynb

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build
