"""Reading a program's tables from its files into evalkit's columns.

Each table named in the params file is read as text (so ids keep their
leading zeros), renamed through the params' column mapping, given its
constant columns, its answer labels mapped to values, and cast to the kinds
of :mod:`evalkit.tables`.  The files are opened for reading only.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd

from evalkit.errors import DataError
from evalkit.params import Params, TableSource, table_path
from evalkit.program import LoadedTable, ProgramData
from evalkit.tables import TABLES, TableSpec

log = logging.getLogger("evalkit")

TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_raw(path: Path, source: TableSource) -> pd.DataFrame:
    missing = ["", *source.missing_values]
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls") or source.kind == "excel":
        return pd.read_excel(
            path, sheet_name=source.sheet or 0, dtype=str, na_values=missing,
            keep_default_na=False,
        )
    return pd.read_csv(
        path, dtype=str, encoding=source.encoding or "utf-8-sig",
        na_values=missing, keep_default_na=False,
    )


def _cast(frame: pd.DataFrame, spec: TableSpec, source: TableSource, where: str):
    for column in spec.columns:
        if column.name not in frame.columns:
            continue
        values = frame[column.name]
        if column.kind in ("id", "category", "text"):
            frame[column.name] = values.astype("string").str.strip()
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(
                values, format="ISO8601", dayfirst=source.date_format == "dayfirst"
            )
        elif column.kind == "bool":
            words = values.astype("string").str.strip().str.lower()
            unknown = words.notna() & ~words.isin(TRUE_WORDS | FALSE_WORDS)
            if unknown.any():
                row = int(unknown.idxmax())
                raise DataError(
                    f"{where}, row {row + 2}, column {column.name}: value "
                    f"{values[row]!r} is not true/false (expected true/false, yes/no "
                    "or 1/0)"
                )
            frame[column.name] = words.map(
                lambda word: None if pd.isna(word) else word in TRUE_WORDS
            ).astype("boolean")
        elif column.kind in ("int", "float"):
            frame[column.name] = pd.to_numeric(values)
        elif column.kind == "list":
            frame[column.name] = values.map(
                lambda cell: [] if pd.isna(cell) else [
                    part.strip() for part in str(cell).split(source.list_separator)
                    if part.strip()
                ]
            )
    return frame


def load_table(params: Params, name: str, source: TableSource) -> LoadedTable:
    """Read table ``name`` from its source, mapped and cast to evalkit's columns."""
    spec = TABLES[name]
    path = table_path(params, source)
    where = f"{path.name}" + (f", sheet {source.sheet!r}" if source.sheet else "")

    raw = _read_raw(path, source)
    frame = raw.rename(columns=source.columns)
    for column, value in source.constants.items():
        frame[column] = str(value)
    for column, mapping in source.values.items():
        if column in frame.columns:
            labels = {str(label): value for label, value in mapping.items()}
            frame[column] = frame[column].map(lambda cell: labels.get(cell, cell))

    missing = [col for col in spec.required_columns if col not in frame.columns]
    if missing:
        raise DataError(
            f"{where}: table {name} lacks required column(s) {', '.join(missing)}; "
            f"columns found: {', '.join(map(str, raw.columns))}; map the program's "
            f"names under data.tables.{name}.columns"
        )
    frame = _cast(frame, spec, source, where)

    log.debug("loaded %s: %d rows from %s", name, len(frame), path)
    return LoadedTable(
        name=name,
        frame=frame,
        path=str(path),
        sheet=source.sheet,
        sha256=file_sha256(path),
        rows_read=len(raw),
    )


def load_program(params: Params) -> ProgramData:
    """Load every table the params file names; absent tables are left out."""
    tables = {
        name: load_table(params, name, source)
        for name, source in params.data.tables.items()
    }
    return ProgramData(params=params, tables=tables)
