"""Loading tables through the params file's mapping: labels, missing tokens,
ids, dates, wide survey exports, role-dependent columns, and read-only files.

Expected values are worked out by hand from the fixture text written in each
test (or in tests/data); row numbers are lines as a text editor numbers them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from evalkit.errors import DataValidationError
from evalkit.loading import (
    file_row,
    file_sha256,
    load_program,
    load_table,
    read_table,
)
from evalkit.params import TableSource, load_params
from evalkit.paths import SAMPLE_DATA, SAMPLE_PARAMS
from evalkit.validation import validate_program

DATA = Path(__file__).parent / "data"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

PEOPLE = (
    "participant_id,role,cohort,enrolled_on,status\n"
    "M001,mentee,2025,2025-09-01,active\n"
    "M002,mentee,2025,2025-09-01,active\n"
    "M003,mentee,2025,2025-09-01,active\n"
)
LIKERT = {
    "Strongly disagree": 1,
    "Disagree": 2,
    "Neither agree nor disagree": 3,
    "Agree": 4,
    "Strongly agree": 5,
}


def make_params(folder: Path, tables: dict, directory: str = ".", **extra):
    """Write the files and a params file naming them; return the loaded params.

    ``tables`` maps a table to its data.tables entry plus ``content`` (the
    file's text or bytes; omitted when the file already exists); ``extra``
    adds top-level keys (``cohorts``, ``comparison``).  Text is written to
    the params file as YAML would write it (``safe_dump``), unless a key's
    value is given as YAML text in ``raw_yaml``.
    """
    entries = {}
    for name, entry in tables.items():
        entry = dict(entry)
        content = entry.pop("content", None)
        if content is not None:
            target = folder / directory / entry["file"]
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        entries[name] = entry
    raw_yaml = extra.pop("raw_yaml", "")
    params = {
        "program": {"id": "test", "name": "Test program"},
        "data": {"directory": directory, "tables": entries},
        **extra,
    }
    path = folder / "params.yaml"
    path.write_text(
        yaml.safe_dump(params, sort_keys=False) + raw_yaml, encoding="utf-8"
    )
    return load_params(path)


def problems_of(report, table=None):
    frame = report.problems
    return frame if table is None else frame[frame["table"] == table]


def test_qualtrics_wide_export_becomes_survey_answers(tmp_path):
    # qualtrics_exit_survey.csv: responses on rows 5, 6 and 8 (row 4 is a
    # preview, row 7 a test).  Q3 "The program wasted my time." is reversed on
    # the 1-5 scale: answer -> 6 - answer.
    surveys = {
        "file": "qualtrics_exit_survey.csv",
        "columns": {"ExternalReference": "participant_id"},
        "items": {
            "Q1": "match_satisfaction",
            "Overall I am satisfied with the program.": "overall_satisfaction",
            "Q3": "wasted_time",
        },
        "constants": {"wave": "exit"},
        "values": {"response": {**LIKERT, "Somewhat agree": 4}},
        "reverse_items": ["wasted_time"],
        "missing_values": ["N/A"],
    }
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "participants.csv").write_text(PEOPLE)
    (tmp_path / "data" / "qualtrics_exit_survey.csv").write_bytes(
        (DATA / "qualtrics_exit_survey.csv").read_bytes()
    )
    params = make_params(
        tmp_path,
        {"participants": {"file": "participants.csv"}, "surveys": surveys},
        directory="data",
    )

    report = validate_program(params)
    assert report.exit_status == 0, report.as_text()
    loaded = report.program.tables["surveys"]
    answers = loaded.frame[["participant_id", "item", "response"]]

    expected = pd.DataFrame(
        {
            "participant_id": ["M001"] * 3 + ["M002"] * 2 + ["M003"] * 3,
            "item": [
                "match_satisfaction",
                "overall_satisfaction",
                "wasted_time",
                "match_satisfaction",
                "wasted_time",
                "match_satisfaction",
                "overall_satisfaction",
                "wasted_time",
            ],
            # Strongly agree 5, Agree 4, Strongly disagree 1 -> 6 - 1 = 5;
            # Agree 4, (N/A dropped), Neither 3 -> 3;
            # Somewhat agree 4, Strongly agree 5, Disagree 2 -> 4.
            "response": [5.0, 4.0, 5.0, 4.0, 3.0, 4.0, 5.0, 4.0],
        }
    )
    pd.testing.assert_frame_equal(
        answers.reset_index(drop=True), expected, check_dtype=False
    )
    assert loaded.source_rows == (5, 5, 5, 6, 6, 8, 8, 8)
    assert loaded.rows_read == 5
    assert dict(
        zip(loaded.excluded["reason"], loaded.excluded["rows"], strict=True)
    ) == {
        "Qualtrics preview response": 1,
        "Qualtrics test response": 1,
    }


def test_unmapped_answer_label_names_row_column_and_the_fix(tmp_path):
    surveys = {
        "file": "exit.csv",
        "kind": "qualtrics",
        "columns": {"ExternalReference": "participant_id"},
        "items": {"Q1": "match_satisfaction"},
        "constants": {"wave": "exit"},
        "values": {"response": LIKERT},
    }
    (tmp_path / "exit.csv").write_bytes(
        (DATA / "qualtrics_exit_survey.csv").read_bytes()
    )
    params = make_params(tmp_path, {"surveys": surveys})

    report = validate_program(params)
    problem = problems_of(report).iloc[0]
    # Row 8 answers Q1 with "Somewhat agree", which the mapping lacks.
    assert report.errors == 1
    assert (problem["row"], problem["column"], problem["value"]) == (
        8,
        "Q1",
        "Somewhat agree",
    )
    assert (
        "add 'Somewhat agree' to data.tables.surveys.values.response" in problem["fix"]
    )

    with pytest.raises(
        DataValidationError, match=r"row 8, column 'Q1'.*Somewhat agree"
    ):
        load_table(params, "surveys", params.data.tables["surveys"])


def test_missing_value_tokens_ids_and_labels(tmp_path):
    people = (
        "participant_id,role,cohort,enrolled_on,status,gender\n"
        "  0042 ,Mentee,2025,2025-09-01,active,Prefer not to say\n"
        "007,MENTOR,2025,2025-09-01,active,woman\n"
        "0099,mentee,2025,2025-09-01,active,N/A\n"
    )
    params = make_params(
        tmp_path,
        {
            "participants": {
                "file": "p.csv",
                "content": people,
                "missing_values": ["prefer not to say", "n/a"],
            }
        },
    )
    frame = load_program(params).table("participants")

    assert frame["participant_id"].tolist() == ["0042", "007", "0099"]
    assert frame["role"].tolist() == ["mentee", "mentor", "mentee"]
    assert frame["gender"].isna().tolist() == [True, False, True]


def test_excel_serial_dates_read_under_date_format_excel(tmp_path):
    # Excel's 1900 date system: DATE(2025,1,1) is serial 45658, so
    # 2025-09-01 (day 244 of 2025) is 45658 + 243 = 45901.
    people = (
        "participant_id,role,cohort,enrolled_on,status,exit_on\n"
        "M1,mentee,2025,45901,completed,2026-05-29\n"
    )
    params = make_params(
        tmp_path,
        {"participants": {"file": "p.csv", "content": people, "date_format": "excel"}},
    )
    frame = load_program(params).table("participants")
    assert frame["enrolled_on"].iloc[0] == pd.Timestamp("2025-09-01")
    assert frame["exit_on"].iloc[0] == pd.Timestamp("2026-05-29")


def test_excel_serial_under_iso_says_to_set_date_format(tmp_path):
    people = (
        "participant_id,role,cohort,enrolled_on,status\n"
        "M1,mentee,2025,2025-09-01,active\n"
        "M2,mentee,2025,45901,active\n"
    )
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    with pytest.raises(
        DataValidationError,
        match=r"p\.csv, row 3, column 'enrolled_on': found '45901'.*Excel serial date"
        r".*date_format to excel",
    ):
        load_table(params, "participants", params.data.tables["participants"])


@pytest.mark.parametrize(
    ("date_format", "expected"),
    [("dayfirst", "2025-09-01"), ("monthfirst", "2025-01-09")],
)
def test_day_first_and_month_first_dates(tmp_path, date_format, expected):
    people = (
        "participant_id,role,cohort,enrolled_on,status\n"
        "M1,mentee,2025,01/09/2025,active\n"
    )
    params = make_params(
        tmp_path,
        {
            "participants": {
                "file": "p.csv",
                "content": people,
                "date_format": date_format,
            }
        },
    )
    frame = load_program(params).table("participants")
    assert frame["enrolled_on"].iloc[0] == pd.Timestamp(expected)


def test_google_forms_export_with_role_dependent_and_multi_select_columns(tmp_path):
    (tmp_path / "intake.csv").write_bytes(
        (DATA / "google_forms_intake.csv").read_bytes()
    )
    common = {"file": "intake.csv", "kind": "google_forms"}
    params = make_params(
        tmp_path,
        {
            "participants": {
                **common,
                "columns": {
                    "Email Address": "participant_id",
                    "Are you joining as a mentor or a mentee?": "role",
                    "Timestamp": "enrolled_on",
                },
                "constants": {"cohort": "2025", "status": "active"},
            },
            "profiles": {
                **common,
                "columns": {
                    "Email Address": "participant_id",
                    "Which areas interest you? (select all that apply)": "interests",
                    "Year of study": "year_of_study",
                    "How many mentees can you take?": "capacity",
                },
                "values": {"year_of_study": {"5+": 5, "1 (first year)": 1}},
                "kinds": {"year_of_study": "int", "capacity": "int"},
                "list_separator": ",",
            },
        },
    )
    program = load_program(params)
    people = program.table("participants")
    profiles = program.table("profiles")

    assert people["participant_id"].tolist() == ["007", "008", "009"]
    assert people["role"].tolist() == ["mentee", "mentor", "mentee"]
    # "2025/09/02 09:01:10 PM GMT-4" is 2 September 2025.
    assert people["enrolled_on"].tolist() == [
        pd.Timestamp("2025-09-01"),
        pd.Timestamp("2025-09-01"),
        pd.Timestamp("2025-09-02"),
    ]
    assert profiles["interests"].tolist() == [
        ["Robotics", "Data science"],
        ["Chemistry"],
        [],
    ]
    assert profiles["year_of_study"].tolist() == [5, 3, 1]
    assert profiles["capacity"].isna().tolist() == [True, False, True]


def test_several_headers_feed_one_column(tmp_path):
    # A mentee answers one question, a mentor the other: one column results.
    people = (
        "participant_id,role,cohort,enrolled_on,status\n"
        "M1,mentee,2025,2025-09-01,active\nR1,mentor,2025,2025-09-01,active\n"
    )
    intake = (
        "id,Preferences for your mentor?,Preferences for your mentees?\n"
        "M1,same field,\nR1,,first-generation students\n"
    )
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": people},
            "profiles": {
                "file": "intake.csv",
                "content": intake,
                "columns": {
                    "id": "participant_id",
                    "Preferences for your mentor?": "preferences",
                    "Preferences for your mentees?": "preferences",
                },
            },
        },
    )
    profiles = load_program(params).table("profiles")
    assert profiles["preferences"].tolist() == [
        "same field",
        "first-generation students",
    ]


def test_unknown_header_in_mapping_suggests_the_close_one(tmp_path):
    people = (
        "Participant ID,role,cohort,enrolled_on,status\n"
        "M1,mentee,2025,2025-09-01,active\n"
    )
    params = make_params(
        tmp_path,
        {
            "participants": {
                "file": "p.csv",
                "content": people,
                "columns": {"Participant Id.": "participant_id"},
            }
        },
    )
    report = validate_program(params)
    fixes = " ".join(report.problems["fix"])
    assert "did you mean 'Participant ID'?" in fixes
    assert report.exit_status == 2


def test_input_files_are_never_written(tmp_path):
    files = sorted(SAMPLE_DATA.glob("*.csv")) + sorted(DATA.glob("*.csv"))
    before = {path: file_sha256(path) for path in files}
    mtimes = {path: path.stat().st_mtime_ns for path in files}

    load_program(load_params(SAMPLE_PARAMS))
    for path in DATA.glob("*.csv"):
        params = make_params(tmp_path, {"surveys": {"file": str(path)}})
        read_table(params, "surveys", params.data.tables["surveys"])

    assert {path: file_sha256(path) for path in files} == before
    assert {path: path.stat().st_mtime_ns for path in files} == mtimes


def test_file_sha256_matches_hashlib(tmp_path):
    # SHA-256 of b"abc" is the FIPS 180-2 appendix B.1 example digest.
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert file_sha256(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert file_sha256(path) == hashlib.sha256(b"abc").hexdigest()


@pytest.fixture
def grad_intake_params():
    if not (SHARED_DATA / "grad-peer-mentoring-intake.xlsx").is_file():
        pytest.skip(
            f"{SHARED_DATA} is absent: the real Google Forms export is read from "
            "../shared/data beside the project and is not part of the repository"
        )
    return load_params(DATA / "grad_intake.yaml")


def test_real_google_forms_export_loads_through_params_alone(grad_intake_params):
    before = file_sha256(SHARED_DATA / "grad-peer-mentoring-intake.xlsx")
    report = validate_program(grad_intake_params)
    assert report.exit_status == 0, report.as_text()
    people = report.program.table("participants")
    profiles = report.program.table("profiles")

    # Independent reading of the workbook with openpyxl, cell by cell.
    sheet = load_workbook(SHARED_DATA / "grad-peer-mentoring-intake.xlsx")[
        "Form Responses 1"
    ]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # data/README.md: 33 responses.
    assert len(people) == len(profiles) == len(rows) == 33
    assert people["participant_id"].tolist() == [str(row[1]) for row in rows]
    assert people["role"].tolist() == [row[3].lower() for row in rows]
    assert people["enrolled_on"].tolist() == [
        pd.Timestamp(row[0].date()) for row in rows
    ]
    assert profiles["interests"].tolist() == [
        [part.strip() for part in row[7].split(", ")] if row[7] else [] for row in rows
    ]
    years = {"5+": 5, "1 (Incoming first year)": 1}
    assert profiles["year_of_study"].tolist() == [
        years.get(row[5], row[5]) if isinstance(row[5], str) else row[5] for row in rows
    ]
    # Mentor capacity is asked of mentors only: blank for every mentee.
    mentees = people["role"] == "mentee"
    assert profiles.loc[mentees, "mentor_capacity"].isna().all()
    assert profiles.loc[~mentees, "mentor_capacity"].notna().all()
    assert file_sha256(SHARED_DATA / "grad-peer-mentoring-intake.xlsx") == before


def test_file_row_counts_the_blank_rows_skipped_on_load(tmp_path):
    # CSV: header on line 1, M001 on 2, blank lines 3 and 4, M002 on 5, M003 on 6.
    csv = PEOPLE.replace("M002", "\n,,,,\nM002", 1)
    params = make_params(tmp_path, {"participants": {"file": "p.csv", "content": csv}})
    table = load_table(params, "participants", params.data.tables["participants"])
    assert [file_row(table, position) for position in range(3)] == [2, 5, 6]

    # Excel: two rows inserted after the first data row, as the tester did.
    book = tmp_path / "p.xlsx"
    pd.read_csv(tmp_path / "p.csv", dtype=str).dropna(how="all").to_excel(
        book, index=False
    )
    sheet_book = load_workbook(book)
    sheet_book.active.insert_rows(3, 2)
    sheet_book.save(book)
    table = load_table(params, "participants", TableSource(file="p.xlsx"))
    assert table.frame["participant_id"].tolist() == ["M001", "M002", "M003"]
    assert [file_row(table, position) for position in range(3)] == [2, 5, 6]

    with pytest.raises(ValueError, match=r"position must be a row of table"):
        file_row(table, 3)
    unaligned = replace(table, frame=table.frame.iloc[1:])
    with pytest.raises(ValueError, match=r"has 2 rows but 3 file row numbers"):
        file_row(unaligned, 0)


def test_file_row_of_a_cohort_view(tmp_path):
    people = PEOPLE.replace("M002,mentee,2025", "M002,mentee,2026", 1)
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    view = load_program(params).for_cohort("2025")
    table = view.tables["participants"]
    assert table.frame["participant_id"].tolist() == ["M001", "M003"]
    assert [file_row(table, position) for position in range(2)] == [2, 4]
