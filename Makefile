# Two commands are all the set-up the course needs:
#   make lab [PORT=8890]   set up .venv (once) and open JupyterLab on the course map (on a copy in
#                          WORK_COPY=~/lrdecay-lessons-work when notebooks/ is read-only)
#   make lab-copy          the same, always on that copy (what you run and save stays out of the clone)
#   make lab LANG=zh       中文版: the Chinese edition (notebooks/zh) in JupyterLab in Chinese
#   make test              set up .venv (once), then the layer contract, unit tests + nbval over every notebook
#   make clean             remove .venv and the caches (the next make builds everything again)
# A broken .venv (its Python gone, no pip, the course or a test tool missing) is found and
# rebuilt by the next make, which says so (tools/venv_check.py).
# For authors:
#   make notebooks [NB=notebooks/02_step_decay.ipynb]   re-run and save (no diff when nothing changed)
#   make labextension   rebuild the course's JupyterLab extension (labextension/ -> share/jupyter/labextensions/,
#                       committed; needs npm)
#   make translations   the Chinese edition follows the English: catalogs updated (i18n/zh/*.po, the package's
#                       parts), the package catalog compiled, notebooks/zh generated and run (README.zh.md)
#   make webpanel       rebuild the slider panels' browser module (webpanel/ -> lrdecay_lessons/display/static/panel.js,
#                       committed; needs npm)
#   make claims [TUNING="100 101 102"] [SEEDS="110 111 112 113 114"]   re-draw every headline verdict on
#                    seeds no chapter uses; fails when one changes (README, "Evidence")
# The course offline (stored outputs, no kernel, no CDN; README, "The course offline"):
#   make book       build/book/      the web book (open build/book/index.html)
#   make slides     build/slides/    one reveal.js deck per chapter
#   make handouts   build/handouts/  one PDF per chapter, printed from the book
#   make test-browser                headless Chromium checks the book, the slides and the chapters in
#                                    JupyterLab (Run All, sliders, save and reopen), outside hosts blocked
#   make test-lab                    only the JupyterLab part of it
# The Python that builds .venv: 3.11 or newer (pyproject's requires-python; 3.11, 3.12 and 3.13 are
# tested). tools/python_check.py refuses an older one by its version before anything is installed.
PYTHON ?= $(shell command -v python3.11 || command -v python3 || echo python3)
# Only a PYTHON you name (make setup PYTHON=python3.12) rebuilds a .venv made by another Python.
PYTHON_GIVEN := $(filter command line environment,$(origin PYTHON))
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

.PHONY: translations webpanel claims lab lab-copy test setup setup-locked venv-check notebooks benchmark book slides handouts test-browser test-lab browser-deps clean

# Check the venv first, then (in a second make, which sees what the check removed) build what is missing.
# One set-up at a time per checkout: a second `make setup` says so and waits (tools/setup_lock.py).
setup:
	@py="$(PYTHON)"; command -v "$$py" >/dev/null || { test -z "$(PYTHON_GIVEN)" && py=$(BIN)/python; }; \
	  test -x "$$(command -v "$$py")" || { echo "make: Python not found: PYTHON=$(PYTHON) is no command here; the" \
	    "course needs Python 3.11 or newer: make setup PYTHON=python3.11 (or a full path)" >&2; exit 1; }; \
	  "$$py" tools/setup_lock.py $(VENV).lock $(MAKE) --no-print-directory setup-locked

setup-locked:
	@$(MAKE) --no-print-directory venv-check
	@$(MAKE) --no-print-directory -q $(STAMP) || $(MAKE) --no-print-directory $(STAMP)

# Exit 1 (or a Python that does not start): recreate .venv; exit 2: reinstall into it.
venv-check:
	@if [ -e $(VENV) ]; then \
	  $(if $(PYTHON_GIVEN),$(PYTHON) tools/python_check.py >/dev/null || exit 1; wanted=$$($(PYTHON) tools/python_check.py --identity);,wanted=;) \
	  reason=$$($(BIN)/python -I tools/venv_check.py "$(CURDIR)" --python "$$wanted" 2>&1); status=$$?; \
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

# The course's JupyterLab extension, committed prebuilt (labextension/ has its source; `make labextension` rebuilds it).
LABEXT := lrdecay-lessons-open-unmodified
LABEXT_BUILT := share/jupyter/labextensions/$(LABEXT)

$(STAMP): pyproject.toml constraints.txt tools/lab_overrides.json tools/jupyter_server_config.json $(LABEXT_BUILT)/package.json
	test -x $(BIN)/python || { $(PYTHON) tools/python_check.py && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab]'
	# JupyterLab saves the widgets' state with the notebook, so a saved and reopened chapter shows its
	# panels instead of "Error displaying widget: model not found" (a learner never has to find the setting).
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/lab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	# A save before Run All keeps the stored widget state (lrdecay_lessons/authoring/lab_save.py).
	# (the server reads only extension switches from jupyter_server_config.d/, so the file itself)
	mkdir -p $(VENV)/etc/jupyter
	cp tools/jupyter_server_config.json $(VENV)/etc/jupyter/jupyter_server_config.json
	# A chapter opened in JupyterLab is not marked modified by the widget restore (labextension/src/index.ts).
	# A wheel install (Binder, the hub image) puts it there from pyproject's data-files; an editable one does not.
	rm -rf $(VENV)/share/jupyter/labextensions/$(LABEXT)
	mkdir -p $(VENV)/share/jupyter/labextensions
	cp -R $(LABEXT_BUILT) $(VENV)/share/jupyter/labextensions/$(LABEXT)
	touch $(STAMP)

# Rebuild the extension from labextension/src with the npm packages pinned in labextension/package-lock.json
# (TypeScript, @jupyter/builder, JupyterLab 4.6.6's core-meta); commit the output in $(LABEXT_BUILT).
.PHONY: labextension
labextension:
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (Debian: apt-get install -y npm)" >&2; exit 1; }
	npm ci --prefix labextension --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf labextension/lib $(LABEXT_BUILT)/static
	npm run --prefix labextension build
	printf '%s\n' '{' '  "packageManager": "python",' '  "packageName": "lrdecay-lessons",' \
	  '  "uninstallInstructions": "Use your Python package manager (pip) to uninstall the package lrdecay-lessons"' '}' \
	  > $(LABEXT_BUILT)/install.json
	# What it was built from (tests/test_labextension.py compares): a source changed without a rebuild fails there.
	cd labextension && sha256sum package.json package-lock.json tsconfig.json src/*.ts > built-from.sha256

# The slider panels' ES module (webpanel/: the schedule formulas in JavaScript, uPlot, esbuild from the lock file),
# committed prebuilt; tests/test_webpanel.py checks that it was built from the sources as they are.
webpanel:
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (Debian: apt-get install -y npm)" >&2; exit 1; }
	npm ci --prefix webpanel --no-audit --no-fund --ignore-scripts --loglevel=error
	cd webpanel && node build.mjs
	cd webpanel && sha256sum package.json package-lock.json build.mjs src/*.js src/*.css > built-from.sha256

# Localhost only, with JupyterLab's token login; as root (containers) Jupyter needs --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

# PORT=8890 serves on that port (and fails if it is taken); without it Jupyter picks 8888 or the next free one.
PORT ?=
PORT_FLAG := $(if $(strip $(PORT)),--port=$(strip $(PORT)) --ServerApp.port_retries=0,)

# A read-only notebooks/ (a shared install): the chapters are copied to WORK_COPY and Lab starts there.
WORK_COPY ?= $(HOME)/lrdecay-lessons-work

# LANG=zh (or a Chinese locale in the environment, LANG=zh_CN.UTF-8): the Chinese edition, notebooks/zh, in a
# JupyterLab whose menus are Chinese too (the extra `zh`: JupyterLab's zh-CN language pack, and Lab's own
# settings folder .venv/lab-settings-zh with the locale zh_CN). LANG=en: the English course.
EDITION := $(if $(filter zh%,$(LANG)),zh,en)
COURSE_DIR := $(if $(filter zh,$(EDITION)),notebooks/zh,notebooks)
COPY_DIR := $(if $(filter zh,$(EDITION)),$(WORK_COPY)/zh,$(WORK_COPY))
ZH_STAMP := $(VENV)/.installed-zh
ZH_SETTINGS := $(VENV)/lab-settings-zh
# A bare LANG=zh is no locale: the programs get C.UTF-8 instead; a real Chinese locale is passed on.
LAB_ENV := $(if $(filter zh,$(EDITION)),JUPYTERLAB_SETTINGS_DIR="$(CURDIR)/$(ZH_SETTINGS)" $(if $(filter zh,$(LANG)),LANG=C.UTF-8,),)
LAB_EXTRA := $(if $(filter zh,$(EDITION)),$(ZH_STAMP),)

$(ZH_STAMP): $(STAMP) tools/lab_zh_settings.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab,zh]'
	# Lab writes a learner's own setting changes here; the locale is set only where none is yet.
	mkdir -p $(ZH_SETTINGS)/@jupyterlab/translation-extension
	test -e $(ZH_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings || \
	  cp tools/lab_zh_settings.json $(ZH_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings
	touch $(ZH_STAMP)

lab: setup
	@$(if $(LAB_EXTRA),$(MAKE) --no-print-directory $(LAB_EXTRA),true)
	$(LAB_ENV) $(BIN)/python tools/work_copy.py $(COURSE_DIR) "$(COPY_DIR)" -- $(BIN)/jupyter lab --ip=127.0.0.1 $(PORT_FLAG) $(ALLOW_ROOT)

# A writable clone worked on in WORK_COPY all the same: saving a chapter never dirties the clone (README, FAQ).
lab-copy: setup
	@$(if $(LAB_EXTRA),$(MAKE) --no-print-directory $(LAB_EXTRA),true)
	$(LAB_ENV) $(BIN)/python tools/work_copy.py --always $(COURSE_DIR) "$(COPY_DIR)" -- $(BIN)/jupyter lab --ip=127.0.0.1 $(PORT_FLAG) $(ALLOW_ROOT)

test: setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env $(TEST_IGNORE) $(TESTS) $(NOTEBOOKS)

# The Chinese edition (lrdecay_lessons/authoring/translation.py): catalogs follow the English, then the chapters
# whose catalogs are complete are generated and run; `check` lists what still needs a translator.
translations: setup
	$(BIN)/python -m lrdecay_lessons.authoring.translation update
	$(BIN)/python -m lrdecay_lessons.authoring.translation update-package
	$(BIN)/python -m lrdecay_lessons.authoring.translation compile
	$(BIN)/python -m lrdecay_lessons.authoring.translation check || \
	  { echo "make translations: translate what is missing or stale above (i18n/zh/*.po), then run it again" >&2; exit 1; }
	$(BIN)/python -m lrdecay_lessons.authoring.translation generate --jobs $(JOBS)

# Every headline verdict of the course, drawn again with peaks tuned on TUNING and results on SEEDS.
TUNING ?= 100 101 102
SEEDS ?= 110 111 112 113 114
claims: setup
	$(BIN)/python -m lrdecay_lessons.experiments --tuning $(TUNING) --evaluation $(SEEDS)

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
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab,book,browser,zh]'
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
	LRDECAY_EDITION=zh $(BIN)/sphinx-build -q -b html -c book notebooks/zh build/book/zh
	@echo "book: open build/book/index.html (中文版: build/book/zh/index.html)"

# One reveal.js deck per chapter (# and ## sections are slides, cut into sub-slides that fit a screen,
# with speaker notes: lrdecay_lessons/authoring/deck.py writes the cut copies to build/deck); assets in build/slides/_assets.
# nbconvert's settings (the offline template, every script from _assets: its ASSETS) are in book/slides_config.py.
SLIDES_ASSETS := _assets
slides: setup $(BOOK_STAMP) $(NPM_STAMP)
	rm -rf build/slides build/deck
	$(BIN)/python -m lrdecay_lessons.authoring.deck build/deck notebooks/*.ipynb
	$(BIN)/python -m lrdecay_lessons.authoring.deck build/deck/zh notebooks/zh/*.ipynb
	$(BIN)/jupyter nbconvert --to slides --log-level=WARN --config book/slides_config.py \
	  --output-dir build/slides build/deck/*.ipynb
	$(BIN)/jupyter nbconvert --to slides --log-level=WARN --config book/slides_config.py \
	  --output-dir build/slides/zh build/deck/zh/*.ipynb
	$(BIN)/python book/vendor.py slides build/slides/$(SLIDES_ASSETS)
	$(BIN)/python book/vendor.py slides build/slides/zh/$(SLIDES_ASSETS)
	@echo "slides: open build/slides/NN_name.slides.html (中文版: build/slides/zh/)"

# A lecturer's handout: each chapter of the book printed to PDF by headless Chromium.
handouts: book browser-deps
	$(BIN)/python book/handouts.py build/book build/handouts
	$(BIN)/python book/handouts.py build/book/zh build/handouts/zh zh

# Headless Chromium (Playwright, Debian's browser) opens the book and the slides, and drives every
# chapter with a panel in JupyterLab (tests/browser/test_lab.py), with every outside host blocked.
# Not part of `make test`. `make test-lab` runs the JupyterLab tests alone (no book or slides build).
# Then the Chinese edition (LRDECAY_EDITION=zh: notebooks/zh, build/*/zh): its book, decks, handouts and panels,
# and JupyterLab in Chinese (test_lab_chinese.py); the JupyterLab and formula checks that do not depend on the
# edition run once, in English.
ZH_BROWSER_SKIP := --ignore=tests/browser/test_lab.py --ignore=tests/browser/test_lab_open_save.py \
  --ignore=tests/browser/test_training_panel_latency.py --ignore=tests/browser/test_js_schedules.py
test-browser: setup book slides handouts browser-deps
	$(BIN)/python -m pytest tests/browser --ignore=tests/browser/test_lab_chinese.py
	LRDECAY_EDITION=zh $(BIN)/python -m pytest $(ZH_BROWSER_SKIP) tests/browser

# Every browser check of the Chinese edition (its part of test-browser, alone).
.PHONY: test-browser-zh
test-browser-zh: setup book slides handouts browser-deps
	LRDECAY_EDITION=zh $(BIN)/python -m pytest $(ZH_BROWSER_SKIP) tests/browser

test-lab: setup $(BOOK_STAMP) browser-deps
	$(BIN)/python -m pytest tests/browser/test_lab.py tests/browser/test_lab_open_save.py

benchmark: setup
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_lab.py
	$(BIN)/python benchmarks/bench_stacked.py

clean:
	rm -rf $(VENV) $(VENV).lock .pytest_cache .hypothesis build

# ---- Teaching a class (README, "Teaching a class") ---------------------------------------------
.PHONY: assignments test-grade
# The extra `grade` (nbgrader), pinned like the rest; nbgrader runs `alembic` from PATH, hence the venv's bin.
GRADE_STAMP := $(VENV)/.installed-grade
SPEC ?= assignments/spec.json
COURSE ?= build/course

$(GRADE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab,grade]'
	touch $(GRADE_STAMP)

# nbgrader source notebooks from the exercise banks with the numbers of SPEC, in COURSE/source/<name>/.
assignments: setup $(GRADE_STAMP)
	$(BIN)/python -m lrdecay_lessons.authoring.assignments $(SPEC) $(COURSE)
	@echo "assignments: cd $(COURSE) && PATH=$(CURDIR)/$(BIN):\$$PATH nbgrader generate_assignment NAME"

# generate_assignment of every assignment of assignments/spec.json, then autograde of a right, a wrong and an empty submission of each
# (36 notebooks in one batch: 2 to 4 minutes on 2 shared cores).
test-grade: setup $(GRADE_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider assignments/test_grading.py

# Binder files (binder/) against a stand-in for repo2docker's base environment: pip check, the pins, postBuild
# (about 2 minutes of installs from the package index; not part of CI).
.PHONY: test-binder
test-binder:
	bash tools/binder_check.sh

# JupyterHub on 127.0.0.1 for a lecturer to try (deploy/jupyterhub_config.py): any name with the shared
# password HUB_PASSWORD; students' homes in build/hub/homes. The extra `hub`, and the proxy from npm.
.PHONY: hub test-hub
HUB_STAMP := $(VENV)/.installed-hub
HUB_NPM_STAMP := deploy/node_modules/.installed
HUB_PORT ?= 8000
HUB_PASSWORD ?=

$(HUB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lab,hub]'
	touch $(HUB_STAMP)

$(HUB_NPM_STAMP): deploy/package.json deploy/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js and npm (Debian: apt-get install -y npm)" >&2; exit 1; }
	npm ci --prefix deploy --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(HUB_NPM_STAMP)

hub: setup $(HUB_STAMP) $(HUB_NPM_STAMP)
	@test -n "$(HUB_PASSWORD)" || { echo "make hub HUB_PASSWORD=... : the shared password students log in with (8+ characters)" >&2; exit 1; }
	LRDECAY_HUB_PASSWORD='$(HUB_PASSWORD)' LRDECAY_HUB_PORT=$(HUB_PORT) PATH="$(CURDIR)/$(BIN):$$PATH" \
	  $(BIN)/jupyterhub -f deploy/jupyterhub_config.py

# Starts the hub, logs in 3 students, each pulls the course with nbgitpuller and runs chapter 02 (about 1 minute).
test-hub: setup $(HUB_STAMP) $(HUB_NPM_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider deploy/test_hub.py
