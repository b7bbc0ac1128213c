"""The dev server: serves a build's output folder, pushes reloads, shows errors over the page.

It knows nothing of how a site is built: it is given the folder to serve and is told when a
rebuild succeeded or failed. Files are served only from under that folder.
"""

from __future__ import annotations

import errno
import html
import io
import mimetypes
import os
import shutil
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..errors import Diagnostic, format_report
from ..output.outpaths import is_served_path, leads_inside
from .hosts import REFUSAL, HostPolicy, split_host

EVENTS_PATH = "/__backstory/events"
LOOPBACK = "127.0.0.1"
IDLE_SECONDS = 30  # a connection that sends or takes nothing for this long is closed
MAX_CONNECTIONS = 256
REFUSED_NAMES_SHOWN = 10  # one line per refused name, for the first few names only
BARE_NOT_FOUND = b"<!doctype html><title>Not found</title><p>Not found</p>"

# Pages served as built: one with its own Content-Security-Policy (an embed) would refuse the
# inline reload script; the CMS (cms/admin.py) would lose what is typed at each reload.
SERVED_AS_BUILT = (b'http-equiv="Content-Security-Policy"', b'<meta name="backstory-live" content="off">')
# Injected into served HTML only; a `build` never contains it.
RELOAD_SCRIPT = """<script id="backstory-live">(() => {
  const events = new EventSource("/__backstory/events");
  let version = null;
  events.addEventListener("hello", (e) => {
    if (version !== null && version !== e.data) location.reload();  // rebuilt while away
    version = e.data;
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("styles", (e) => {
    version = e.data;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", e.data);
      link.href = url.href;
    }
  });
})();</script>"""

OVERLAY = """<div id="backstory-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;
overflow:auto;background:rgba(20,20,24,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,monospace;
padding:2rem"><p style="margin:0 0 1rem;font:600 18px system-ui,sans-serif;color:#ff8a80">
The last change has {count}. Showing the last good build underneath; save a fix to continue.</p>
<pre style="white-space:pre-wrap;margin:0">{text}</pre>
<button type="button" onclick="this.parentNode.remove()" style="margin-top:1rem;font:inherit;
padding:.4rem .9rem">Dismiss</button></div>"""

TEXT_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
              ".xml": "application/xml", ".json": "application/json", ".txt": "text/plain",
              ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}


class LiveState:
    """What the server shows: the version of the output, and the errors of the last rebuild."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.version = 0
        self.kind = "reload"
        self.errors: list[Diagnostic] = []

    def publish(self, kind: str, errors: list[Diagnostic] | None = None) -> None:
        """kind: "reload" (pages changed), "styles" (stylesheets only) or "errors"."""
        with self.changed:
            self.version += 1
            self.kind = "reload" if kind == "errors" else kind
            self.errors = errors or []
            self.changed.notify_all()


def request_path(raw: str) -> str | None:
    """The path of a request target: origin-form (`/a/b?q`) or absolute-form (`http://h/a/b`)."""
    if raw.startswith("/"):
        return raw.partition("?")[0].partition("#")[0]  # "//etc" is a path here, not a host
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts.path or "/"


def resolve_request_path(root: Path, raw_path: str) -> Path | None:
    """The file a URL path names under root, or None for anything that could leave it."""
    path = request_path(raw_path)
    if path is None:
        return None
    path = unquote(path, errors="replace")
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith("..") and set(part) == {"."} for part in parts):
        return None
    if parts and not is_served_path("/".join(parts)):
        return None  # a staging folder, a file being written, anything no build publishes
    real = _real_inside(root, root.joinpath(*parts) if parts else root)
    if real is not None and real.is_dir():
        if not path.endswith("/"):
            return real  # the handler redirects to the slash form
        real = _real_inside(root, real / "index.html")  # itself maybe a link out
    return real


def _real_inside(root: Path, candidate: Path) -> Path | None:
    """candidate with every link resolved, when that is still under root."""
    try:
        return Path(os.path.realpath(candidate)) if leads_inside(candidate, root) else None
    except (OSError, ValueError):
        return None


class PreviewHTTPServer(ThreadingHTTPServer):
    """The HTTP side: a thread per connection, each one shut by close(), none waited for."""

    daemon_threads = True
    block_on_close = False  # close() shuts every connection instead of waiting on a stalled one
    request_queue_size = 128  # many tabs and their streams connect at once after a restart

    def __init__(self, address: tuple[str, int], root: Path, state: LiveState,
                 stop: threading.Event, allowed_hosts: Iterable[str], say: Callable[[str], None]):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewHandler)
        self.root, self.state, self.stop, self.say = root, state, stop, say
        self.policy = HostPolicy(address[0], self.server_address[1], allowed_hosts)
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.refused_names: set[str] = set()

    def process_request(self, request, client_address) -> None:
        with self.lock:
            full = len(self.connections) >= MAX_CONNECTIONS
            if not full:
                self.connections.add(request)
        if full:  # a flood of idle connections must not become a flood of threads
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                b"Connection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self.lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # a reader who closed the tab or stalled: nothing to report
        self.say(f"preview: error while answering {client_address[0]}: "
                 f"{type(error).__name__}: {error}")

    def close_connections(self) -> None:
        with self.lock:
            open_now = list(self.connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def note_refused(self, name: str) -> None:
        """Say once per name (and for a few names only) that a host was refused, and how to allow it."""
        with self.lock:
            if name in self.refused_names or len(self.refused_names) >= REFUSED_NAMES_SHOWN:
                return
            self.refused_names.add(name)
        self.say(f"refused a request for host '{name}': a web page may be rebinding its name to "
                 f"this machine; if it is yours, restart with --allow-host {name}")


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    server_version = "Backstory"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the CLI reports
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        if self._admitted():
            self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        if not self._admitted():
            return
        if request_path(self.path) == EVENTS_PATH:
            if self._origin_admitted():
                self._events()
        else:
            self._serve(head=False)

    def _admitted(self) -> bool:
        """Whether the request names a host this preview answers (see hosts.py)."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return self._refuse(HTTPStatus.BAD_REQUEST, "more than one Host header")
        host = hosts[0] if hosts else None
        if not self.path.startswith("/"):  # absolute-form: its authority is the host (RFC 9112)
            authority = urlsplit(self.path).netloc if request_path(self.path) else ""
            if not authority:
                return self._refuse(HTTPStatus.BAD_REQUEST, "malformed request target")
            host = authority.rpartition("@")[2]
        self.host = host
        if host is None:
            # Browsers always send Host, so a request without one is no web page's (no
            # rebinding): HTTP/1.0 tools may omit it; HTTP/1.1 requires it (RFC 9112, 3.2).
            if self.request_version == "HTTP/1.0":
                return True
            return self._refuse(HTTPStatus.BAD_REQUEST, "missing Host header")
        if split_host(host) is None:
            return self._refuse(HTTPStatus.BAD_REQUEST, "malformed Host header")
        if not self.server.policy.allows_host(host):
            self.server.note_refused(self.server.policy.host_name(host))
            return self._refuse(HTTPStatus.FORBIDDEN, REFUSAL)
        return True

    def _origin_admitted(self) -> bool:
        origins = self.headers.get_all("Origin") or []
        if not origins:
            return True  # a same-origin EventSource sends none
        if len(origins) > 1 or not self.server.policy.allows_origin(origins[0], self.host):
            return self._refuse(HTTPStatus.FORBIDDEN, "the reload stream answers only pages of this "
                                "preview; refused its Origin")
        return True

    def _refuse(self, status: HTTPStatus, reason: str) -> bool:
        body = f"{status.value} {status.phrase}: {reason}\n".encode()
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False

    def _serve(self, head: bool) -> None:
        root = self.server.root
        target = resolve_request_path(root, self.path)
        if target is not None and target.is_dir():
            # Rebuilt from its parts: a Location of "//host/x/" would lead to another host.
            parts = unquote(request_path(self.path) or "/", errors="replace").split("/")
            location = "/" + "".join(quote(part) + "/" for part in parts if part)
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if target is None or not target.is_file():
            status, target = HTTPStatus.NOT_FOUND, root / "404.html"
        try:
            file = open(target, "rb")  # noqa: SIM115 - closed below, after streaming
        except OSError:
            file, target = io.BytesIO(BARE_NOT_FOUND), root / "404.html"
        with file:
            self._send_file(status, target, file, head)

    def _send_file(self, status: HTTPStatus, target: Path, file, head: bool) -> None:
        suffix = target.suffix.lower()
        content_type = TEXT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0]
        content_type = content_type or "application/octet-stream"
        if content_type in TEXT_TYPES.values():
            content_type += "; charset=utf-8"
        body = None
        if suffix == ".html":
            body = self._inject(file.read())
            length = len(body)
        else:  # a file on disk (the built-in 404 page is .html), streamed: never held whole
            length = os.fstat(file.fileno()).st_size
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        if body is not None:
            self.wfile.write(body)
        else:
            shutil.copyfileobj(file, self.wfile, length=1 << 16)

    def _inject(self, body: bytes) -> bytes:
        if any(mark in body[:2048] for mark in SERVED_AS_BUILT):
            return body
        state = self.server.state
        with state.changed:
            errors = list(state.errors)
        extra = RELOAD_SCRIPT
        if errors:
            count = sum(d.is_error for d in errors)
            text = html.escape(format_report(errors))  # at most a screenful per file
            extra = OVERLAY.format(count=f"{count} error{'s' if count != 1 else ''}",
                                   text=text) + extra
        page = body.decode("utf-8", errors="replace")
        at = page.rfind("</body>")
        page = page[:at] + extra + page[at:] if at >= 0 else page + extra
        return page.encode("utf-8")

    def _events(self) -> None:
        state, stop = self.server.state, self.server.stop
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        with state.changed:
            seen = state.version
        try:
            self._send("hello", seen)
            while not stop.is_set():
                with state.changed:
                    state.changed.wait_for(
                        lambda last=seen: state.version != last or stop.is_set(), timeout=15)
                    version, kind = state.version, state.kind
                if stop.is_set():
                    return
                if version == seen:
                    self.wfile.write(b": keep-alive\n\n")  # notices a closed tab
                    self.wfile.flush()
                    continue
                seen = version
                self._send(kind, version)
        except OSError:  # the tab closed, or stopped reading for longer than IDLE_SECONDS
            return

    def _send(self, event: str, version: int) -> None:
        self.wfile.write(f"event: {event}\ndata: {version}\n\n".encode())
        self.wfile.flush()


class DevServer:
    """An HTTP server on its own threads; `close()` stops it, its event streams and connections."""

    def __init__(self, root: Path, state: LiveState, host: str = LOOPBACK, port: int = 8000,
                 port_attempts: int = 20, *, allowed_hosts: Iterable[str] = (),
                 say: Callable[[str], None] = print):
        self.root, self.state = root, state
        self.stop = threading.Event()
        last_error: OSError | None = None
        for candidate in range(port, port + max(port_attempts, 1)):
            try:
                self.httpd = PreviewHTTPServer((host, candidate), root, state, self.stop,
                                               allowed_hosts, say)
                break
            except OSError as error:
                if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                    raise
                last_error = error
                if port == 0:
                    raise
        else:
            raise OSError(errno.EADDRINUSE, f"ports {port}-{port + port_attempts - 1} are all busy"
                          ) from last_error
        self.host, self.port = host, self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="backstory-http",
                                       daemon=True)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        with self.state.changed:
            self.state.changed.notify_all()
        if self.thread.is_alive():  # shutdown() waits for serve_forever, so only when it runs
            self.httpd.shutdown()
        self.httpd.close_connections()
        self.httpd.server_close()
