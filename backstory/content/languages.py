"""The languages a site is written in (site.yaml's `languages:`), and what names a translation.

`languages:` maps each BCP 47 code to its settings; `language:` names the default, the one the
originals are written in. A translation sits beside its original, the language's code the last
dotted part of its name before `.md` (`alexander-lukashenko.ru.md`): sources.py finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostics, did_you_mean
from .values import kind_of

# language[-Script][-REGION]: en, ru, pt-BR, sr-Latn, zh-Hant-TW, es-419.
CODE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
# What may be a language code in a file or folder name, whatever its case: checked against CODE
# and the site's languages once found.
CODE_LIKE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?")
UNTRANSLATED = ("original", "omit")
_SETTINGS = ("name", "title", "description", "author")
# site.yaml's own labels a language may word its way: slug -> text, or a mapping of these fields.
LABELLED = {"tags": ("label", "description"), "series": ("label", "description"),
            "article_types": ("label", "description"), "kinds": ("label", "plural")}
EXAMPLE = "languages:\n  en: {name: English}\n  ru: {name: Русский, title: Мятеж Вагнера}"


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47, as site.yaml writes it and translations' file names end: "ru", "pt-BR"
    name: str  # in that language: "Русский"
    title: str | None = None  # the site's title, description and author in it; None: the site's
    description: str | None = None
    author: str | None = None
    # site.yaml's tags, series, article types and kinds in this language, as
    # (section, slug, field, text): ("kinds", "ship", "plural", "Navires")
    labels: tuple[tuple[str, str, str, str], ...] = ()


def canonical_code(code: str) -> str:
    """A code in BCP 47's usual case: `pt-br` -> `pt-BR`, `SR-latn` -> `sr-Latn`."""
    parts = code.split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        fixed.append(part.capitalize() if len(part) == 4 else part.upper())
    return "-".join(fixed)


def read_languages(value, at, diagnostics: Diagnostics, shown: str) -> tuple[Language, ...]:
    """site.yaml's `languages:`, in the order written; every problem reported where it stands.
    `at(path)` gives the 1-based (line, column) of a key."""
    if not isinstance(value, dict) or not value:
        diagnostics.error(shown, *at(("languages",)), "'languages' must map language codes to "
                          f"their settings, not {kind_of(value)}", "write it as\n" + EXAMPLE)
        return ()
    found: list[Language] = []
    for key, settings in value.items():
        code = str(key)
        where = at(("languages", code))
        if not isinstance(key, str) or not CODE.fullmatch(code):
            fixed = canonical_code(code) if CODE_LIKE.fullmatch(code) else None
            diagnostics.error(shown, *where, f"'{code}' is not a language code",
                              f"write it as '{fixed}'" if fixed and CODE.fullmatch(fixed) else
                              "write a BCP 47 code: a language (en, ru), then a script or a "
                              "region if needed (sr-Latn, pt-BR)")
            continue
        if not isinstance(settings, dict):
            diagnostics.error(shown, *where, f"language '{code}' must be a mapping of settings, "
                              f"not {kind_of(settings)}", f"write it as `{code}: {{name: ...}}`, "
                              "the name in that language")
            continue
        texts, labels = {}, []
        for setting, text in settings.items():
            place = at(("languages", code, str(setting)))
            if setting in LABELLED:
                labels += _labels(code, str(setting), text, at, diagnostics, shown)
            elif setting not in _SETTINGS:
                known = _SETTINGS + tuple(LABELLED)
                diagnostics.error(shown, *place, f"unknown setting '{setting}' of language '{code}'",
                                  did_you_mean(str(setting), known)
                                  or f"a language has: {', '.join(known)}")
            elif not isinstance(text, str) or not text.strip():
                diagnostics.error(shown, *place, f"'{setting}' of language '{code}' must be text",
                                  None)
            else:
                texts[setting] = " ".join(text.split())
        if "name" not in settings:
            diagnostics.error(shown, *where, f"language '{code}' has no 'name'",
                              "add `name:` below it: what the language is called in itself")
        # Kept even when wrong, so that its translations get no second error ("not a language").
        found.append(Language(code, **{"name": code, **texts}, labels=tuple(labels)))
    return tuple(found)


def _labels(code: str, section: str, value, at, diagnostics: Diagnostics, shown: str) -> list[tuple]:
    """`tags: {belarus: Беларусь}` or `kinds: {ship: {label: Navire, plural: Navires}}` of one
    language, as (section, slug, field, text)."""
    fields = LABELLED[section]
    example = f"{section}: {{slug: {'{label: ..., plural: ...}' if section == 'kinds' else 'its label'}}}"
    if not isinstance(value, dict):
        diagnostics.error(shown, *at(("languages", code, section)), f"'{section}' of language "
                          f"'{code}' must map slugs to labels, not {kind_of(value)}", f"write `{example}`")
        return []
    found = []
    for slug, words in value.items():
        where = at(("languages", code, section, str(slug)))
        words = {fields[0]: words} if isinstance(words, str) else words
        if not isinstance(words, dict) or not words or any(
                key not in fields or not isinstance(text, str) or not text.strip()
                for key, text in words.items()):
            diagnostics.error(shown, *where, f"'{slug}' under '{section}' of language '{code}' must "
                              f"be its label, or a mapping of {' and '.join(fields)}", f"write `{example}`")
            continue
        found += [(section, str(slug), key, " ".join(text.split())) for key, text in words.items()]
    return found


def check_labelled(languages: tuple[Language, ...], known: dict[str, set[str]], at,
                   diagnostics: Diagnostics, shown: str) -> None:
    """Each label a language words names a tag, series, article type or kind the site has."""
    for language in languages:
        for section, slug in dict.fromkeys((section, slug) for section, slug, _, _ in language.labels):
            if slug not in known[section]:
                what, listed = section.replace("_", " "), ", ".join(sorted(known[section]))
                diagnostics.error(shown, *at(("languages", language.code, section, slug)),
                                  f"'{slug}' is not one of the site's {what}",
                                  did_you_mean(slug, sorted(known[section]))
                                  or f"the site's {what}: {listed}")


def check_default(languages: tuple[Language, ...], default: str, at, diagnostics: Diagnostics,
                  shown: str, written: bool) -> None:
    """`language:` must be one of `languages:` (the originals are written in it)."""
    codes = [language.code for language in languages]
    if default in codes:
        return
    where = at(("language",)) if written else at(("languages",))
    listed = ", ".join(codes)
    if written:
        close = did_you_mean(default, codes)
        hint = (f"{close} " if close else "") + f"`language:` names the originals' language, one " \
            f"of {listed}; or add `{default}:` under `languages:`"
    else:
        hint = f"add `language:` naming the originals' language, one of {listed} (the default is {default})"
    diagnostics.error(shown, *where, f"the default language '{default}' is not one of `languages:` "
                      f"({listed})", hint)
