"""Seeded, deterministic generator of evalkit's sample mentorship program.

The sample program is invented: two cohorts of mentees and mentors in three
regions, their pairings, sessions, contacts, surveys, competency scores,
follow-ups, a comparison group, open-ended feedback, events and costs.  It is
built to exercise every evaluation stage: its headline rates sit near the
default targets of the design (some met, some missed), pair compatibility
mildly predicts satisfaction and match length, and it carries the mess real
exports have (withdrawals, missing post-scores, unanswered surveys, a few
exact duplicate rows).  It never carries errors that validation must refuse.

Only ``numpy.random.default_rng(seed)`` draws random numbers, every choice
iterates over tuples or sorted values, and the files are written with fixed
formats, so the same settings give byte-identical files on any machine.

This module is the public entry point: it builds the tables in a fixed order
from the modules beside it (``settings``, ``people``, ``activity``,
``responses``, ``outcomes``, ``program``, ``columns``, ``draws``) and writes
them.  Run ``python -m evalkit.sample.generator [DIR]`` to rewrite the files
(by default into the package's ``data`` folder).
"""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import SampleSettingsError
from evalkit.sample.activity import contacts_table, sessions_and_attendance
from evalkit.sample.columns import (
    COMPARISON_COLUMNS,
    FLOAT_DECIMALS,
    column_kinds,
    finished_table,
    formatted_table,
)
from evalkit.sample.draws import day_number
from evalkit.sample.outcomes import (
    assessments_table,
    comparison_table,
    followups_table,
)
from evalkit.sample.people import (
    LIST_SEPARATOR,
    matches_table,
    pairs_frame,
    participants_table,
    people_frame,
    profiles_frame,
    set_exits,
)
from evalkit.sample.program import costs_table, events_table
from evalkit.sample.responses import feedback_table, surveys_table
from evalkit.sample.settings import (
    COMPETENCIES,
    FEEDBACK_QUESTIONS,
    SURVEY_ITEMS,
    SampleSettings,
)
from evalkit.tables import TABLES

__all__ = [
    "COMPARISON_COLUMNS",
    "COMPETENCIES",
    "DATA_DIRECTORY",
    "FEEDBACK_QUESTIONS",
    "FLOAT_DECIMALS",
    "LIST_SEPARATOR",
    "SURVEY_ITEMS",
    "SampleSettings",
    "SampleSettingsError",
    "column_kinds",
    "generate_sample_program",
    "main",
    "write_sample_program",
]

LOGGER = logging.getLogger(__name__)

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
"""Where the committed sample files live (package data)."""

_SHIPPED_SETTINGS = SampleSettings()
"""The default settings, which build the shipped sample."""


def generate_sample_program(
    settings: SampleSettings = _SHIPPED_SETTINGS,
) -> dict[str, pd.DataFrame]:
    """Return the sample program's twelve tables, built from ``settings``.

    Parameters
    ----------
    settings : SampleSettings
        What the program looks like; the defaults build the shipped sample.

    Returns
    -------
    dict of str to pandas.DataFrame
        One DataFrame per table of ``evalkit.tables.TABLES``, in that order,
        with that table's columns (the comparison table has
        ``COMPARISON_COLUMNS``).  Dates are datetime64 columns, booleans
        nullable ``boolean``, whole numbers ``Int64``, text ``string``;
        blanks are missing values.  Rows are in a stable sorted order and
        carry the injected duplicate rows.

    Raises
    ------
    TypeError
        If ``settings`` is not a ``SampleSettings``.
    """
    if not isinstance(settings, SampleSettings):
        raise TypeError(
            f"settings: expected a SampleSettings, received {type(settings).__name__}"
        )

    rng = np.random.default_rng(settings.seed)
    as_of = day_number(date.fromisoformat(settings.as_of))

    people = people_frame(settings, rng)
    profiles = profiles_frame(people, rng)
    pairs = pairs_frame(settings, people, profiles, rng)
    set_exits(settings, people, pairs, as_of, rng)
    sessions, attendance = sessions_and_attendance(settings, people, pairs, as_of, rng)
    contacts = contacts_table(pairs, attendance, as_of, rng)
    surveys = surveys_table(settings, people, pairs, attendance, as_of, rng)
    assessments = assessments_table(settings, people, attendance, rng)
    followups = followups_table(settings, people, attendance, as_of, rng)
    comparison = comparison_table(settings, people, rng)
    feedback = feedback_table(settings, people, profiles, rng)
    events = events_table(settings, as_of, rng)
    costs = costs_table(settings, as_of, rng)

    tables = {
        "participants": participants_table(people),
        "profiles": profiles[
            ["participant_id", "interests", "goals", "communication_style", "field"]
        ],
        "matches": matches_table(pairs),
        "sessions": sessions,
        "contacts": contacts,
        "surveys": surveys,
        "assessments": assessments,
        "followups": followups,
        "comparison": comparison,
        "feedback": feedback,
        "events": events,
        "costs": costs,
    }
    duplicates = dict(settings.duplicate_rows)
    return {
        name: finished_table(name, tables[name], duplicates.get(name, 0), rng)
        for name in TABLES
    }


def write_sample_program(
    directory: str | Path,
    settings: SampleSettings = _SHIPPED_SETTINGS,
) -> list[Path]:
    """Write the sample program as one CSV file per table and return the paths.

    Parameters
    ----------
    directory : str or pathlib.Path
        Folder to write into; created if missing.  Existing files of the same
        names are replaced.
    settings : SampleSettings
        What the program looks like; the defaults build the shipped sample.

    Returns
    -------
    list of pathlib.Path
        The files written, ``<table>.csv``, in the order of
        ``evalkit.tables.TABLES``.

    Notes
    -----
    Files are UTF-8 with ``\\n`` line ends; dates are ISO (YYYY-MM-DD),
    booleans ``true``/``false``, floats carry the decimals in
    ``FLOAT_DECIMALS`` and blanks are empty cells.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(
            f"directory: expected a folder, received the file {str(directory)!r}"
        )

    tables = generate_sample_program(settings)
    directory.mkdir(parents=True, exist_ok=True)

    paths = []
    for name, frame in tables.items():
        path = directory / f"{name}.csv"
        text = formatted_table(name, frame).to_csv(index=False, lineterminator="\n")
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Rewrite the sample files; the command line of this module."""
    parser = argparse.ArgumentParser(
        prog="python -m evalkit.sample.generator",
        description="Write the sample program's CSV files (one per table).",
    )
    parser.add_argument(
        "directory",
        nargs="?",
        default=str(DATA_DIRECTORY),
        help="folder to write into (default: the package's sample data folder)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="how much to log (default: INFO)",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=arguments.log_level, format="%(levelname)s %(message)s")

    paths = write_sample_program(arguments.directory)
    for path in paths:
        LOGGER.info("wrote %s (%d bytes)", path, path.stat().st_size)
    LOGGER.info("wrote %d files into %s", len(paths), arguments.directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
