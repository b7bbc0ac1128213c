"""Every command and front-matter example in README.md and docs/ is run or parsed, so the
documentation cannot drift from the code.

Blocks are found as markdown-it-py finds them (fences inside lists included). Each language is
handled one way: `sh` commands have every `backstory` call parsed by the real command line;
usage blocks name exactly the options the command has; front matter (`yaml` starting with
`---`) is checked by a real build beside the example site; `markdown file=PATH` blocks are a
site's files, built; an error block is reproduced and compared line for line; `python` runs.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from backstory.commands.cli import main

from .helpers import REPO, copy_example

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# What each language of block is; a new language must be given a check here first.
CHECKED = {"sh", "yaml", "markdown", "python", "toml", ""}
SHOWN_ONLY = {"html", "nginx"}  # snippets for another program's configuration or page


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, counted from 1
    info: str
    text: str
    heading: str  # the nearest heading above the block

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info else ""

    def option(self, name: str) -> str | None:
        for word in self.info.split()[1:]:
            key, _, value = word.partition("=")
            if key == name:
                return value
        return None

    def __str__(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def _blocks_of(page: Path) -> list[Block]:
    found, heading = [], ""
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    for number, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[number + 1].content
        elif token.type == "fence":
            found.append(Block(page, token.map[0] + 1, token.info.strip(), token.content, heading))
    return found


BLOCKS = [block for page in PAGES for block in _blocks_of(page)]


def _of(language: str, where=lambda block: True) -> list[Block]:
    return [block for block in BLOCKS if block.language == language and where(block)]


def test_every_block_is_of_a_language_these_tests_check():
    assert len(BLOCKS) > 25
    unknown = [f"{block}: ```{block.language}" for block in BLOCKS
               if block.language not in CHECKED | SHOWN_ONLY]
    assert not unknown


def test_every_page_of_the_docs_is_linked_from_the_readme():
    readme = PAGES[0].read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"](docs/{page.name})" in readme, page.name


def test_every_link_between_pages_of_the_docs_lands_on_a_page_and_a_heading():
    def anchors(page: Path) -> set[str]:
        tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
        return {re.sub(r"[^\w\- ]", "", tokens[n + 1].content.lower()).replace(" ", "-")
                for n, token in enumerate(tokens) if token.type == "heading_open"}

    broken = []
    for page in PAGES:
        for target, anchor in re.findall(r"\]\(((?:docs/)?[\w-]*\.md|)(?:#([\w-]+))?\)",
                                         page.read_text(encoding="utf-8")):
            linked = (page.parent / target) if target else page
            if not linked.is_file() or (anchor and anchor not in anchors(linked)):
                broken.append(f"{page.name}: {target}#{anchor}")
    assert not broken


# Commands

def _commands(block: Block) -> list[list[str]]:
    """Each command of a shell block, as words; `a && b` is two commands."""
    text = re.sub(r"\\\n", " ", block.text)
    commands = []
    for line in text.splitlines():
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            commands += [shlex.split(part) for part in line.split("&&")]
    return commands


def _backstory_arguments(words: list[str]) -> list[str] | None:
    """The arguments given to Backstory's command line, or None when it is another program."""
    if Path(words[0]).name == "backstory":
        return words[1:]
    if Path(words[0]).name.startswith("python") and words[1:3] == ["-m", "backstory"]:
        return words[3:]
    if Path(words[0]).name.startswith("python") and words[1:2] == ["build.py"]:
        return words[2:] or ["build"]
    return None


OTHER_PROGRAMS = {"python3", "pip", "python", "aws", "rsync", "cd", "npx", "git"}


@pytest.mark.parametrize("block", _of("sh"), ids=str)
def test_every_command_runs_a_program_we_know_with_options_it_has(block, capsys):
    for words in _commands(block):
        while "=" in words[0] and not words[0].startswith("-"):  # VAR=value before a command
            words = words[1:]
        if words[1:3] == ["-m", "pytest"]:
            _check_pytest_arguments(block, words[3:])
            continue
        arguments = _backstory_arguments(words)
        if arguments is None:
            assert Path(words[0]).name in OTHER_PROGRAMS, f"{block}: {words[0]}"
            continue
        # argparse itself: an unknown command or option exits with status 2
        with pytest.raises(SystemExit) as parsed:
            main([*arguments, "--help"] if arguments else ["--help"])
        assert parsed.value.code == 0, f"{block}: {shlex.join(words)}\n{capsys.readouterr().err}"


def _check_pytest_arguments(block: Block, arguments: list[str]) -> None:
    """The markers a `-m` expression names are registered, and the paths given exist."""
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    markers = {line.split(":")[0] for line in settings["tool"]["pytest"]["ini_options"]["markers"]}
    for before, argument in zip(["", *arguments], arguments, strict=False):
        if before == "-m":
            named = set(re.findall(r"\w+", argument)) - {"not", "and", "or"}
            assert named <= markers, f"{block}: unknown marker in {argument!r}"
        elif not argument.startswith("-") and before != "-m":
            assert (REPO / argument.split("::")[0]).exists(), f"{block}: no {argument}"


def test_the_readme_test_command_is_what_ci_runs():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    readme = _of("sh", lambda b: b.page.name == "README.md")
    (command,) = [block for block in readme if "pytest" in block.text]
    for words in _commands(command):
        assert " ".join(words) in ci.replace("'", ""), words
    # the first command's build, as it is written, after an install that includes its own
    (build,) = [block for block in readme if "build.py" in block.text]
    assert _commands(build)[-1] == [".venv/bin/python", "build.py"]
    assert "\n.venv/bin/python build.py\n" in ci
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for extra in re.findall(r"\.\[(\w+)\]", command.text):
        assert extra in extras["project"]["optional-dependencies"]


def test_the_command_line_page_shows_every_command():
    shown = subprocess.run([sys.executable, "-m", "backstory", "--help"], capture_output=True,
                           text=True, cwd=REPO, check=True).stdout
    commands = re.search(r"\{([\w,]+)\}", shown) or re.search(r"COMMAND\n((?:    \w+.*\n)+)", shown)
    names = set(re.findall(r"^    (\w+)", shown, re.MULTILINE))
    assert commands and {"build", "serve", "new", "check"} <= names
    (usage,) = [block for block in _of("", lambda b: b.page.name == "command-line.md")
                if block.text.startswith("backstory ")]
    assert names == set(re.findall(r"^backstory (\w+)", usage.text, re.MULTILINE))


def _options_in_help(command: list[str]) -> set[str]:
    shown = subprocess.run([sys.executable, *command, "--help"], capture_output=True, text=True,
                           cwd=REPO, check=True).stdout
    return set(re.findall(r"(?<![\w-])--[a-z][\w-]*", shown)) - {"--help"}


USAGE = re.compile(r"^(backstory \w+|python -m benchmarks\.\w+)( |$)")


@pytest.mark.parametrize("block", _of("", lambda b: any(USAGE.match(line) for line in
                                                          b.text.splitlines())), ids=str)
def test_a_usage_block_names_exactly_the_options_each_command_has(block):
    usages: dict[str, str] = {}
    name = None
    for line in block.text.splitlines():
        if match := USAGE.match(line):
            name = match.group(1)
        if name and (match or line.startswith(" ")):  # a usage may go on, indented
            usages[name] = usages.get(name, "") + " " + line.split(" #")[0]
    assert usages
    for name, usage in usages.items():
        command = ["-m", "backstory", *name.split()[1:]] if name.startswith("backstory") \
            else ["-m", name.split()[-1]]
        written = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", usage))
        assert written == _options_in_help(command), f"{block}: {name}"


# Front matter and site settings

def _front_matter(block: Block) -> str:
    return block.text.split("---\n")[1]


FRONT_MATTER = _of("yaml", lambda b: b.text.startswith("---\n"))
CATALOGUES = _of("yaml", lambda b: b.text.startswith("# layouts/messages/"))
SITE_SETTINGS = _of("yaml", lambda b: b.page.name != "deployment.md" and not b.text.startswith("---")
                    and b not in CATALOGUES)


@pytest.mark.parametrize("block", CATALOGUES, ids=str)
def test_catalogue_examples_read_and_override_ids_that_exist(block, tmp_path):
    """A message catalogue shown in the docs reads without a problem, in its language, and
    overrides only ids the default layouts' English catalogue has."""
    from backstory.errors import Diagnostics
    from backstory.pages.render import default_layouts_dir
    from backstory.pages.words import catalogue_files, read_catalogues, words_for

    name = block.text.splitlines()[0].removeprefix("# layouts/messages/")
    (tmp_path / "layouts" / "messages").mkdir(parents=True)
    (tmp_path / "layouts" / "messages" / name).write_text(block.text, encoding="utf-8")
    problems = Diagnostics()
    files = catalogue_files([tmp_path / "layouts", default_layouts_dir()])
    catalogues = read_catalogues(files, tmp_path, problems)
    words_for(name.removesuffix(".yaml"), catalogues, problems)
    assert not problems.items
    shown = catalogues.messages[name.removesuffix(".yaml")]
    english = read_catalogues(catalogue_files([default_layouts_dir()]), tmp_path,
                              Diagnostics()).messages["en"]
    assert {i for i, m in shown.items() if m.path.startswith("layouts/")} <= english.keys()


def _folder_of(block: Block) -> str:
    """The content folder a front-matter example belongs in, from its heading."""
    match = re.search(r"content/(\w+)/", block.heading)
    assert match, f"{block}: its heading names no content folder: {block.heading!r}"
    return match.group(1)


def _picture_stand_ins(site: Path, text: str) -> None:
    """Pictures an example names by address exist, as small real images, so that the check
    is of the example's fields and not of files a reader of the docs would have."""
    from PIL import Image

    for address in re.findall(r"(/images/[\w./-]+\.(?:png|jpg|jpeg|webp|svg))", text):
        path = site / "static" / address.lstrip("/")
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".svg":
            path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"/>')
        else:
            Image.new("RGB", (1200, 800), "gray").save(path)


def test_the_front_matter_examples_parse_and_build_beside_the_example_site(tmp_path, capsys):
    assert {_folder_of(block) for block in FRONT_MATTER} >= {"actors", "events", "articles", "places"}
    site = copy_example(tmp_path / "site")
    config = site / "site.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    for block in SITE_SETTINGS:
        for key, value in yaml.safe_load(block.text).items():
            settings.setdefault(key, {}).update(value) if isinstance(value, dict) \
                else settings.__setitem__(key, value)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for number, block in enumerate(FRONT_MATTER):
        assert isinstance(yaml.safe_load(_front_matter(block)), dict), block
        folder = site / "content" / _folder_of(block)
        # The example is a copy of the example site's own record, or one more beside them; or
        # a translation, beside the original that knows its name.
        data = yaml.safe_load(_front_matter(block))
        same = [path for path in folder.glob("*.md") if "." not in path.stem and _front(path).get(
            "name" if "name" in data else "title") == data.get("name", data.get("title"))]
        target = same[0] if same else folder / f"docs-example-{number}.md"
        for translation in folder.glob(f"{target.stem}.*.md"):  # they translate what it replaces
            translation.unlink()
        if TRANSLATION_HEADING.search(block.heading):
            target = _translation_target(folder, data, settings)
        target.write_text(block.text, encoding="utf-8")
        _picture_stand_ins(site, block.text)
    code, _, err = _run(["check", "--source", str(site)], capsys)
    # What an example names beyond the example site (an earlier article, say) stands in as a
    # record of its own; every other problem is the example's.
    named = re.findall(r"error: unknown (actor|event|article|place) '([\w-]+)'", err)
    for kind, slug in named:
        (site / "content" / f"{kind}s" / f"{slug}.md").write_text(STAND_IN[kind], encoding="utf-8")
    if named:
        code, _, err = _run(["check", "--source", str(site)], capsys)
    assert code == 0, err


TRANSLATION_HEADING = re.compile(r"content/\w+/<slug>\.<lang>\.md")


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _translation_target(folder: Path, data: dict, settings: dict) -> Path:
    """Where a translation example goes: beside the example site's original that has its name
    among its own names, in the language the docs' `languages:` adds to the default."""
    names = {data.get("name", data.get("title")), *data.get("aliases", ())}
    language = next(code for code in settings["languages"] if code != settings["language"])
    for path in sorted(folder.glob("*.md")):
        theirs = _front(path)
        if "." not in path.stem and names & {theirs.get("name", theirs.get("title")),
                                             *theirs.get("aliases", ())}:
            return path.with_name(f"{path.stem}.{language}.md")
    raise AssertionError(f"no original in {folder} has any of the names {names}")


STAND_IN = {
    "actor": "---\nname: Stand-in\nkind: person\nsummary: An actor an example names.\n---\n",
    "event": "---\ntitle: Stand-in\ndate: 2023\nsummary: An event an example names.\n---\n",
    "article": "---\ntitle: Stand-in\ndate: 2023-01-01\nsummary: An article an example names.\n---\n",
    "place": "---\nname: Stand-in\nsummary: A place an example names.\n---\n",
}


def _run(arguments: list[str], capsys) -> tuple[int, str, str]:
    code = main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# The README's tour, and the errors the docs show

def _tour_site(tmp_path: Path, capsys) -> Path:
    site = tmp_path / "my-explainer"
    assert _run(["new", str(site)], capsys)[0] == 0
    files = _of("markdown", lambda b: b.option("file") is not None)
    assert {block.page.name for block in files} == {"README.md"}
    for block in files:
        path = site / block.option("file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.text, encoding="utf-8")
    return site


def test_the_readme_tour_builds_a_site_linked_both_ways(tmp_path, capsys):
    site = _tour_site(tmp_path, capsys)
    out = tmp_path / "out"
    code, _, err = _run(["build", "--source", str(site), "--out", str(out), "--quiet"], capsys)
    assert code == 0, err
    actor = (out / "actors/neil-armstrong/index.html").read_text(encoding="utf-8")
    event = (out / "events/apollo-11-landing/index.html").read_text(encoding="utf-8")
    article = (out / "articles/how-apollo-11-landed/index.html").read_text(encoding="utf-8")
    assert 'href="../../events/apollo-11-landing/index.html"' in actor
    assert 'href="../../articles/how-apollo-11-landed/index.html"' in actor
    assert 'href="../../actors/neil-armstrong/index.html"' in event
    assert "commander" in event
    # "Armstrong", written plainly in the article, links itself
    assert re.search(r'<a class="[^"]*autolink[^"]*" href="../../actors/neil-armstrong/index.html">'
                     r"Armstrong</a>", article)


ERROR = re.compile(r"^(content/[\w/.-]+\.md):(\d+):\d+: error: ")


@pytest.mark.parametrize("block", _of("", lambda b: bool(ERROR.match(b.text))), ids=str)
def test_an_error_shown_in_the_docs_is_what_the_build_prints(block, tmp_path, capsys):
    """The block's own source line is put in its file, in the README's tour site or in the
    example site, and the build must print the block exactly."""
    path, line = ERROR.match(block.text).group(1), int(ERROR.match(block.text).group(2))
    shown = re.search(rf"^ *{line} \| (.*)$", block.text, re.MULTILINE).group(1)
    tour = _tour_site(tmp_path, capsys)
    site = tour if (tour / path).is_file() else copy_example(tmp_path / "example")
    lines = (site / path).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = shown
    (site / path).write_text("\n".join(lines), encoding="utf-8")
    for translation in (site / path).parent.glob(f"{Path(path).stem}.*.md"):
        translation.unlink()  # the block shows the original's problem alone
    code, _, err = _run(["build", "--source", str(site), "--out", str(tmp_path / "out")], capsys)
    assert code == 1
    assert err.strip() == block.text.strip()


# Other languages

@pytest.mark.parametrize("block", _of("python"), ids=str)
def test_python_examples_run_on_the_example_site(block, tmp_path, capsys):
    """Run in a copy of the example site, given its content files as arguments, after
    making any schema file the example opens, as the example's comment tells its reader."""
    site = copy_example(tmp_path / "site")
    for name in re.findall(r'open\("([\w.-]+\.schema\.json)"\)', block.text):
        assert _run(["schema", "--source", str(site), "--out", str(site / name)], capsys)[0] == 0
    program = block.text.replace("path/to/site", str(site)).replace("path/to/output",
                                                                     str(tmp_path / "out"))
    # The originals: the schema describes their front matter, not a translation's.
    files = sorted(path.relative_to(site).as_posix() for path in site.glob("content/*/*.md")
                   if "." not in path.stem)
    ran = subprocess.run([sys.executable, "-c", program, *files], capture_output=True,
                         text=True, cwd=site)
    assert ran.returncode == 0, ran.stderr
    if "schema.json" in block.text:  # a checker prints only problems, and the example has none
        assert ran.stdout == ""
    if "path/to/output" in block.text:
        assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("block", _of("toml"), ids=str)
def test_toml_examples_parse(block):
    assert tomllib.loads(block.text)
