"""A build spread over processes writes exactly what a build in one process writes."""

from __future__ import annotations

import os

import pytest

from backstory.parallel import can_fork
from backstory.pipeline import Builder, BuildFailed
from benchmarks.corpus import write_corpus
from tests.helpers import run_cli, tree_digest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    site = tmp_path_factory.mktemp("corpus")
    write_corpus(site, 300)  # 300 articles, 30 actors, 30 events: enough work to fork for
    return site


def test_two_processes_write_the_same_bytes_as_one(corpus, tmp_path):
    assert can_fork()  # else this test would compare one process with itself
    one = Builder(corpus, jobs=1).build(tmp_path / "one")
    two = Builder(corpus, jobs=2).build(tmp_path / "two")
    assert (one.pages, one.files) == (two.pages, two.files)
    assert one.pages > 300
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


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
    Builder(corpus, jobs=2).build(out)
    before = tree_digest(out)
    parent = os.getpid()
    import backstory.pipeline as pipeline

    real = pipeline.render_page

    def dying(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(9)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_page", dying)
    with pytest.raises(BuildFailed) as failed:
        Builder(corpus, jobs=2).build(out)
    assert "worker process died" in failed.value.format()
    assert "--jobs 1" in failed.value.format()
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".backstory-")) == [
        ".backstory-manifest.json"]
