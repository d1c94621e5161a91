"""Install the course's Jupyter server settings (tools/jupyter_server_config.json) into a Python environment,
merged into a jupyter_server_config.json that may already be there (Binder's postBuild, the hub image).

    python tools/install_server_config.py [PREFIX]    # default: this Python's sys.prefix

The setting: the save hook that keeps a notebook's stored widget state when it is saved before Run All
(lrdecay_lessons.authoring.lab_save). `make setup` copies the file into .venv itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COURSE = Path(__file__).resolve().parent / "jupyter_server_config.json"


def install(prefix: Path) -> Path:
    target = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    for section, values in json.loads(COURSE.read_text(encoding="utf-8")).items():
        config.setdefault(section, {}).update(values)
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print("installed", install(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(sys.prefix)))
