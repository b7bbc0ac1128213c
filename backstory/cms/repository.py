"""What Decap's editorial workflow needs of the site's folder, said before the author meets it
in the editor: decap-server's git mode (MODE=git) refuses to start outside a git repository,
answers every request with an error when the branch Decap publishes to does not exist, fails
each save when git does not know who commits, and commits the whole folder (`git add .`) with
each save, onto the entry's own branch.

Asked of git itself, which decap-server's git mode runs too: a site may be a subfolder of a
repository, or a worktree whose `.git` is a file.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

SHOWN_UNCOMMITTED = 5  # paths named; the rest counted


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, text=True,
                          timeout=30)


def workflow_problems(root: Path, branch: str) -> list[str]:
    """What stands between the folder at `root` and the editorial workflow, each said with
    what to do; [] when nothing does. `branch` is the one Decap reads and publishes to."""
    if shutil.which("git") is None:
        return ["git is not installed, and the editorial workflow keeps each draft on a git branch: "
                "install git (apt-get install git, or git-scm.com)"]
    if _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        return [f"{root} is not a git repository, and the editorial workflow keeps each draft on a "
                "git branch (decap-server will not start in git mode there): make it one with\n"
                f"    cd {shlex.quote(str(root))} && git init -b {branch} && git add -A && "
                "git commit -m 'The site'\n"
                "  or leave the workflow out of site.yaml to save straight into content/"]
    current = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").returncode != 0:
        switch = "" if current == branch else f"git checkout -b {branch} && "
        return [f"the repository has no commit on '{branch}', the branch Decap reads and publishes "
                f"to: commit the site there ({switch}git add -A && git commit -m 'The site'), "
                "or name the branch in site.yaml's `cms: backend: {branch: ...}`"]
    problems = []
    if _git(root, "var", "GIT_COMMITTER_IDENT").returncode != 0:
        problems.append("git does not know who commits, and each save is a commit: "
                        "git config user.name 'Your Name' && git config user.email you@example.org")
    if current != branch:
        checked_out = f"'{current}'" if current else "a detached HEAD"
        problems.append(f"the folder has {checked_out} checked out, not '{branch}' "
                        f"which Decap publishes to, so the preview will not show what is published: "
                        f"git checkout {branch}")
    uncommitted = _git(root, "status", "--porcelain", "--untracked-files=normal", ".").stdout.splitlines()
    if uncommitted:
        named = ", ".join(line[3:] for line in uncommitted[:SHOWN_UNCOMMITTED])
        more = len(uncommitted) - SHOWN_UNCOMMITTED
        problems.append(f"not committed: {named}" + (f" and {more} more" if more > 0 else "")
                        + ". decap-server commits everything in the folder with each draft, onto "
                        "the draft's branch: commit these first (git add -A && git commit), and put "
                        "the build's output (site/) in .gitignore")
    return problems
