"""decap-server and Decap's form for the CMS browser tests (test_cms.py, test_cms_workflow.py):
plain helpers, free of pytest state, as support.py's."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from backstory import build

from ..cms.tools import DECAP_DIST, DECAP_SERVER
from .support import StaticServer

WAIT_MS = 30_000  # for any one thing Decap shows; it is usually there within a second


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DecapServer:
    """decap-server writing into `site`, on 127.0.0.1 and a free port: in its folder mode
    ("fs"), or its git mode ("git"), which Decap's editorial workflow needs. Its process group
    is killed by close()."""

    def __init__(self, site: Path, log: Path, mode: str = "fs"):
        self.port, self.mode = free_port(), mode
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        env = {**os.environ, "PORT": str(self.port), "BIND_HOST": "127.0.0.1", "MODE": mode,
               "GIT_REPO_DIRECTORY": str(site), "LOG_LEVEL": "info"}
        self.log = log.open("w")
        self.process = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=site, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(self.url, data=json.dumps({"action": "info"}).encode(),
                                         headers={"Content-Type": "application/json"})
        while True:
            assert self.process.poll() is None, f"decap-server ended: {self.process.returncode}"
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    assert json.load(response)["type"] == f"local_{self.mode}"
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # the port opens once Node has loaded express: no event to wait on

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def wait_for_file(path: Path, seconds: float = 10) -> str:
    """The file's text once decap-server has written it (Decap has already said it saved)."""
    deadline = time.monotonic() + seconds
    while not path.is_file():
        assert time.monotonic() < deadline, f"decap-server wrote no {path}"
        time.sleep(0.05)
    return path.read_text(encoding="utf-8")


def wait_for_change(path: Path, before: str, seconds: float = 10) -> str:
    """The file's text once decap-server has written it over `before`."""
    deadline = time.monotonic() + seconds
    while (text := path.read_text(encoding="utf-8")) == before:
        assert time.monotonic() < deadline, f"decap-server did not write {path}"
        time.sleep(0.05)
    return text


def field(page, name: str):
    """A field of Decap's form by its name: Decap gives each control the id `<name>-field-<n>`."""
    return page.locator(f'[id^="{name}-field-"]').first


def point_at(site: Path, decap: DecapServer) -> None:
    """The site's admin/config.yml told decap-server's port (Decap's default, 8081, may be taken here)."""
    config = site / "static" / "admin" / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "local_backend: true", f"local_backend:\n  url: {decap.url}"), encoding="utf-8")


@contextmanager
def logged_in(browser, site: Path, decap: DecapServer, served: Path) -> Iterator[tuple]:
    """Decap at /admin/ of `site` built into `served`, logged in to `decap`: the page, the
    served site's url(), and the errors the page's scripts raised, which a test checks at its end."""
    build(site, served)
    (served / "admin" / "decap").symlink_to(DECAP_DIST, target_is_directory=True)
    server = StaticServer(served)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        decap.wait_until_ready()
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url("/admin/"))
        page.get_by_role("button", name="Login").click()  # the local backend asks no password
        yield page, server.url, errors
    finally:
        context.close()
        server.close()
