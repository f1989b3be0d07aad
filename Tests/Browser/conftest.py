"""The browser tests' fixtures: a fresh demo store, `peerplan serve` on a free loopback port, and
one headless Chromium driven through Debian's chromium-driver. Nothing is downloaded here: the
driver and the browser are named by path, so Selenium Manager never runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from support import ROOT, TODAY, WINDOW, Site, build_demo_store, environment_without

# Selenium must use these (Debian's chromium and chromium-driver) and fetch nothing.
os.environ["SE_OFFLINE"] = "true"
CHROMEDRIVER = os.environ.get("PEERPLAN_CHROMEDRIVER", "/usr/bin/chromedriver")
# Debian's /usr/bin/chromium is a shell wrapper; the browser itself is this binary.
CHROMIUM = os.environ.get("PEERPLAN_CHROMIUM", "/usr/lib/chromium/chromium")
PEERPLAN = Path(os.environ.get("PEERPLAN_BIN", ROOT / ".build" / "debug" / "peerplan"))
LOGS = ROOT / ".build" / "browser-tests"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(base: str, server: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"peerplan serve exited {server.returncode} before answering; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"peerplan serve did not answer /healthz within {seconds:.0f} s; see {log}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> str:
    """The web app on a fresh demo store, at http://127.0.0.1:PORT; stopped after the last test."""
    if not PEERPLAN.is_file():
        pytest.exit(f"{PEERPLAN} is missing: build it first (make browser-test does)", returncode=1)
    LOGS.mkdir(parents=True, exist_ok=True)
    db = tmp_path_factory.mktemp("peerplan") / "demo.sqlite"
    with open(LOGS / "setup.log", "w") as setup_log:
        build_demo_store(PEERPLAN, db, setup_log)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = LOGS / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(PEERPLAN), "serve", "--db", str(db), "--config", str(ROOT / "Config"), "--host", "127.0.0.1", "--port", str(port), "--today", TODAY],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env=environment_without("PEERPLAN_BASE_URL", "PEERPLAN_DB"))
    try:
        wait_for_health(base, server, log)
        yield base
    finally:
        stop(server)


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=en-US"):
        options.add_argument(argument)
    LOGS.mkdir(parents=True, exist_ok=True)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(LOGS / "chromedriver.log"))
    browser = webdriver.Chrome(options=options, service=service)
    try:
        browser.set_page_load_timeout(30)
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def site(base_url, driver) -> Site:
    """The app and the browser, signed out at the start of each test."""
    s = Site(base_url, driver)
    if driver.current_url.startswith(base_url):
        s.forget_session()
    return s
