"""JupyterHub for a class on one machine: `make hub` (README, "Teaching a class").

Every student gets a JupyterLab server of their own, started from the course's .venv, with a home folder of
their own under ``$LRDECAY_HUB_DIR/homes/<name>``. Set in the environment (`make hub` sets them):

LRDECAY_HUB_DIR       where the hub keeps its database, cookie secret and the students' homes (default build/hub)
LRDECAY_HUB_PORT      the port on 127.0.0.1 (default 8000)
LRDECAY_HUB_PASSWORD  the shared password of the test authenticator (required: there is no default password)

The test authenticator (JupyterHub's DummyAuthenticator) lets anyone in who knows the shared password, under
any name: for trying the set-up, not for a class on a network. All servers run as the Unix user who started
the hub (SimpleLocalProcessSpawner); each server only sees its student's home folder, but nothing stops one
student's code from reading another's files. A real class needs a real authenticator and one Unix user or
container per student (deploy/z2jh/).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

ROOT = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("LRDECAY_HUB_DIR", ROOT / "build" / "hub")).resolve()
VENV_BIN = Path(sys.executable).parent
PASSWORD = os.environ.get("LRDECAY_HUB_PASSWORD", "")
if len(PASSWORD) < 8:
    raise SystemExit("LRDECAY_HUB_PASSWORD must be a shared password of at least 8 characters; "
                     f"got {len(PASSWORD)} characters.")
(STATE / "homes").mkdir(parents=True, exist_ok=True)

# --- the hub, on this machine only ------------------------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("LRDECAY_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# configurable-http-proxy from npm, pinned by deploy/package-lock.json (`make hub` runs npm ci).
c.ConfigurableHTTPProxy.command = [str(ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- who gets in ------------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = PASSWORD
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {"teacher"}

# --- each student's server --------------------------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120  # 5 students logging in at once took 12-16 s on 2 cores (issue 26)
c.Spawner.http_timeout = 120
# One BLAS/OpenMP thread per kernel: the course's arrays are small, and 30 kernels each starting one thread
# per core would fight over the cores. For the same reason a kernel computes its sweeps in its own process
# (LRDECAY_WORKERS=1, lrdecay_lessons/training/parallel.py): the class keeps every core busy, and a second
# process per student would only add its memory. The kernels inherit the server's environment.
c.Spawner.environment = {name: "1" for name in
                         ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                          "LRDECAY_WORKERS")}
c.Spawner.args = [
    # The lab settings of tools/lab_overrides.json are installed in the venv by `make setup` (saved widget
    # state, no news pop-up, extension manager off); the server side of the extension manager is read-only.
    "--LabApp.extension_manager=readonly",
    # A kernel idle for 20 minutes is shut down (its student's files stay); checked every 2 minutes.
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
]
if os.geteuid() == 0:  # containers: Jupyter refuses to run as root without it (the Makefile's lab does the same)
    c.Spawner.args.append("--allow-root")

# --- servers nobody uses are stopped after an hour (jupyterhub-idle-culler) -------------------------------
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
}]
