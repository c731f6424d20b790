"""The manifest: what an auditor needs to trace a report to its inputs.

manifest.json lists every input file with its SHA-256 and rows, the params
as loaded, the versions of Python and of every package that computes or
renders, the project's git commit, and each stage's status and wall time.
Paths inside the project are written relative to it, so two clones give the
same manifest bar the times.
"""

from __future__ import annotations

import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from evalkit.paths import PROJECT_ROOT
from evalkit.program import ProgramData

PACKAGES = (
    "evalkit",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jinja2",
    "pydantic",
    "pandera",
    "openpyxl",
    "pyyaml",
)


def display_path(path: str | Path) -> str:
    """A path relative to the project when it lies inside it, else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def package_versions() -> dict[str, str]:
    """Installed versions of Python and of the packages that shape a report."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def project_commit() -> dict[str, Any]:
    """The checkout's git commit and whether it had uncommitted changes."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "uncommitted_changes": bool(status) if commit else None}


def input_files(program: ProgramData) -> list[dict[str, Any]]:
    """One entry per loaded table: file, sheet, SHA-256, rows read and kept."""
    return [
        {
            "table": name,
            "file": display_path(loaded.path),
            "sheet": loaded.sheet,
            "sha256": loaded.sha256,
            "rows_read": loaded.rows_read,
            "rows_used": len(loaded.frame),
        }
        for name, loaded in sorted(program.tables.items())
    ]


def params_as_loaded(program: ProgramData) -> dict[str, Any]:
    """The params as evalkit read them, with the params path made portable."""
    loaded = program.params.as_dict()
    loaded["path"] = display_path(program.params.path) if program.params.path else None
    return loaded
