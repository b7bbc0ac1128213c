"""Time the live preview: from saving a file to the reload being sent, per kind of edit.

    python -m benchmarks.preview --articles 10000 [--runs 5]

Prints, for an article edit, an actor edit and a layout edit, the median over runs of the
rebuild work (Builder.update) and of save-to-reload (watcher quiet period included), with
the number of pages each edit rendered. The example site is measured too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from backstory.pages.render import default_layouts_dir
from backstory.preview.session import Preview

from .corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent


def _edits(site: Path, example: bool):
    if example:
        article = site / "content/articles/how-lukashenko-ended-the-wagner-mutiny.md"
        actor = site / "content/actors/dmitry-peskov.md"
        actor_old = "name: Dmitry Peskov"
    else:
        article = site / "content/articles/article-7.md"
        actor = site / "content/actors/anna-abramov-0.md"
        actor_old = "name: Anna Abramov 0"
    layout = site / "layouts/event.html"
    if not layout.exists():
        layout.parent.mkdir(exist_ok=True)
        shutil.copyfile(default_layouts_dir() / "event.html", layout)

    def article_edit(run: int) -> None:
        text = article.read_text()
        article.write_text(text + f"\nAn added sentence, number {run}.\n")

    def actor_edit(run: int) -> None:
        text = actor.read_text()
        new = f"{actor_old} (v{run})"
        actor.write_text(text.replace(actor_old + f" (v{run - 1})", new, 1)
                         if run else text.replace(actor_old, new, 1))

    def layout_edit(run: int) -> None:
        layout.write_text(layout.read_text() + f"\n{{# edit {run} #}}\n")

    return {"article edit": article_edit, "actor rename": actor_edit, "layout edit": layout_edit}


def measure(site: Path, runs: int, example: bool,
            only: tuple[str, ...] | None = None) -> dict[str, tuple[float, float, int]]:
    """Print and return, per kind of edit (all, or those named in `only`), the medians of
    rebuild work and of save-to-reload in seconds, and the pages the edit rendered."""
    lines: list[str] = []
    edits = _edits(site, example)  # before the preview starts: its setup is not an edit
    if only is not None:
        edits = {name: edits[name] for name in only}
    figures: dict[str, tuple[float, float, int]] = {}
    started = time.perf_counter()
    preview = Preview(site, port=0, say=lines.append)
    preview.start()
    print(f"  first build: {time.perf_counter() - started:.2f} s ({lines[-1]})")
    try:
        for name, edit in edits.items():
            work, total, pages = [], [], 0
            for run in range(runs):
                before = preview.rebuilds
                saved = time.perf_counter()
                edit(run)
                if not preview.wait_for_rebuilds(before + 1, timeout=600):
                    raise SystemExit(f"{name}: no rebuild")
                total.append(time.perf_counter() - saved)
                line = lines[-1]
                work.append(float(line.rsplit(" in ", 1)[1].split(" ms")[0]) / 1000)
                pages = int(line.split(": ", 1)[1].split(" page")[0])
                time.sleep(0.2)
            print(f"  {name:13} rebuild work median {statistics.median(work) * 1000:7.0f} ms, "
                  f"save to reload median {statistics.median(total) * 1000:7.0f} ms, "
                  f"{pages} pages rendered  (runs: {', '.join(f'{w * 1000:.0f}' for w in work)})")
            figures[name] = (statistics.median(work), statistics.median(total), pages)
    finally:
        preview.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        example = Path(folder) / "example"
        for name in ("content", "layouts", "static", "site.yaml"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, example / name)
        print("example site")
        measure(example, args.runs, example=True)
        generated = Path(folder) / "generated"
        write_corpus(generated, args.articles)
        print(f"generated site, {args.articles} articles")
        measure(generated, args.runs, example=False)


if __name__ == "__main__":
    main()
