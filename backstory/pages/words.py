"""The layouts' own words in the page's language: message catalogues, `t()` for layouts, and
the checks that every message a layout uses exists.

A catalogue is `layouts/messages/<language>.yaml`, a flat mapping from a message id to its
text, or to its plural forms (CLDR categories: `one`, `few`, `many`, `other`...) where a count
decides. The default layouts ship one per language; a site's own file of the same name adds to
it and overrides it id by id, and a site may add a language. English is the fallback: an id a
language lacks is shown in English, with a warning at that language's catalogue.

Catalogue text is plain text: it is escaped like any value, and so is every value put into a
`{placeholder}`, unless the layout made it as markup (a `{% set %}` block, another `t()`).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_DOT, TOKEN_LPAREN, TOKEN_NAME, TOKEN_RPAREN, TOKEN_STRING, Token, TokenStream
from markupsafe import Markup, escape

from ..content.kinds import DEFAULT_KINDS, Kind
from ..content.terms import DEFAULT_ARTICLE_TYPES, Term
from ..content.yamlpos import YamlProblem, load_yaml
from ..errors import Diagnostics, did_you_mean, display_path

MESSAGES_DIR = "messages"  # under each layouts folder
FALLBACK = "en"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
COUNT = "n"  # the value whose number picks a plural form
# Numbers in words as Backstory has always written them in English: no grouping (1000 events).
NUMBER_PATTERNS = {FALLBACK: "#0"}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


class UnknownMessage(Exception):
    """A layout asked for an id that no catalogue defines (raised while rendering)."""


@dataclass(frozen=True, slots=True)
class Message:
    text: str | Mapping[str, str]  # the text, or its plural forms by CLDR category
    path: str  # the catalogue it comes from, as shown in reports
    line: int


@dataclass(frozen=True, slots=True)
class Catalogues:
    """Every language's messages, the site's over the defaults: language -> id -> Message."""

    messages: Mapping[str, Mapping[str, Message]]
    paths: Mapping[str, str] = field(default_factory=dict)  # language -> the file shown in warnings

    @property
    def ids(self) -> set[str]:
        return {id_ for found in self.messages.values() for id_ in found}


@dataclass(frozen=True, slots=True)
class Words:
    """The messages of one language, English under them: what `t()` reads."""

    language: str
    messages: Mapping[str, Message]
    locale: Locale
    # Ready-made results: a message with no placeholder or plural, and numbers already
    # formatted; layouts ask for the same few words on every page.
    plain: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)
    numbers: dict[int | float, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for message_id, message in self.messages.items():
            if isinstance(message.text, str) and not _PLACEHOLDER.search(message.text):
                self.plain[message_id] = escape(message.text)

    def __call__(self, message_id: str, /, **values: object) -> Markup:
        if not values:
            ready = self.plain.get(message_id)
            if ready is not None:
                return ready
        message = self.messages.get(message_id)
        if message is None:
            hint = did_you_mean(message_id, self.messages)
            raise UnknownMessage(f"message '{message_id}' is in no catalogue"
                                 + (f" ({hint})" if hint else f" (add it to {MESSAGES_DIR}/"
                                                               f"{FALLBACK}.yaml)"))
        text = message.text
        if not isinstance(text, str):
            text = text.get(self.plural_form(values.get(COUNT)), text["other"])
        return self._fill(text, message, values)

    def plural_form(self, count: object) -> str:
        if not isinstance(count, int | float):
            return "other"
        return self.locale.plural_form(abs(count))

    def number(self, value: int | float) -> str:
        shown = self.numbers.get(value)
        if shown is None:
            pattern = NUMBER_PATTERNS.get(base_language(self.language))
            if pattern is None and isinstance(value, int) and abs(value) < 10000:
                pattern = "#0"  # 2023 is a year as often as a count: group only big numbers
            shown = self.numbers[value] = format_decimal(value, format=pattern, locale=self.locale)
        return shown

    def text(self, message_id: str, /, **values: object) -> str:
        """The message as plain text (for scripts' data, attributes built in Python): filled
        without escaping, where escaping and unescaping again cost maps a call per line."""
        message = self.messages.get(message_id)
        if message is None:
            self(message_id)  # raises UnknownMessage, with its hint
        text = message.text
        if not isinstance(text, str):
            text = text.get(self.plural_form(values.get(COUNT)), text["other"])
        return self._fill(text, message, values, str)

    def for_scripts(self, *message_ids: str) -> str:
        """The messages a page's scripts use, as JSON for a `data-words` attribute: the language
        (for `Intl.PluralRules`) and each message's text or plural forms, placeholders kept."""
        missing = [i for i in message_ids if i not in self.messages]
        if missing:
            self(missing[0])  # raises UnknownMessage, reported at the layout's line
        return json.dumps({"language": self.language,
                           "messages": {i: self.messages[i].text for i in message_ids}},
                          ensure_ascii=False, separators=(",", ":"))

    def _fill(self, text: str, message: Message, values: Mapping[str, object],
              shown: Callable[[object], str] = escape) -> Markup:
        if "{" not in text:
            return Markup(shown(text)) if shown is escape else text
        parts: list[str] = []
        last = 0
        for match in _PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name not in values:
                raise UnknownMessage(
                    f"{message.path}:{message.line}: the message uses {{{name}}}, which the "
                    f"layout does not give (it gives: {', '.join(sorted(values)) or 'nothing'})")
            value = values[name]
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = self.number(value)
            parts.append(str(shown(text[last:match.start()])) + str(shown(value)))
            last = match.end()
        parts.append(str(shown(text[last:])))
        return Markup("".join(parts)) if shown is escape else "".join(parts)


def catalogue_files(layout_dirs: Iterable[Path]) -> list[Path]:
    """Every catalogue, the defaults' first and the site's last (later ones override)."""
    found: list[Path] = []
    for folder in reversed(list(layout_dirs)):
        messages = folder / MESSAGES_DIR
        if messages.is_dir():
            found.extend(sorted(p for p in messages.glob("*.yaml") if p.is_file()))
    return found


def read_catalogues(files: Iterable[Path], root: Path, diagnostics: Diagnostics) -> Catalogues:
    """The catalogues in `files` (catalogue_files' order), each id's last definition winning."""
    messages: dict[str, dict[str, Message]] = {}
    paths: dict[str, str] = {}
    for path in files:
        shown = display_path(path, root)
        language = path.stem
        paths[language] = shown
        found = messages.setdefault(language, {})
        try:
            data, positions = load_yaml(path.read_text(encoding="utf-8"))
        except YamlProblem as problem:
            diagnostics.error(shown, problem.line + 1, problem.column + 1, problem.message, problem.hint)
            continue
        except (OSError, UnicodeDecodeError):
            diagnostics.error(shown, 1, 1, "message catalogue is not readable UTF-8 text",
                              "save it as UTF-8 in your editor")
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            diagnostics.error(shown, 1, 1, "a message catalogue is a mapping of message ids to text",
                              "write one `id: text` per line")
            continue
        for key, value in data.items():
            line, column = positions.key((key,))
            problem = _shape_problem(key, value)
            if problem:
                diagnostics.error(shown, line + 1, column + 1, problem[0], problem[1])
                continue
            found[str(key)] = Message(value if isinstance(value, str) else dict(value), shown, line + 1)
    return Catalogues(messages, paths)


def _shape_problem(key: object, value: object) -> tuple[str, str] | None:
    if not isinstance(key, str):
        return f"message id {key!r} is not text", "quote it"
    if isinstance(value, str):
        return None
    if isinstance(value, dict):
        wrong = [form for form in value if form not in PLURAL_FORMS]
        if wrong or "other" not in value or not all(isinstance(v, str) for v in value.values()):
            return (f"message '{key}' has plural forms that are not {', '.join(PLURAL_FORMS)} "
                    "(with `other` always)", f"the forms of CLDR's plural rules; found: "
                    f"{', '.join(map(str, value))}")
        return None
    return f"message '{key}' is not text", "write its text, quoted if it starts with a sign"


def words_for(language: str, catalogues: Catalogues, diagnostics: Diagnostics) -> Words:
    """The words of `language` (`pt-BR`: pt-BR's over pt's), English where it lacks a message:
    a warning for each such id (once, at the language's catalogue), or one for a language with
    no catalogue at all."""
    english = dict(catalogues.messages.get(FALLBACK, {}))
    chain = [code for code in dict.fromkeys([base_language(language), language])
             if code in catalogues.messages]
    own: dict[str, Message] = {}
    for code in chain:
        own.update(catalogues.messages[code])
    if base_language(language) != FALLBACK:
        if not chain:
            diagnostics.warning("site.yaml", 1, 1, f"no message catalogue for language "
                                f"'{language}': the layouts' own words are in English",
                                f"add layouts/{MESSAGES_DIR}/{language}.yaml (copy the default "
                                f"layouts' {MESSAGES_DIR}/{FALLBACK}.yaml and translate it)")
        else:
            path = catalogues.paths[chain[-1]]
            for message_id in sorted(english.keys() - own.keys()):
                diagnostics.warning(path, 1, 1, f"message '{message_id}' is not translated into "
                                    f"'{language}': shown in English",
                                    f"add `{message_id}: ...` to {path} (English: "
                                    f"{_shown(english[message_id].text)})")
    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(FALLBACK)  # plural rules and numbers as English's
    return Words(language, {**english, **own}, locale)


def base_language(language: str) -> str:
    """`pt` of `pt-BR`, `sr` of `sr-Latn`: whose catalogue a regional variant starts from."""
    return language.split("-")[0].lower()


def localized_kind(kind: Kind, words: Words | None) -> Kind:
    """One of the four default kinds with its names in the page's language (`kind.person`,
    `kind.person.plural`), unless the site named it itself; any other kind as the site has it."""
    default = next((k for k in DEFAULT_KINDS if k.name == kind.name), None)
    if words is None or default is None or (kind.label, kind.plural) != (default.label, default.plural):
        return kind
    return replace(kind, label=words.text(f"kind.{kind.name}"),
                   plural=words.text(f"kind.{kind.name}.plural"))


def localized_type(term: Term, words: Words | None) -> Term:
    """One of the default types of article with its label in the page's language
    (`article_type.explainer`), unless the site labelled it itself; any other type as the site
    has it. Its slug and schema.org type stay."""
    default = next((t for t in DEFAULT_ARTICLE_TYPES if t.slug == term.slug), None)
    message_id = f"article_type.{term.slug}"
    if words is None or default is None or term.label != default.label or message_id not in words.messages:
        return term
    return replace(term, label=words.text(message_id))


def life_word(words: Words | None, group: str, name: str, english: str, date: str = "") -> str:
    """A kind's date name (`born`) in the page's language where the catalogue has it
    (`life.born`: Born; `lifespan.born`: born {date}), else as the site's kinds name it."""
    message_id = f"{group}.{name}"
    if words is not None and message_id in words.messages:
        return words.text(message_id, date=date)
    return english.replace("{date}", date)


def credit_words(files: Iterable[Path], root: Path, languages: Iterable[str]
                 ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each language's words that may start a figure's credit line in a body, as
    config.credit_words holds them: the catalogue's `figure.credit_words`, comma-separated
    (its problems are reported with the layouts')."""
    codes = tuple(dict.fromkeys(languages))
    wanted = {FALLBACK, *codes, *map(base_language, codes)}
    catalogues = read_catalogues([f for f in files if f.stem in wanted], root, Diagnostics())
    found = []
    for code in codes:
        message = words_for(code, catalogues, Diagnostics()).messages.get("figure.credit_words")
        text = message.text if message is not None and isinstance(message.text, str) else ""
        found.append((code, tuple(word.strip() for word in text.split(",") if word.strip())))
    return tuple(found)


def english_words(files: Iterable[Path], root: Path) -> Words:
    """English alone, its problems unreported: for an environment made outside a build."""
    return words_for(FALLBACK, read_catalogues(files, root, Diagnostics()), Diagnostics())


def _shown(text: str | Mapping[str, str]) -> str:
    return text if isinstance(text, str) else text.get("other", "")


def used_ids(env: jinja2.Environment, source: str) -> list[tuple[str, int]]:
    """Each message id a layout's text asks for literally (`t("id", ...)`,
    `script_words("id", ...)`), with its line: read from the layout's tokens as written
    (`env.lex` runs no extension, so the ids FoldedWords compiles in are seen too)."""
    found: list[tuple[str, int]] = []
    tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    for at, (line, kind, value) in enumerate(tokens[:-2]):
        after_dot = at > 0 and tokens[at - 1][1:] == ("operator", ".")
        if kind != "name" or value not in ("t", "script_words") or after_dot or \
                tokens[at + 1][1:] != ("operator", "("):
            continue
        for _, argument_kind, argument in tokens[at + 2:]:
            if argument_kind == "string":
                found.append((ast.literal_eval(argument), line))
            if value == "t" or argument_kind not in ("string", "operator") or argument == ")":
                break
            if argument_kind == "operator" and argument != ",":
                break
    return found


def check_used_ids(env: jinja2.Environment, layouts: Mapping[str, Path], root: Path,
                   catalogues: Catalogues, diagnostics: Diagnostics) -> None:
    """An id a layout uses that no catalogue defines is an error at the layout's line."""
    known = catalogues.ids
    for name, path in layouts.items():
        try:
            source = env.loader.get_source(env, name)[0]
            used = used_ids(env, source)
        except (jinja2.TemplateError, UnicodeDecodeError, RecursionError, SyntaxError):
            continue  # check_layouts reports it
        lines = source.split("\n")
        for message_id, line in used:
            if message_id in known:
                continue
            text = lines[line - 1] if line <= len(lines) else ""
            column = max(text.find(f'"{message_id}"'), text.find(f"'{message_id}'")) + 2
            if column < 2:  # the call spans lines: point at the id wherever it is
                column = 1
            hint = did_you_mean(message_id, known) or (
                f"add `{message_id}: ...` to layouts/{MESSAGES_DIR}/{FALLBACK}.yaml "
                "(and to each language's catalogue)")
            diagnostics.error(display_path(path, root), line, column,
                              f"message '{message_id}' is in no catalogue", hint, text)


class FoldedWords(Extension):
    """`t("id")` of a message with no placeholder or plural, in a layout that escapes, is
    replaced by its text while the layout compiles: the environment has one language, so the
    words are constants, and a page then pays nothing for them (a call cost ~4 µs, ~40 a page).
    The text stays a string literal, which autoescape escapes as t() did."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        words = self.environment.globals.get("t")
        escapes = self.environment.autoescape
        if not isinstance(words, Words) or not (escapes(stream.name) if callable(escapes) else escapes):
            yield from stream
            return
        held: list[Token] = []  # a call being read: name `t`, `(`, a string, then `)`
        after_dot = False  # `x.t("id")` is some object's method, not the words
        for token in stream:
            held.append(token)
            shape = [held_token.type for held_token in held]
            if shape == [TOKEN_NAME, TOKEN_LPAREN, TOKEN_STRING, TOKEN_RPAREN][:len(held)] and \
                    not after_dot and (held[0].value == "t" or len(held) > 1):
                if len(held) < 4:
                    continue
                text = words.plain.get(held[2].value)
                if text is not None:
                    held = [Token(held[0].lineno, TOKEN_STRING, str(text.unescape()))]
            after_dot = held[-1].type == TOKEN_DOT
            yield from held
            held = []
        yield from held
