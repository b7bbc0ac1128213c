"""Words a site defines once in site.yaml and articles then name by slug: tags, series, and the
types of article (an explainer, an update, an analysis...). Each has a label readers see; an
article naming one the site does not define is an error with the nearest slugs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostics, did_you_mean
from .values import kind_of
from .yamlpos import written_forms


@dataclass(frozen=True, slots=True)
class Term:
    slug: str  # as articles write it: `tags: [belarus]`
    label: str  # as readers see it: "Belarus"
    description: str = ""  # a sentence for the term's page, if it has one
    schema: str = ""  # an article type's schema.org type


# The types an article may have without site.yaml, and what schema.org calls each.
DEFAULT_ARTICLE_TYPES = (
    Term("explainer", "Explainer", schema="BackgroundNewsArticle"),
    Term("update", "Update", schema="ReportageNewsArticle"),
    Term("analysis", "Analysis", schema="AnalysisNewsArticle"),
    Term("profile", "Profile", schema="BackgroundNewsArticle"),
    Term("opinion", "Opinion", schema="OpinionNewsArticle"),
    Term("review", "Review", schema="ReviewNewsArticle"),
    Term("interview", "Interview", schema="NewsArticle"),
    Term("fact-check", "Fact check", schema="NewsArticle"),
)
DEFAULT_TYPE = "explainer"
ARTICLE_SCHEMAS = ("NewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle",
                   "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Article",
                   "Report", "BlogPosting")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXAMPLES = {
    "tags": "tags:\n  belarus: Belarus\n  wagner: {label: Wagner Group, description: One sentence.}",
    "series": "series:\n  after-the-mutiny: After the mutiny",
    "article_types": "article_types:\n  briefing: Briefing\n"
                     "  obituary: {label: Obituary, schema: NewsArticle}",
}


def read_terms(setting: str, value, at, diagnostics: Diagnostics, shown: str,
               defaults: tuple[Term, ...] = ()) -> tuple[Term, ...]:
    """`setting:` of site.yaml (tags, series, article_types) as terms, after `defaults` (a slug
    of a default changes it). Each entry is `slug: Label` or `slug: {label, description}` (and
    `schema` for article types). `at(path)` gives the 1-based (line, column) of a key."""
    example = EXAMPLES[setting]
    if not isinstance(value, dict):
        diagnostics.error(shown, *at((setting,)), f"'{setting}' must map each slug to a label, "
                          f"not {kind_of(value)}", "write it as\n" + example)
        return defaults
    terms = {term.slug: term for term in defaults}
    allowed = ("label", "description") + (("schema",) if setting == "article_types" else ())
    for raw, entry in value.items():
        # Positions are kept under the key as written (`yes`); `value` holds what YAML made of it.
        key = next((form for form in written_forms(raw) if at((setting, form)) != (1, 1)), raw)
        slug, where = str(raw), at((setting, key))
        if isinstance(raw, (bool, float)) or raw is None:
            diagnostics.error(shown, *where, f"YAML reads this slug as {kind_of(raw)}, not a slug",
                              "put the slug in quotes, or choose a word YAML does not read as "
                              "true, false or null")
            continue
        if not _SLUG.fullmatch(slug):
            fixed = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "tag"
            diagnostics.error(shown, *where, f"'{slug}' must be lowercase letters, digits and "
                              "single hyphens", f"write it as '{fixed}', and the label after it")
            continue
        if isinstance(entry, str) and entry.strip():
            entry = {"label": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) \
                or not entry["label"].strip():
            diagnostics.error(shown, *where, f"'{slug}' needs a label", "write it as\n" + example)
            continue
        unknown = [str(key) for key in entry if key not in allowed]
        if unknown:
            diagnostics.error(shown, *at((setting, key, unknown[0])),
                              f"unknown setting '{unknown[0]}' of '{slug}'",
                              did_you_mean(unknown[0], allowed) or f"write {' and '.join(allowed)}")
            continue
        description = entry.get("description") or ""
        schema = entry.get("schema") or (terms[slug].schema if slug in terms else "NewsArticle")
        if setting == "article_types" and schema not in ARTICLE_SCHEMAS:
            diagnostics.error(shown, *at((setting, key, "schema")),
                              f"'{schema}' is not a schema.org type of article",
                              did_you_mean(str(schema), ARTICLE_SCHEMAS) or
                              "types are: " + ", ".join(ARTICLE_SCHEMAS))
            continue
        if not isinstance(description, str):
            diagnostics.error(shown, *at((setting, key, "description")),
                              f"the description of '{slug}' must be text", None)
            continue
        terms[slug] = Term(slug, " ".join(entry["label"].split()), " ".join(description.split()),
                           schema if setting == "article_types" else "")
    return tuple(terms.values())


def unknown_term_hint(slug: str, terms: tuple[Term, ...], setting: str) -> str:
    """What to do about an article naming a term the site does not define."""
    close = did_you_mean(slug, [term.slug for term in terms])
    written = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "new"  # a slug site.yaml takes
    add = f"add it to site.yaml under `{setting}:` (`{written}: {slug}`)" if written != slug else \
        f"add it to site.yaml under `{setting}:` (`{slug}: Its label`)"
    return f"{close} Or {add}" if close else add[0].upper() + add[1:]
