"""The live preview, driven for real: a server on a free port, changes on disk, pages over HTTP."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from backstory import build
from backstory.preview.serve import DevServer, LiveState, resolve_request_path
from backstory.preview.session import Preview

from .helpers import BASIC_SITE, copy_site, tree_digest

pytestmark = pytest.mark.slow  # a real preview server, watching files and rebuilding

INJECTED = re.compile(r'<div id="backstory-errors".*?</div><script id="backstory-live">.*?</script>'
                      r'|<script id="backstory-live">.*?</script>', re.S)


class Running:
    def __init__(self, tmp_path: Path, site: Path | None = None, **options):
        self.tmp = tmp_path
        self.site = site or copy_site(BASIC_SITE, tmp_path / "src")
        self.lines: list[str] = []
        self.preview = Preview(self.site, port=0, say=self.lines.append, **options)
        self.preview.start()
        self.base = self.preview.server.url

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path.lstrip("/"), method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, path
        return body.decode()

    def change(self, action) -> None:
        """Do something on disk and wait for the one rebuild it causes."""
        before = self.preview.rebuilds
        action()
        assert self.preview.wait_for_rebuilds(before + 1, timeout=15), "no rebuild happened"
        time.sleep(0.3)  # a second, unwanted rebuild would show up here
        assert self.preview.rebuilds == before + 1, "one save caused more than one rebuild"

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.site / relative
        self.change(lambda: path.write_text(path.read_text().replace(old, new)))

    def served_matches_clean_build(self) -> None:
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(self.site, clean, base_url=None, hash_assets=False)  # as the preview builds
        assert self.preview.indexer.wait_idle(), "the search index was not rebuilt in time"
        for name in tree_digest(clean):
            status, _, body = self.get(name)
            assert status == 200, name
            if name.endswith(".html"):
                body = INJECTED.sub("", body.decode()).encode()
            assert body == (clean / name).read_bytes(), f"{name} differs from a clean build"

    def close(self) -> None:
        self.preview.close()


@pytest.fixture
def running(tmp_path):
    session = Running(tmp_path)
    yield session
    session.close()


def test_serves_the_site_with_the_reload_script_only_in_responses(running):
    html = running.page("actors/ada-lovelace/")
    assert '<script id="backstory-live">' in html and html.rstrip().endswith("</html>")
    files = [p.read_text() for p in running.preview.output.root.rglob("*.html")]
    assert files and not any("backstory-live" in text for text in files)
    running.served_matches_clean_build()
    # An embed's Content-Security-Policy would refuse the inline script: it is served as built.
    embed = running.page("embed/actors/ada-lovelace/")
    assert "Content-Security-Policy" in embed and "backstory-live" not in embed


def test_edits_rebuild_only_what_changed_and_match_a_clean_build(running):
    running.edit("content/articles/first-program.md", "annotated a paper", "translated a paper")
    # The article and the front page, which shows the newest article's opening.
    assert re.search(r"content/articles/first-program\.md: 2 pages written in \d+ ms",
                     running.lines[-1])
    assert "translated a paper" in running.page("articles/first-program/")
    running.served_matches_clean_build()
    running.edit("content/actors/charles-babbage.md", "name: Charles Babbage", "name: C. Babbage")
    assert "C. Babbage" in running.page("articles/first-program/")
    running.served_matches_clean_build()


def test_new_and_deleted_files(running):
    new = running.site / "content/events/engine-sketched.md"
    running.change(lambda: new.write_text("---\ntitle: Sketched\ndate: 1834-01-01\nsummary: S.\n"
                                          "actors: [charles-babbage]\n---\n"))
    assert "engine-sketched" in running.page("actors/charles-babbage/")
    running.change(new.unlink)
    assert running.get("events/engine-sketched/")[0] == 404
    running.served_matches_clean_build()


def test_layout_edit_and_stylesheet_swap(running):
    layouts = running.site / "layouts"
    running.change(lambda: layouts.mkdir() or (layouts / "404.html").write_text(
        "{% extends 'base.html' %}{% block main %}<p>Nothing here.</p>{% endblock %}"))
    assert "Nothing here." in running.get("no/such/page")[2].decode()
    events = EventStream(running.base)
    running.change(lambda: (layouts / "assets").mkdir() or
                   (layouts / "assets/style.css").write_text("body { color: teal }"))
    assert events.next_event() == "styles"
    assert running.get("assets/style.css")[2] == b"body { color: teal }"
    events.close()


def test_the_overlay_shows_a_capped_report(running):
    """A file with hundreds of mistakes shows the first few and a count in every served page,
    not hundreds of entries (errors.format_report, as the terminal)."""
    links = " ".join(f"[[nobody-{n}]]" for n in range(300))
    running.edit("content/articles/first-program.md", "annotated a paper",
                 f"annotated a paper {links}")
    html = running.page("")
    overlay = html[html.index('id="backstory-errors"'):]
    assert overlay.count("error: unknown page") == 20
    assert "... and 280 more problems in content/articles/first-program.md" in overlay
    assert "300 errors in 1 file" in overlay and len(html) < 60_000


def test_mistakes_show_an_overlay_and_the_server_lives(running):
    events = EventStream(running.base)
    running.edit("content/actors/ada-lovelace.md", "kind: person", "kind: [")
    assert events.next_event() == "reload"
    html = running.page("actors/ada-lovelace/")
    assert 'id="backstory-errors"' in html and "content/actors/ada-lovelace.md:3:7: error" in html
    assert "the [ list that starts on line 3 is not closed" in html
    assert ">Ada Lovelace</h1>" in html  # the last good page underneath
    assert sum("error: the [ list" in line for line in running.lines) == 1
    running.edit("content/actors/ada-lovelace.md", "role: Analyst", "role: Analyst ")  # still broken
    assert sum("error: the [ list" in line for line in running.lines) == 1  # printed once
    running.edit("content/actors/ada-lovelace.md", "kind: [", "kind: person")
    assert 'id="backstory-errors"' not in running.page("actors/ada-lovelace/")
    running.served_matches_clean_build()


def test_layout_syntax_error_shows_an_overlay_with_the_layout_line(running):
    layouts = running.site / "layouts"
    running.change(lambda: layouts.mkdir() or (layouts / "actor.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}{{ actor.name }{% endblock %}"))
    html = running.page("actors/ada-lovelace/")
    assert "layouts/actor.html:2:1: error: layout syntax error" in html
    running.change(lambda: (layouts / "actor.html").unlink())
    assert 'id="backstory-errors"' not in running.page("actors/ada-lovelace/")


def test_atomic_saves_bursts_and_editor_litter(running):
    target = running.site / "content/articles/first-program.md"

    def atomic_save():  # how vim and many editors save: write a temporary file, rename it over
        temporary = target.with_name(".first-program.md.swp")
        temporary.write_text(target.read_text().replace("annotated", "studied"))
        os.replace(temporary, target)

    running.change(atomic_save)

    def burst():  # "save all": several files within a few milliseconds
        for name in ("ada-lovelace", "charles-babbage", "royal-society"):
            path = running.site / f"content/actors/{name}.md"
            path.write_text(path.read_text() + "\nMore.\n")

    running.change(burst)
    before = running.preview.rebuilds
    (running.site / "content/actors/x.md~").write_text("backup")
    (running.site / "content/actors/.#x.md").write_text("lock")
    (running.site / "site").mkdir()
    (running.site / "site/index.html").write_text("a user's build output")
    time.sleep(0.6)
    assert running.preview.rebuilds == before
    running.served_matches_clean_build()


def test_renaming_and_removing_a_whole_folder(running):
    year = running.site / "content/articles/2024"
    running.change(lambda: year.mkdir() or (year / "later.md").write_text(
        "---\ntitle: Later\ndate: 2024-02-01\nsummary: S.\n---\nOn [[ada-lovelace]].\n"))
    assert running.get("articles/later/")[0] == 200
    running.change(lambda: year.rename(running.site / "content/articles/archive"))
    assert running.get("articles/later/")[0] == 200  # the slug is the file name
    running.served_matches_clean_build()
    running.change(lambda: shutil.rmtree(running.site / "content/articles/archive"))
    assert running.get("articles/later/")[0] == 404
    assert "articles/later" not in running.page("actors/ada-lovelace/")
    running.served_matches_clean_build()
    # Moving every article away breaks the links to them: the overlay says so, the server lives.
    articles = running.site / "content/articles"
    running.change(lambda: shutil.move(articles, running.tmp / "articles-away"))
    html = running.page("actors/charles-babbage/")
    assert "unknown page &#x27;first-program&#x27;" in html
    running.change(lambda: shutil.move(running.tmp / "articles-away", articles))
    assert 'id="backstory-errors"' not in running.page("actors/charles-babbage/")
    running.served_matches_clean_build()


TRAVERSALS = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
              "/..%252f..%252fetc%252fpasswd", "//etc/passwd", "/..\\..\\etc\\passwd",
              "/%5c..%5c..%5cetc%5cpasswd", "/../site-leak/secret.txt", "/%00/index.html",
              "/assets/../../site-leak/secret.txt", "/link-out/secret.txt"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_requests_cannot_leave_the_output_folder(running, path):
    root = running.preview.output.root
    leak = root.parent / "site-leak"
    leak.mkdir(exist_ok=True)
    (leak / "secret.txt").write_text("secret")
    if not (root / "link-out").exists():
        os.symlink(leak, root / "link-out")
    connection = http.client.HTTPConnection("127.0.0.1", running.preview.server.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status in (400, 404)
    assert b"secret" not in body and b"root:" not in body
    assert running.get("")[0] == 200  # still serving


def test_resolve_request_path_refuses_prefix_siblings(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site-leak").mkdir()
    (tmp_path / "site-leak/x.html").write_text("no")
    assert resolve_request_path(tmp_path / "site", "/../site-leak/x.html") is None
    assert resolve_request_path(tmp_path / "site", "/x/%2e%2e/%2e%2e/site-leak/x.html") is None
    assert resolve_request_path(tmp_path / "site", "/") == (tmp_path / "site/index.html").resolve()


def test_content_types_head_404_and_redirects(running):
    status, headers, body = running.get("assets/style.css", "HEAD")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8" and body == b""
    assert int(headers["Content-Length"]) > 1000
    status, headers, _ = running.get("index.html")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _, body = running.get("no/such/page/")
    assert status == 404 and b"Page not found" in body
    connection = http.client.HTTPConnection("127.0.0.1", running.preview.server.port, timeout=10)
    connection.request("GET", "/actors")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/actors/"
    connection.close()


def test_a_slow_client_does_not_block_others(running):
    slow = socket.create_connection(("127.0.0.1", running.preview.server.port))
    slow.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")  # never finishes its request
    assert running.get("actors/")[0] == 200  # within get()'s timeout, while the slow one waits
    slow.close()


def test_busy_port_takes_the_next_one(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    (tmp_path / "index.html").write_text("<html><body>x</body></html>")
    server = DevServer(tmp_path, LiveState(), "127.0.0.1", port)
    try:
        assert server.port != port and server.port > port
    finally:
        server.close()
        blocker.close()


def test_build_after_serve_is_identical_to_build_alone(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    build(site, tmp_path / "alone")
    preview = Preview(site, port=0, say=lambda line: None)
    preview.start()
    preview.close()
    assert not preview.folder.exists()  # its own output is gone with it
    assert not (site / "site").exists()  # the preview never wrote the user's output folder
    build(site, tmp_path / "after")
    assert tree_digest(tmp_path / "after") == tree_digest(tmp_path / "alone")
    for page in (tmp_path / "after").rglob("*.html"):
        text = page.read_text()
        assert "localhost" not in text and "127.0.0.1" not in text and "backstory-live" not in text


class EventStream:
    """Reads the server-sent events that pages listen to."""

    def __init__(self, base: str):
        host, port = base.split("//")[1].rstrip("/").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=15)
        self.connection.request("GET", "/__backstory/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        assert self.next_event() == "hello"

    def next_event(self) -> str:
        event = None
        while True:
            line = self.response.fp.readline().decode().strip()
            if line.startswith("event: "):
                event = line[len("event: "):]
            elif line == "" and event:
                return event

    def close(self) -> None:
        self.connection.close()


def test_event_stream_survives_many_listeners(running):
    streams = [EventStream(running.base) for _ in range(5)]
    results: list[str] = []
    threads = [threading.Thread(target=lambda s=s: results.append(s.next_event())) for s in streams]
    for thread in threads:
        thread.start()
    running.edit("content/articles/first-program.md", "annotated", "read")
    for thread in threads:
        thread.join(timeout=10)
    assert results == ["reload"] * 5
    for stream in streams:
        stream.close()


def _start_cli(site: Path, *args: str):
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "backstory", "serve", "--source", str(site),
                                *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("serving "):
            break
    return process, lines


def test_serve_command_end_to_end(tmp_path):
    import signal

    site = copy_site(BASIC_SITE, tmp_path / "src")
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy = blocker.getsockname()[1]
    process, lines = _start_cli(site, "--port", str(busy))
    try:
        assert f"port {busy} is busy; serving on" in "".join(lines)
        url = lines[-1].split(" at ")[1].split(" ")[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "actors/", timeout=10) as response:
            assert b"Who" in response.read()
        folders = [line for line in lines if "first build" in line]
        assert folders and "pages written" in folders[0]
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
        blocker.close()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "stopping" in out and "warning" not in err
    assert not (site / "site").exists()


def test_serve_warns_when_visible_on_the_network(tmp_path):
    import signal

    site = copy_site(BASIC_SITE, tmp_path / "src")
    process, lines = _start_cli(site, "--host", "0.0.0.0", "--port", "0")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert "warning: serving on 0.0.0.0: the preview is visible to other machines" in err


def test_binds_to_this_machine_only_by_default(running):
    assert running.preview.server.httpd.server_address[0] == "127.0.0.1"


def test_the_reload_comes_after_the_new_output_is_complete(running):
    """A browser reloads the moment it hears `reload`: every page it then asks for is new."""
    events = EventStream(running.base)
    seen: list[tuple[int, bytes, int, bytes]] = []

    def reload_at_once():
        if events.next_event() == "reload":
            seen.append((*running.get("events/engine-sketched/")[::2],
                         *running.get("actors/charles-babbage/")[::2]))

    listener = threading.Thread(target=reload_at_once)
    listener.start()
    new = running.site / "content/events/engine-sketched.md"
    running.change(lambda: new.write_text("---\ntitle: Sketched\ndate: 1834-01-01\nsummary: S.\n"
                                          "actors: [charles-babbage]\n---\n"))
    listener.join(timeout=15)
    events.close()
    [(status, page, actor_status, actor_page)] = seen
    assert status == 200 and b"Sketched" in page
    assert actor_status == 200 and b"engine-sketched" in actor_page


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The temporary folder the preview makes its own in, to see what it leaves there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _occupy_ports(count: int) -> tuple[int, list[socket.socket]]:
    """`count` ports in a row, all listened on here: what a preview finds when all are taken."""
    for base in range(20000, 60000, 997):
        taken: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                taken.append(socket.socket())
                taken[-1].bind(("127.0.0.1", port))
                taken[-1].listen()
            return base, taken
        except OSError:
            for sock in taken:
                sock.close()
    raise AssertionError(f"no {count} free ports in a row")


def test_a_start_on_taken_ports_leaves_no_temporary_folder(tmp_path, private_tmp):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    port, taken = _occupy_ports(20)
    try:
        with pytest.raises(OSError, match="are all busy"):
            Preview(site, port=port, say=lambda line: None)
    finally:
        for sock in taken:
            sock.close()
    assert list(private_tmp.iterdir()) == []


def test_stopping_during_the_first_build_leaves_no_temporary_folder(tmp_path, private_tmp,
                                                                   monkeypatch):
    from backstory.preview import session as preview_module

    def interrupted(*args):
        raise KeyboardInterrupt  # Ctrl+C while the first build runs

    site = copy_site(BASIC_SITE, tmp_path / "src")
    monkeypatch.setattr(preview_module.Builder, "update", interrupted)
    with pytest.raises(KeyboardInterrupt):
        Preview(site, port=0, say=lambda line: None).start()
    assert list(private_tmp.iterdir()) == []
    lines: list[str] = []
    assert preview_module.run(site, "127.0.0.1", 0, False, lines.append) == 0
    assert lines[-1] == "stopping" and list(private_tmp.iterdir()) == []


def test_serve_killed_during_its_first_build_leaves_no_temporary_folder(tmp_path):
    import signal
    import subprocess
    import sys

    site = copy_site(BASIC_SITE, tmp_path / "src")
    for i in range(300):  # a first build that takes a moment
        (site / f"content/articles/article-{i}.md").write_text(
            f"---\ntitle: Article {i}\ndate: 2024-01-01\nsummary: S.\n---\nOn [[ada-lovelace]].\n")
    private = tmp_path / "tmp"
    private.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "backstory", "serve", "--source", str(site),
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "TMPDIR": str(private),
                                               "PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        deadline = time.monotonic() + 30
        while not list(private.glob("backstory-serve-*")) and time.monotonic() < deadline:
            time.sleep(0.005)  # the folder is made just before the first build starts
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err and "stopping" in out
    assert list(private.iterdir()) == []


def test_serve_killed_the_moment_its_temporary_folder_exists_leaves_none(tmp_path):
    """The signal lands right after the folder is made, before anything could note it: held
    until the preview exists, it then stops the preview, which removes its folder."""
    import subprocess
    import sys

    site = copy_site(BASIC_SITE, tmp_path / "src")
    private = tmp_path / "tmp"
    private.mkdir()
    script = (
        "import os, signal, tempfile\n"
        "made = tempfile.mkdtemp\n"
        "def mkdtemp(*args, **kwargs):\n"
        "    folder = made(*args, **kwargs)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)  # delivered here, unless held\n"
        "    return folder\n"
        "tempfile.mkdtemp = mkdtemp\n"
        "from backstory.commands.cli import main\n"
        f"raise SystemExit(main(['serve', '--source', {str(site)!r}, '--port', '0']))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(private),
                               "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "stopping" in done.stdout
    assert list(private.iterdir()) == []


def test_serve_command_answers_allowed_hosts_only(tmp_path, capsys):
    import signal

    from backstory.commands.cli import main

    assert main(["serve", "--source", str(tmp_path), "--allow-host", "not a name"]) == 2
    assert "--allow-host takes a host name" in capsys.readouterr().err
    site = copy_site(BASIC_SITE, tmp_path / "src")
    process, lines = _start_cli(site, "--port", "0", "--allow-host", "box.example")
    try:
        port = int(lines[-1].split(" at ")[1].split(" ")[0].rstrip("/").rsplit(":", 1)[1])
        answers = {}
        for host in ("box.example", f"localhost:{port}", "evil.example"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/actors/", headers={"Host": host})
            answers[host] = connection.getresponse().status
            connection.close()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert answers == {"box.example": 200, f"localhost:{port}": 200, "evil.example": 403}
    assert "refused a request for host 'evil.example'" in out and "--allow-host evil.example" in out
