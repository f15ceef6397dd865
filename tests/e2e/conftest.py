"""End-to-end fixtures: the real demo (`hamkori demo`: waitress, debug off, whitenoise) in a
subprocess with its own data directory, and Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN_LINE = re.compile(r"^\s+(?P<role>.+?)\s+(?P<email>\S+@\S+)\s+(?P<password>\S+)\s*$")


@dataclass(frozen=True)
class Demo:
    url: str
    sign_ins: dict[str, tuple[str, str]]  # role label -> (e-mail, password)
    data_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    data_dir = tmp_path_factory.mktemp("demo-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HAMKORI_", "DATABASE_URL"))}
    env.update(HAMKORI_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    log = (data_dir / "server.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "hamkori", "demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"demo exited early:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("demo did not start in time")
            time.sleep(0.5)
        log.seek(0)
        sign_ins = {}
        for line in log.read().splitlines():
            match = SIGN_IN_LINE.match(line)
            if match:
                sign_ins[match["role"].strip()] = (match["email"], match["password"])
        yield Demo(url=url, sign_ins=sign_ins, data_dir=data_dir)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("HAMKORI_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None  # Playwright's own build (make browser downloads it)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU")
    # Generous: on a busy two-core CI machine a page with a PDF or a demo-sized list can take
    # several seconds; a wait this long only costs time when something is really wrong.
    context.set_default_timeout(40_000)
    page = context.new_page()
    yield page
    context.close()
