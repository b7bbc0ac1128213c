"""The package's shape, as STYLE.md asks: folders that show the stages, modules small enough to
read in one sitting, each saying its one job, and no import circles."""

from __future__ import annotations

import ast
import tomllib
from importlib import import_module
from pathlib import Path

import backstory

from .helpers import REPO

PACKAGE = Path(backstory.__file__).parent
MODULE_LINES = 400
CLASS_LINES = 200
STAGES = {"content", "text", "graph", "pages", "pictures", "output", "preview", "commands", "pipeline",
          "cms"}


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (starter files are data)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if "starter" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("backstory", *parts))] = path
    return found


def runtime_imports(name: str, path: Path) -> set[str]:
    """The package's modules that `name` imports when it runs (at the top or in a function);
    imports only a type checker reads do not count."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    checking = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    known = modules()
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking or not isinstance(node, ast.ImportFrom | ast.Import):
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        found |= {target for target in targets if target in known and target != name}
    return found


def test_every_module_sits_in_a_stage_folder():
    top = {path.name for path in PACKAGE.iterdir() if path.suffix == ".py"}
    assert top == {"__init__.py", "__main__.py", "errors.py", "version.py"}
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert folders == STAGES


def test_each_module_says_its_one_job_and_stays_short():
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), f"{name} has no opening docstring"
        assert text.count("\n") <= MODULE_LINES, f"{name} is {text.count(chr(10))} lines"


def test_no_class_holds_everything():
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                size = node.end_lineno - node.lineno + 1
                assert size <= CLASS_LINES, f"{name}.{node.name} is {size} lines"


def circle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in `graph` (module -> modules it imports), or None."""
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return [*path, name, target]
            if target not in state and (found := visit(target, [*path, name])):
                return found
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name, [])):
            return found
    return None


def test_no_import_circle():
    graph = {name: runtime_imports(name, path) for name, path in modules().items()}
    # The package's own __init__ imports the public surface; a stage must not import it back.
    for name, targets in graph.items():
        assert "backstory" not in targets, f"{name} imports backstory"
    circle = circle_in(graph)
    assert circle is None, " -> ".join(circle)


def test_the_checker_sees_a_circle():
    """circle_in finds a circle however deep, and runtime_imports reads relative imports from
    folders the way Python does."""
    assert circle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert circle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert circle_in({"a": {"b"}, "b": {"c", "d"}, "c": set(), "d": {"b"}}) == ["a", "b", "d", "b"]
    assert "backstory.pipeline.load" in runtime_imports(
        "backstory.pipeline.update", PACKAGE / "pipeline" / "update.py")
    assert "backstory.pipeline.load" not in runtime_imports(
        "backstory.pipeline.memory", PACKAGE / "pipeline" / "memory.py")  # TYPE_CHECKING only
    assert "backstory.content.model" in runtime_imports(
        "backstory.pipeline.load", PACKAGE / "pipeline" / "load.py")


def test_the_public_surface_stays():
    assert callable(backstory.build) and callable(backstory.render_markdown)
    assert issubclass(backstory.BuildFailed, Exception) and backstory.__version__
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["backstory"].partition(":")
    assert callable(getattr(import_module(module), function))
