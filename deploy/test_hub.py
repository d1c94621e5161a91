"""`make test-hub`: deploy/jupyterhub_config.py serves the course to three students on 127.0.0.1.

The hub starts from the course's own config (plus an admin service token for the test), three students log in
with the shared password, each pulls the course with nbgitpuller from a local git repository, runs chapter 02
in a kernel of their own server, and the test checks the outputs have no error and each student's files are
their own. Needs the extra `hub` and `npm ci --prefix deploy` (make test-hub does both).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import pytest
import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = ("ada", "bo", "chen")
CHAPTER = "notebooks/02_step_decay.ipynb"
PULLED = "lrdecay-lessons"  # nbgitpuller's target folder in each home


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def course_repository(tmp: Path) -> tuple[str, str]:
    """A lecturer's course repository: this repository's committed files (HEAD) as one commit on ``main``."""
    course = tmp / "course"
    course.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(course)], input=archive, check=True)
    git = ["git", "-C", str(course), "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.org"]
    for args in (["init", "--quiet", "--initial-branch=main"], ["add", "--all"], ["commit", "--quiet", "-m", "course"]):
        subprocess.run([*git, *args], check=True, timeout=120)
    return f"file://{course}", "main"


class Hub:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=60, **kwargs)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hub")
    port, token = free_port(), secrets.token_hex(16)
    config = tmp / "test_config.py"
    config.write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})  # noqa: F821\n"
        f"c.JupyterHub.services.append({{'name': 'test-admin', 'api_token': {token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'test-admin', 'services': ['test-admin'], 'scopes': "
        "['admin:users', 'admin:servers', 'tokens', 'access:servers', 'list:services', 'read:services']})\n")
    password = secrets.token_urlsafe(12)
    env = {**os.environ, "LRDECAY_HUB_DIR": str(tmp / "state"), "LRDECAY_HUB_PORT": str(port),
           "LRDECAY_HUB_PASSWORD": password, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    log = (tmp / "hub.log").open("w")
    process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)], cwd=tmp,
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/hub/api/", timeout=5).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not start: {(tmp / 'hub.log').read_text()[-3000:]}")
        time.sleep(0.5)
    try:
        yield {"hub": Hub(url, token), "password": password, "state": tmp / "state", "tmp": tmp}
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the hub, its proxy, the culler and the students' servers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def log_in(url: str, name: str, password: str) -> requests.Response:
    session = requests.Session()
    form = session.get(f"{url}/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
    return session.post(f"{url}/hub/login?next=", data={"username": name, "password": password, "_xsrf": xsrf},
                        allow_redirects=False, timeout=30)


def wait_until_ready(hub: Hub, name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        server = hub.api("GET", f"/hub/api/users/{name}").json()["servers"].get("", {})
        if server.get("ready"):
            return
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not become ready")


def pull(hub: Hub, name: str, token: str, repo: str, branch: str) -> str:
    """nbgitpuller's API (what its link's page calls): the progress stream, until it says finished."""
    query = urlencode({"repo": repo, "branch": branch, "targetpath": PULLED})
    response = hub.api("GET", f"/user/{name}/git-pull/api?{query}", token=token, stream=True)
    response.raise_for_status()
    phases = [json.loads(line[len("data:"):]) for line in response.iter_lines(decode_unicode=True)
              if line.startswith("data:")]
    return phases[-1]["phase"] if phases else "none"


def run_notebook(hub: Hub, name: str, token: str, path: str) -> dict[str, list]:
    """Every code cell of the student's copy of ``path`` in a kernel of their server, in order; what came out."""
    session = hub.api("POST", f"/user/{name}/api/sessions", token=token,
                      json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}}).json()
    ws_url = hub.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{session['kernel']['id']}/channels"
    connection = websocket.create_connection(ws_url, header=[f"Authorization: token {token}"], timeout=120)
    stored = hub.api("GET", f"/user/{name}/api/contents/{path}", token=token).json()["content"]
    cells = [cell.source for cell in nbformat.from_dict(stored).cells if cell.cell_type == "code"]
    probe = ("import os; from lrdecay_lessons.training.parallel import worker_count; "
             "print(os.environ['OPENBLAS_NUM_THREADS'], worker_count(), os.getcwd())")
    seen: dict[str, list] = {"errors": [], "stderr": [], "probe": []}
    try:
        for code in [*cells, probe]:
            msg_id = uuid.uuid4().hex
            connection.send(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": uuid.uuid4().hex, "date": "",
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            while True:
                message = json.loads(connection.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id or message["channel"] != "iopub":
                    continue
                kind, content = message["header"]["msg_type"], message["content"]
                if kind == "error":
                    seen["errors"].append(f"{content['ename']}: {content['evalue']}")
                elif kind == "stream" and content["name"] == "stderr":
                    seen["stderr"].append(content["text"])
                elif kind == "stream" and code == probe:
                    seen["probe"].append(content["text"].strip())
                elif kind == "status" and content["execution_state"] == "idle":
                    break
    finally:
        connection.close()
        hub.api("DELETE", f"/user/{name}/api/sessions/{session['id']}", token=token)
    seen["cells"] = cells
    return seen


@pytest.fixture(scope="module")
def classroom(hub):
    h: Hub = hub["hub"]
    repo, branch = course_repository(hub["tmp"])
    logins = {name: log_in(h.url, name, hub["password"]) for name in STUDENTS}
    refused = log_in(h.url, "mallory", "not-the-password")
    tokens = {name: h.api("POST", f"/hub/api/users/{name}/tokens", json={"note": "test-hub"}).json()["token"]
              for name in STUDENTS}

    def one_student(name: str) -> dict:
        assert h.api("POST", f"/hub/api/users/{name}/server").status_code in (201, 202)
        wait_until_ready(h, name)
        phase = pull(h, name, tokens[name], repo, branch)
        run = run_notebook(h, name, tokens[name], f"{PULLED}/{CHAPTER}")
        note = h.api("PUT", f"/user/{name}/api/contents/{name}-notes.txt", token=tokens[name],
                     json={"type": "file", "format": "text", "content": f"{name} was here"})
        return {"phase": phase, "run": run, "note": note.status_code}

    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        results = dict(zip(STUDENTS, pool.map(one_student, STUDENTS)))
    return {"logins": logins, "refused": refused, "tokens": tokens, "results": results, **hub}


def test_students_log_in_with_the_shared_password_and_others_do_not(classroom):
    for name, response in classroom["logins"].items():
        assert response.status_code == 302, name
        assert response.headers["Location"].startswith("/hub/"), response.headers["Location"]
    assert classroom["refused"].status_code == 403


def test_each_student_pulls_the_course_and_runs_chapter_02_without_an_error(classroom):
    for name, result in classroom["results"].items():
        assert result["phase"] == "finished", name
        assert len(result["run"]["cells"]) > 10, name
        assert result["run"]["errors"] == [] and result["run"]["stderr"] == [], (name, result["run"])
        threads, workers, cwd = result["run"]["probe"][0].split(" ", 2)
        assert threads == "1"  # BLAS limited per kernel by the spawner's environment
        assert workers == "1"  # and the sweeps computed in the kernel's own process
        assert Path(cwd) == classroom["state"] / "homes" / name / PULLED / "notebooks"


def test_each_students_files_are_their_own(classroom):
    hub: Hub = classroom["hub"]
    homes = classroom["state"] / "homes"
    for name in STUDENTS:
        assert classroom["results"][name]["note"] == 201
        assert (homes / name / f"{name}-notes.txt").read_text() == f"{name} was here"
        listing = {item["name"] for item in hub.api("GET", f"/user/{name}/api/contents/",
                                                    token=classroom["tokens"][name]).json()["content"]}
        assert listing == {PULLED, f"{name}-notes.txt"}, (name, listing)
        other = STUDENTS[(STUDENTS.index(name) + 1) % len(STUDENTS)]
        assert hub.api("GET", f"/user/{other}/api/contents/", token=classroom["tokens"][name]).status_code == 403


def test_the_lab_is_the_default_and_the_culler_runs(classroom):
    hub: Hub = classroom["hub"]
    response = hub.api("GET", f"/user/{STUDENTS[0]}/", token=classroom["tokens"][STUDENTS[0]],
                       allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].split("?")[0].endswith(f"/user/{STUDENTS[0]}/lab")
    services = hub.api("GET", "/hub/api/services").json()
    assert services["idle-culler"]["pid"] > 0
