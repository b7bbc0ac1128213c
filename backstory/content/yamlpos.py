"""Safe YAML loading that keeps where each key and list item stands."""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

from .yamlhints import explain

try:  # the C loader is the same safe loader, only faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class SafeLoader(_BaseLoader):
    """The safe loader, remembering which node it was building when a value was impossible."""

    building: yaml.Node | None = None

    def construct_object(self, node, deep=False):
        self.building = node
        return super().construct_object(node, deep)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_make_timestamp = SafeLoader.yaml_constructors[_TIMESTAMP]


def _timestamp_or_text(loader: SafeLoader, node: yaml.ScalarNode) -> object:
    """A date, or its text when it is no day of the calendar (2023-02-30): the field that holds
    it reports that beside the file's other problems, rather than the whole file failing."""
    try:
        return _make_timestamp(loader, node)
    except ValueError:
        return node.value


SafeLoader.add_constructor(_TIMESTAMP, _timestamp_or_text)

# Far above any honest front matter; stops alias bombs before they are walked.
MAX_NODES = 20_000


class Positions(dict):
    """Path of a node (keys and list indexes) -> its 0-based (line, column).

    `positions[path]` is where the value stands; `positions.key(path)` where its key does.
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys_at: dict[tuple, tuple[int, int]] = {}

    def key(self, path: tuple) -> tuple[int, int]:
        return self.keys_at.get(path) or self.get(path, (0, 0))


class YamlProblem(Exception):
    """A YAML error with a 0-based line and column within the parsed text."""

    def __init__(self, line: int, column: int, message: str, hint: str | None = None):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


class _Index:
    """A mark that knows only its index, as a ReaderError gives it."""

    def __init__(self, index: int):
        self.index = index


class _Where:
    """Line and column of a YAML mark counted by "\n" only, as Backstory counts lines.

    libyaml also breaks lines at U+0085, U+2028 and U+2029; its character index does not lie.
    """

    def __init__(self, text: str):
        self.breaks = [m.start() for m in re.finditer("\n", text)]  # C speed, not a Python loop

    def __call__(self, mark) -> tuple[int, int]:
        if mark is None:
            return (0, 0)
        line = bisect.bisect_left(self.breaks, mark.index)
        start = self.breaks[line - 1] + 1 if line else 0
        return (line, mark.index - start)


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, Positions]:
    """Parse one YAML document with the safe loader; positions are 0-based (line, column).

    `first_line` is the file's line number of the text's first line, for hints that name lines.
    """
    # One convention for line breaks, as for content files: YAML reads CR as a break anyway.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    loader = SafeLoader(text)
    where = _Where(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Positions()
        positions = Positions()
        # The walk visits each node once, aliases or not: it cannot be bombed. A document
        # with no alias of a list or mapping expands to what was walked; only one with such
        # an alias is measured, before anything is built.
        aliased = _walk(node, (), positions, set(), loader, where)
        walked = len(positions) + len(positions.keys_at)  # every node, keys included
        if walked > MAX_NODES or (aliased and _expanded_size(node, {}) > MAX_NODES):
            raise YamlProblem(*where(node.start_mark),
                              "YAML is too large or expands too much (anchors and aliases)",
                              "front matter should be a few dozen plain fields")
        try:
            if not aliased:
                try:
                    return _built(node, loader), positions
                except _Unusual:
                    pass  # a tag or key only PyYAML's own constructor knows how to build
            return loader.construct_document(node), positions
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # Well-formed YAML naming an impossible value: `!!int abc`, `!!bool maybe`.
            building = loader.building or node
            shown = str(getattr(building, "value", ""))[:40]
            tag = str(building.tag).replace("tag:yaml.org,2002:", "!!")
            raise YamlProblem(*where(building.start_mark), f"'{shown}' is not a valid {tag} value",
                              f"remove the {tag} tag to write it as text") from None
    except yaml.MarkedYAMLError as error:
        told = explain(error, text, first_line, where)
        raise YamlProblem(told.line, told.column, told.message, told.hint) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses, at its index
        line, column = where(_Index(error.position))
        raise YamlProblem(line, column, f"character U+{error.character:04X} is not allowed in YAML",
                          "delete it: most editors do not show it (it often comes with pasted "
                          "text)") from None
    except yaml.YAMLError as error:
        raise YamlProblem(0, 0, f"invalid YAML: {error}") from None
    except RecursionError:
        raise YamlProblem(0, 0, "YAML is nested too deeply") from None
    finally:
        loader.dispose()


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many nodes the document has once every alias is expanded (memoised: linear)."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = MAX_NODES + 1  # a node that contains itself expands forever
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = min(size, MAX_NODES + 1)
    return sizes[id(node)]


def _walk(node: yaml.Node, path: tuple, positions: Positions, seen: set[int],
          loader: SafeLoader, where: _Where) -> bool:
    """Record where each node stands; True when a list or mapping is met a second time (an
    alias of it), or a key is not plain text (keys are not walked)."""
    positions[path] = where(node.start_mark)
    if id(node) in seen:  # an alias: positions are already recorded where it was defined
        return True
    aliased = False
    if isinstance(node, yaml.MappingNode):
        seen.add(id(node))
        keys: set = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.id)
            aliased |= not isinstance(key_node, yaml.ScalarNode)
            if (same := _key_identity(key_node, loader)) in keys:
                raise YamlProblem(*where(key_node.start_mark), f"duplicate key '{key}'",
                                  "each key may appear once; remove one")
            keys.add(same)
            positions.keys_at[path + (key,)] = where(key_node.start_mark)
            aliased |= _walk(value_node, path + (key,), positions, seen, loader, where)
    elif isinstance(node, yaml.SequenceNode):
        seen.add(id(node))
        for index, item in enumerate(node.value):
            aliased |= _walk(item, path + (index,), positions, seen, loader, where)
    return aliased


_STR = "tag:yaml.org,2002:str"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# Scalars whose value PyYAML's safe constructor makes from the node alone.
_SCALARS = {tag: SafeLoader.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")}
_PLAIN_KEYS = {_STR, *_SCALARS}


class _Unusual(Exception):
    """A node _built() leaves to PyYAML's constructor."""


def _built(node: yaml.Node, loader: SafeLoader) -> Any:
    """What loader.construct_document(node) gives, in one plain recursive pass, for a document
    without aliases of lists or mappings (nothing then is shared or recursive): text, numbers,
    booleans, nulls, dates, lists and mappings, each scalar made by PyYAML's own function.
    Raises _Unusual for anything else (other tags, merge keys): about a third of a front
    matter's loading went to the general constructor's bookkeeping."""
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        make = _SCALARS.get(tag)
        if make is None:
            raise _Unusual
        loader.building = node  # as construct_object notes it, for the error's position
        return make(loader, node)
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_built(item, loader) for item in node.value]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        built = {}
        for key_node, value_node in node.value:
            if key_node.tag not in _PLAIN_KEYS:  # `<<` merges and `=` keys: PyYAML's rules
                raise _Unusual
            built[_built(key_node, loader)] = _built(value_node, loader)
        return built
    raise _Unusual


def _key_identity(key_node: yaml.Node, loader: SafeLoader) -> object:
    """What a key means, not how it is written: `true` and `True` are one key. Made by the
    scalar's own function, not the loader's construct_object: that one remembers each node it
    fails on, and would refuse it again later, when the document is built."""
    if isinstance(key_node, yaml.ScalarNode):
        make = _SCALARS.get(key_node.tag)
        if make is not None:
            try:
                return (key_node.tag, make(loader, key_node))
            except Exception:  # noqa: BLE001 - an impossible key is reported when it is built
                pass
        return (key_node.tag, key_node.value)  # text, and tags PyYAML alone knows (`=`, `<<`)
    return id(key_node)


def written_forms(key) -> list[str]:
    """How a mapping key YAML read as `key` may have been written: positions are kept under
    the key as written (`yes`), a mapping of settings holds what YAML made of it (True)."""
    if isinstance(key, str):
        return [key]
    if isinstance(key, bool):
        words = ("yes", "true", "on", "y") if key else ("no", "false", "off", "n")
        return [form for word in words for form in (word, word.capitalize(), word.upper())]
    if key is None:
        return ["null", "~", "Null", "NULL", ""]
    return [str(key)]
