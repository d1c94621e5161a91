"""The slider panels' browser module (webpanel/ -> lrdecay_lessons/display/static/panel.js) is the build of
its sources as they are, from the pinned lock file, and needs no network."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from lrdecay_lessons.display.browser_panel import PANEL_MODULE

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "webpanel"


def test_the_build_is_from_the_files_as_they_are():
    """`make webpanel` records the sha256 of what it built from; each still matches, and every source is listed."""
    recorded = [line.split("  ", 1) for line in (SOURCE / "built-from.sha256").read_text().splitlines()]
    names = {name for _, name in recorded}
    sources = {str(p.relative_to(SOURCE)) for p in (SOURCE / "src").iterdir() if p.suffix in (".js", ".css")}
    assert names == {"package.json", "package-lock.json", "build.mjs"} | sources
    for digest, name in recorded:
        assert hashlib.sha256((SOURCE / name).read_bytes()).hexdigest() == digest, \
            f"webpanel/{name} changed since the build: run `make webpanel` and commit its output"


def test_the_lock_pins_what_package_json_names():
    package = json.loads((SOURCE / "package.json").read_text())
    lock = json.loads((SOURCE / "package-lock.json").read_text())["packages"]
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert lock[f"node_modules/{name}"]["version"] == version


def test_the_module_is_one_self_contained_es_module():
    """No import of anything outside the file (no CDN, no node_modules at run time); uPlot is inside."""
    text = PANEL_MODULE.read_text()
    assert not re.search(r"""\bimport\s*(?:[\w{}*,\s]+from\s*)?["']""", text)
    assert not re.findall(r"https?://", text), "the module names a web address: it must load nothing"
    assert "export" in text and "render" in text
    assert ".u-title" in text  # uPlot's stylesheet is bundled as text
