"""site.yaml into a frozen Config."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Diagnostics, did_you_mean
from .cmssettings import DEFAULT_SCRIPT, read_cms
from .datefields import check_zone, zone_hint
from .kinds import DEFAULT_KINDS, Kind, read_kinds
from .languages import LABELLED, UNTRANSLATED, Language, check_default, check_labelled, read_languages
from .terms import DEFAULT_ARTICLE_TYPES, Term, read_terms
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
    typographer: bool = True  # curly quotes in the language's style, dashes, ellipses (typography.py)
    autolink: bool = True  # names in prose link to their pages (mentions.py)
    search: bool = True  # a search page, a search form in the header, and the index (search.py)
    feed_content: str = "full"  # feeds carry each entry's whole body ("full") or its "summary"
    feed_entries: int = 50  # newest entries per feed
    # The zone of times written without one (`2023-06-24 09:30`): an IANA name, or None for
    # times of no stated zone (shown without one, sorted as written).
    timezone: str | None = None
    # The base URL the published site has, even where this build links relatively (the
    # preview builds with base_url ""): what addresses in bodies are checked against.
    published_base_url: str = ""
    # Kinds of actor: the four defaults as the site sets them, then the site's own (kinds.py).
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    # Tags and series articles may name, and the types an article may be (terms.py).
    tags: tuple[Term, ...] = ()
    series: tuple[Term, ...] = ()
    article_types: tuple[Term, ...] = DEFAULT_ARTICLE_TYPES
    # `cms:`, read only by `backstory cms` (cmssettings.py): where admin/ loads Decap CMS from,
    # Decap's backend as (key, value) pairs, () for the default; and its publishing workflow,
    # "simple" or "editorial" (drafts on git branches).
    cms_script: str = DEFAULT_SCRIPT
    cms_backend: tuple[tuple[str, str | int | bool], ...] = ()
    cms_workflow: str = "simple"
    # `languages:` (languages.py): every language of the site, the default (`language`) among
    # them; () for a site in one language. What a language shows of a page not translated into
    # it ("original" or "omit"), and whether the default language's pages have a prefix too.
    languages: tuple[Language, ...] = ()
    untranslated: str = "original"
    default_language_prefix: bool = False
    # Not in site.yaml: each of the site's languages' words that may start a figure's credit
    # line in a body besides `Credit:` (the catalogues' `figure.credit_words`, read by the build
    # with the layouts: pipeline/load.py), as (language, words) pairs.
    credit_words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # `reading` as a digest, made once: what each parse in the cache keeps of the settings.
    # Keeping the settings themselves copied some sixty objects into every entry, and the
    # cache of a 10,000-article site took 360,000 tags to unpickle.
    reading_key: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        digest = hashlib.sha256(repr(self.reading).encode()).hexdigest()
        object.__setattr__(self, "reading_key", digest)

    @property
    def reading(self) -> tuple:
        """The settings that change how a content file reads: the key of a parse in the cache."""
        return (self.raw_html, self.typographer, self.language, self.timezone, self.kinds,
                self.tags, self.series, self.article_types, self.translation_languages,
                self.credit_words)

    @property
    def translation_languages(self) -> tuple[str, ...]:
        """The codes translations may be written in: every language but the default."""
        return tuple(lang.code for lang in self.languages if lang.code != self.language)

    def language_named(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def in_language(self, code: str) -> Config:
        """The settings as a page in `code` reads them: its `language`, and the site's title,
        description and author as `languages:` gives them in it."""
        lang = self.language_named(code)
        if lang is None or code == self.language and not (lang.title or lang.description
                                                          or lang.author or lang.labels):
            return self
        worded = {section: _worded(getattr(self, section), section, lang.labels)
                  for section in LABELLED if any(label[0] == section for label in lang.labels)}
        return replace(self, language=code, title=lang.title or self.title,
                       description=lang.description or self.description,
                       author=lang.author or self.author, **worded)

    def kind(self, name: str) -> Kind | None:
        """The kind `kind: name` means, or None when the site has no such kind."""
        return next((kind for kind in self.kinds if kind.name == name), None)

    @property
    def publishes_feeds(self) -> bool:
        """Feeds, the sitemap and robots.txt need absolute URLs: only with a base_url."""
        return bool(self.base_url)

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/my-explainer/"), or "" without one."""
        return urlsplit(self.base_url).path if self.base_url else ""

    @property
    def published_base_path(self) -> str:
        """The path part of published_base_url (base_url's when it is not set): "/x/", or ""."""
        url = self.published_base_url or self.base_url
        return urlsplit(url).path if url else ""


_STRING_FIELDS = ("title", "description", "language", "author", "base_url", "timezone")
_FLAGS = ("autolink", "search", "default_language_prefix")
MARKDOWN_SETTINGS = ("raw_html", "typographer")  # under `markdown:`, each true (the default) or false
_TERMS = ("tags", "series", "article_types")
_KNOWN = set(_STRING_FIELDS) | set(_FLAGS) | {"markdown", "feeds", "kinds", "cms", *_TERMS,
                                              "languages", "untranslated"}
FEED_CONTENT = ("full", "summary")


def load_config(root: Path, diagnostics: Diagnostics, base_url: str | None = None) -> Config:
    """Read site.yaml (optional) and report every problem in it."""
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    values: dict = {}
    text = _read(path, diagnostics) if path.is_file() else None
    if text is not None:
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

        for key, value in data.items():
            line, column = _at(positions, (str(key),))
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
                if not isinstance(value, dict) or set(value) - set(MARKDOWN_SETTINGS) or not all(
                        isinstance(value.get(name, True), bool) for name in MARKDOWN_SETTINGS):
                    diagnostics.error(shown, line, column,
                                      "'markdown' takes `raw_html` and `typographer`, each `true` "
                                      "or `false`", "for example `markdown: {typographer: false}`")
                else:
                    values.update((name, value.get(name, True)) for name in MARKDOWN_SETTINGS)
            elif key == "feeds":
                _read_feeds(value, shown, line, column, values, diagnostics)
            elif key == "kinds" and value is not None:
                values["kinds"] = read_kinds(value, lambda path: _at(positions, path), diagnostics, shown)
            elif key == "languages" and value is not None:
                values["languages"] = read_languages(value, lambda path: _at(positions, path),
                                                     diagnostics, shown)
            elif key == "untranslated":
                if value not in UNTRANSLATED:
                    diagnostics.error(shown, line, column, "'untranslated' must be `original` or "
                                      f"`omit`, not '{value}'", "`original` shows a page not "
                                      "translated into a language as it is; `omit` leaves it out")
                else:
                    values["untranslated"] = value
            elif key == "cms" and value is not None:
                values.update(read_cms(value, lambda path: _at(positions, path), diagnostics, shown))
            elif key in _TERMS and value is not None:
                values[key] = read_terms(key, value, lambda path: _at(positions, path), diagnostics,
                                         shown, DEFAULT_ARTICLE_TYPES if key == "article_types" else ())
        if values.get("languages"):
            check_default(values["languages"], values.get("language", Config().language),
                          lambda path: _at(positions, path), diagnostics, shown, "language" in data)
            defaults = Config()
            known = {section: {item.slug if section != "kinds" else item.name
                               for item in values.get(section, getattr(defaults, section))}
                     for section in LABELLED}
            check_labelled(values["languages"], known, lambda path: _at(positions, path), diagnostics,
                           shown)
        else:
            for key in ("untranslated", "default_language_prefix"):
                if key in data:
                    diagnostics.warning(shown, *_at(positions, (key,)), f"'{key}' does nothing "
                                        "without `languages:`", "list the site's languages under "
                                        "`languages:`, or remove this line")
        if "base_url" in values:
            problem = base_url_problem(values["base_url"])
            if problem:
                line, column = _where_written(text, positions, "base_url")
                diagnostics.error(shown, line + 1, column + problem.at + 1, problem.message,
                                  _base_url_hint(problem))
                del values["base_url"]
        if values.get("timezone") is not None:
            problem = check_zone(values["timezone"])
            if problem:
                line, column = _at(positions, ("timezone",))
                diagnostics.error(shown, line, column, problem,
                                  zone_hint(values["timezone"], offsets=False))
                del values["timezone"]
    declared = values.get("base_url", "")
    if base_url is not None:
        base_url = base_url.strip()
        problem = base_url_problem(base_url)
        if problem:  # shown as a line of its own, the caret under what is wrong
            diagnostics.error("--base-url", 1, problem.at + 1, problem.message,
                              _base_url_hint(problem), base_url)
        else:
            values["base_url"] = base_url
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    # An empty --base-url (the preview's) means "link relatively here", not "published at /".
    published = values.get("base_url") or declared
    values["published_base_url"] = published + ("/" if published and not published.endswith("/") else "")
    return Config(**values)


def _at(positions, path: tuple) -> tuple[int, int]:
    """1-based line and column where the key at `path` is written (1, 1 when unknown)."""
    line, column = positions.key(path) if positions else (0, 0)
    return line + 1, column + 1


def _read(path: Path, diagnostics: Diagnostics) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:  # unreadable: a problem to report, not a traceback
        diagnostics.error(CONFIG_NAME, 1, 1, f"cannot read site.yaml: {error.strerror or error}",
                          "check the file's permissions")
        return None


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


def _where_written(text: str, positions, key: str) -> tuple[int, int]:
    """0-based line and column where the text of a setting's value starts, inside any quote."""
    line, column = positions.get((key,), (0, 0)) if positions else (0, 0)
    written = text.split("\n")[line] if line < len(text.split("\n")) else ""
    if written[column:column + 1] in ("'", '"'):
        column += 1
    return line, column + len(written[column:]) - len(written[column:].lstrip())


def _base_url_hint(problem: BaseUrlProblem) -> str:
    if problem.fix:
        return f"write it as {problem.fix}"
    return "write it as https://example.org/ or https://example.org/path/"


@dataclass(frozen=True, slots=True)
class BaseUrlProblem:
    message: str
    at: int  # 0-based index in the URL of what is wrong
    fix: str | None  # the URL as it should be written (or the readings it may have), if known


def base_url_problem(url: str) -> BaseUrlProblem | None:
    """Why `url` cannot be the address the site is served from (every canonical URL, feed and
    sitemap entry starts with it), or None when it can."""
    if not url:
        return None
    fixed = _corrected(url)
    if (at := next((i for i, ch in enumerate(url) if ch.isspace() or ord(ch) < 32), None)) is not None:
        return BaseUrlProblem("base_url cannot contain spaces or control characters (write a "
                              "space as %20)", at, None)
    if "\\" in url:
        return BaseUrlProblem("base_url uses / between folders, not \\", url.index("\\"), fixed)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return BaseUrlProblem(f"base_url is not a valid URL: '{url}'", 0, None)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return BaseUrlProblem(f"base_url must be an absolute http(s) URL, not '{url}'", 0, fixed)
    if "@" in parts.netloc:
        return BaseUrlProblem("base_url cannot contain a user name or password: every page "
                              "would publish it", url.index("//") + 2, fixed)
    if "?" in url or "#" in url:
        return BaseUrlProblem("base_url cannot have a query (?) or fragment (#)",
                              min(i for i in (url.find("?"), url.find("#")) if i >= 0), fixed)
    folders = parts.path.split("/")
    if "." in folders or ".." in folders:
        return BaseUrlProblem("base_url cannot contain . or .. folders", _path_at(url, parts), fixed)
    if "." in folders[-1]:
        name = folders[-1]
        if name.rpartition(".")[2].lower() not in _PAGE_SUFFIXES:  # v1.2 may be a folder
            fixed = f"{fixed}, or as {url}/ if '{name}' is a folder"
        return BaseUrlProblem(f"base_url must name a folder, not the file '{name}'",
                              url.rindex("/") + 1, fixed)
    return None


# What a file name in a base_url usually ends with: no doubt it is not a folder.
_PAGE_SUFFIXES = {"html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp", "cgi", "xml", "json",
                  "txt"}


def _corrected(url: str) -> str | None:
    """`url` with what cannot be in a base_url taken out; None when no URL can be guessed."""
    url = url.replace("\\", "/")
    if url.startswith("//"):
        url = "https:" + url
    elif "://" not in url and not url.startswith("/") and "." in url.split("/")[0]:
        url = "https://" + url  # example.org/x: the host without a scheme
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        if not parts.hostname:
            return None
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    folders = [f for f in parts.path.split("/") if f not in (".", "")]
    while ".." in folders:
        at = folders.index("..")
        del folders[max(at - 1, 0):at + 1]
    if folders and "." in folders[-1]:
        folders.pop()  # a file name: the folder holding it
    return f"{parts.scheme}://{host}/" + "".join(f"{f}/" for f in folders)


def _path_at(url: str, parts) -> int:
    return url.index(parts.path, url.index("//") + 2) if parts.path else len(url)


def _worded(items: tuple, section: str, labels: tuple[tuple[str, str, str, str], ...]) -> tuple:
    """Terms or kinds with a language's words for them (languages.LABELLED)."""
    words: dict[str, dict[str, str]] = {}
    for of, slug, field_name, text in labels:
        if of == section:
            words.setdefault(slug, {})[field_name] = text
    return tuple(replace(item, **words.get(item.slug if section != "kinds" else item.name, {}))
                 for item in items)
