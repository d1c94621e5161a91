"""The files a lecturer deploys with (deploy/, binder/): what they set, checked without starting anything.
`make test-hub` and `make test-binder` run them for real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
HUB_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"


def load_hub_config(monkeypatch, tmp_path, password: str) -> Config:
    monkeypatch.setenv("LRDECAY_HUB_DIR", str(tmp_path))
    monkeypatch.setenv("LRDECAY_HUB_PASSWORD", password)
    config = Config()
    exec(compile(HUB_CONFIG.read_text(), str(HUB_CONFIG), "exec"),
         {"get_config": lambda: config, "__file__": str(HUB_CONFIG)})
    return config


def test_the_hub_serves_jupyterlab_on_this_machine_with_one_blas_thread_and_culling(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path, "a-long-enough-password")
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.Spawner.default_url == "/lab"
    assert c.Spawner.environment["OPENBLAS_NUM_THREADS"] == c.Spawner.environment["OMP_NUM_THREADS"] == "1"
    assert c.Spawner.environment["LRDECAY_WORKERS"] == "1"
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args
    assert "--LabApp.extension_manager=readonly" in c.Spawner.args
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"] and "--timeout=3600" in culler["command"]
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")


def test_the_hub_refuses_to_start_without_a_shared_password(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="LRDECAY_HUB_PASSWORD must be a shared password of at least 8 characters; "
                                         "got 3 characters"):
        load_hub_config(monkeypatch, tmp_path, "abc")


def test_the_proxy_is_pinned_by_the_lock_file():
    wanted = json.loads((ROOT / "deploy" / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "deploy" / "package-lock.json").read_text())["packages"]
    for name, version in wanted.items():
        assert lock[f"node_modules/{name}"]["version"] == version


def test_binder_installs_the_course_with_jupyterlab_and_a_notebook_that_accepts_it():
    lines = [line.split("#")[0].strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines() if "==" in line)
    assert lines == ["-c ../constraints.txt", ".[lab]", f"notebook=={pins['notebook']}"]
    assert "lab_overrides.json" in (ROOT / "binder" / "postBuild").read_text()


def test_the_cluster_values_are_the_measured_estimate():
    results = (ROOT / "benchmarks" / "results" / "chapters.md").read_text()
    guarantee = re.search(r"as the memory guarantee: (\d+) MB", results).group(1)
    limit = re.search(r"as the limit: (\d+) MB", results).group(1)
    cores = re.search(r"([\d.]+) cores per student", results).group(1)
    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())["singleuser"]
    assert values["memory"] == {"guarantee": f"{guarantee}M", "limit": f"{limit}M"}
    assert values["cpu"]["guarantee"] == float(cores) and values["cpu"]["limit"] == 1
    assert values["extraEnv"]["OPENBLAS_NUM_THREADS"] == values["extraEnv"]["LRDECAY_WORKERS"] == "1"
    assert "LRDECAY_WORKERS=1" in (ROOT / "deploy" / "z2jh" / "Dockerfile").read_text()


def test_binder_and_the_image_install_the_save_hook_merged_into_an_existing_config(tmp_path):
    assert "tools/install_server_config.py" in (ROOT / "binder" / "postBuild").read_text()
    assert "tools/install_server_config.py /usr/local" in (ROOT / "deploy" / "z2jh" / "Dockerfile").read_text()
    import json
    import subprocess
    import sys
    target = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"ServerApp": {"ip": "0.0.0.0"}, "ContentsManager": {"allow_hidden": True}}))
    subprocess.run([sys.executable, str(ROOT / "tools" / "install_server_config.py"), str(tmp_path)], check=True,
                   capture_output=True)
    config = json.loads(target.read_text())
    assert config["ServerApp"] == {"ip": "0.0.0.0"} and config["ContentsManager"]["allow_hidden"] is True
    assert config["ContentsManager"]["pre_save_hook"] == "lrdecay_lessons.authoring.lab_save.keep_stored_widget_state"
