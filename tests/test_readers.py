"""Reading exports as programs have them: encodings, header rows, sheets.

Expected values are read off the fixture files in tests/data (written by hand,
their bytes described in each test), counted by eye: a row number is the line
of the file as a text editor numbers it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evalkit.readers import SourceError, read_source

DATA = Path(__file__).parent / "data"


def test_utf8_with_bom_and_cp1252_read_the_same_text():
    with_bom = read_source(DATA / "participants_utf8_bom.csv")
    windows = read_source(DATA / "participants_cp1252.csv")

    assert with_bom.encoding == "utf-8-sig"
    assert windows.encoding == "cp1252"
    # The BOM must not stick to the first header (it would break the mapping).
    assert with_bom.frame.columns[0] == "participant_id"
    # Line 2 of both files: exit_reason "moved to Montréal" (é = 0xE9 in cp1252).
    assert windows.frame.loc[2, "exit_reason"] == "moved to Montréal"
    assert with_bom.frame.loc[2, "exit_reason"] == "moved to Montréal"
    # ids are text: leading zeros kept.
    assert windows.frame.loc[2, "participant_id"] == "0042"


def test_declared_encoding_that_does_not_fit_names_the_line_and_the_fix():
    # participants_cp1252.csv: byte 0xE9 of "Montréal" is on line 2.
    with pytest.raises(SourceError, match=r"row 2: .*byte 0xe9.*encoding to cp1252"):
        read_source(DATA / "participants_cp1252.csv", encoding="utf-8")


def test_cp1252_declared_reads():
    table = read_source(DATA / "participants_cp1252.csv", encoding="cp1252")
    assert table.frame.loc[2, "exit_reason"] == "moved to Montréal"


def test_empty_file_is_refused():
    with pytest.raises(SourceError, match=r"empty\.csv: expected a header row .*empty"):
        read_source(DATA / "empty.csv", table="participants")


def test_qualtrics_export_is_detected_and_previews_set_aside():
    table = read_source(DATA / "qualtrics_exit_survey.csv")

    assert table.kind == "qualtrics"
    # Rows 4-8 of the file are five responses: row 4 is a preview, row 7 a test.
    assert table.rows_read == 5
    assert list(table.frame.index) == [5, 6, 8]
    assert table.excluded == {
        "Qualtrics preview response": 1,
        "Qualtrics test response": 1,
    }
    assert table.frame.loc[5, "ExternalReference"] == "M001"
    # Row 2 of the export holds the question text, used to map by question.
    assert table.labels["Q2"] == "Overall I am satisfied with the program."


def test_qualtrics_without_its_header_rows_is_refused_at_row_3():
    path = DATA / "qualtrics_one_header_row.csv"
    with pytest.raises(SourceError, match=r"row 3: .*three header rows.*kind: csv"):
        read_source(path, kind="qualtrics")


def test_qualtrics_read_as_plain_csv_is_refused():
    path = DATA / "qualtrics_exit_survey.csv"
    with pytest.raises(SourceError, match=r"row 3: .*Qualtrics.*kind to qualtrics"):
        read_source(path, kind="csv")


def test_surveymonkey_two_header_rows_become_one_name():
    table = read_source(DATA / "surveymonkey_midpoint.csv", kind="surveymonkey")

    assert list(table.frame.columns) == [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "Participant ID",
        "How satisfied are you with your mentor?",
        "Which topics did you discuss? [Coursework]",
        "Which topics did you discuss? [Careers]",
        "Which topics did you discuss? [Research]",
        "Rate your mentor on: [Availability]",
        "Rate your mentor on: [Helpfulness]",
    ]
    # The first response is on line 3 (two header rows).
    assert list(table.frame.index) == [3, 4]


def test_surveymonkey_declared_on_a_one_header_file_is_refused():
    with pytest.raises(SourceError, match=r"row 2: .*two header rows"):
        read_source(DATA / "participants_utf8_bom.csv", kind="surveymonkey")


def test_google_forms_keeps_question_headers_and_timestamp():
    table = read_source(DATA / "google_forms_intake.csv", kind="google_forms")
    assert table.frame.columns[0] == "Timestamp"
    assert table.frame.loc[3, "Email Address"] == "008"  # spaces stripped
    assert table.notes == []


def test_google_forms_without_timestamp_is_a_warning():
    table = read_source(DATA / "participants_utf8_bom.csv", kind="google_forms")
    assert [note.severity for note in table.notes] == ["warning"]
    assert "Timestamp" in table.notes[0].expected


def _workbook(path: Path) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"participant_id": ["007"], "role": ["mentee"]}).to_excel(
            writer, sheet_name="People", index=False
        )
        pd.DataFrame({"match_id": ["P1"]}).to_excel(
            writer, sheet_name="Matches", index=False
        )
    return path


def test_sheet_that_does_not_exist_names_the_sheets_there(tmp_path):
    book = _workbook(tmp_path / "program.xlsx")
    with pytest.raises(
        SourceError, match=r"sheet 'Peeple'.*'People', 'Matches'.*did you mean 'People'"
    ):
        read_source(book, sheet="Peeple")


def test_sheet_is_read_with_excel_row_numbers(tmp_path):
    book = _workbook(tmp_path / "program.xlsx")
    table = read_source(book, sheet="people")  # case differs: still found
    assert table.sheet == "People"
    assert table.frame.loc[2, "participant_id"] == "007"


def test_old_xls_workbook_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(SourceError, match=r"old \.xls workbook.*save it as \.xlsx"):
        read_source(path)


def test_header_row_skips_a_title_and_keeps_the_row_numbers_of_the_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "Spring roster, exported 2026-03-01\n"  # line 1: a title
        "\n"  # line 2: blank
        "participant_id,role\n"  # line 3: the headers
        "M1,mentee\n"  # line 4
        "R1,mentor\n"  # line 5
    )
    raw = read_source(path, header_row=3)
    assert list(raw.frame.columns) == ["participant_id", "role"]
    assert raw.frame.index.tolist() == [4, 5]
    assert raw.frame["role"].tolist() == ["mentee", "mentor"]


def test_header_row_with_a_blank_header_reports_the_real_row(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Title\nparticipant_id,,role\nM1,x,mentee\n")
    raw = read_source(path, header_row=2)
    (note,) = raw.notes
    assert note.row == 2


def test_a_row_with_a_stray_extra_cell_is_read_not_refused(tmp_path):
    # Line 3 has one cell more than the header: pandas' parser stops there;
    # evalkit reads it and warns about the column without a header.
    path = tmp_path / "roster.csv"
    path.write_text("participant_id,role\nM1,mentee\nR1,mentor,oops\n")
    raw = read_source(path)
    assert raw.frame["role"].tolist() == ["mentee", "mentor"]
    (note,) = raw.notes
    assert note.expected == "a header above every column with data"
    assert note.column == "(blank header, column C)"
