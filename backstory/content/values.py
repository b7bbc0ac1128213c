"""The forms a front-matter value may take, each check saying in words what is wrong.

Plain text without control characters, http(s) URLs, and pictures: a file under static/ or an
http(s) URL, never a `javascript:`, `data:` or `file:` address that a page would load.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

# C0 controls but tab and line breaks, DEL and C1 controls: invisible, and not allowed in XML
# (a feed with one is refused by readers).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def kind_of(value: Any) -> str:
    """What a YAML value is, in an author's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if isinstance(value, (set, frozenset)):
        return "a set (!!set)"
    if isinstance(value, tuple):
        return "a `key: value` pair (!!omap or !!pairs)"
    return "nothing" if value is None else "an unusual YAML value"


def control_character(text: str) -> str | None:
    """The first control character in `text`, as U+XXXX, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def scheme_of(url: str) -> str | None:
    """The scheme of a whole URL (with a host), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[::1" and the like
        return None
    return parts.scheme if parts.netloc else None


def http_url_problem(url: str) -> str | None:
    """Why `url` is not a whole http(s) address a reader can follow, or None."""
    if scheme_of(url) not in ("http", "https"):
        return "it must start with https:// or http://"
    return None


def image_problem(image: str) -> str | None:
    """Why `image` is neither a file under static/ (a path from the site root such as
    images/x.jpg) nor an http(s) URL, or None when it is one of them."""
    try:
        scheme = urlsplit(image).scheme
    except ValueError:
        return "it is not a valid URL"
    if scheme in ("http", "https"):
        return http_url_problem(image)
    if scheme or ":" in image.split("/", 1)[0]:  # javascript:, data:, file: and the like
        return f"'{image.split(':', 1)[0]}:' addresses are not allowed"
    if "://" in image:
        return "a path cannot contain ://"
    if image.startswith("//"):
        return "a path cannot start with // (a browser reads it as another site)"
    if "\\" in image:
        return "a path uses / between folders, not \\"
    if ".." in image.split("/"):
        return "a path cannot go up with .."
    if "?" in image or "#" in image:
        return "a path names a file: no ? or #"
    if image.endswith("/"):
        return "a path names a file, not a folder"
    return None
