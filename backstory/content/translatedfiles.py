"""Which content files are translations, and of what: the naming rules of `languages:`.

A translation sits beside its original, named like it with the language's code before `.md`:
`content/actors/alexander-lukashenko.ru.md` translates `content/actors/alexander-lukashenko.md`.
A folder per language (`content/ru/actors/`, `content/actors/ru/`) is refused with the path to
write instead, and so is a translation with no original beside it or in a language the site
does not list. sources.py calls these while it walks content/.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import Diagnostics
from .languages import CODE_LIKE, canonical_code
from .model import CONTENT_TYPES

if TYPE_CHECKING:
    from .sources import SourceFile

CONTENT_DIR = "content"
_DOCS = "see docs/writing.md, Translations"


def translation_name(stem: str, suffix: str, path: str, languages: tuple[str, ...],
                     diagnostics: Diagnostics, shown: str) -> tuple[str | None, str | None]:
    """A file name's slug and language (`x.ru` -> ("x", "ru")): the language None for an
    original, the slug None for a name that is refused (reported). `languages` are the site's,
    the default first; none for a site in one language, where a dotted name stays as it is
    (and is no slug)."""
    base, _, code = stem.rpartition(".")
    if not CODE_LIKE.fullmatch(code):
        return stem, None
    original = f"{shown.rpartition('/')[0]}/{base}{suffix}"
    if not languages:
        if os.path.exists(os.path.join(os.path.dirname(path), base + suffix)):
            diagnostics.error(shown, 1, 1, f"'{stem}' cannot be a slug: use lowercase letters, "
                              "digits and single hyphens", f"to translate {original}, list "
                              f"'{code}' under `languages:` in site.yaml ({_DOCS})")
            return None, None
        return stem, None
    default, others = languages[0], languages[1:]
    if code == default:
        diagnostics.error(shown, 1, 1, f"'{code}' is the site's default language, the language "
                          f"of {original} itself", f"write the text in {original}, or remove this file")
        return None, None
    if code not in others:
        fixed = canonical_code(code)
        if fixed in others:
            hint = f"write the name as {base}.{fixed}{suffix}"
        else:
            close = difflib.get_close_matches(code, others, n=1, cutoff=0.5)
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                f"translations are in {', '.join(others)}; " if others else "") + \
                f"add '{code}' under `languages:` in site.yaml to translate into it"
        diagnostics.error(shown, 1, 1, f"'{code}' is not one of the site's languages "
                          f"({', '.join(languages)})", hint)
        return None, None
    return base, code


def language_folder(relative: tuple[str, ...], languages: tuple[str, ...],
                    diagnostics: Diagnostics, shown: str) -> bool:
    """Whether the file sits in a folder per language (`content/ru/actors/x.md`,
    `content/actors/ru/x.md`), which is refused (reported) with the path to write instead."""
    if relative[0] in languages:
        at, rest = 0, relative[1:]
    else:
        at = next((i for i, part in enumerate(relative[1:-1], 1) if part in languages[1:]), None)
        if at is None or relative[0] not in CONTENT_TYPES:
            return False
        rest = relative[:at] + relative[at + 1:]
    code = relative[at]
    stem, suffix = os.path.splitext(rest[-1]) if rest else ("<slug>", ".md")
    if code != languages[0] and not stem.endswith("." + code):
        stem += "." + code
    if len(rest) < 2 or rest[0] not in CONTENT_TYPES:
        rest = ("actors", "<slug>")
        stem = "<slug>" if code == languages[0] else f"<slug>.{code}"
    fixed = "/".join((CONTENT_DIR, *rest[:-1], stem + suffix))
    where = "its original" if code != languages[0] else "the other originals"
    diagnostics.error(shown, 1, 1, f"'{code}/' is a folder per language: a translation sits "
                      "beside its original, named with its language", f"write it as {fixed}, "
                      f"beside {where} ({_DOCS})")
    return True


def pair_translations(files: list[SourceFile], diagnostics: Diagnostics) -> list[SourceFile]:
    """The files, each translation given its original (the file of its slug in its folder);
    one without is reported and left out, as is a second translation of one original into one
    language."""
    originals: dict[tuple[str, str], list[str]] = defaultdict(list)
    for file in files:
        if file.language is None:
            originals[(file.type, file.slug)].append(file.shown)
    slugs: dict[str, list[str]] = defaultdict(list)
    for kind, slug in originals:
        slugs[kind].append(slug)
    paired: dict[tuple[str, str], str] = {}
    kept = []
    for file in files:
        if file.language is None:
            kept.append(file)
            continue
        folder, _, name = file.shown.rpartition("/")
        candidates = originals.get((file.type, file.slug), [])
        beside = [shown for shown in candidates if shown.rpartition("/")[0] == folder]
        if beside:
            if (beside[0], file.language) in paired:
                diagnostics.error(file.shown, 1, 1, f"{beside[0]} has another translation into "
                                  f"'{file.language}': {paired[(beside[0], file.language)]}",
                                  "keep one of them")
                continue
            paired[(beside[0], file.language)] = file.shown
            kept.append(replace(file, original=beside[0]))
        elif candidates:
            diagnostics.error(file.shown, 1, 1, f"a translation sits beside its original, and "
                              f"{candidates[0]} is in another folder",
                              f"move it to {candidates[0].rpartition('/')[0]}/{name}")
        else:
            close = difflib.get_close_matches(file.slug, slugs[file.type], n=1, cutoff=0.6)
            suffix = name.removeprefix(file.slug)
            diagnostics.error(file.shown, 1, 1, f"no original for this translation: "
                              f"{folder}/{file.slug}.md does not exist",
                              f"did you mean '{close[0]}'? rename it to {close[0]}{suffix}" if close
                              else "write the original first: a translation is of a page the site has")
    return kept
