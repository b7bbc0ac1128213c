"""Which `Host` and `Origin` the preview answers: its guard against DNS rebinding.

A web page a reader visits can make its own name resolve to 127.0.0.1 and then read the
preview as if it were that site (Vite's CVE-2025-24010). Such requests always carry the
page's name in `Host`, so the preview answers only names that cannot be an attacker's:
loopback names, IP addresses (an address names one machine; no DNS answer can move it), the
address it listens on and names allowed with `--allow-host`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
REFUSAL = ("this preview answers only localhost, 127.0.0.1, [::1], IP addresses and names given "
           "with --host or --allow-host")


def split_host(value: str) -> tuple[str, int | None] | None:
    """`name:port`, `[v6]:port` or `name` as (name, port) in lower case; None when malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or not _is_ip(name) or rest and not rest.startswith(":"):
            return None
        has_port, port_text = bool(rest), rest[1:]
    else:
        name, colon, port_text = value.partition(":")
        has_port = bool(colon)
        if ":" in port_text:
            return None  # an IPv6 address must be bracketed in a Host
    name = name.removesuffix(".")  # "localhost." is "localhost"
    if not (HOST_NAME.fullmatch(name) or _is_ip(name)):
        return None  # browsers send names in ASCII (punycode); anything else is no browser's
    if not has_port:
        return name, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return name, int(port_text)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostPolicy:
    """The names the preview answers, and the origins its reload stream accepts."""

    def __init__(self, listen_host: str, port: int, allowed: Iterable[str] = ()):
        self.port = port
        self.names = set(LOOPBACK_NAMES)
        for given in (listen_host, *allowed):
            parsed = split_host(given if not _is_ip(given) or ":" not in given else f"[{given}]")
            if parsed is not None:
                self.names.add(parsed[0])

    def allows_name(self, name: str) -> bool:
        # *.localhost is loopback by RFC 6761, so no rebinding can hide behind it.
        return name in self.names or name.endswith(".localhost") or _is_ip(name)

    def allows_host(self, header: str) -> bool:
        parsed = split_host(header)
        return parsed is not None and self.allows_name(parsed[0])

    def allows_origin(self, origin: str, host: str | None) -> bool:
        """An Origin that is this preview itself: the request's own Host, or a name that is
        always this machine or was given, on the port it serves. Any other address is not."""
        try:
            parts = urlsplit(origin.strip())
            port = parts.port or (80 if parts.scheme == "http" else None)
        except ValueError:
            return False
        name = (parts.hostname or "").removesuffix(".")
        if parts.scheme != "http" or not name:
            return False
        if host is not None and split_host(host) in ((name, port), (name, None) if port == 80 else ()):
            return True
        return port == self.port and (name in self.names or name.endswith(".localhost"))

    def host_name(self, header: str) -> str:
        """The name to quote in a message: printable, and short."""
        parsed = split_host(header)
        name = parsed[0] if parsed else header
        return "".join(c if c.isprintable() else "?" for c in name)[:80]


def is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return all(info[4][0].startswith("127.") or info[4][0] == "::1" for info in infos)
