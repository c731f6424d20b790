"""The sample tables' columns: their kinds, pandas types and file formats.

``column_kinds`` gives each table's columns, ``finished_table`` types and sorts
a built table (adding the injected duplicates), and ``formatted_table`` turns it
into the fixed text cells of the sample files.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from evalkit.tables import TABLES

COMPARISON_COLUMNS = {
    "person_id": "id",
    "group": "category",
    "cohort": "id",
    "followed_up": "bool",
    "promoted": "int",
    "enrolled_stem": "int",
    "age": "int",
    "baseline_gpa": "float",
    "female": "int",
    "first_generation": "int",
    "urban": "int",
    "prior_stem_course": "int",
}
"""Columns of the sample's comparison table and their kinds (open columns)."""

FLOAT_DECIMALS = {
    "duration_minutes": 0,
    "response": 0,
    "score": 1,
    "max_score": 0,
    "amount": 2,
    "baseline_gpa": 2,
}
"""Decimals written for each float column, so that the bytes are stable."""


def column_kinds(table: str) -> dict[str, str]:
    """Return the sample's columns of ``table`` and their kinds, in order."""
    if table == "comparison":
        return dict(COMPARISON_COLUMNS)
    return {column.name: column.kind for column in TABLES[table].columns}


def finished_table(
    name: str, frame: pd.DataFrame, n_duplicates: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Return ``frame`` typed by the spec, duplicates added, rows sorted."""
    kinds = column_kinds(name)
    frame = frame[list(kinds)].reset_index(drop=True)

    if n_duplicates:
        rows = rng.choice(len(frame), size=n_duplicates, replace=False)
        frame = pd.concat([frame, frame.iloc[np.sort(rows)]], ignore_index=True)

    for column, kind in kinds.items():
        if kind == "date":
            frame[column] = _dates(frame[column])
        elif kind == "bool":
            frame[column] = frame[column].astype("boolean")
        elif kind == "int":
            frame[column] = frame[column].astype("Int64")
        elif kind == "float":
            frame[column] = frame[column].astype("float64")
        else:
            text = frame[column].astype(object)
            blank = text.isna() | (text == "")
            frame[column] = text.where(~blank, pd.NA).astype("string")

    frame = frame.sort_values(list(kinds), kind="stable", na_position="last")
    return frame.reset_index(drop=True)


def formatted_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` as text cells in the sample files' fixed formats."""
    cells = {}
    for column, kind in column_kinds(name).items():
        values = frame[column].astype(object).tolist()
        cells[column] = [
            _cell(value, kind, FLOAT_DECIMALS.get(column)) for value in values
        ]
    return pd.DataFrame(cells, dtype=object)


def _cell(value: object, kind: str, decimals: int | None) -> str:
    """Return one value as written in a sample file; blanks are empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "bool":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    if kind == "float":
        if decimals is None:
            raise ValueError(f"no fixed decimals are set for a float value {value!r}")
        return f"{float(value):.{decimals}f}"
    return str(value)


def _dates(days: pd.Series) -> pd.Series:
    """Return days since 1970-01-01 (blank when missing) as a date column."""
    numbers = pd.to_numeric(days, errors="raise").astype("float64")
    out = np.full(len(numbers), np.datetime64("NaT"), dtype="datetime64[s]")
    known = numbers.notna().to_numpy()
    out[known] = numbers.to_numpy()[known].astype("int64").astype("datetime64[D]")
    return pd.Series(out, index=days.index)
