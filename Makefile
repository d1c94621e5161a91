# Two commands are all the set-up the course needs:
#   make lab [PORT=8890]   set up .venv (once) and open JupyterLab on the course map
#   make test              set up .venv (once), then the layer contract, unit tests + nbval over every notebook
#   make clean             remove .venv and the caches (the next make builds everything again)
# A broken .venv (its Python gone, no pip, the course or a test tool missing) is found and
# rebuilt by the next make, which says so (tools/venv_check.py).
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

.PHONY: lab test setup venv-check notebooks benchmark slides clean

# Check the venv first, then (in a second make, which sees what the check removed) build what is missing.
setup:
	@$(MAKE) --no-print-directory venv-check
	@$(MAKE) --no-print-directory -q $(STAMP) || $(MAKE) --no-print-directory $(STAMP)

# Exit 1 (or a Python that does not start): recreate .venv; exit 2: reinstall into it.
venv-check:
	@if [ -e $(VENV) ]; then \
	  reason=$$($(BIN)/python -I tools/venv_check.py "$(CURDIR)" 2>&1); status=$$?; \
	  if [ $$status -eq 2 ]; then \
	    echo "make: .venv is incomplete ($$reason); reinstalling the course and its tools into it."; \
	    rm -f $(STAMP); \
	  elif [ $$status -eq 1 ]; then \
	    echo "make: .venv is broken ($$reason); rebuilding it from scratch."; \
	    rm -rf $(VENV); \
	  elif [ $$status -ne 0 ]; then \
	    echo "make: .venv is broken (its Python does not start: $$(echo "$$reason" | tail -n 1)); rebuilding it from scratch."; \
	    rm -rf $(VENV); \
	  fi; \
	fi

$(STAMP): pyproject.toml constraints.txt tools/lab_overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab]'
	# JupyterLab saves the widgets' state with the notebook, so a saved and reopened chapter shows its
	# panels instead of "Error displaying widget: model not found" (a learner never has to find the setting).
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/lab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# Localhost only, with JupyterLab's token login; as root (containers) Jupyter needs --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# PORT=8890 serves on that port (and fails if it is taken); without it Jupyter picks 8888 or the next free one.
PORT ?=
PORT_FLAG := $(if $(strip $(PORT)),--port=$(strip $(PORT)) --ServerApp.port_retries=0,)

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 $(PORT_FLAG) $(ALLOW_ROOT) notebooks/00_course_map.ipynb

test: setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env $(TESTS) $(NOTEBOOKS)

# Re-run notebooks top to bottom in fresh kernels and save them, with no timing metadata
# and stable widget ids, so an unchanged notebook gives an empty `git diff`.
notebooks: setup
	$(BIN)/python -m lrdecay_lessons.authoring.notebooks --jobs $(JOBS) $(NB)

# One reveal.js deck per chapter in build/slides/ (sections are slides; open the .html in a browser).
slides: setup
	$(BIN)/jupyter nbconvert --to slides --SlidesExporter.reveal_scroll=True --output-dir build/slides notebooks/*.ipynb

benchmark: setup
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_lab.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build
