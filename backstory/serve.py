"""The dev server: serves a build's output folder, pushes reloads, shows errors over the page.

It knows nothing of how a site is built: it is given the folder to serve and is told when a
rebuild succeeded or failed. Files are served only from under that folder.
"""

from __future__ import annotations

import errno
import html
import mimetypes
import os
import posixpath
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Diagnostic

EVENTS_PATH = "/__backstory/events"
LOOPBACK = "127.0.0.1"

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


def resolve_request_path(root: Path, raw_path: str) -> Path | None:
    """The file a URL path names under root, or None for anything that could leave it."""
    try:
        path = unquote(urlsplit(raw_path).path)
    except ValueError:
        return None
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith("..") and set(part) == {"."} for part in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    try:
        real = Path(os.path.realpath(candidate))
        root_real = Path(os.path.realpath(root))
    except (OSError, ValueError):
        return None
    # commonpath, never startswith: /site-leak must not pass for /site.
    if os.path.commonpath([real, root_real]) != str(root_real):
        return None
    if real.is_dir():
        if not path.endswith("/"):
            return real  # the handler redirects to the slash form
        real = real / "index.html"
    return real


def _handler(root: Path, state: LiveState, stop: threading.Event):
    class Handler(BaseHTTPRequestHandler):
        server_version = "Backstory"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the CLI reports
            pass

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(head=True)

        def do_GET(self) -> None:  # noqa: N802
            if self.path.split("?", 1)[0] == EVENTS_PATH:
                self._events()
            else:
                self._serve(head=False)

        def _serve(self, head: bool) -> None:
            target = resolve_request_path(root, self.path)
            if target is not None and target.is_dir():
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", urlsplit(self.path).path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if target is None or not target.is_file():
                status, target = HTTPStatus.NOT_FOUND, root / "404.html"
            try:
                body = target.read_bytes()
            except OSError:
                body = b"<!doctype html><title>Not found</title><p>Not found</p>"
                target = root / "404.html"
            suffix = target.suffix.lower()
            content_type = TEXT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0]
            content_type = content_type or "application/octet-stream"
            if content_type in TEXT_TYPES.values():
                content_type += "; charset=utf-8"
            if suffix == ".html":
                body = self._inject(body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _inject(self, body: bytes) -> bytes:
            with state.changed:
                errors = list(state.errors)
            extra = RELOAD_SCRIPT
            if errors:
                count = sum(d.is_error for d in errors)
                text = html.escape("\n\n".join(d.format() for d in errors))
                extra = OVERLAY.format(count=f"{count} error{'s' if count != 1 else ''}",
                                       text=text) + extra
            page = body.decode("utf-8", errors="replace")
            at = page.rfind("</body>")
            page = page[:at] + extra + page[at:] if at >= 0 else page + extra
            return page.encode("utf-8")

        def _events(self) -> None:
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
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

        def _send(self, event: str, version: int) -> None:
            self.wfile.write(f"event: {event}\ndata: {version}\n\n".encode())
            self.wfile.flush()

    return Handler


class DevServer:
    """An HTTP server on its own threads; `close()` stops it and its event streams."""

    def __init__(self, root: Path, state: LiveState, host: str = LOOPBACK, port: int = 8000,
                 port_attempts: int = 20):
        self.root, self.state = root, state
        self.stop = threading.Event()
        handler = _handler(root, state, self.stop)
        last_error: OSError | None = None
        for candidate in range(port, port + max(port_attempts, 1)):
            try:
                self.httpd = ThreadingHTTPServer((host, candidate), handler)
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
        self.httpd.daemon_threads = True
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
        self.httpd.server_close()


def is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return all(info[4][0].startswith("127.") or info[4][0] == "::1" for info in infos)


def describe_changes(paths: set[str]) -> str:
    """`content/articles/x.md` or `3 files (content/..., ...)` for the one-line rebuild report."""
    shown = sorted(posixpath.normpath(p.replace(os.sep, "/")) for p in paths)
    if len(shown) == 1:
        return shown[0]
    return f"{len(shown)} files ({', '.join(shown[:3])}{', ...' if len(shown) > 3 else ''})"
