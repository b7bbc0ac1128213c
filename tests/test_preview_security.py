"""The hostile-preview suite: a real preview on 127.0.0.1, and clients that mean it harm.

Raw sockets where a polite client (urllib) would fix up the request for us.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time

import pytest

from backstory.preview.serve import EVENTS_PATH

from .test_serve import Running

ALLOWED = "box.example"


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    session = Running(tmp_path_factory.mktemp("hostile"), allowed_hosts=[ALLOWED])
    yield session
    session.close()


def send(port: int, request: bytes, timeout: float = 10) -> tuple[int, dict, bytes]:
    """One raw request; the status, headers and body of the answer (headers only for a stream)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        headers = {k.lower(): v for k, v in response.getheaders()}
        streaming = headers.get("content-type", "").startswith("text/event-stream")
        body = b"" if streaming else response.read()
        response.close()
        return response.status, headers, body


def get(port: int, path: str, host: str | None = "localhost", *extra: str,
        version: str = "HTTP/1.1") -> tuple[int, dict, bytes]:
    lines = [f"GET {path} {version}"] + ([f"Host: {host}"] if host is not None else [])
    lines += [*extra, "Connection: close", "", ""]
    return send(port, "\r\n".join(lines).encode("latin-1"))


# --- Host and Origin: no DNS rebinding -----------------------------------------------------

FOREIGN_HOSTS = ["evil.example", "evil.example:{port}", "localhost.evil.example", "127.0.0.1.nip.io",
                 "attacker.test.", "EVIL.EXAMPLE:{port}"]


@pytest.mark.parametrize("path", ["/", "/actors/", "/no/such/page", EVENTS_PATH])
@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_foreign_host_is_refused(running, host, path):
    port = running.preview.server.port
    status, headers, body = get(port, path, host.format(port=port))
    assert status == 403
    assert headers["content-type"].startswith("text/plain")
    assert body.decode().count("\n") == 1 and "--allow-host" in body.decode()  # one line: why


@pytest.mark.parametrize("host", ["localhost", "localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}",
                                  "app.localhost:{port}", ALLOWED, f"{ALLOWED}:{{port}}",
                                  "LocalHost.:{port}"])
def test_its_own_hosts_are_answered(running, host):
    port = running.preview.server.port
    status, _, body = get(port, "/actors/", host.format(port=port))
    assert status == 200 and b"Ada Lovelace" in body
    assert get(port, EVENTS_PATH, host.format(port=port))[0] == 200


def test_a_refused_name_is_said_once_with_how_to_allow_it(running):
    port = running.preview.server.port
    for _ in range(3):
        assert get(port, "/", "rebind-me.example")[0] == 403
    said = [line for line in running.lines if "rebind-me.example" in line]
    assert len(said) == 1 and "--allow-host rebind-me.example" in said[0]


@pytest.mark.parametrize("origin", ["http://evil.example", "http://evil.example:{port}",
                                    "http://localhost:{other}", "https://localhost:{port}",
                                    "null", "http://127.0.0.1.nip.io:{port}", "http://10.1.2.3:{port}"])
def test_a_foreign_origin_is_refused_on_the_reload_stream(running, origin):
    port = running.preview.server.port
    origin = origin.format(port=port, other=port + 1)
    assert get(port, EVENTS_PATH, f"localhost:{port}", f"Origin: {origin}")[0] == 403


@pytest.mark.parametrize("origin", ["http://localhost:{port}", "http://127.0.0.1:{port}",
                                    "http://[::1]:{port}", f"http://{ALLOWED}:{{port}}"])
def test_its_own_origins_may_listen(running, origin):
    port = running.preview.server.port
    assert get(port, EVENTS_PATH, f"localhost:{port}", f"Origin: {origin.format(port=port)}")[0] == 200


def test_odd_hosts_absolute_targets_and_http_1_0(running):
    port = running.preview.server.port
    assert get(port, "http://evil.example/actors/", "localhost")[0] == 403  # the target names the host
    assert get(port, f"http://localhost:{port}/actors/", "evil.example")[0] == 200
    assert get(port, "/", None)[0] == 400  # HTTP/1.1 requires a Host
    assert get(port, "/", "localhost", "Host: evil.example")[0] == 400  # which one?
    assert get(port, "/", "local host")[0] == 400
    assert get(port, "/", "[evil.example]:80")[0] == 400
    # No browser sends a request without Host, so such a request is no web page's.
    assert get(port, "/actors/", None, version="HTTP/1.0")[0] == 200


# --- Requests that try to leave the output folder ------------------------------------------

TRAVERSALS = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
              "/..%2f..%2fetc%2fpasswd", "/..%252f..%252fetc%252fpasswd", "/%252e%252e/etc/passwd",
              "/..\\..\\etc\\passwd", "/%5c..%5c..%5cetc%5cpasswd", "/..%5c..%5cetc%5cpasswd",
              "/%00/../../etc/passwd", "/index.html%00.txt", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
              "/%c0%af..%c0%af..%c0%afetc/passwd", "//etc/passwd", "///etc/passwd",
              "http://localhost/../../etc/passwd", "http://evil/../../etc/passwd",
              "/../site-leak/secret.txt", "/site-leak/secret.txt", "/assets/../../site-leak/secret.txt",
              "/link-out/secret.txt", "/leak.txt", "/link-out/", "/link-out", "/leak-index/"]


@pytest.fixture(scope="module")
def planted(running):
    """A secret beside the output folder, in a sibling sharing its name's prefix, and links to it
    from inside the output: a folder link and a file link."""
    root = running.preview.output.root
    leak = root.parent / f"{root.name}-leak"
    leak.mkdir()
    (leak / "secret.txt").write_text("secret")
    os.symlink(leak, root / "link-out")
    os.symlink(leak / "secret.txt", root / "leak.txt")
    (root / "leak-index").mkdir()
    os.symlink(leak / "secret.txt", root / "leak-index/index.html")
    return running


@pytest.mark.parametrize("path", TRAVERSALS)
def test_requests_never_leave_the_output_folder(planted, path):
    port = planted.preview.server.port
    status, _, body = get(port, path, "localhost")
    assert status in (400, 403, 404)
    assert b"secret" not in body and b"root:" not in body
    assert get(port, "/actors/")[0] == 200  # still serving


def test_a_redirect_never_leads_to_another_host(running):
    port = running.preview.server.port
    for path in ("/actors", "//actors", "////actors", "/%2factors"):
        status, headers, _ = get(port, path)
        assert status in (301, 404), path
        if status == 301:
            assert headers["location"] == "/actors/", path


# --- Slow, many and impatient clients -------------------------------------------------------

def test_slow_and_idle_clients_do_not_keep_others_waiting(running):
    port = running.preview.server.port
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
    for sock in idle[:20]:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: local")  # a request that never ends
    slow_answer: list[int] = []

    def one_byte_at_a_time():
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            for byte in b"GET /actors/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n":
                sock.sendall(bytes([byte]))
                time.sleep(0.02)
            response = http.client.HTTPResponse(sock)
            response.begin()
            slow_answer.append(response.status)

    slow = threading.Thread(target=one_byte_at_a_time)
    slow.start()
    try:
        for _ in range(5):  # each within send()'s timeout, while all of them wait
            status, _, body = get(port, "/actors/")
            assert status == 200 and b"Ada Lovelace" in body
        slow.join(timeout=30)
        assert slow_answer == [200]
    finally:
        for sock in idle:
            sock.close()


def test_a_client_leaving_mid_response_is_no_error(running, capfd):
    root = running.preview.output.root
    (root / "big.bin").write_bytes(os.urandom(1 << 20) * 24)
    port = running.preview.server.port
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert sock.recv(64).startswith(b"HTTP/1.1 200")
        # closed with 24 MB unread: the server's writes fail
    assert get(port, "/actors/")[0] == 200
    time.sleep(0.5)  # the handlers' failed writes land after our last read
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Error" not in out + err
    assert not [line for line in running.lines if "error" in line.lower()]


def test_stalled_clients_do_not_wedge_close(tmp_path):
    session = Running(tmp_path)
    port = session.preview.server.port
    stalled = [socket.create_connection(("127.0.0.1", port), timeout=20) for _ in range(10)]
    stalled[0].sendall(b"GET / HTTP/1.1\r\nHost: loc")  # never finished
    for sock in stalled[1:5]:  # event streams whose reader never reads
        sock.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    assert session.get("actors/")[0] == 200
    closer = threading.Thread(target=session.close, daemon=True)
    closer.start()
    closer.join(timeout=30)
    try:
        assert not closer.is_alive(), "close() waited on a stalled client"
        assert not session.preview.folder.exists()
        for sock in stalled[5:]:  # the connections were shut, not left to time out
            assert sock.recv(1024) == b""
    finally:
        for sock in stalled:
            sock.close()


def test_what_no_build_publishes_is_not_served(tmp_path):
    """The preview's folder holds files being written and the search index's scratch folder:
    outpaths.is_served_path, the rule every build writes by, keeps them from any client."""
    from backstory.preview.serve import resolve_request_path

    root = tmp_path / "out"
    for relative in ("index.html", ".backstory-staging-search-1/parts.json",
                     "actors/x/.index.html.1a2b3c4d.tmp", "CNAME", "actors/.hidden/a.txt"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x")
    assert resolve_request_path(root, "/index.html") == (root / "index.html").resolve()
    for path in ("/.backstory-staging-search-1/parts.json", "/actors/x/.index.html.1a2b3c4d.tmp",
                 "/CNAME", "/actors/.hidden/a.txt", "/%2ebackstory-staging-search-1/parts.json"):
        assert resolve_request_path(root, path) is None, path
