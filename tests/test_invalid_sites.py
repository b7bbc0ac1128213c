"""Broken sites give the exact expected messages, exit 1, and leave the previous output untouched.

Each case in fixtures/invalid/<case>/ holds the files it changes in the basic fixture site and
`expected.txt`, the exact error output. Regenerate a case's expected.txt with
BACKSTORY_REGEN=1 and review the diff before committing it.
"""

from __future__ import annotations

import os

import pytest

from backstory.errors import SHOWN_PER_FILE
from backstory.graph.resolve import _Suggester

from .helpers import BASIC_SITE, FIXTURES, copy_site, overlay, run_cli, tree_digest

CASES = sorted(path.name for path in (FIXTURES / "invalid").iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_every_problem_and_keeps_previous_output(case, tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "site-src")
    out = tmp_path / "out"
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(out)], capsys)
    assert code == 0, err
    before = tree_digest(out)

    overlay(FIXTURES / "invalid" / case, site)
    code, stdout, err = run_cli(["build", "--source", str(site), "--out", str(out)], capsys)

    assert code == 1
    assert "Traceback" not in err and stdout == ""
    assert tree_digest(out) == before, "a failed build changed the previous output"
    shown = err.replace(str(site) + os.sep, "").replace(str(site), "<site>")
    expected_file = FIXTURES / "invalid" / case / "expected.txt"
    if os.environ.get("BACKSTORY_REGEN"):
        expected_file.write_text(shown, encoding="utf-8")
    assert shown == expected_file.read_text(encoding="utf-8")


def test_every_case_has_an_expected_report():
    missing = [case for case in CASES if not (FIXTURES / "invalid" / case / "expected.txt").is_file()]
    assert missing == []


# A file with a great many problems -----------------------------------------------------------

FLOOD = 100_000


def _flooded_site(tmp_path):
    """The basic site with an article of FLOOD unknown links on one line, and a second article
    with three problems of its own."""
    site = copy_site(BASIC_SITE, tmp_path / "site-src")
    links = " ".join(f"[[nope-{n}]]" for n in range(FLOOD))
    (site / "content" / "articles" / "flood.md").write_text(
        f"---\ntitle: Flood\ndate: 2024-01-01\nsummary: Many links.\n---\n{links}\n", encoding="utf-8")
    (site / "content" / "articles" / "few.md").write_text(
        "---\ntitle: Few\ndate: 2024-01-01\nsummary: S.\n---\n[[babage]] [[a]] [[b]]\n", encoding="utf-8")
    return site


def test_a_file_with_thousands_of_problems_shows_its_first_ones_then_how_many_more(tmp_path, capsys):
    site = _flooded_site(tmp_path)
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "out")], capsys)
    assert code == 1
    lines = err.splitlines()
    shown = [line for line in lines if line.startswith("content/articles/flood.md:")]
    assert [line.rsplit(" ", 1)[-1] for line in shown] == [f"'nope-{n}'" for n in range(SHOWN_PER_FILE)]
    more = FLOOD - SHOWN_PER_FILE
    assert f"... and {more:,} more problems in content/articles/flood.md" in lines
    assert len([line for line in lines if line.startswith("content/articles/few.md:")]) == 3
    assert lines[-2:] == [f"{FLOOD + 3:,} errors in 2 files",
                          "build failed; the previous output is untouched"]
    # Each shown problem quotes a window of the megabyte line, not the whole line.
    assert len(lines) < 5 * (SHOWN_PER_FILE + 3) + 5 and max(map(len, lines)) < 300


def test_did_you_mean_is_worked_out_only_for_the_problems_a_report_shows(tmp_path, capsys, monkeypatch):
    site = _flooded_site(tmp_path)
    asked = []
    hint = _Suggester.hint
    monkeypatch.setattr(_Suggester, "hint", lambda self, target, expects: asked.append(target)
                        or hint(self, target, expects))
    run_cli(["build", "--source", str(site), "--out", str(tmp_path / "out"), "--jobs", "1"], capsys)
    assert sorted(asked) == sorted(["babage", "a", "b"] + [f"nope-{n}" for n in range(SHOWN_PER_FILE)])


def test_a_bad_base_url_option_is_shown_with_a_caret_under_what_is_wrong(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "site-src")
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "out"),
                            "--base-url", "https://user:secret@example.org/story/index.html"], capsys)
    assert code == 1
    assert err == (
        "--base-url:1:9: error: base_url cannot contain a user name or password: every page would "
        "publish it\n"
        "  1 | https://user:secret@example.org/story/index.html\n"
        "    |         ^\n"
        "  hint: write it as https://example.org/story/\n"
        "1 error in 1 file\n"
        "build failed; the previous output is untouched\n")
    assert not (tmp_path / "out").exists()
