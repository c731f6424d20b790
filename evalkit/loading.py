"""Reading a program's tables from its files into evalkit's columns.

Each table named in the params file is read as text by
:mod:`evalkit.readers` (so ids keep their leading zeros), then, following
its ``data.tables.<table>`` entry:

1. the program's missing-value tokens become missing;
2. the program's headers are mapped to evalkit's columns (a header may be
   named by its exact text, or with different case and spacing; several
   headers may feed one column: a list column joins them, any other column
   takes the first answer given, which suits role-dependent questions);
3. a wide survey export is turned into one row per answer (``items``);
4. constant columns are added and answer labels mapped to values;
5. every column is cast to its kind (:mod:`evalkit.tables`), and each cell
   that cannot be is reported with its row, column and value;
6. reverse-scored items are turned, and duplicate rows set aside or refused
   as the ``duplicates`` policy says.

Nothing is raised for bad cells: problems are collected, so the user sees
them all at once.  :func:`load_program` validates the whole program with
:func:`evalkit.validation.validate_program` and raises
:class:`~evalkit.errors.DataValidationError` when there are errors.  The
files are opened for reading only.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from evalkit.errors import DataValidationError
from evalkit.params import Params, TableSource, table_path
from evalkit.program import LoadedTable, ProgramData
from evalkit.readers import Problem, RawTable, SourceError, read_source
from evalkit.tables import TABLES, TableSpec

log = logging.getLogger("evalkit")

TRUE_WORDS = {"true", "yes", "y", "1", "t", "1.0"}
FALSE_WORDS = {"false", "no", "n", "0", "f", "0.0"}
DEFAULT_SCALE = (1.0, 5.0)
EXCEL_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")
TIME_ZONE = re.compile(r"\s+(GMT|UTC)[+-]?\d{0,2}(:?\d{2})?$")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M:%S %p", " %I:%M %p")
DATE_FORMATS = {
    "dayfirst": tuple(
        day + time
        for day in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y")
        for time in _TIMES
    ),
    "monthfirst": tuple(
        day + time for day in ("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y") for time in _TIMES
    ),
    "iso": tuple("%Y/%m/%d" + time for time in _TIMES),
}
DATE_EXAMPLES = {
    "iso": "2025-09-01",
    "dayfirst": "01/09/2025 (day first)",
    "monthfirst": "09/01/2025 (month first)",
    "excel": "an Excel date or serial number such as 45901",
}
PROBLEM_COLUMNS = [
    "table",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "expected",
    "fix",
    "severity",
]


@dataclass
class TableRead:
    """One table as read, with everything needed to report on its cells.

    Attributes
    ----------
    table : LoadedTable or None
        The table, or None when the file could not be read at all.
    problems : list of Problem
        Everything found wrong while reading, mapping and casting.
    text : DataFrame
        The original text of every cell of ``table.frame``, aligned by position.
    headers : dict
        evalkit column -> the program's header it came from.
    row_headers : dict
        evalkit column -> Series of the header per row, for columns built from
        several headers (the answers of a wide survey export).
    """

    name: str
    table: LoadedTable | None
    problems: list[Problem]
    text: pd.DataFrame = field(default_factory=pd.DataFrame)
    headers: dict[str, str] = field(default_factory=dict)
    row_headers: dict[str, pd.Series] = field(default_factory=dict)
    unreadable: set[tuple[str, int]] = field(default_factory=set)

    def header(self, column: str, position: int) -> str:
        """The program's header of ``column`` at row ``position`` of the frame."""
        if column in self.row_headers:
            return str(self.row_headers[column].iloc[position])
        return self.headers.get(column, column)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_row(table: LoadedTable, position: int) -> int:
    """The row of the file, as the user sees it, that gave row ``position``.

    Rows are numbered as Excel or a text editor numbers them: header rows and
    the blank rows skipped on load are counted, so the number finds the cell
    in the file.

    Parameters
    ----------
    table : LoadedTable
        A loaded table, or a cohort's view of one.
    position : int
        The row's position in ``table.frame`` (0 for the first row), as
        ``numpy.flatnonzero`` or ``frame.index.get_loc`` give it after a
        ``reset_index``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When ``table`` does not carry a file row for each row of its frame
        (a table built by hand, or a view that dropped rows without its
        ``source_rows``), or ``position`` is not a row of the frame.

    Examples
    --------
    A CSV file with a header, a blank line, then two rows: the second row
    (position 1) is line 4 of the file.

    >>> file_row(table, 1)  # doctest: +SKIP
    4
    """
    rows = len(table.frame)
    if len(table.source_rows) != rows:
        raise ValueError(
            f"table {table.name} has {rows} rows but {len(table.source_rows)} file "
            "row numbers; keep source_rows in step with frame when rows are dropped"
        )
    if not 0 <= position < rows:
        raise ValueError(
            f"position must be a row of table {table.name} (0 to {rows - 1}); "
            f"received {position}"
        )
    return int(table.source_rows[position])


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with the columns of ``PROBLEM_COLUMNS``."""
    frame = pd.DataFrame(
        [[getattr(problem, name) for name in PROBLEM_COLUMNS] for problem in problems],
        columns=PROBLEM_COLUMNS,
    )
    frame["row"] = frame["row"].astype("Int64")
    return frame


def source_sheet(name: str, source: TableSource) -> str | None:
    """The sheet a table is read from: its own, else the table's name in the
    program's workbook, else (a file of its own) the first sheet."""
    if source.sheet is not None:
        return source.sheet
    return name if source.file is None else None


def read_table(params: Params, name: str, source: TableSource) -> TableRead:
    """Read table ``name`` and collect every problem instead of raising.

    Parameters
    ----------
    params : Params
        The program's params (for the data folder and workbook).
    name : str
        The evalkit table, e.g. ``"participants"``.
    source : TableSource
        The table's entry under ``data.tables``.

    Returns
    -------
    TableRead
        The loaded table (None when the file could not be read) and the
        problems found, each located by file, sheet, row and column.
    """
    spec = TABLES[name]
    path = table_path(params, source)
    if not path.is_file():
        missing = Problem(
            name,
            path.name,
            source.sheet,
            None,
            None,
            None,
            f"a file at {path}",
            f"check data.tables.{name}.file and data.directory",
        )
        return TableRead(name, None, [missing])

    try:
        raw = read_source(
            path,
            kind=source.kind,
            sheet=source_sheet(name, source),
            encoding=source.encoding,
            table=name,
            header_row=source.header_row,
        )
    except SourceError as error:
        return TableRead(name, None, [error.problem])

    builder = _TableBuilder(name, spec, source, raw)
    return builder.build(file_sha256(path))


def load_table(params: Params, name: str, source: TableSource) -> LoadedTable:
    """Read table ``name`` from its source, mapped and cast to evalkit's columns.

    Raises
    ------
    DataValidationError
        When the table has errors (warnings do not raise); ``report`` is the
        table of problems, and the message names the first one.
    """
    read = read_table(params, name, source)
    errors = [problem for problem in read.problems if problem.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DataValidationError(
            f"{errors[0].as_message()}{more}", problems_frame(read.problems)
        )
    return read.table


def load_program(params: Params) -> ProgramData:
    """Load and validate every table the params file names.

    Absent tables are left out.  Warnings are kept in ``problems`` of the
    result; errors raise.

    Raises
    ------
    DataValidationError
        When any table has errors; ``report`` is the
        :class:`~evalkit.validation.ValidationReport`, and the message says to
        run ``evalkit validate``.
    """
    from evalkit.validation import validate_program

    report = validate_program(params)
    if report.errors:
        first = report.problems[report.problems["severity"] == "error"].iloc[0]
        raise DataValidationError(
            f"{params.path}: the data have {report.errors} error(s), the first: "
            f"{_message(first)}; run `evalkit validate {params.path}` for all of them",
            report,
        )
    return report.program


def _message(row: pd.Series) -> str:
    problem = Problem(**{name: _none(row[name]) for name in PROBLEM_COLUMNS})
    return problem.as_message()


def _none(value: Any) -> Any:
    return None if value is None or value is pd.NA or value != value else value


def _shortened(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _folded(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


class _TableBuilder:
    """The steps from a file's text cells to an evalkit table."""

    def __init__(self, name: str, spec: TableSpec, source: TableSource, raw: RawTable):
        self.name = name
        self.spec = spec
        self.source = source
        self.raw = raw
        self.problems: list[Problem] = list(raw.notes)
        self.headers: dict[str, str] = {}
        self.row_headers: dict[str, pd.Series] = {}
        self.unreadable: set[tuple[str, int]] = set()
        self.setting = f"data.tables.{name}"

    def problem(self, row, column, value, expected, fix="", severity="error"):
        self.problems.append(
            Problem(
                self.name,
                self.raw.path.name,
                self.raw.sheet,
                None if row is None else int(row),
                column,
                None if value is None else str(value),
                expected,
                fix,
                severity,
            )
        )

    # -- the recipe ---------------------------------------------------------
    def build(self, sha256: str) -> TableRead:
        cells = self._without_missing_tokens(self.raw.frame)
        mapping = self._mapping(cells)
        given = set(mapping) | set(self.source.constants)
        missing = [c for c in self.spec.required_columns if c not in given]
        if self.source.items:
            missing = [c for c in missing if c not in ("item", "response")]
        if missing:
            self._report_missing_columns(missing, cells)
            return TableRead(self.name, None, self.problems)

        frame, rows = self._mapped(cells, mapping)
        if self.source.items:
            frame, rows = self._answers(cells, frame, rows)
        for column, value in self.source.constants.items():
            frame[column] = pd.Series(str(value), index=frame.index, dtype=object)
            self.headers.setdefault(column, f"{self.setting}.constants.{column}")
        frame = frame.reset_index(drop=True)
        rows = np.asarray(rows, dtype=int)
        text = frame.copy()

        frame = self._cast(frame, rows, text)
        frame = self._reverse_scored(frame)
        frame, rows, text, excluded, keep = self._without_duplicates(frame, rows, text)
        new_position = np.cumsum(keep) - 1
        unreadable = {
            (column, int(new_position[old]))
            for column, old in self.unreadable
            if keep[old]
        }

        loaded = LoadedTable(
            name=self.name,
            frame=frame.reset_index(drop=True),
            path=str(self.raw.path),
            sheet=self.raw.sheet,
            sha256=sha256,
            rows_read=self.raw.rows_read,
            excluded=excluded,
            source_rows=tuple(int(row) for row in rows),
            kind=self.raw.kind,
        )
        self.row_headers = {
            column: series.reset_index(drop=True)
            for column, series in self.row_headers.items()
        }
        log.debug("read %s: %d rows from %s", self.name, len(frame), self.raw.path)
        return TableRead(
            self.name,
            loaded,
            self.problems,
            text.reset_index(drop=True),
            self.headers,
            self.row_headers,
            unreadable,
        )

    # -- 1. missing values ----------------------------------------------------
    def _without_missing_tokens(self, cells: pd.DataFrame) -> pd.DataFrame:
        tokens = {_folded(token) for token in self.source.missing_values}
        if not tokens:
            return cells
        return cells.apply(
            lambda column: column.mask(
                column.map(_folded, na_action="ignore").isin(tokens)
            )
        )

    # -- 2. column mapping -------------------------------------------------------
    def _lookup(self, cells: pd.DataFrame) -> dict[str, str]:
        """Folded header or question text -> the header in the frame."""
        lookup = {_folded(header): header for header in cells.columns}
        for header, label in self.raw.labels.items():
            lookup.setdefault(_folded(label), header)
        return lookup

    def _mapping(self, cells: pd.DataFrame) -> dict[str, list[str]]:
        lookup = self._lookup(cells)
        mapping: dict[str, list[str]] = {}
        used: set[str] = set()

        for theirs, ours in self.source.columns.items():
            header = lookup.get(_folded(theirs))
            if header is None:
                self._report_unknown_header(theirs, ours, cells, "columns")
                continue
            if not self._known_column(ours):
                self.problem(
                    None,
                    header,
                    None,
                    f"a column of table {self.name}: "
                    + ", ".join(c.name for c in self.spec.columns),
                    f"fix {self.setting}.columns; {ours!r} is not read, or declare "
                    f"it under {self.setting}.kinds",
                    "warning",
                )
                continue
            mapping.setdefault(ours, []).append(header)
            used.add(header)

        for header in self.source.items:
            found = lookup.get(_folded(header))
            if found is None:
                self._report_unknown_header(header, "response", cells, "items")
            used.add(found or header)

        for header in cells.columns:
            if header in used:
                continue
            ours = _folded(header)
            if self.spec.column(ours) is not None and ours not in mapping:
                mapping[ours] = [header]
            elif self.spec.open_columns and header not in mapping:
                mapping[header] = [header]
            elif header in self.source.kinds and header not in mapping:
                mapping[header] = [header]
        return mapping

    def _known_column(self, ours: str) -> bool:
        return (
            self.spec.column(ours) is not None
            or self.spec.open_columns
            or ours in self.source.kinds
        )

    def _report_unknown_header(self, theirs, ours, cells, setting):
        close = difflib.get_close_matches(theirs, list(cells.columns), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        required = ours in self.spec.required_columns or setting == "items"
        self.problem(
            1,
            theirs,
            None,
            f"a header {theirs!r} (named in {self.setting}.{setting}) in the file",
            f"{hint}copy the header exactly as row 1 of the file spells it",
            "error" if required else "warning",
        )

    def _report_missing_columns(self, missing: list[str], cells: pd.DataFrame):
        for column in missing:
            self.problem(
                1,
                column,
                None,
                f"a column {column!r} (required in table {self.name}); headers found: "
                + ", ".join(repr(_shortened(h)) for h in cells.columns[:8])
                + (", ..." if len(cells.columns) > 8 else ""),
                f"add the column, or map the program's header to it under "
                f"{self.setting}.columns",
            )

    def _mapped(self, cells: pd.DataFrame, mapping: dict[str, list[str]]):
        frame = pd.DataFrame(index=cells.index)
        for ours, headers in mapping.items():
            self.headers[ours] = " + ".join(headers)
            parts = cells[headers]
            if len(headers) == 1:
                combined = parts.iloc[:, 0]
            elif self._kind(ours) == "list":
                joined = parts.apply(
                    lambda row: self.source.list_separator.join(row.dropna()), axis=1
                )
                combined = joined.where(joined != "", pd.NA)
            else:
                combined = parts.bfill(axis=1).iloc[:, 0]
            frame[ours] = combined.astype(object).where(combined.notna(), None)
        return frame, np.asarray(cells.index, dtype=int)

    # -- 3. wide survey answers ----------------------------------------------------
    def _answers(self, cells: pd.DataFrame, frame: pd.DataFrame, rows: np.ndarray):
        lookup = self._lookup(cells)
        pieces = []
        for order, (theirs, item) in enumerate(self.source.items.items()):
            header = lookup.get(_folded(theirs))
            if header is None:
                continue
            answered = cells[header].notna().to_numpy()
            piece = frame.loc[answered].copy()
            piece["item"] = item
            piece["response"] = cells.loc[answered, header].astype(object)
            piece["_row"] = rows[answered]
            piece["_order"] = order
            piece["_header"] = header
            pieces.append(piece)

        if not pieces:
            long = frame.iloc[0:0].assign(item=None, response=None)
            return long, np.array([], dtype=int)
        long = pd.concat(pieces).sort_values(["_row", "_order"], kind="stable")
        long = long.reset_index(drop=True)
        self.row_headers["response"] = long["_header"]
        self.headers["item"] = f"{self.setting}.items"
        rows = long["_row"].to_numpy()
        return long.drop(columns=["_row", "_order", "_header"]), rows

    # -- 4 and 5. labels and kinds -------------------------------------------------
    def _kind(self, column: str) -> str | None:
        spec_column = self.spec.column(column)
        if spec_column is not None:
            return spec_column.kind
        return self.source.kinds.get(column)

    def _labels(self, column: str) -> tuple[dict, dict] | None:
        mapping = self.source.values.get(column)
        if mapping is None:
            return None
        exact = {str(label): value for label, value in mapping.items()}
        folded = {_folded(label): value for label, value in mapping.items()}
        return exact, folded

    def _relabelled(self, values: pd.Series, column: str) -> pd.Series:
        labels = self._labels(column)
        if labels is None:
            return values
        exact, folded = labels

        def relabel(cell):
            if cell is None or cell is pd.NA:
                return None
            if cell in exact:
                return exact[cell]
            return folded.get(_folded(cell), cell)

        return values.map(relabel).astype(object)

    def _cast(self, frame: pd.DataFrame, rows: np.ndarray, text: pd.DataFrame):
        for column in self.source.values:
            if column not in frame.columns:
                self.problem(
                    None,
                    column,
                    None,
                    f"a column {column!r} in table {self.name} (named in "
                    f"{self.setting}.values)",
                    f"map a header to it under {self.setting}.columns, or remove it",
                    "warning",
                )

        for column in list(frame.columns):
            kind = self._kind(column)
            values = frame[column]
            if kind == "list":
                frame[column] = self._split(values, column)
                continue

            values = self._relabelled(values, column)
            if kind in ("int", "float"):
                cast, bad, expected = self._numbers(values, kind)
            elif kind == "bool":
                cast, bad, expected = self._booleans(values)
            elif kind == "date":
                cast, bad, expected = self._dates(values)
            else:
                cast, bad, expected = self._texts(values, column), None, ""

            if bad is not None and bad.any():
                self._report_cells(column, bad, rows, text, expected)
            frame[column] = cast
        return frame

    def _report_cells(self, column, bad, rows, text, expected):
        has_labels = column in self.source.values
        for position in np.flatnonzero(bad.to_numpy()):
            self.unreadable.add((column, int(position)))
            original = text[column].iloc[position]
            if has_labels:
                fix = (
                    f"add {original!r} to {self.setting}.values.{column}, or correct "
                    "the cell"
                )
            else:
                fix = self._cell_fix(column, str(original))
            self.problem(
                rows[position],
                self._header(column, position),
                original,
                f"{expected} ({self.name}.{column})",
                fix,
            )

    def _cell_fix(self, column: str, original: str) -> str:
        kind = self._kind(column)
        if kind == "date" and EXCEL_SERIAL.match(original):
            return (
                f"{original} looks like an Excel serial date: set "
                f"{self.setting}.date_format to excel, or format the column as dates"
            )
        if kind == "date":
            return (
                f"write the date as {DATE_EXAMPLES[self.source.date_format]}, or set "
                f"{self.setting}.date_format (iso, dayfirst, monthfirst, excel)"
            )
        return (
            f"correct the cell, map the answer under {self.setting}.values.{column}, "
            f"or list it under {self.setting}.missing_values"
        )

    def _header(self, column: str, position: int) -> str:
        if column in self.row_headers:
            return str(self.row_headers[column].iloc[position])
        return self.headers.get(column, column)

    def _texts(self, values: pd.Series, column: str) -> pd.Series:
        cast = values.map(lambda cell: None if _missing(cell) else str(cell).strip())
        cast = cast.astype("str")
        spec_column = self.spec.column(column)
        if spec_column is not None and spec_column.allowed:
            canonical = {value.casefold(): value for value in spec_column.allowed}
            cast = cast.map(
                lambda cell: canonical.get(cell.casefold(), cell), na_action="ignore"
            ).astype("str")
        return cast

    def _numbers(self, values: pd.Series, kind: str):
        texts = values.map(lambda cell: cell.strip() if isinstance(cell, str) else cell)
        numbers = pd.to_numeric(texts, errors="coerce")
        given = ~values.map(_missing).astype(bool)
        bad = given & numbers.isna()
        if kind == "int":
            fractional = numbers.notna() & (numbers % 1 != 0)
            bad = bad | fractional
            numbers = numbers.where(~fractional)
            return numbers.astype("Int64"), bad, "a whole number"
        return numbers.astype("float64"), bad, "a number"

    def _booleans(self, values: pd.Series):
        def word(cell):
            if _missing(cell):
                return None
            if isinstance(cell, bool | np.bool_):
                return bool(cell)
            folded = str(cell).strip().casefold()
            if folded in TRUE_WORDS:
                return True
            if folded in FALSE_WORDS:
                return False
            return "?"

        words = values.map(word)
        bad = words.map(lambda value: value == "?").astype(bool)
        cast = words.where(~bad, None).astype("boolean")
        return cast, bad, "true or false (yes/no and 1/0 are read too)"

    def _dates(self, values: pd.Series):
        texts = values.map(lambda cell: None if _missing(cell) else str(cell).strip())
        texts = texts.astype(object)
        given = texts.notna()
        mode = self.source.date_format
        dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")

        if mode == "excel":
            serial = given & texts.map(
                lambda cell: bool(cell and EXCEL_SERIAL.match(cell))
            ).astype(bool)
            days = pd.to_numeric(texts[serial], errors="coerce")
            dates[serial] = EXCEL_EPOCH + pd.to_timedelta(days, unit="D")

        cleaned = texts.map(
            lambda cell: TIME_ZONE.sub("", cell) if isinstance(cell, str) else cell
        )
        left = given & dates.isna()
        dates[left] = pd.to_datetime(cleaned[left], format="ISO8601", errors="coerce")
        for pattern in DATE_FORMATS.get(mode, ()) + DATE_FORMATS["iso"]:
            left = given & dates.isna()
            if not left.any():
                break
            dates[left] = pd.to_datetime(cleaned[left], format=pattern, errors="coerce")

        bad = given & dates.isna()
        expected = f"a date like {DATE_EXAMPLES[mode]} (date_format: {mode})"
        return dates.dt.normalize(), bad, expected

    def _split(self, values: pd.Series, column: str) -> pd.Series:
        labels = self._labels(column)
        separator = self.source.list_separator

        def split(cell):
            if _missing(cell):
                return []
            parts = [part.strip() for part in str(cell).split(separator)]
            parts = [part for part in parts if part]
            if labels is not None:
                exact, folded = labels
                parts = [
                    exact.get(part, folded.get(_folded(part), part)) for part in parts
                ]
            return [str(part) for part in parts if not _missing(part)]

        return values.map(split).astype(object)

    # -- 6. reverse scoring and duplicates -------------------------------------------
    def _reverse_scored(self, frame: pd.DataFrame) -> pd.DataFrame:
        if not self.source.reverse_items:
            return frame
        if "item" not in frame.columns or "response" not in frame.columns:
            self.problem(
                None,
                None,
                None,
                f"item and response columns for {self.setting}.reverse_items",
                "reverse_items applies to the surveys table only",
                "warning",
            )
            return frame

        low, high = self.source.scale or DEFAULT_SCALE
        turned = frame["item"].isin(self.source.reverse_items)
        frame.loc[turned, "response"] = low + high - frame.loc[turned, "response"]
        unseen = sorted(set(self.source.reverse_items) - set(frame["item"].dropna()))
        if unseen:
            self.problem(
                None,
                "item",
                ", ".join(unseen),
                f"items named in {self.setting}.reverse_items to appear in the data",
                "check the item ids",
                "warning",
            )
        return frame

    def _without_duplicates(self, frame, rows, text):
        keys = [key for key in self.spec.keys if key in frame.columns]
        if not keys:
            keys = [column for column in frame.columns if self._kind(column) != "list"]
        policy = self.source.duplicates
        reported = {"keep_first": "exclude_first", "keep_last": "exclude_last"}
        schema = pa.DataFrameSchema(
            unique=keys, report_duplicates=reported.get(policy, "all")
        )
        excluded = _excluded_frame(self.raw.excluded)
        unchanged = frame, rows, text, excluded, np.ones(len(frame), dtype=bool)

        try:
            schema.validate(frame[keys], lazy=True)
            return unchanged
        except pa.errors.SchemaErrors as error:
            positions = sorted(set(int(i) for i in error.failure_cases["index"]))

        # Two rows sharing an id but not their content are two different
        # things under one id: an error whatever the policy, nothing set aside.
        # Rows that share an id but differ are refused, unless the params file
        # chose a policy for this table (a form re-submitted: keep_last).
        if "duplicates" not in self.source.model_fields_set:
            clashing = self._clashing_ids(frame, rows, text)
            positions = [position for position in positions if position not in clashing]
        if not positions:
            return unchanged

        groups = frame.groupby(keys, dropna=False, sort=False).ngroup()
        positions_of = pd.Series(np.arange(len(frame)), index=frame.index)
        pick = "last" if policy == "keep_last" else "first"
        kept_of = positions_of.groupby(groups).transform(pick)
        key_text = ", ".join(keys) if self.spec.keys else ""
        where = ", ".join(self._header(key, 0) for key in keys[:4])
        for position in positions:
            value = " | ".join(str(text[key].iloc[position]) for key in keys[:4])
            if policy == "refuse":
                self.problem(
                    rows[position],
                    where,
                    value,
                    f"{_unique_text(key_text)}; this one repeats (duplicates: refuse)",
                    "remove the repeated rows, or set "
                    f"{self.setting}.duplicates to keep_first or keep_last",
                )
            else:
                kept = rows[int(kept_of.iloc[position])]
                self.problem(
                    rows[position],
                    where,
                    value,
                    f"{_unique_text(key_text)}; this row repeats row {kept}, which "
                    f"was kept ({policy})",
                    "remove the repeated row from the file to silence this warning",
                    "warning",
                )
        if policy == "refuse":
            return unchanged

        keep = np.ones(len(frame), dtype=bool)
        keep[positions] = False
        reason = (
            f"duplicate of another row ({_same_text(key_text)}); "
            f"{'last' if policy == 'keep_last' else 'first'} kept"
        )
        excluded = pd.concat(
            [excluded, pd.DataFrame({"reason": [reason], "rows": [len(positions)]})],
            ignore_index=True,
        )
        return (
            frame[keep].reset_index(drop=True),
            rows[keep],
            text[keep].reset_index(drop=True),
            excluded,
            keep,
        )

    def _clashing_ids(self, frame, rows, text) -> set[int]:
        """Report ids shared by rows that differ; return those rows' positions.

        Only a table keyed by one id (a person, a pairing, an event) is checked:
        its rows must be one thing each.  A row of a table keyed by several
        columns (a survey answer per person, wave and item) may be given again,
        and the ``duplicates`` policy chooses which answer counts.  Rows are
        compared on every cell of the file, mapped or not, so two people who
        share an id are told apart by their names even when evalkit does not
        read the name.
        """
        if len(self.spec.keys) != 1 or self.spec.keys[0] not in frame.columns:
            return set()
        key = self.spec.keys[0]
        cells = self.raw.frame.loc[rows].reset_index(drop=True)
        ids = frame[key]
        repeated = ids.notna() & ids.duplicated(keep=False)

        clashing: set[int] = set()
        for _, group in ids[repeated].groupby(ids[repeated], sort=False):
            positions = group.index.to_list()
            content = cells.loc[positions].fillna("")
            if len(content.drop_duplicates()) == 1:
                continue  # identical rows: the duplicates policy applies
            differing = [
                _shortened(str(header))
                for header in content.columns
                if content[header].nunique() > 1
            ]
            clashing.update(positions)
            self.problem(
                rows[positions[1]],
                self._header(key, positions[0]),
                text[key].iloc[positions[0]],
                f"one row per {key}: {key} {text[key].iloc[positions[0]]!r} is on "
                f"rows {_listed([str(rows[p]) for p in positions])} with different "
                f"values in {', '.join(differing)}; ids must be unique",
                f"correct the {key} of the row that is wrong, or remove the row; "
                f"if a later row replaces an earlier one (a re-submitted form), set "
                f"{self.setting}.duplicates to keep_last",
            )
        return clashing


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _unique_text(key_text: str) -> str:
    return f"one row per {key_text}" if key_text else "no two identical rows"


def _same_text(key_text: str) -> str:
    return f"same {key_text}" if key_text else "identical in every column"


def _excluded_frame(counts: dict[str, int]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"reason": list(counts), "rows": [int(n) for n in counts.values()]}
    )
    return frame.astype({"reason": "str", "rows": "int64"})


def _missing(cell: Any) -> bool:
    if cell is None or cell is pd.NA:
        return True
    if isinstance(cell, float) and np.isnan(cell):
        return True
    return False
