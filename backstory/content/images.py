"""An `image:` field: a picture's address as text, or a mapping that also says what it shows,
its caption and its credit (`{src, alt, caption, credit, credit_url}`), each problem in place.

`src` is a file under static/ (`images/x.jpg` or `/images/x.jpg`: both read from the site root)
or an http(s) URL. Alt text is required: `alt: ""` marks a decorative picture. An actor's
portrait written as plain text takes the actor's name as its alt text.
"""

from __future__ import annotations

from typing import Any

from ..errors import did_you_mean
from .fields import Fields
from .model import Image
from .values import http_url_problem, image_problem, kind_of

IMAGE_KEYS = ("src", "alt", "caption", "credit", "credit_url")


def image_field(f: Fields, key: str, default_alt: str | None = None) -> Image | None:
    """The picture `key` names, or None (reported) when it is absent or wrong. `default_alt`
    is the alt text of a picture written as plain text (an actor's name for its portrait);
    without one, plain text is an error that shows the mapping to write."""
    value = f.data.get(key)
    if value is None:
        return None
    at = f.position((key,))
    if isinstance(value, dict) and not f.curly((key,), value):
        return _mapping(f, key, {str(k): v for k, v in value.items()}, at)
    src = f.text(key)
    src = _source(f, (key,), src) if src is not None else None
    if src is None:
        return None
    if default_alt is None:
        f.error((key,), f"'{key}' needs alt text: what the picture shows, for readers who cannot "
                        "see it", f'write it as `{key}: {{src: {src}, alt: "What it shows"}}` '
                        f'(`alt: ""` for a decorative picture)')
        return None
    return Image(src, default_alt, at)


def _mapping(f: Fields, key: str, data: dict[str, Any], at) -> Image | None:
    for name in data:
        if name not in IMAGE_KEYS:
            f.error((key, name), f"unknown field '{name}' in '{key}'",
                    did_you_mean(name, IMAGE_KEYS) or f"'{key}' takes: {', '.join(IMAGE_KEYS)}",
                    of_key=True)
    src = _text(f, key, data, "src", "src: /images/picture.jpg")
    if "src" not in data:
        f.error((key,), f"'{key}' has no 'src'", "add `src: /images/picture.jpg` for "
                                                 "static/images/picture.jpg, or a whole https:// URL")
    src = _source(f, (key, "src"), src) if src is not None else None
    alt = data.get("alt")
    if alt == "":
        alt_text = ""
    elif "alt" not in data:
        f.error((key,), f"'{key}' has no 'alt': say what the picture shows, for readers who "
                        "cannot see it", 'add `alt: "What it shows"` (`alt: ""` for a decorative '
                                         "picture)")
        alt_text = None
    else:
        alt_text = _text(f, key, data, "alt", 'alt: "What it shows"')
    caption, credit = _text(f, key, data, "caption"), _text(f, key, data, "credit")
    credit_url = None
    if data.get("credit_url") is not None:
        credit_url = f.url((key, "credit_url"), data["credit_url"])
        if credit_url is not None and credit is None:
            f.error((key, "credit_url"), "'credit_url' links the credit, but there is no 'credit'",
                    "add `credit: Who made the picture`")
    if src is None or alt_text is None:
        return None
    return Image(src, alt_text, at, caption, credit, credit_url)


def _text(f: Fields, key: str, data: dict, name: str, example: str | None = None) -> str | None:
    """A text entry of the mapping; None when absent, or reported when it is not text."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        # Only `alt: ""` written so is decorative (_mapping): an empty src or a blank alt would
        # make the picture, and its credit, vanish without a word.
        if name in data and example is not None:
            f.error((key, name), f"'{name}' of '{key}' is empty",
                    f"write `{example}`" + (' (`alt: ""` for a decorative picture)'
                                             if name == "alt" else ""))
        return None
    if not isinstance(value, str):
        f.error((key, name), f"'{name}' of '{key}' must be text, not {kind_of(value)}",
                f'quote it: {name}: "{value}"')
        return None
    return f.plain((key, name), value) or None


def _source(f: Fields, path: tuple, src: str) -> str | None:
    """A picture's address: a path under static/ without its leading /, or an http(s) URL."""
    src = src.strip()
    problem = image_problem(src)
    if problem:
        f.error(path, f"'{path[0]}' must be a file under static/ or an http(s) URL: {problem}",
                f"write `{path[-1]}: /images/portrait.jpg` for static/images/portrait.jpg, "
                f"or a whole URL such as `{path[-1]}: https://example.org/portrait.jpg`")
        return None
    if "://" in src:
        return None if http_url_problem(src) else src
    return src.lstrip("/")
