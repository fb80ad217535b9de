"""The files git tracks under a folder: a `.gitignore` pattern never applies to them.

git reads `.gitignore` only for untracked files, so a file a project commits although its
`.gitignore` matches it (RAG_Techniques ignores `*` and tracks `all_rag_techniques_runnable_
scripts/`; lighteval ignores `*.json` and tracks its test configs) is part of the project.
The walk asks git only when a `.gitignore` pattern has matched something, so a tree where none
does never starts git. Without git, outside a repository, or when git fails, there is no
tracked list and `.gitignore` alone decides, as before.
"""

from __future__ import annotations

import os

from llmaudit.records import record

_GIT_TIMEOUT_SECONDS = 20
# Variables a git hook (or a user) may set that would point git at another repository or
# index than the one holding the scanned folder.
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")
# A repository's own config may name a program git runs while reading the index
# (`core.fsmonitor`): a scan must never run the scanned project's code, so it is switched off.
_GIT_ARGS = (
    "git",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.untrackedCache=false",
    "ls-files",
    "-z",
    "--cached",
)


@record(frozen=True)
class Tracked:
    """Paths git tracks, relative to the scanned folder, and every folder that holds one."""

    files: frozenset[str]
    folders: frozenset[str]

    def holds(self, rel: str, is_dir: bool) -> bool:
        """Whether git tracks the file, or some file inside the folder."""
        return rel in (self.folders if is_dir else self.files)


NOTHING_TRACKED = Tracked(files=frozenset(), folders=frozenset())


def tracked_under(folder: str) -> Tracked:
    """What git tracks under `folder` (NOTHING_TRACKED when git cannot tell)."""
    listing = _git_listing(folder)
    if listing is None:
        return NOTHING_TRACKED
    files = frozenset(path for path in listing.split("\0") if path)
    return Tracked(files=files, folders=frozenset(_folders_of(files)))


def _git_listing(folder: str) -> str | None:
    import subprocess  # only when a .gitignore matches a path (a pre-commit run: never; 2.3 ms)

    environment = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    environment["GIT_OPTIONAL_LOCKS"] = "0"  # a read must not take or refresh the index lock
    try:
        done = subprocess.run(
            _GIT_ARGS,
            cwd=folder,
            env=environment,
            capture_output=True,
            timeout=_GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hung
        return None
    if done.returncode != 0:  # not a repository, or one git refuses (safe.directory)
        return None
    return done.stdout.decode("utf-8", errors="surrogateescape")


def _folders_of(files: frozenset[str]) -> set[str]:
    folders: set[str] = set()
    for path in files:
        cut = path.rfind("/")
        while cut > 0:
            folder = path[:cut]
            if folder in folders:
                break  # its parents are in already
            folders.add(folder)
            cut = path.rfind("/", 0, cut)
    return folders
