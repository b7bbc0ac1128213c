"""Pieces that many pages of one build share, made once in each process and reused.

An actor's entry in a list, or its hover card, comes out the same on every page at the same
depth: made once, it is reused by the pages that follow. Each piece keeps what making it read
and linked (Views.apart), and hands both to every page that uses it, so what a page depends on
(deps.py) and the cards it ships are exactly what they would be had it made the piece itself.

Layouts ask for it with `cached(macro, record, ...)` (docs/layouts.md): for a macro whose
HTML depends on its arguments alone. The key is the macro's compiled code, the arguments
(records by slug) and how the page links (its depth, or absolute URLs, and its language): a changed layout is
new code, and a fresh Fragments comes with each build or update.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2.runtime import Macro
from markupsafe import Markup

from .views import RecordView, Views

_PLAIN = (str, int, float, bool, type(None))


class Fragments:
    """The pieces made so far in this process, in this build."""

    def __init__(self) -> None:
        self._made: dict[tuple, tuple] = {}

    def piece(self, views: Views, key: tuple, make: Callable[[], object]) -> object:
        """make()'s value, made apart from the page (reading fresh views) the first time a
        page at this depth asks; what making it read and linked is noted on each page."""
        return self.keyed(views, (*views.urls.manner, *key), make)

    def keyed(self, views: Views, key: tuple, make: Callable[[], object]) -> object:
        """piece(), given a key that already says how the page links."""
        found = self._made.get(key)
        if found is None:
            with views.apart() as noted:
                value = make()
            found = self._made[key] = (value, frozenset(noted.touched), tuple(noted.linked))
        views.adopt(found[1], found[2])
        return found[0]


def cached(macro: Macro, *args: object, **named: object) -> Markup:
    """A layout's `cached(macro, record, ...)`: the macro's HTML for these arguments, made
    once per build and depth. Called like the macro itself when it cannot be keyed: with an
    argument that is not a record or plain value, or from a call block (`caller`)."""
    if not isinstance(macro, Macro):
        raise TypeError(f"cached() takes a macro, then its arguments; got {type(macro).__name__}")
    # Asked for dozens of times a page: the way to a piece made before is kept short.
    views, parts = None, []
    for arg in (*args, *named.values()) if named else args:
        if isinstance(arg, RecordView):
            views = views or arg._views
            parts.append((RecordView, arg._record.slug))
        elif isinstance(arg, _PLAIN):
            parts.append((type(arg), arg))
        else:
            return macro(*args, **named)
    code = getattr(getattr(macro, "_func", None), "__code__", None)
    if views is None or views.fragments is None or code is None or macro.caller \
            or "caller" in named:
        return macro(*args, **named)
    key = (*views.urls.manner, code, *parts, *named)  # names in the order of their values
    return views.fragments.keyed(views, key, lambda: _fresh_call(views, macro, args, named))


def _fresh_call(views: Views, macro: Macro, args: tuple, named: dict) -> Markup:
    """The macro called with fresh views of its records: the page's own may hold values read
    before, and a piece must note every read, as a page making it first would."""
    def fresh(arg: object) -> object:
        return views.of(arg._record.slug) if isinstance(arg, RecordView) else arg
    return macro(*map(fresh, args), **{name: fresh(arg) for name, arg in named.items()})
