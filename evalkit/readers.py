"""Reading a data file as the program exported it: a grid of text cells.

A reader returns a :class:`RawTable`: every cell as text (so ids keep their
leading zeros), the headers, the question texts where the export has them,
and for each data row its number as the user sees it in Excel or a text
editor (header rows counted).  Readers know the shapes real programs have:

``csv``           one header row; UTF-8 with or without BOM, Windows-1252
                  (cp1252) or UTF-16, detected unless ``encoding`` is given
``excel``         one header row on a sheet of an ``.xlsx`` workbook
``qualtrics``     three header rows (column names, question text, import
                  ids); preview, test and spam responses are set aside and
                  counted
``surveymonkey``  two header rows (question, then the answer option or
                  matrix row); a column is named ``question [option]``
``google_forms``  the question text as header and a ``Timestamp`` column;
                  grid questions are already named ``question [row]``

Survey-tool exports may be CSV files or workbooks.  Files are opened for
reading only.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from evalkit.errors import DataError

KINDS = ("csv", "excel", "qualtrics", "surveymonkey", "google_forms")
HEADER_ROWS = {
    "csv": 1,
    "excel": 1,
    "google_forms": 1,
    "surveymonkey": 2,
    "qualtrics": 3,
}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
IMPORT_ID = re.compile(r'^\{\s*"ImportId"')

# Qualtrics "Status" values of responses that are not real (text and numeric
# forms of the export), and the "DistributionChannel" values that mean the same.
QUALTRICS_NOT_REAL = {
    "survey preview": "Qualtrics preview response",
    "1": "Qualtrics preview response",
    "survey test": "Qualtrics test response",
    "2": "Qualtrics test response",
    "spam": "Qualtrics response flagged as spam",
    "8": "Qualtrics response flagged as spam",
}
QUALTRICS_CHANNELS = {
    "preview": "Qualtrics preview response",
    "test": "Qualtrics test response",
}
SURVEYMONKEY_PLAIN = {"", "response", "open-ended response"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as the user would find it.

    ``row`` is the row number in Excel or a text editor (header rows
    counted), or None when the problem concerns the whole table or file.
    """

    table: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str
    fix: str = ""
    severity: str = "error"

    def as_message(self) -> str:
        """The problem as one line: where, what was found, what was expected."""
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        found = f"found {self.value!r}; " if self.value is not None else ""
        fix = f"; fix: {self.fix}" if self.fix else ""
        return f"{', '.join(where)}: {found}expected {self.expected}{fix}"


class SourceError(DataError):
    """A file cannot be read as the params file says; ``problem`` says where."""

    def __init__(self, problem: Problem):
        super().__init__(problem.as_message())
        self.problem = problem


@dataclass(frozen=True)
class RawTable:
    """A file's data as text cells, before any mapping.

    Attributes
    ----------
    frame : DataFrame
        One column per header, every cell stripped text or missing (``<NA>``
        for an empty cell); the index is the row number as the user sees it.
    kind : str
        The kind of export actually read (one of ``KINDS``).
    encoding : str or None
        The text encoding used, for CSV files.
    labels : dict
        Header -> question text, for exports that carry both (Qualtrics).
    rows_read : int
        Data rows in the file, blank rows not counted, before exclusions.
    excluded : dict
        Reason -> number of rows set aside by the reader (Qualtrics previews).
    notes : list of Problem
        Warnings about the file's shape that did not stop reading.
    """

    frame: pd.DataFrame
    path: Path
    sheet: str | None
    kind: str
    encoding: str | None
    labels: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


def read_source(
    path: str | Path,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    table: str = "",
    header_row: int = 1,
) -> RawTable:
    """Read one data file (or one sheet of a workbook) as text cells.

    Parameters
    ----------
    path : str or Path
        The CSV file or ``.xlsx`` workbook.
    kind : str, optional
        One of ``KINDS``; None reads CSV or Excel by the file's content and
        recognises a Qualtrics export by its import-id header row.
    sheet : str, optional
        The workbook's sheet; None reads the first sheet.
    encoding : str, optional
        A CSV file's text encoding (``utf-8``, ``cp1252``, ...); None detects
        UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1252.
    table : str
        The evalkit table being read, used in problem reports.
    header_row : int
        The row holding the headers, as Excel numbers it: 3 when a title and a
        blank row sit above them.  Rows above it are skipped; row numbers in
        reports still count them.  CSV and Excel files only.

    Returns
    -------
    RawTable

    Raises
    ------
    SourceError
        When the file is empty, cannot be decoded, is not the export it is
        declared to be, or lacks the named sheet; ``problem`` says where.
    """
    path = Path(path)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; received {kind!r}")

    def problem(expected, fix="", row=None, value=None, sheet_name=sheet):
        if table:
            setting = f"data.tables.{table}"
            expected = expected.replace("data.tables.<table>", setting)
            fix = fix.replace("data.tables.<table>", setting)
        return SourceError(
            Problem(table, path.name, sheet_name, row, None, value, expected, fix)
        )

    head = _first_bytes(path)
    if not head:
        raise problem(
            "a header row and data rows, but the file is empty",
            "export the data again; check it was saved before closing",
        )
    if head.startswith(OLE_MAGIC):
        raise problem(
            "an .xlsx workbook or a CSV file, but this is an old .xls workbook",
            "open it in Excel and save it as .xlsx (Excel Workbook)",
        )

    if head.startswith(ZIP_MAGIC):
        sheet_name, grid = _excel_grid(path, sheet, problem)
        used_encoding = None
    else:
        if kind == "excel" or path.suffix.lower() in (".xlsx", ".xlsm"):
            raise problem(
                "an .xlsx workbook, but the file's content is not one",
                "check the file name; export the data again as .xlsx or CSV",
            )
        sheet_name = None
        text, used_encoding = _decoded_text(path, encoding, problem)
        grid = _csv_grid(text)

    grid = _without_trailing_blank_rows(grid)
    skipped = header_row - 1
    if skipped:
        if kind not in (None, "csv", "excel"):
            raise problem(
                f"header_row only for csv and excel files, not a {kind} export",
                "leave header_row out: the export's header rows are known",
            )
        grid = grid.iloc[skipped:].reset_index(drop=True)
    if grid.empty:
        raise problem(
            "a header row and data rows, but the file or sheet is empty",
            "export the data again, or name the sheet that holds them",
            sheet_name=sheet_name,
        )

    kind = _resolved_kind(grid, kind, head.startswith(ZIP_MAGIC), problem)
    headers, labels, notes = _headers(grid, kind, table, path.name, sheet_name, problem)
    notes = [
        replace(note, row=note.row + skipped) if note.row else note for note in notes
    ]
    first_data = HEADER_ROWS[kind]

    body = grid.iloc[first_data:].copy()
    body.columns = headers
    start = first_data + 1 + skipped
    body.index = pd.RangeIndex(start, start + len(body))
    body = body.replace("", pd.NA)
    body = body.dropna(how="all")
    rows_read = len(body)

    excluded: dict[str, int] = {}
    if kind == "qualtrics":
        body, excluded = _without_qualtrics_previews(body)
    if kind == "google_forms" and not any(h.casefold() == "timestamp" for h in headers):
        notes.append(
            Problem(
                table,
                path.name,
                sheet_name,
                1,
                None,
                None,
                "a Google Forms export with a 'Timestamp' column",
                "check the file is the form's own download (kind: google_forms)",
                "warning",
            )
        )

    return RawTable(
        frame=body.astype("string"),
        path=path,
        sheet=sheet_name,
        kind=kind,
        encoding=used_encoding,
        labels=labels,
        rows_read=rows_read,
        excluded=excluded,
        notes=notes,
    )


def sheet_names(path: str | Path) -> list[str]:
    """The names of a workbook's sheets, in order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pd.ExcelFile(path, engine="openpyxl") as book:
            return [str(name) for name in book.sheet_names]


def _first_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def _excel_grid(path: Path, sheet: str | None, problem) -> tuple[str, pd.DataFrame]:
    names = sheet_names(path)
    if not names:
        raise problem("a workbook with at least one sheet", "add a sheet of data")

    if sheet is None:
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    else:
        folded = {name.casefold().strip(): name for name in names}
        chosen = folded.get(sheet.casefold().strip())
        if chosen is None:
            close = difflib.get_close_matches(sheet, names, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise problem(
                f"a sheet that exists; sheet {sheet!r} not found; sheets: "
                + ", ".join(repr(name) for name in names),
                f"{hint}set data.tables.<table>.sheet to one of them",
                sheet_name=sheet,
            )

    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it does not read
        warnings.simplefilter("ignore")
        grid = pd.read_excel(
            path,
            sheet_name=chosen,
            header=None,
            dtype=str,
            engine="openpyxl",
            keep_default_na=False,
            na_filter=False,
        )
    return chosen, _clean_grid(grid)


def _decoded_text(path: Path, encoding: str | None, problem) -> tuple[str, str]:
    data = path.read_bytes()

    if encoding is not None:
        name = _canonical_encoding(encoding, problem)
        try:
            return data.decode(name), name
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            bad = data[error.start : error.start + 1]
            other = "cp1252" if name.startswith("utf") else "utf-8"
            raise problem(
                f"text in the {encoding} encoding; byte 0x{bad.hex()} is not",
                f"set data.tables.<table>.encoding to {other} (or leave it out to "
                "detect it), or save the file as CSV UTF-8",
                row=line,
                value=repr(data[max(0, error.start - 10) : error.start + 10]),
            ) from None

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for name in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise problem(
        "text in UTF-8 or Windows-1252 (cp1252)",
        "save the file as CSV UTF-8, or name its encoding in "
        "data.tables.<table>.encoding",
    )


def _canonical_encoding(encoding: str, problem) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise problem(
            f"a known text encoding in data.tables.<table>.encoding, not {encoding!r}",
            "use utf-8 or cp1252, or leave it out to detect it",
        ) from None
    # a UTF-8 file may start with a byte-order mark; it is not part of the data
    return "utf-8-sig" if name == "utf-8" else name


def _csv_grid(text: str) -> pd.DataFrame:
    """Every line of a CSV text as a row of cells, ragged rows padded.

    Python's csv module reads rows of any length (a title line above the
    headers, a row with a stray extra comma), where pandas' parser stops.
    """
    if not text.strip():
        return pd.DataFrame()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    width = max(len(row) for row in rows)
    grid = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)
    return _clean_grid(grid)


def _clean_grid(grid: pd.DataFrame) -> pd.DataFrame:
    grid = grid.fillna("").astype(str)
    grid = grid.apply(lambda column: column.str.strip())
    grid.columns = range(grid.shape[1])
    return grid.reset_index(drop=True)


def _without_trailing_blank_rows(grid: pd.DataFrame) -> pd.DataFrame:
    filled = (grid != "").any(axis=1)
    if not filled.any():
        return grid.iloc[0:0]
    last = filled[filled].index[-1]
    return grid.iloc[: last + 1]


def _has_qualtrics_rows(grid: pd.DataFrame) -> bool:
    return len(grid) >= 3 and grid.iloc[2].str.match(IMPORT_ID).any()


def _resolved_kind(grid: pd.DataFrame, kind: str | None, is_book: bool, problem) -> str:
    qualtrics_rows = _has_qualtrics_rows(grid)
    if kind is None:
        if qualtrics_rows:
            return "qualtrics"
        return "excel" if is_book else "csv"

    if kind in ("csv", "excel") and qualtrics_rows:
        raise problem(
            f"one header row (kind: {kind}), but rows 2 and 3 hold Qualtrics' "
            "question texts and import ids",
            "set data.tables.<table>.kind to qualtrics",
            row=3,
        )
    if kind == "qualtrics" and not qualtrics_rows:
        row3 = grid.iloc[2, 0] if len(grid) >= 3 else None
        raise problem(
            "a Qualtrics export with three header rows (names, question text, "
            'import ids like {"ImportId":"QID1"}); row 3 holds no import ids',
            "export again from Qualtrics (Data & Analysis > Export, CSV), or set "
            "kind: csv if the file has a single header row",
            row=3,
            value=row3,
        )
    if kind == "surveymonkey" and not _has_surveymonkey_rows(grid):
        raise problem(
            "a SurveyMonkey export with two header rows (questions, then "
            "'Response' or the answer options); row 2 looks like data",
            "export again from SurveyMonkey (All responses data, CSV, Actual answer "
            "text), or set kind: csv if the file has a single header row",
            row=2,
            value=grid.iloc[1, 0] if len(grid) >= 2 else None,
        )
    return kind


def _has_surveymonkey_rows(grid: pd.DataFrame) -> bool:
    if len(grid) < 2:
        return False
    second = grid.iloc[1].str.casefold()
    return (
        second.iloc[0] == "" and second.isin(["response", "open-ended response"]).any()
    )


def _headers(grid, kind, table, file, sheet, problem):
    notes: list[Problem] = []
    labels: dict[str, str] = {}

    if kind == "surveymonkey":
        names = _surveymonkey_names(grid.iloc[0].tolist(), grid.iloc[1].tolist())
    else:
        names = grid.iloc[0].tolist()

    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if name == "":
            name = f"(blank header, column {_column_letter(position)})"
            if not (grid.iloc[HEADER_ROWS[kind] :, position] == "").all():
                notes.append(
                    Problem(
                        table,
                        file,
                        sheet,
                        1,
                        name,
                        None,
                        "a header above every column with data",
                        "type a header in row 1 of that column",
                        "warning",
                    )
                )
        if name in seen:
            seen[name] += 1
            notes.append(
                Problem(
                    table,
                    file,
                    sheet,
                    1,
                    name,
                    None,
                    "each header once; this one repeats",
                    f"rename one of them; the repeat is read as '{name} "
                    f"({seen[name]})'",
                    "warning",
                )
            )
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)

    if kind == "qualtrics":
        labels = dict(zip(headers, grid.iloc[1].tolist(), strict=True))
    return headers, labels, notes


def _surveymonkey_names(questions: list[str], options: list[str]) -> list[str]:
    names = []
    current = ""
    for question, option in zip(questions, options, strict=True):
        if question:
            current = question
        if option.casefold() in SURVEYMONKEY_PLAIN:
            names.append(current)
        else:
            names.append(f"{current} [{option}]" if current else option)
    return names


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _without_qualtrics_previews(body: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    reasons = pd.Series(pd.NA, index=body.index, dtype="string")
    folded = {column.casefold(): column for column in body.columns}

    if "status" in folded:
        status = body[folded["status"]].fillna("").str.casefold()
        reasons = reasons.fillna(status.map(QUALTRICS_NOT_REAL))
    if "distributionchannel" in folded:
        channel = body[folded["distributionchannel"]].fillna("").str.casefold()
        reasons = reasons.fillna(channel.map(QUALTRICS_CHANNELS))

    counts = {
        str(reason): int(count)
        for reason, count in reasons.dropna().value_counts().sort_index().items()
    }
    return body[reasons.isna()], counts
