"""`backstory new DIR`: a small working explainer to start from, in a folder of its own.

The starter files ship inside the package (backstory/starter/), so a wheel install can make
them; no layouts are copied, since a site overrides the installed defaults file by file.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..content.config import CONFIG_NAME
from ..errors import Diagnostic

STARTER_DIR = Path(__file__).parent / "starter"
# A fresh `git init` or an empty clone is still an empty folder; anything else is someone's.
IGNORED_ENTRIES = frozenset({".git"})
# Folders of a site where a second site would be read as content, layouts or output.
_SITE_FOLDERS = ("content", "layouts", "static", "site")
GITIGNORE = ("# the built site: rebuild it with `backstory build`\n/site/\n"
             "# Backstory's records of its builds and its cache (it holds drafts)\n/.backstory/\n")


class Refused(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def starter_files() -> dict[str, bytes]:
    """What `new` writes: relative path -> bytes, in a stable order."""
    files = {".gitignore": GITIGNORE.encode()}
    for path in sorted(STARTER_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(STARTER_DIR).as_posix()] = path.read_bytes()
    return files


def check_new_folder(folder: Path) -> None:
    """Raise Refused unless `folder` is missing or empty and not inside another site."""
    shown = str(folder)
    if folder.is_symlink() and not folder.exists():
        raise Refused(Diagnostic(shown, 1, 1, "the path is a broken symbolic link",
                                 "choose a new folder name"))
    if folder.exists() and not folder.is_dir():
        raise Refused(Diagnostic(shown, 1, 1, "the path is a file, not a folder",
                                 "choose a new folder name"))
    if folder.is_dir():
        try:
            entries = sorted(name for name in os.listdir(folder) if name not in IGNORED_ENTRIES)
        except OSError as error:
            raise Refused(Diagnostic(shown, 1, 1, f"cannot read the folder: {error.strerror}")) from None
        if entries:
            listed = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
            raise Refused(Diagnostic(shown, 1, 1, f"the folder is not empty: {listed}",
                                     "give a new folder name, or empty this one; "
                                     "`new` never writes over files"))
    real = folder.resolve()
    for parent in real.parents:
        if (parent / CONFIG_NAME).is_file() or (parent / "content").is_dir():
            for name in _SITE_FOLDERS:
                if real.is_relative_to(parent / name):
                    raise Refused(Diagnostic(
                        shown, 1, 1, f"the folder is inside the {name}/ folder of the site at {parent}",
                        "make the new site outside any other site's content, layouts, static "
                        "or site folder"))


def create_site(folder: Path) -> list[str]:
    """Write the starter site into `folder`; the relative paths written, in order."""
    check_new_folder(folder)
    files = starter_files()
    folder.mkdir(parents=True, exist_ok=True)
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:  # "x": never write over a file that appeared meanwhile
            handle.write(data)
    return list(files)
