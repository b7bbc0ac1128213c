"""The command a message suggests is the one that started this process, as a shell runs it."""

from __future__ import annotations

import os

import pytest

from backstory.commands.invocation import backstory_command


def _which(found: dict[str, str]):
    return found.get


def test_a_script_that_path_finds_is_named_plainly():
    assert backstory_command("/usr/local/bin/backstory", "/usr/bin/python3",
                             _which({"backstory": "/usr/local/bin/backstory"})) == "backstory"


def test_a_script_path_does_not_find_is_given_by_its_path(tmp_path, monkeypatch):
    """The README's install: .venv/bin/backstory, and PATH without .venv/bin."""
    monkeypatch.chdir(tmp_path)
    assert backstory_command(".venv/bin/backstory", "/x/python", _which({})) == ".venv/bin/backstory"
    assert backstory_command(str(tmp_path / ".venv/bin/backstory"), "/x/python",
                             _which({"backstory": "/usr/bin/backstory"})) == ".venv/bin/backstory"
    assert backstory_command("backstory", "/x/python", _which({})) == "./backstory"
    above = tmp_path.parent / "env" / "bin" / "backstory"
    assert backstory_command(str(above), "/x/python", _which({})) == str(above)


def test_a_path_with_a_space_is_quoted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert backstory_command("my env/bin/backstory", "/x/python", _which({})) == "'my env/bin/backstory'"


@pytest.mark.parametrize("argv0", ["/site/lib/python3.12/site-packages/backstory/__main__.py",
                                   "/site/build.py"])
def test_python_m_and_build_py_suggest_python_m_backstory(argv0, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert backstory_command(argv0, "/usr/bin/python3",
                             _which({"python3": "/usr/bin/python3"})) == "python3 -m backstory"
    # A venv's interpreter that PATH does not find (a link to the very same system binary).
    venv_python = str(tmp_path / ".venv/bin/python3")
    assert backstory_command(argv0, venv_python, _which({"python3": "/usr/bin/python3"})) \
        == os.path.join(".venv", "bin", "python3") + " -m backstory"
    assert backstory_command(argv0, "", _which({})) == "python3 -m backstory"
