"""A program's loaded data: its tables, where each came from, and cohort views."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from evalkit.params import Params

ALL_COHORTS = "all"


@dataclass(frozen=True)
class LoadedTable:
    """One table as loaded: the frame in evalkit's columns and its provenance.

    ``excluded`` lists rows set aside on load (duplicates, test responses, ...)
    with one row per reason: columns ``reason`` and ``rows``.
    """

    name: str
    frame: pd.DataFrame
    path: str
    sheet: str | None
    sha256: str
    rows_read: int
    excluded: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["reason", "rows"])
    )
    source_rows: tuple[int, ...] = ()
    """Row in the file (as Excel or an editor numbers it) of each row of
    ``frame``; a cohort view keeps the rows of the rows it keeps."""
    kind: str | None = None
    """The kind of export read: csv, excel, qualtrics, surveymonkey, google_forms."""


@dataclass(frozen=True)
class ProgramData:
    """Every table of one program (absent tables are simply not in ``tables``)."""

    params: Params
    tables: dict[str, LoadedTable]
    cohort: str = ALL_COHORTS
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Warnings found when the data were validated (evalkit.validation)."""

    def has(self, name: str) -> bool:
        """Whether table ``name`` was given and has at least one row."""
        return name in self.tables and not self.tables[name].frame.empty

    def table(self, name: str) -> pd.DataFrame | None:
        """The frame of table ``name``, or None when the program has none."""
        loaded = self.tables.get(name)
        return None if loaded is None else loaded.frame

    def cohorts(self) -> list[str]:
        """The cohorts of the participants table, sorted (empty without one)."""
        people = self.table("participants")
        if people is None:
            return []
        return sorted(set(people["cohort"].dropna()))

    def for_cohort(self, cohort: str) -> ProgramData:
        """The same program restricted to one cohort (``"all"`` keeps everyone).

        Participants are kept by their ``cohort``; tables keyed by person or
        match follow them; tables with their own ``cohort`` column (comparison,
        events, costs) are filtered on it; other tables are kept whole.
        """
        if cohort == ALL_COHORTS:
            return replace(self, cohort=cohort)

        frames = {name: loaded.frame for name, loaded in self.tables.items()}
        people = frames.get("participants")
        person_ids = None
        match_ids = None
        if people is not None:
            people = people[people["cohort"] == cohort]
            frames["participants"] = people
            person_ids = set(people["participant_id"])
        if person_ids is not None and "matches" in frames:
            matches = frames["matches"]
            matches = matches[matches["mentee_id"].isin(person_ids)]
            frames["matches"] = matches
            match_ids = set(matches["match_id"])

        for name, frame in frames.items():
            if name in ("participants", "matches"):
                continue
            if "cohort" in frame.columns:
                frames[name] = frame[frame["cohort"].astype("string") == cohort]
            elif "participant_id" in frame.columns and person_ids is not None:
                frames[name] = frame[frame["participant_id"].isin(person_ids)]
            elif "match_id" in frame.columns and match_ids is not None:
                frames[name] = frame[frame["match_id"].isin(match_ids)]

        tables = {}
        for name, loaded in self.tables.items():
            # Keep each row's line in the file beside it, for error messages.
            kept = frames[name].index
            rows = loaded.source_rows
            tables[name] = replace(
                loaded,
                frame=frames[name].reset_index(drop=True),
                source_rows=tuple(rows[position] for position in kept)
                if rows
                else rows,
            )
        return replace(self, tables=tables, cohort=cohort)
