"""How many bytes one search downloads on a built site, measured in Chromium.

    python -m benchmarks.corpus --articles 10000 /tmp/corpus10k
    python -m backstory build --source /tmp/corpus10k --out /tmp/corpus10k-out
    python -m benchmarks.search_bytes /tmp/corpus10k-out mutiny Lukashenko "Igor Volkov"

Each query runs in a fresh browser context (an empty cache), from the search page's own load:
it counts the search bundle (pagefind.js, its WebAssembly, the index chunks and fragments of the
20 results shown) apart from the page itself.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import quote

from backstory.output.search import SEARCH_DIR


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def measure(site: Path, queries: list[str]) -> list[tuple[str, int, int, int]]:
    """(query, results, bundle bytes, of which index and fragments) for each query."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on("requestfinished", lambda request, sizes=sizes: sizes.__setitem__(
                request.url, request.sizes()["responseBodySize"]))
            page.goto(f"{base}search/index.html?q={quote(query)}")
            page.wait_for_function("/result|No results/.test("
                                   "document.getElementById('search-status').textContent)")
            page.wait_for_load_state("networkidle")
            count = page.locator("#search-results li").count()
            bundle = {url: size for url, size in sizes.items() if f"/{SEARCH_DIR}/" in url}
            index = sum(size for url, size in bundle.items() if url.endswith(
                (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter")))
            found.append((query, count, sum(bundle.values()), index))
            context.close()
        browser.close()
    server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()
    total = sum(p.stat().st_size for p in (args.site / SEARCH_DIR).rglob("*") if p.is_file())
    print(f"search bundle on disk: {total / 1e6:.1f} MB")
    for query, count, bundle, index in measure(args.site, args.queries):
        print(f"{query!r}: {count} shown; {bundle / 1024:.0f} KiB fetched from {SEARCH_DIR}/, "
              f"{index / 1024:.0f} KiB of it index and fragments")


if __name__ == "__main__":
    main()
