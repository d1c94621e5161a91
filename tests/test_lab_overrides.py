"""The classroom settings the course installs for JupyterLab (`make setup`, the hub, Binder): every one is a
setting the installed JupyterLab defines, with a value its schema allows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = json.loads((ROOT / "tools" / "lab_overrides.json").read_text())
SCHEMA_DIRS = (Path(sys.prefix) / "share/jupyter/lab/schemas",)


def plugin_schema(plugin: str) -> dict:
    package, name = plugin.rsplit(":", 1)
    candidates = [d / package / f"{name}.json" for d in SCHEMA_DIRS]
    candidates.append(Path(sys.prefix) / "share/jupyter/labextensions" / package / "schemas" / package / f"{name}.json")
    found = [path for path in candidates if path.exists()]
    assert found, f"no schema for {plugin} in {candidates}"
    return json.loads(found[0].read_text())


def test_a_classroom_gets_no_news_pop_up_and_no_extension_installs():
    notification = OVERRIDES["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}  # "false" is the schema's "Never"
    assert OVERRIDES["@jupyterlab/extensionmanager-extension:plugin"] == {"enabled": False}


@pytest.mark.parametrize("plugin", sorted(OVERRIDES))
def test_every_setting_is_one_the_installed_jupyterlab_reads(plugin):
    schema = plugin_schema(plugin)
    for name, value in OVERRIDES[plugin].items():
        assert name in schema["properties"], name
        jsonschema.validate(value, schema["properties"][name])
