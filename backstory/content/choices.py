"""The values a CHOICE or CHOICES field may take under one site's settings: the set its
`FieldSpec.choices` names (fieldtable.py), resolved. The JSON Schema export and the browser
editor's configuration both read them here, so a kind or tag site.yaml adds reaches both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import PLACE_KINDS

if TYPE_CHECKING:
    from .config import Config

SETS = ("kinds", "place_kinds", "tags", "series", "article_types")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # as an author writes it: `kind: ship`, `tags: [belarus]`
    label: str  # as readers see it: "Ship", "Belarus"


def choices_of(name: str, config: Config) -> tuple[Choice, ...]:
    """The values of the set `name` (one of SETS) under `config`, in site.yaml's order."""
    if name == "kinds":
        return tuple(Choice(kind.name, kind.label) for kind in config.kinds)
    if name == "place_kinds":
        return tuple(Choice(kind, kind) for kind in PLACE_KINDS)
    if name in ("tags", "series", "article_types"):
        return tuple(Choice(term.slug, term.label) for term in getattr(config, name))
    raise ValueError(f"no set of choices called {name!r}; the sets are {', '.join(SETS)}")
