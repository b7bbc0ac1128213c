"""site.yaml into a frozen Config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Diagnostics, did_you_mean
from .yamlpos import YamlProblem, load_yaml

CONFIG_NAME = "site.yaml"


@dataclass(frozen=True, slots=True)
class Config:
    title: str = "Backstory"
    description: str = ""
    language: str = "en"
    author: str = ""
    base_url: str = ""  # absolute, ending in "/", or "" for relative links
    raw_html: bool = True  # Markdown's raw HTML is passed through (CommonMark); False escapes it
    autolink: bool = True  # names in prose link to their pages (mentions.py)
    search: bool = True  # a search page, a search form in the header, and the index (search.py)
    feed_content: str = "full"  # feeds carry each entry's whole body ("full") or its "summary"
    feed_entries: int = 50  # newest entries per feed

    @property
    def publishes_feeds(self) -> bool:
        """Feeds, the sitemap and robots.txt need absolute URLs: only with a base_url."""
        return bool(self.base_url)

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/my-explainer/"), or "" without one."""
        return urlsplit(self.base_url).path if self.base_url else ""


_STRING_FIELDS = ("title", "description", "language", "author", "base_url")
_FLAGS = ("autolink", "search")
_KNOWN = set(_STRING_FIELDS) | set(_FLAGS) | {"markdown", "feeds"}
FEED_CONTENT = ("full", "summary")


def load_config(root: Path, diagnostics: Diagnostics, base_url: str | None = None) -> Config:
    """Read site.yaml (optional) and report every problem in it."""
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    values: dict = {}
    if path.is_file():
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        try:
            data, positions = load_yaml(text)
        except YamlProblem as problem:
            diagnostics.error(shown, problem.line + 1, problem.column + 1, problem.message,
                              problem.hint)
            data, positions = {}, None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            diagnostics.error(shown, 1, 1, "site.yaml must be a mapping of settings",
                              "write settings as `title: My explainer`, one per line")
            data = {}

        def at(key: str) -> tuple[int, int]:
            mark = positions.key((key,)) if positions else (0, 0)
            return mark[0] + 1, mark[1] + 1

        for key, value in data.items():
            line, column = at(str(key))
            if key not in _KNOWN:
                diagnostics.error(shown, line, column, f"unknown setting '{key}'",
                                  did_you_mean(str(key), _KNOWN))
            elif key in _STRING_FIELDS:
                if value is None:
                    continue
                if not isinstance(value, str):
                    diagnostics.error(shown, line, column, f"'{key}' must be text",
                                      None)
                else:
                    values[key] = value.strip()
            elif key in _FLAGS:
                if not isinstance(value, bool):
                    diagnostics.error(shown, line, column, f"'{key}' must be `true` or `false`",
                                      f"write `{key}: false` to turn it off")
                else:
                    values[key] = value
            elif key == "markdown":
                if not isinstance(value, dict) or set(value) - {"raw_html"} or not isinstance(
                        value.get("raw_html", True), bool):
                    diagnostics.error(shown, line, column,
                                      "'markdown' takes one setting: `raw_html: true` or `false`",
                                      None)
                else:
                    values["raw_html"] = value.get("raw_html", True)
            elif key == "feeds":
                _read_feeds(value, shown, line, column, values, diagnostics)
        if "base_url" in values:
            line, column = at("base_url")
            problem = _base_url_problem(values["base_url"])
            if problem:
                diagnostics.error(shown, line, column, problem,
                                  "write it as https://example.org/ or https://example.org/path/")
                del values["base_url"]
    if base_url is not None:
        problem = _base_url_problem(base_url)
        if problem:
            diagnostics.error("--base-url", 1, 1, problem,
                              "write it as https://example.org/ or https://example.org/path/")
        else:
            values["base_url"] = base_url
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return Config(**values)


def _read_feeds(value, shown: str, line: int, column: int, values: dict,
                diagnostics: Diagnostics) -> None:
    """`feeds: {content: full | summary, entries: 50}`, each part optional."""
    hint = "write `feeds:` with `content: full` (or `summary`) and `entries: 50` below it"
    if not isinstance(value, dict) or set(value) - {"content", "entries"}:
        diagnostics.error(shown, line, column,
                          "'feeds' takes two settings: `content` and `entries`", hint)
        return
    content = value.get("content", "full")
    if content not in FEED_CONTENT:
        diagnostics.error(shown, line, column,
                          f"'feeds.content' must be `full` or `summary`, not '{content}'", hint)
    else:
        values["feed_content"] = content
    entries = value.get("entries", 50)
    if not isinstance(entries, int) or isinstance(entries, bool) or entries < 1:
        diagnostics.error(shown, line, column,
                          f"'feeds.entries' must be a whole number above 0, not '{entries}'", hint)
    else:
        values["feed_entries"] = entries


def _base_url_problem(url: str) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"base_url is not a valid URL: '{url}'"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"base_url must be an absolute http(s) URL, not '{url}'"
    if parts.query or parts.fragment:
        return "base_url cannot have a query or fragment"
    return None
