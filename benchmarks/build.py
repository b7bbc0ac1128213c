"""Whole builds at scale from the command line, beside Hugo when it is installed.

    python -m benchmarks.build [--articles 1000 10000] [--runs 3] [--serve-runs 3]
                               [--python PATH [PATH ...]]

For each corpus size (benchmarks/corpus.py) prints one table. Backstory builds the corpus twice
over: as Hugo does, without a search index (Hugo makes none), and as it does by default, with
Pagefind's. For each: the cold build (a fresh process, the output folder removed first) as the
median wall time over runs, the pages written (.html files), pages per second, the peak RSS of
the largest process (from wait4: its own or a child's it waited for, such as a worker or the
search indexer) and the peak PSS of all its processes together (sampled from /proc, so pages
that forked workers share with their parent count once); then the warm rebuild after editing
one article (Backstory starts from its build cache, cache.py); and the live preview's rebuilds
after an article edit and an actor rename (from benchmarks/preview.py).

When `hugo` is on PATH (Debian's `hugo` package) the same corpus is converted into a Hugo site
(write_hugo_site: actors and events as taxonomies, so Hugo writes a page per actor and per event
listing its articles; wiki links as plain Markdown links) and built the same way, and each
row gets the ratio Backstory/Hugo. Hugo does less: no automatic name links, hover cards, search
index, relationship map or timeline. For the search index, Hugo's counterpart is Hugo followed
by Pagefind over its output (the binary Backstory uses), timed as one build: what a Hugo user
runs to get search.

On a shared machine, disks and cores have slow spells. So the two tools take turns, run by
run, each turn in the other order, and the memory figures come from one more run of each,
since sampling /proc slows what it samples. A cold run's output folder is moved aside, not
deleted: on ext4 without a journal (as here), the kernel skips every recently freed inode
when it looks for a free one, so a build right after a removal of tens of thousands of files
paid a search per file it made (the same build's system time ranged from 2 to 11 s). "Recently"
is five minutes while the inode's block is unwritten, and writing new files keeps it so: after
60,000 files were deleted, making a page cost 3.3 times as much for five minutes, and was back
to normal after 400 s (measured here). The folders moved aside are deleted once a corpus size
is done, and the next size waits that long.

Given several Pythons (--python), Backstory's builds without a search index run once on each,
in the same turns as Hugo's, as "Backstory A", "Backstory B" and so on, each with its own output
folder and build cache and its own ratio to Hugo: CPython builds differ in speed, and turns
taken together are the fair way to compare them. The search index rows use the first.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent
EDITED = "article-7"  # the article every warm rebuild edits (as benchmarks/preview.py does)
SERVE_EDITS = ("article edit", "actor rename")
WIKI_LINK = re.compile(r"\[\[([^\]|]+?)(?:\|([^\]]+))?\]\]")


@dataclass
class Figures:
    """One row: a tool doing one kind of build, over several runs."""

    tool: str
    what: str
    seconds: list[float]
    pages: int
    rss_kb: int  # the largest peak over the runs, of the largest process
    pss_kb: int = 0  # the largest peak over the runs, of all processes together
    cpu: list[float] = field(default_factory=list)  # CPU seconds (user + system), run by run

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.median if self.median else 0.0

    @property
    def rss_mb(self) -> float:
        return self.rss_kb / 1024

    @property
    def pss_mb(self) -> float:
        return self.pss_kb / 1024


# Hugo: the same corpus as a Hugo site

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = {title}
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT"]

[taxonomies]
  actor = "actors"
  event = "events"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="/">{{ site.Title }}</a> <a href="/articles/">Articles</a>
<a href="/actors/">Who's who</a> <a href="/events/">Events</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<p>{{ .Params.summary }}</p>
{{ .Content }}
{{ with .GetTerms "actors" }}<h2>Actors</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .GetTerms "events" }}<h2>Events</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
{{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
{{ .Content }}
<h2>In the articles</h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time> {{ .Params.summary }}</li>{{ end }}</ul>
</article>{{ end }}
""",
    "404.html": """\
{{ define "main" }}<h1>Page not found</h1><p><a href="/">Front page</a></p>{{ end }}
""",
}


def _read(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _front(fields: dict) -> str:
    def value(v):
        return v.isoformat() if hasattr(v, "isoformat") else v
    return "---\n" + "".join(f"{k}: {json.dumps(value(v), ensure_ascii=False)}\n"
                             for k, v in fields.items()) + "---\n"


def write_hugo_site(corpus: Path, site: Path) -> dict[str, int]:
    """Convert a corpus written by write_corpus into a Hugo site doing comparable work."""
    content = corpus / "content"
    pages: dict[str, dict[str, tuple[dict, str]]] = {}
    targets: dict[str, tuple[str, str]] = {}  # slug: (URL, title)
    for kind, title_field in (("actors", "name"), ("events", "title"), ("articles", "title")):
        pages[kind] = {}
        for path in sorted((content / kind).glob("*.md")):
            meta, body = _read(path)
            pages[kind][path.stem] = (meta, body)
            targets[path.stem] = (f"/{kind}/{path.stem}/", str(meta[title_field]))

    def links(body: str) -> str:
        def link(match: re.Match) -> str:
            url, title = targets[match[1].strip()]
            return f"[{match[2] or title}]({url})"
        return WIKI_LINK.sub(link, body)

    def item(slug: str, note: str = "") -> str:
        url, title = targets[slug]
        return f"- [{title}]({url}){note}\n"

    config = yaml.safe_load((corpus / "site.yaml").read_text(encoding="utf-8"))
    (site / "content/articles").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(title=json.dumps(config["title"])),
                                    encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    (site / "content/_index.md").write_text(_front({"title": config["title"]}), encoding="utf-8")
    (site / "content/articles/_index.md").write_text(_front({"title": "Articles"}),
                                                     encoding="utf-8")
    for slug, (meta, body) in pages["actors"].items():
        folder = site / "content/actors" / slug
        folder.mkdir(parents=True)
        fields = {"title": meta["name"], "summary": meta.get("summary", ""),
                  "kind": meta.get("kind"), "role": meta.get("role")}
        (folder / "_index.md").write_text(_front(fields) + links(body), encoding="utf-8")
    for slug, (meta, body) in pages["events"].items():
        folder = site / "content/events" / slug
        folder.mkdir(parents=True)
        cast = ""
        for entry in meta.get("actors") or []:
            actor, role = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            cast += item(actor, f" ({role})" if role else "")
        led_to = "".join(item(later) for later in meta.get("led_to") or [])
        text = links(body) + (f"\n## Actors\n\n{cast}" if cast else "") + \
            (f"\n## Led to\n\n{led_to}" if led_to else "")
        fields = {"title": meta["title"], "date": meta["date"], "summary": meta.get("summary", "")}
        (folder / "_index.md").write_text(_front(fields) + text, encoding="utf-8")
    for slug, (meta, body) in pages["articles"].items():
        fields = {key: meta[key] for key in ("title", "date", "summary", "actors", "events")
                  if key in meta}
        (site / "content/articles" / f"{slug}.md").write_text(_front(fields) + links(body),
                                                               encoding="utf-8")
    return {kind: len(found) for kind, found in pages.items()}


# Measuring

def run(command: list[str], sample: bool = False) -> tuple[float, float, int, int]:
    """Run a command to its end: its wall time in seconds, the CPU seconds (user and system)
    of it and the children it waited for (a build's workers, all of Hugo's threads), the peak
    RSS in KB of its largest process (from wait4: its own or that of a child it waited for)
    and, when `sample`, the peak of the summed PSS of all its processes, in KB (sampled from
    /proc every 100 ms or more; 0 where there is none). Sampling costs the kernel a page-table
    walk per process, which slows what is measured, so timed runs do not sample.
    PSS shares each page among the processes that map it, so forked workers that share the
    loaded site with their parent are not counted twice, as summed RSS would."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryFile() as log:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
        sampler = _PssSampler(process.pid)
        if sample:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        if sample:
            sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n"
                             f"{log.read().decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, sampler.peak_kb


class _PssSampler(threading.Thread):
    """The largest sum of Pss over a process and its descendants, sampled until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._stopped = pid, 0, threading.Event()

    def stop(self) -> None:
        self._stopped.set()
        self.join()

    def run(self) -> None:
        pause = 0.1
        while not self._stopped.wait(pause):
            began = time.perf_counter()
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.pid)))
            # Reading smaps walks the page tables: for a process of gigabytes it takes long
            # enough to slow what is measured. Keep it under a tenth of the time.
            pause = max(0.1, 10 * (time.perf_counter() - began))


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(child) for child in children.read().split())
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def html_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def backstory_command(source: Path, out: Path, python: str = sys.executable) -> list[str]:
    return [python, "-m", "backstory", "build", "--source", str(source), "--out", str(out),
            "--quiet"]


def hugo_command(source: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(source), "--destination", str(out)]


def hugo_search_command(source: Path, out: Path, pagefind: Path) -> list[str]:
    """Hugo, then Pagefind over what it wrote: what a Hugo user runs to get search, timed as one
    build (the shell waits for both, so their CPU counts)."""
    hugo = " ".join(shlex.quote(part) for part in hugo_command(source, out))
    return ["sh", "-c", f"{hugo} && {shlex.quote(str(pagefind))} --site {shlex.quote(str(out))} --silent"]


@dataclass
class Job:
    """One kind of build to time: cold (output removed first) or, given an edit(run) to make
    first, a warm rebuild into the existing output folder."""

    tool: str
    what: str
    command: list[str]
    out: Path
    edit: Callable[[int], None] | None = None


def measure(jobs: list[Job], runs: int, aside: Path) -> list[Figures]:
    """Each job timed `runs` times, in turns, so that a slow spell of a shared machine falls on
    every tool alike, and each turn in the other order (A B, B A, A B ...), so that no tool
    always runs after the same one; then one more run each for the memory of all processes
    (PSS), which sampling would slow. Cold runs move the last output into `aside`."""
    seconds: list[list[float]] = [[] for _ in jobs]
    cpu: list[list[float]] = [[] for _ in jobs]
    peaks = [[0, 0] for _ in jobs]
    for number in range(runs + 1):
        turn = list(zip(jobs, seconds, cpu, peaks, strict=True))
        for job, taken, used, peak in turn if number % 2 == 0 else reversed(turn):
            if job.edit is None:
                if job.out.exists():  # see the module's doc: deleting it now would slow the build
                    aside.mkdir(exist_ok=True)
                    os.replace(job.out, aside / f"{job.out.name}-{time.monotonic_ns()}")
                os.sync()  # what is still to write of the last build belongs to no build
            else:
                job.edit(number)
            took, processor, rss, all_pss = run(job.command, sample=number == runs)
            if number < runs:
                taken.append(took)
                used.append(processor)
            peak[:] = max(peak[0], rss), max(peak[1], all_pss)
    return [Figures(job.tool, job.what, taken, html_pages(job.out), *peak, used)
            for job, taken, used, peak in zip(jobs, seconds, cpu, peaks, strict=True)]


def article_edit(path: Path):
    def edit(number: int) -> None:
        with path.open("a", encoding="utf-8") as file:
            file.write(f"\nAn added sentence, number {number}.\n")
    return edit


# Printing

def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs else "-"


def format_table(articles: int, rows: list[Figures],
                 serve: dict[str, tuple[float, float, int]] | None = None) -> str:
    """The table for one corpus size: each Backstory row, its Hugo counterpart (same `what`)
    and the ratio Backstory/Hugo of time and memory; then the live preview's figures."""
    width = max([10, *(len(row.tool) for row in rows)])  # "Backstory A" when several Pythons ran
    lines = [f"{articles:,} articles",
             f"  {'tool':{width}} {'build':48} {'median s':>9} {'CPU s':>7} {'pages':>7} "
             f"{'pages/s':>9} {'RSS MB':>7} {'PSS MB':>7}  runs (s)"]
    for row in rows:
        lines.append(f"  {row.tool:{width}} {row.what:48} {row.median:>9.2f} {row.cpu_median:>7.2f} "
                     f"{row.pages:>7} {row.pages_per_second:>9.0f} {row.rss_mb:>7.0f} {row.pss_mb:>7.0f}  "
                     + ", ".join(f"{s:.2f}" for s in row.seconds))
        if row.tool != "Hugo":
            continue
        # The pair's ratios follow the Hugo row: one per Backstory row of the same build (one
        # per Python). The tools took turns, run by run: each run's ratio compares builds made
        # side by side, so their median shrugs off a slow spell better than the ratio of medians.
        for ours in (other for other in rows
                     if other.tool.startswith("Backstory") and other.what == row.what):
            paired = [a / b for a, b in zip(ours.seconds, row.seconds, strict=False) if b]
            by_run = (", ".join(f"{r:.2f}" for r in paired)
                      + f" (median {statistics.median(paired):.2f})") if paired else ""
            variant = ours.tool.removeprefix("Backstory")  # "" or " A", " B"...
            lines.append(f"  {'ratio' + variant:{width}} {ours.tool + '/Hugo':48} "
                         f"{_ratio(ours.median, row.median):>9} "
                         f"{_ratio(ours.cpu_median, row.cpu_median):>7} "
                         f"{_ratio(ours.pages, row.pages):>7} "
                         f"{_ratio(ours.pages_per_second, row.pages_per_second):>9} "
                         f"{_ratio(ours.rss_kb, row.rss_kb):>7} {_ratio(ours.pss_kb, row.pss_kb):>7}  "
                         f"{by_run}")
    lines.append("  CPU: user and system seconds of all the build's processes (median); RSS: the "
                 "largest process's peak;\n  PSS: the peak of all processes together, shared pages "
                 "counted once")
    for name, (work, total, pages) in (serve or {}).items():
        lines.append(f"  serve: {name:13} rebuild work {work * 1000:6.0f} ms, save to reload "
                     f"{total * 1000:6.0f} ms, {pages} pages rendered (medians)")
    return "\n".join(lines)


COLD, WARM = "cold build", "warm rebuild, one article edited"
SEARCH = ", + search index"


def backstory_names(pythons: list[str]) -> list[str]:
    """The table's name for Backstory on each Python: a letter each when there are several."""
    if len(pythons) == 1:
        return ["Backstory"]
    return [f"Backstory {chr(ord('A') + number)}" for number in range(len(pythons))]


def bench(articles: int, runs: int, serve_runs: int, hugo: bool, folder: Path,
          pythons: list[str] | None = None) -> str:
    """Backstory builds the corpus as Hugo does (no search index: Hugo makes none), on each
    Python given, and as it does by default, with Pagefind's index, on the first; warm rebuilds
    start from its build cache."""
    pythons = pythons or [sys.executable]
    names = backstory_names(pythons)
    corpus, out = folder / f"corpus-{articles}", folder / f"out-{articles}"
    write_corpus(corpus, articles)
    plain = folder / f"corpus-{articles}-no-search"
    shutil.copytree(corpus, plain)
    with (plain / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("search: false\n")
    ours = backstory_command(corpus, out, pythons[0])
    cold, warm = [], []
    for number, (name, python) in enumerate(zip(names, pythons, strict=True)):
        # An output folder, and so a build cache, per Python: a cache is kept for one Python.
        plain_out = folder / f"out-{articles}-no-search-{number}"
        ours_plain = backstory_command(plain, plain_out, python)
        cold.append(Job(name, COLD, ours_plain, plain_out))
        warm.append(Job(name, WARM, ours_plain, plain_out,
                        article_edit(plain / f"content/articles/{EDITED}.md")))
    if hugo:
        hugo_site, hugo_out = folder / f"hugo-{articles}", folder / f"hugo-out-{articles}"
        write_hugo_site(corpus, hugo_site)
        theirs = hugo_command(hugo_site, hugo_out)
        cold.append(Job("Hugo", COLD, theirs, hugo_out))
        warm.append(Job("Hugo", WARM, theirs, hugo_out,
                        article_edit(hugo_site / f"content/articles/{EDITED}.md")))
    aside = folder / f"aside-{articles}"
    rows = measure(cold, runs, aside)
    searched = [Job(names[0], COLD + SEARCH, ours, out)]
    if hugo:  # Hugo makes no index: its users run Pagefind after it, as the pair here does
        from backstory.output.pagefind import find_binary  # the binary Backstory's index uses
        hugo_searched = folder / f"hugo-out-{articles}-search"
        searched.append(Job("Hugo", COLD + SEARCH, hugo_search_command(hugo_site, hugo_searched,
                                                                       find_binary()), hugo_searched))
    rows += measure(searched, runs, aside)
    rows += measure(warm, runs, aside)
    rows += measure([Job(names[0], WARM + SEARCH, ours, out,
                         article_edit(corpus / f"content/articles/{EDITED}.md"))], runs, aside)
    serve = None
    if serve_runs:
        from .preview import measure as measure_preview  # imports Backstory into this process
        with contextlib.redirect_stdout(io.StringIO()):
            serve = measure_preview(corpus, serve_runs, example=False, only=SERVE_EDITS)
    shutil.rmtree(aside, ignore_errors=True)
    return format_table(articles, rows, serve)


def describe_python(python: str) -> str:
    """Which Python runs the builds, and its version: CPython builds differ in speed
    (docs/performance.md), so the figures say which one made them."""
    version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    return f"{python} ({version})"


def recently_freed_seconds() -> float:
    """How long ext4 (without a journal) avoids reusing a freed inode, as the kernel's
    recently_deleted() says: 5 s after it was freed, 305 s while its block is unwritten (which
    new files beside it keep it), and the time to write it out; 400 s was enough here."""
    try:
        centiseconds = int(Path("/proc/sys/vm/dirty_expire_centisecs").read_text())
    except (OSError, ValueError):
        centiseconds = 3000
    return max(400.0, 305 + centiseconds / 100 + 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="builds per median (default 3)")
    parser.add_argument("--serve-runs", type=int, default=3,
                        help="edits per live-preview median; 0 leaves the preview out")
    parser.add_argument("--no-hugo", action="store_true", help="measure Backstory only")
    parser.add_argument("--python", nargs="+", default=[sys.executable], metavar="PATH",
                        help="the Python that runs Backstory's builds (default: this one); it "
                             "needs Backstory's dependencies, and finds Backstory in this "
                             "checkout. Given several, the builds without a search index run on "
                             "each, in the same turns")
    args = parser.parse_args()
    hugo = not args.no_hugo and shutil.which("hugo") is not None
    if hugo:
        version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
        print(f"hugo: {version.strip()}")
    elif not args.no_hugo:
        print("hugo is not on PATH (Debian: apt-get install hugo): measuring Backstory only")
    for name, python in zip(backstory_names(args.python), args.python, strict=True):
        print(f"{name}: python {describe_python(python)}")
    print(f"{os.cpu_count()} CPUs, {args.runs} runs a median")
    with tempfile.TemporaryDirectory(prefix="backstory-bench-") as folder:
        for number, articles in enumerate(args.articles):
            if number:
                time.sleep(recently_freed_seconds())  # the last size's outputs were just deleted
            print(bench(articles, args.runs, args.serve_runs, hugo, Path(folder), args.python),
                  flush=True)


if __name__ == "__main__":
    main()
