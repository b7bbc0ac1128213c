"""A build spread over processes writes exactly what a build in one process writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstory.pipeline import parallel, rendering
from backstory.pipeline.builder import Builder, BuildFailed
from benchmarks.corpus import write_corpus
from tests.helpers import REPO, run_cli, tree_digest

pytestmark = pytest.mark.slow  # builds in several processes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    site = tmp_path_factory.mktemp("corpus")
    write_corpus(site, 300)  # 300 articles, 30 actors, 30 events: enough work to fork for
    return site


DRIVER = """
import os, sys
from backstory.pipeline import parallel
from backstory.pipeline.builder import Builder
parallel.MIN_ITEMS_PER_JOB = 8  # so that the 60 actors and events are parsed in two processes too
forks = []
real_fork = os.fork
def counting_fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = counting_fork
Builder(sys.argv[1], jobs=int(sys.argv[3])).build(sys.argv[2])
print(len(forks))
"""


def build_in_a_fresh_process(corpus: Path, out: Path, jobs: int) -> int:
    """Build as the CLI does, in a process of its own (this one has the browser tests'
    threads, and forks only from a process with one thread); how many times it forked."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-c", DRIVER, str(corpus), str(out), str(jobs)],
                         capture_output=True, text=True, env=env, timeout=300, check=True)
    return int(run.stdout.strip())


def test_two_processes_write_the_same_bytes_as_one(corpus, tmp_path):
    assert build_in_a_fresh_process(corpus, tmp_path / "one", 1) == 0
    # Forked three times: actors and events, articles, pages.
    assert build_in_a_fresh_process(corpus, tmp_path / "two", 2) == 3
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert sum(name.endswith(".html") for name in one) > 300
    assert one == two


def test_the_cli_takes_jobs_and_refuses_nonsense(corpus, tmp_path, capsys):
    code, out, _ = run_cli(["build", "--source", str(corpus), "--out", str(tmp_path / "s"),
                            "--jobs", "2"], capsys)
    assert code == 0 and out.startswith("built ")
    with pytest.raises(SystemExit):
        run_cli(["build", "--source", str(corpus), "--jobs", "0"], capsys)
    assert "1 or more, not '0'" in capsys.readouterr().err


def test_a_worker_that_dies_fails_the_build_and_keeps_the_last_output(corpus, tmp_path,
                                                                     monkeypatch):
    out = tmp_path / "site"
    Builder(corpus, jobs=1).build(out)
    before = tree_digest(out)
    parent = os.getpid()
    real = rendering.render_page

    def dying(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(9)
        return real(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_page", dying)
    # This process has the browser tests' threads; the worker renders only this one function.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    with pytest.raises(BuildFailed) as failed:
        Builder(corpus, jobs=2).build(out)
    assert "worker process died" in failed.value.format()
    assert "--jobs 1" in failed.value.format()
    assert tree_digest(out) == before  # dotfiles too: no staging folder left behind


def test_a_build_leaves_the_cycle_collector_as_it_found_it(corpus, tmp_path):
    """A build pauses the collector, freezes what it loaded and puts off the oldest
    generation's collections (pipeline/collector.py): a program that builds a site and
    goes on, such as the live preview, gets its own settings back."""
    import gc

    before = gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()
    thresholds = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    try:
        Builder(corpus, jobs=1).build(tmp_path / "out")
        assert (gc.isenabled(), gc.get_threshold()) == (before[0], (500, 7, 9))
        assert gc.get_freeze_count() == before[2]  # nothing left frozen either
    finally:
        gc.set_threshold(*thresholds)
