"""parallel.py: work spread over forked processes comes back complete, in order, or not at all."""

from __future__ import annotations

import os
import threading
import time

import pytest

from backstory.pipeline import parallel
from backstory.pipeline.parallel import MIN_ITEMS_PER_JOB, WorkerFailed, run_shared

COUNT = MIN_ITEMS_PER_JOB * 4


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch, request):
    """The browser tests keep threads for the whole session, and run_shared forks only a
    process with one thread. These children run plain functions that take no lock another
    thread could hold, so they may fork here; the thread rule has its own test."""
    if "thread" not in request.node.name:
        monkeypatch.setattr(parallel, "can_fork", lambda: True)


def slowly(value):
    """Work that takes a moment, so a forked child gets a share before the parent is done."""
    time.sleep(0.002)
    return value


def test_results_come_back_in_index_order_from_every_process():
    parent = os.getpid()
    results = run_shared(COUNT, lambda i: slowly((i * i, os.getpid())), jobs=2, batch=3)
    assert [square for square, _ in results] == [i * i for i in range(COUNT)]
    pids = {pid for _, pid in results}
    assert parent in pids and len(pids) == 2  # the parent worked too, and one child


def test_too_little_work_or_one_job_stays_in_this_process():
    parent = os.getpid()
    assert {pid for pid in run_shared(MIN_ITEMS_PER_JOB, lambda i: os.getpid(), jobs=2)} == {parent}
    assert {pid for pid in run_shared(COUNT, lambda i: os.getpid(), jobs=1)} == {parent}


def test_with_another_thread_running_nothing_is_forked():
    assert parallel.can_fork() or threading.active_count() > 1  # true to the rule either way
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert {pid for pid in run_shared(COUNT, lambda i: os.getpid(), jobs=2)} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_an_error_in_a_worker_process_is_raised_with_its_traceback():
    parent = os.getpid()

    def work(i):
        if os.getpid() != parent and i % 7 == 0:
            raise ValueError("bad item")
        return slowly(i)

    with pytest.raises(WorkerFailed, match="ValueError: bad item"):
        run_shared(COUNT, work, jobs=2, batch=1)


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The pids of the children run_shared forks."""
    pids, real = [], os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def assert_reaped(pids: list[int]) -> None:
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # waited for already: no zombie left


def test_a_worker_that_dies_is_reported_and_leaves_no_child_behind(forked):
    parent = os.getpid()

    def work(i):
        if os.getpid() != parent:
            os._exit(3)  # as if killed
        return slowly(i)

    with pytest.raises(WorkerFailed, match="died"):
        run_shared(COUNT, work, jobs=2, batch=1)
    assert_reaped(forked)


def test_an_error_in_this_process_stops_the_children(forked):
    parent = os.getpid()

    def work(i):
        if os.getpid() == parent and i > MIN_ITEMS_PER_JOB:
            raise KeyError("here")
        return slowly(i)

    with pytest.raises(KeyError):
        run_shared(COUNT, work, jobs=2, batch=1)
    assert_reaped(forked)


def test_results_larger_than_the_pipe_arrive_whole():
    # Each batch's message is several times the pipe's room: it arrives in many reads.
    big = parallel._PIPE_BYTES // 3
    results = run_shared(COUNT, lambda i: slowly(bytes([i % 256]) * big + str(os.getpid()).encode()),
                         jobs=2, batch=8)
    assert [r[:big] for r in results] == [bytes([i % 256]) * big for i in range(COUNT)]
    assert len({r[big:] for r in results}) == 2  # both processes sent some


def test_a_workers_batches_reach_the_parent_while_it_still_works(tmp_path, monkeypatch):
    """A worker sends each batch when it is done, and the parent takes it in between its own:
    nothing waits for the end, so neither side holds every result at once."""
    parent, received = os.getpid(), tmp_path / "received"
    real = parallel._Worker.take_in

    def take_in(self, results):
        before = len(results)
        real(self, results)
        if len(results) > before:
            received.touch()

    monkeypatch.setattr(parallel._Worker, "take_in", take_in)
    done_here = []  # in the child, its own copy

    def work(i):
        if os.getpid() == parent:
            return slowly(True)
        done_here.append(i)
        if len(done_here) <= 4:  # the child's first batch: sent before the rest is done
            return True
        deadline = time.monotonic() + 5
        while not received.exists() and time.monotonic() < deadline:
            time.sleep(0.001)
        return received.exists()

    assert all(run_shared(COUNT, work, jobs=2, batch=4))
