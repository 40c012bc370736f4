"""A user's session: JupyterLab on localhost, a notebook opened in headless Chromium, Run All, no errors.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); skips when absent.
Only localhost traffic: the browser's background services are switched off.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from textkit import paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def lab(tmp_path):
    """JupyterLab serving a copy of 01_corpus.ipynb that writes into tmp_path."""
    nb = json.loads((paths.ROOT / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8"))
    params = "".join(nb["cells"][1]["source"])
    params = params.replace("paths.FIGURES", repr(str(tmp_path / "figures"))).replace("paths.TABLES", repr(str(tmp_path / "tables")))
    nb["cells"][1]["source"] = params
    root = tmp_path / "lab"
    root.mkdir()
    (root / "01_corpus.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    log = open(tmp_path / "jupyterlab.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None",
         "--LabApp.extension_manager=readonly", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, cwd=root, env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "jupyterlab.log").read_text(errors="replace")[-2000:])
                time.sleep(0.5)
        yield base, token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture()
def browser(tmp_path):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


_STATE = """
const app = window.jupyterapp;
if (!app) return {ready: false};
const panel = app.shell.currentWidget;
if (!panel || !panel.content || !panel.content.model || !panel.sessionContext || !panel.sessionContext.session) return {ready: false};
const model = panel.content.model;
const kernel = panel.sessionContext.session.kernel;
let code = 0, done = 0, errors = [];
for (let i = 0; i < model.cells.length; i++) {
  const cell = model.cells.get(i);
  if (cell.type !== 'code') continue;
  code++;
  if (cell.executionCount) done++;
  for (let j = 0; j < cell.outputs.length; j++) {
    const out = cell.outputs.get(j);
    if (out.type === 'error') errors.push(i + ': ' + JSON.stringify(out.toJSON()).slice(0, 300));
  }
}
return {ready: true, status: kernel ? kernel.status : 'none', code: code, done: done, errors: errors,
        images: document.querySelectorAll('.jp-OutputArea-output img').length};
"""


def test_run_all_cells_in_jupyterlab_shows_no_error(lab, browser):
    base, token, tmp_path = lab
    browser.get(f"{base}/lab/tree/01_corpus.ipynb?token={token}")

    def wait_for(condition, timeout, what):  # noqa: ANN001, ANN202
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = browser.execute_script(_STATE)
            if condition(state):
                return state
            time.sleep(1)
        browser.save_screenshot(str(tmp_path / "jupyterlab.png"))
        pytest.fail(f"timed out waiting for {what}; last state {state}; screenshot {tmp_path / 'jupyterlab.png'}")

    wait_for(lambda s: s["ready"] and s["status"] == "idle", 90, "the notebook to open with an idle kernel")
    browser.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    state = wait_for(lambda s: s["ready"] and (s["errors"] or (s["done"] == s["code"] and s["status"] == "idle")), 180,
                     "all cells to run")
    browser.save_screenshot(str(tmp_path / "jupyterlab.png"))
    assert state["errors"] == [], state["errors"]
    assert state["done"] == state["code"] > 3
    assert state["images"] >= 2, "the figures should show in the notebook"
    assert (tmp_path / "figures" / "corpus_size.png").exists()
    assert Path(tmp_path / "tables" / "corpus_overview.csv").exists()
