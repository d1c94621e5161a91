#!/usr/bin/env bash
# `make test-binder`: the Binder files against a stand-in for repo2docker's Python 3.11 environment, offline.
# repo2docker's base is conda; its Jupyter packages (repo2docker/buildpacks/conda/environment.py-3.11-linux-64.lock,
# 2025-11) are installed here from PyPI at the same versions, then binder/requirements.txt exactly as repo2docker
# runs it (pip install -r, from the repository), then `pip check`, then binder/postBuild.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
env=build/binder-env
rm -rf "$env"
"$python" -m venv "$env"
pip=("$env/bin/python" -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" jupyterlab==4.4.10 notebook==7.4.7 jupyter_server==2.17.0 jupyterhub==5.4.2 ipywidgets==8.1.8 \
  jupyter-resource-usage==1.2.0 jupyterlab-myst==2.4.2 jupyter-offlinenotebook==0.3.2
"${pip[@]}" -r binder/requirements.txt
"$env/bin/python" -m pip check
NB_PYTHON_PREFIX="$env" bash binder/postBuild
"$env/bin/python" - "$env" <<'PY'
import json, sys
from importlib.metadata import version
from pathlib import Path

pins = dict(line.strip().split("==") for line in open("constraints.txt") if "==" in line)
for name in ("jupyterlab", "notebook", "ipywidgets"):
    assert version(name) == pins[name], (name, version(name), pins[name])
for extra in ("pytest", "nbval", "hypothesis", "nbgrader", "sphinx", "playwright"):
    try:
        version(extra)
    except Exception:
        continue
    raise SystemExit(f"binder: {extra} (a test/book/grading extra) is installed")
settings = Path(sys.argv[1]) / "share/jupyter/lab/settings/overrides.json"
assert json.loads(settings.read_text()) == json.loads(Path("tools/lab_overrides.json").read_text())
import lrdecay_lessons  # noqa: F401  the course imports
print(f"binder: pip check clean; jupyterlab {version('jupyterlab')}, notebook {version('notebook')}, "
      "no test extras, course settings installed")
PY
