"""Broken sites give the exact expected messages, exit 1, and leave the previous output untouched.

Each case in fixtures/invalid/<case>/ holds the files it changes in the basic fixture site and
`expected.txt`, the exact error output. Regenerate a case's expected.txt with
BACKSTORY_REGEN=1 and review the diff before committing it.
"""

from __future__ import annotations

import os

import pytest

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
