"""The `backstory` command: build, serve, new, check, schema and cms, on one parser."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TextIO

from ..content.model import CONTENT_TYPES
from ..errors import BuildFailed, Diagnostic, format_report
from ..pipeline.builder import Builder, Reporter
from ..version import __version__


class TerminalReporter(Reporter):
    """Warnings on stderr, and a progress bar there for builds that take over a second: only on
    a terminal (a log or a pipe gets no carriage returns) and never with --quiet."""

    DELAY = 1.0  # seconds before a bar appears: most builds are done by then
    INTERVAL = 0.1  # seconds between redraws
    WIDTH = 28

    def __init__(self, quiet: bool = False, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.quiet, self.stream, self.clock = quiet, stream or sys.stderr, clock
        self.shows_progress = not quiet and self.stream.isatty()
        self.started = clock()
        self.drawn_at: float | None = None

    def warnings(self, items: list[Diagnostic]) -> None:
        if items:
            self.finish()
            print(format_report(items), file=self.stream)

    def waiting(self, message: str) -> None:
        if not self.quiet:
            self.finish()
            print(message, file=self.stream, flush=True)

    def progress(self, stage: str, done: int, total: int) -> None:
        if not self.shows_progress:
            return
        now = self.clock()
        if now - self.started < self.DELAY:
            return
        if self.drawn_at is not None and now - self.drawn_at < self.INTERVAL and done < total:
            return
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        count = f" {done}/{total}" if total > 1 else ""
        self.stream.write(f"\r{stage:<13} [{bar}]{count}\x1b[K")
        self.stream.flush()
        self.drawn_at = now

    def finish(self) -> None:
        if self.drawn_at is not None:  # leave the line clean for what is printed next
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn_at = None


def _parser(default_source: Path | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backstory", description="Static sites for explainers: "
                                     "articles, actors and events, cross-linked.")
    parser.add_argument("--version", action="version", version=f"backstory {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_parser = commands.add_parser("build", help="build the site into its output folder")
    build_parser.add_argument("--source", type=Path, default=default_source or Path("."),
                              help="the site's folder, holding site.yaml and content/ "
                              "(default: %(default)s)")
    build_parser.add_argument("--out", type=Path, default=None,
                              help="output folder (default: SOURCE/site)")
    build_parser.add_argument("--drafts", action="store_true", help="include pages marked draft")
    build_parser.add_argument("--base-url", default=None,
                              help="absolute URL the site is served from (overrides site.yaml)")
    build_parser.add_argument("-q", "--quiet", action="store_true",
                              help="print errors only: no progress bar, no summary")
    build_parser.add_argument("-j", "--jobs", type=_jobs, default=None,
                              help="processes that parse and render (default: one per core)")
    build_parser.add_argument("--force", action="store_true",
                              help="build into an output folder that holds files Backstory did "
                              "not write, replacing them (dotfiles such as .git and CNAME stay)")
    build_parser.add_argument("--no-cache", action="store_true",
                              help="build from scratch, and keep no cache (.backstory/ beside site.yaml)")

    serve_parser = commands.add_parser("serve", help="build, serve and rebuild on every change")
    serve_parser.add_argument("--source", type=Path, default=default_source or Path("."),
                              help="the site's folder (default: %(default)s)")
    serve_parser.add_argument("--host", default="127.0.0.1",
                              help="address to listen on (default: %(default)s, this machine only)")
    serve_parser.add_argument("--port", type=int, default=8000,
                              help="port; the next free one is taken when it is busy "
                              "(default: %(default)s)")
    serve_parser.add_argument("--drafts", action="store_true", help="include pages marked draft")
    serve_parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                              help="also answer requests for this host name (repeatable); "
                              "localhost, IP addresses and --host are always answered")

    new_parser = commands.add_parser("new", help="start a new explainer in an empty folder")
    new_parser.add_argument("folder", type=Path, metavar="DIR",
                            help="the folder to create (or an empty one)")

    check_parser = commands.add_parser("check", help="build privately and check every internal "
                                       "link, anchor and asset; publishes nothing")
    check_parser.add_argument("--source", type=Path, default=default_source or Path("."),
                              help="the site's folder (default: %(default)s)")
    check_parser.add_argument("--drafts", action="store_true", help="include pages marked draft")
    check_parser.add_argument("--base-url", default=None,
                              help="check as if served from this absolute URL")
    check_parser.add_argument("-j", "--jobs", type=_jobs, default=None,
                              help="processes that parse and render (default: one per core)")

    schema_parser = commands.add_parser("schema", help="print the front-matter rules of the site "
                                        "as JSON Schema, for editors and other tools")
    schema_parser.add_argument("--source", type=Path, default=default_source or Path("."),
                               help="the site's folder: its site.yaml adds kinds, tags, series "
                               "and types of article (default: %(default)s)")
    schema_parser.add_argument("--out", type=Path, default=None,
                               help="write it to this file (default: print it)")
    schema_parser.add_argument("--type", choices=CONTENT_TYPES, default=None, dest="content_type",
                               help="only the rules of files in content/TYPE/ (default: all, "
                               "each type's under $defs)")
    cms_parser = commands.add_parser("cms", help="write Decap CMS into static/admin/: a browser "
                                     "editor for the content, at /admin/ (docs/cms.md)")
    cms_parser.add_argument("--source", type=Path, default=default_source or Path("."),
                            help="the site's folder (default: %(default)s)")
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, not {text!r}")
    return value


def run(argv: list[str] | None = None, default_source: Path | None = None) -> NoReturn:
    """The command's process: main(), then out without tearing the interpreter down.
    After a large build, freeing every object one by one took longer than a second; main has
    closed and cleaned up all it opened by the time it returns, so nothing is lost."""
    kept: list[object] = []  # freed by the exit, not one object at a time before it
    code = main(argv, default_source, keep=kept.append)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing left to say
            pass
    os._exit(code)


def main(argv: list[str] | None = None, default_source: Path | None = None,
         keep: Callable[[object], None] = lambda _: None) -> int:
    """Run one command; `keep` receives what a build made, for a caller that would rather
    not free it (run())."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = _parser(default_source).parse_args(argv)
    try:
        if args.command == "build":
            return _build(args, keep)
        if args.command == "serve":
            return _serve(args)
        if args.command == "new":
            return _new(args)
        if args.command == "check":
            return _check(args)
        if args.command == "schema":
            from .schema import write_schema

            return write_schema(args.source, args.out, args.content_type)
        if args.command == "cms":
            from .cms import cms

            return cms(args.source)
    except KeyboardInterrupt:
        print("interrupted; the previous output is untouched", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get("BACKSTORY_DEBUG"):
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error}\n"
              "  hint: this is a bug in Backstory; rerun with BACKSTORY_DEBUG=1 and report the "
              "traceback", file=sys.stderr)
        return 70
    return 2


def _build(args: argparse.Namespace, keep: Callable[[object], None]) -> int:
    reporter = TerminalReporter(args.quiet)
    builder = Builder(args.source, drafts=args.drafts, base_url=args.base_url, jobs=args.jobs,
                      cache=not args.no_cache, force=args.force)
    keep(builder)
    try:
        result = builder.build(args.out, reporter)
    except BuildFailed as failed:
        print(failed.format(), file=sys.stderr)
        print("build failed; the previous output is untouched", file=sys.stderr)
        return 1
    if not args.quiet:
        again = ("" if result.rewritten is None else
                 f"; {result.rewritten} written or removed, the rest as the last build left it")
        print(f"built {result.pages} pages ({result.files} files) into {_shown(result.out)} "
              f"in {result.seconds * 1000:.0f} ms{again}")
    return 0


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _serve(args: argparse.Namespace) -> int:
    from ..preview import session as preview
    from ..preview.hosts import is_loopback, split_host

    if not 0 <= args.port <= 65535:
        print(f"error: --port must be between 0 and 65535, not {args.port}", file=sys.stderr)
        return 2
    for name in args.allow_host:
        if split_host(name) is None:
            print(f"error: --allow-host takes a host name, such as box.local, not {name!r}",
                  file=sys.stderr)
            return 2
    if not is_loopback(args.host):
        print(f"warning: serving on {args.host}: the preview is visible to other machines on "
              "the network", file=sys.stderr)
    try:
        return preview.run(args.source, args.host, args.port, args.drafts,
                           lambda line: print(line, flush=True), args.allow_host)
    except OSError as error:
        print(f"error: cannot serve on {args.host}:{args.port}: {error.strerror or error}",
              file=sys.stderr)
        return 1


def _new(args: argparse.Namespace) -> int:
    from .invocation import backstory_command
    from .scaffold import Refused, create_site

    try:
        written = create_site(args.folder)
    except Refused as refused:
        print(refused.diagnostic.format(), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.filename or args.folder}:1:1: error: cannot create the site: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    shown = _shown(args.folder)
    print(f"created a new explainer in {shown}:")
    for relative in written:
        print(f"  {relative}")
    command, folder = backstory_command(), shlex.quote(shown)
    print("next:\n"
          f"  {command} serve --source {folder}   # preview at http://127.0.0.1:8000/ while you write\n"
          f"  {command} check --source {folder}   # every link checked, nothing published\n"
          f"  {command} build --source {folder}   # the site, in {shown}/site/")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import check

    if not args.source.is_dir():
        print(f"{args.source}:1:1: error: no such folder\n  hint: give the site's folder with "
              "--source", file=sys.stderr)
        return 1
    try:
        result = check(args.source, drafts=args.drafts, base_url=args.base_url, jobs=args.jobs)
    except BuildFailed as failed:
        print(failed.format(), file=sys.stderr)
        print("check failed; nothing was published", file=sys.stderr)
        return 1
    TerminalReporter().warnings(result.warnings)
    print(f"checked {result.pages} pages and the links of all {result.html_files} HTML files: "
          f"no problems (build {result.build_seconds * 1000:.0f} ms, links "
          f"{result.check_seconds * 1000:.0f} ms; nothing published)")
    return 0
