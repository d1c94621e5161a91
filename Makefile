# Two commands are all the set-up the course needs:
#   make lab [PORT=8890]   set up .venv (once) and open JupyterLab on the course map
#   make test              set up .venv (once), then the layer contract, unit tests + nbval over every notebook
#   make clean             remove .venv and the caches (the next make builds everything again)
# A broken .venv (its Python gone, no pip, the course or a test tool missing) is found and
# rebuilt by the next make, which says so (tools/venv_check.py).
# For authors:
#   make notebooks [NB=notebooks/02_step_decay.ipynb]   re-run and save (no diff when nothing changed)
# The course offline (stored outputs, no kernel, no CDN; README, "The course offline"):
#   make book       build/book/      the web book (open build/book/index.html)
#   make slides     build/slides/    one reveal.js deck per chapter
#   make handouts   build/handouts/  one PDF per chapter, printed from the book
#   make test-browser                headless Chromium checks the book, the slides and the chapters in
#                                    JupyterLab (Run All, sliders, save and reopen), outside hosts blocked
#   make test-lab                    only the JupyterLab part of it
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every notebook is validated against its stored outputs (strict nbval);
# run a single one with:  make test NOTEBOOKS=notebooks/02_step_decay.ipynb TESTS=
TESTS ?= tests lrdecay_lessons
# The browser tests need the built book and slides and Chromium: `make test-browser` runs them.
TEST_IGNORE := --ignore=tests/browser
NOTEBOOKS ?= notebooks
NB ?= notebooks/*.ipynb
# Test files run side by side on every core; each notebook stays on one worker (nbval needs its cells in order).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: lab test setup venv-check notebooks benchmark book slides handouts test-browser test-lab browser-deps clean

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
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env $(TEST_IGNORE) $(TESTS) $(NOTEBOOKS)

# Re-run notebooks top to bottom in fresh kernels and save them, with no timing metadata
# and stable widget ids, so an unchanged notebook gives an empty `git diff`.
notebooks: setup
	$(BIN)/python -m lrdecay_lessons.authoring.notebooks --jobs $(JOBS) $(NB)

# ---- The course offline: book, slides, handouts ------------------------------------------------
# The extras `book` (Sphinx, myst-nb, sphinx-book-theme) and `browser` (Playwright), pinned like the rest.
BOOK_STAMP := $(VENV)/.installed-book
# Browser assets from the npm packages pinned in book/package-lock.json, never a CDN.
NPM_STAMP := book/node_modules/.installed

$(BOOK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab,book,browser]'
	touch $(BOOK_STAMP)

$(NPM_STAMP): book/package.json book/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (Debian: apt-get install -y npm)" >&2; exit 1; }
	npm ci --prefix book --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NPM_STAMP)

# Debian's Chromium and a font with Chinese glyphs (apt as root; otherwise the command to run).
browser-deps:
	bash book/browser-deps.sh

# The web book: every chapter's stored outputs (nothing executed), the course map as landing page.
book: setup $(BOOK_STAMP) $(NPM_STAMP)
	rm -rf build/book build/vendor/book
	$(BIN)/python book/vendor.py book build/vendor/book
	$(BIN)/sphinx-build -q -b html -c book notebooks build/book
	@echo "book: open build/book/index.html"

# One reveal.js deck per chapter (# and ## sections are slides, cut into sub-slides that fit a screen,
# with speaker notes: lrdecay_lessons/authoring/deck.py writes the cut copies to build/deck); assets in build/slides/_assets.
SLIDES_ASSETS := _assets
slides: setup $(BOOK_STAMP) $(NPM_STAMP)
	rm -rf build/slides build/deck
	$(BIN)/python -m lrdecay_lessons.authoring.deck build/deck notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --to slides --log-level=WARN \
	  --TemplateExporter.extra_template_basedirs=book/templates --template offline-slides \
	  --SlidesExporter.reveal_theme=white \
	  --SlidesExporter.reveal_url_prefix=$(SLIDES_ASSETS)/reveal.js \
	  '--SlidesExporter.mathjax_url=$(SLIDES_ASSETS)/mathjax2/MathJax.js?config=TeX-AMS_CHTML-full,Safe' \
	  --SlidesExporter.require_js_url=$(SLIDES_ASSETS)/require.js \
	  --SlidesExporter.jquery_url=$(SLIDES_ASSETS)/jquery.min.js \
	  --SlidesExporter.font_awesome_url=$(SLIDES_ASSETS)/font-awesome/css/font-awesome.min.css \
	  --SlidesExporter.widget_renderer_url=$(SLIDES_ASSETS)/html-manager/embed-amd.js \
	  --output-dir build/slides build/deck/*.ipynb
	$(BIN)/python book/vendor.py slides build/slides/$(SLIDES_ASSETS)
	@echo "slides: open build/slides/NN_name.slides.html"

# A lecturer's handout: each chapter of the book printed to PDF by headless Chromium.
handouts: book browser-deps
	$(BIN)/python book/handouts.py build/book build/handouts

# Headless Chromium (Playwright, Debian's browser) opens the book and the slides, and drives every
# chapter with a panel in JupyterLab (tests/browser/test_lab.py), with every outside host blocked.
# Not part of `make test`. `make test-lab` runs the JupyterLab tests alone (no book or slides build).
test-browser: setup book slides handouts browser-deps
	$(BIN)/python -m pytest tests/browser

test-lab: setup $(BOOK_STAMP) browser-deps
	$(BIN)/python -m pytest tests/browser/test_lab.py

benchmark: setup
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_lab.py
	$(BIN)/python benchmarks/bench_redraw.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build
