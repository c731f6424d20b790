"""Validation: every problem collected, located by file, row and column.

Each fixture is written in the test; the expected row is the line of the
file as a text editor numbers it (header on line 1), worked out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_loading import make_params

from evalkit.errors import DataValidationError
from evalkit.loading import load_program
from evalkit.params import load_params
from evalkit.paths import SAMPLE_PARAMS
from evalkit.validation import ValidationReport, validate_program

PEOPLE = (
    "participant_id,role,cohort,enrolled_on,status,exit_on\n"
    "M1,mentee,2025,2025-09-01,completed,2026-05-29\n"
    "M2,mentee,2025,2025-09-01,active,\n"
    "R1,mentor,2025,2025-09-01,active,\n"
)
MATCHES = (
    "match_id,mentee_id,mentor_id,matched_on\n"
    "P1,M1,R1,2025-09-15\n"
    "P2,M2,R1,2025-09-15\n"
)


def located(report: ValidationReport) -> list[tuple]:
    """(table, row, column, value, severity) of every problem, in order."""
    frame = report.problems
    return [
        (
            row.table,
            None if pd.isna(row.row) else int(row.row),
            row.column,
            None if pd.isna(row.value) else row.value,
            row.severity,
        )
        for row in frame.itertuples()
    ]


def test_report_has_the_promised_columns_and_a_clean_status(tmp_path):
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "matches": {"file": "m.csv", "content": MATCHES},
        },
    )
    report = validate_program(params)

    assert list(report.problems.columns) == [
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
    assert (report.errors, report.warnings, report.exit_status) == (0, 0, 0)
    assert set(report.program.tables) == {"participants", "matches"}
    assert "0 error(s), 0 warning(s)" in report.as_text()


def test_every_problem_is_collected_not_only_the_first(tmp_path):
    people = (
        "participant_id,role,cohort,enrolled_on,status,exit_on\n"
        "M1,mentee,2025,2025-09-01,completed,2025-08-01\n"  # exit before enrolment
        "M2,student,2025,2025-09-01,active,\n"  # role not allowed
        "M3,mentee,2025,2025-09-31,active,\n"  # no 31 September
        ",mentee,2025,2025-09-01,active,\n"  # id missing
    )
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    report = validate_program(params)

    assert located(report) == [
        ("participants", 2, "exit_on", "2025-08-01", "error"),
        ("participants", 3, "role", "student", "error"),
        ("participants", 4, "enrolled_on", "2025-09-31", "error"),
        ("participants", 5, "participant_id", None, "error"),
    ]
    assert report.exit_status == 2
    assert report.program is None
    expected = report.problems["expected"].tolist()
    assert expected[0] == "an exit date on or after the enrolment date (enrolled_on)"
    assert expected[1] == "one of mentee, mentor"
    assert expected[2].startswith("a date like 2025-09-01 (date_format: iso)")
    assert expected[3] == "a value in 'participant_id', which is required"


def test_out_of_range_answers_and_scores(tmp_path):
    surveys = (
        "participant_id,wave,item,response\n"
        "M1,exit,overall_satisfaction,5\n"
        "M2,exit,overall_satisfaction,7\n"  # off the 1-5 scale
    )
    assessments = (
        "participant_id,competency,wave,score,max_score\n"
        "M1,research,pre,40,50\n"
        "M1,research,post,55,50\n"  # above max_score
        "M2,research,pre,-3,50\n"  # below the minimum of 0
    )
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "surveys": {"file": "s.csv", "content": surveys},
            "assessments": {"file": "a.csv", "content": assessments},
        },
    )
    report = validate_program(params)

    assert located(report) == [
        ("surveys", 3, "response", "7", "error"),
        ("assessments", 3, "score", "55", "error"),
        ("assessments", 4, "score", "-3", "error"),
    ]
    assert report.problems["expected"].tolist() == [
        "an answer on the survey's scale, 1 to 5",
        "a score no higher than max_score",
        "a value of at least 0",
    ]


def test_survey_scale_from_params(tmp_path):
    surveys = "participant_id,wave,item,response\nM1,exit,nps,9\nM2,exit,nps,11\n"
    params = make_params(
        tmp_path,
        {"surveys": {"file": "s.csv", "content": surveys, "scale": [0, 10]}},
    )
    assert located(validate_program(params)) == [
        ("surveys", 3, "response", "11", "error")
    ]


def test_broken_references_between_tables(tmp_path):
    matches = (
        "match_id,mentee_id,mentor_id,matched_on\n"
        "P1,M1,R1,2025-09-15\n"
        "P2,M9,R1,2025-09-15\n"  # M9 is nobody
        "P3,R1,M2,2025-09-15\n"  # roles swapped
    )
    sessions = (
        "match_id,date,attended\n"
        "P1,2025-10-01,true\n"
        "P7,2025-10-01,false\n"  # no pairing P7
    )
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "matches": {"file": "m.csv", "content": matches},
            "sessions": {"file": "s.csv", "content": sessions},
        },
    )
    report = validate_program(params)

    assert located(report) == [
        ("matches", 3, "mentee_id", "M9", "error"),
        ("matches", 4, "mentee_id", "R1", "error"),
        ("matches", 4, "mentor_id", "M2", "error"),
        ("sessions", 3, "match_id", "P7", "error"),
    ]
    assert report.problems["expected"].iloc[0] == (
        "the participant_id of a mentee in participants"
    )
    assert report.problems["expected"].iloc[3] == (
        "the match_id of a pairing in the matches table"
    )


SURVEY_TWICE = (
    "participant_id,wave,item,response\n"
    "M1,exit,overall_satisfaction,4\n"
    "M2,exit,overall_satisfaction,3\n"
    "M1,exit,overall_satisfaction,5\n"  # M1 again in the same wave
)


@pytest.mark.parametrize(
    ("policy", "kept_response", "severity", "exit_status"),
    [
        ("keep_first", 4.0, "warning", 1),
        ("keep_last", 5.0, "warning", 1),
        ("refuse", None, "error", 2),
    ],
)
def test_duplicate_policy(tmp_path, policy, kept_response, severity, exit_status):
    params = make_params(
        tmp_path,
        {"surveys": {"file": "s.csv", "content": SURVEY_TWICE, "duplicates": policy}},
    )
    report = validate_program(params)

    assert report.exit_status == exit_status
    rows = [(row, severity) for (_, row, _, _, severity) in located(report)]
    if policy == "refuse":
        assert rows == [(2, "error"), (4, "error")]
        assert report.program is None
        return
    # keep_first sets aside line 4; keep_last sets aside line 2.
    assert rows == [(4 if policy == "keep_first" else 2, "warning")]
    frame = report.program.table("surveys")
    assert frame.loc[frame["participant_id"] == "M1", "response"].tolist() == [
        kept_response
    ]
    assert report.exclusions["rows"].tolist() == [1]
    assert "first kept" in report.exclusions["reason"].iloc[0] or policy == "keep_last"


def test_missing_required_column_names_the_headers_found(tmp_path):
    people = "participant_id,role,cohort,status\nM1,mentee,2025,active\n"
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    report = validate_program(params)

    assert located(report) == [("participants", 1, "enrolled_on", None, "error")]
    assert report.problems["expected"].iloc[0] == (
        "a column 'enrolled_on' (required in table participants); headers found: "
        "'participant_id', 'role', 'cohort', 'status'"
    )
    with pytest.raises(DataValidationError, match=r"evalkit validate"):
        load_program(params)


def test_empty_file_and_missing_sheet_become_report_rows(tmp_path):
    workbook = tmp_path / "program.xlsx"
    pd.DataFrame({"participant_id": ["M1"]}).to_excel(
        workbook, sheet_name="People", index=False
    )
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "program.xlsx", "sheet": "Participants"},
            "matches": {"file": "m.csv", "content": ""},
        },
    )
    report = validate_program(params)

    assert [(t, r, s) for (t, r, _, _, s) in located(report)] == [
        ("participants", None, "error"),
        ("matches", None, "error"),
    ]
    assert report.problems["sheet"].iloc[0] == "Participants"
    assert report.problems["expected"].iloc[0] == (
        "a sheet that exists; sheet 'Participants' not found; sheets: 'People'"
    )
    assert report.problems["fix"].iloc[0] == (
        "set data.tables.participants.sheet to one of them"
    )
    assert "empty" in report.problems["expected"].iloc[1]

    # Problems without a row (the whole sheet) used to break the text report.
    text = report.as_text()
    assert report.exit_status == 2
    assert "participants: program.xlsx, sheet 'Participants'  " in text
    assert "sheet 'Participants' not found; sheets: 'People'" in text


def test_exit_status_and_text_for_warnings_only(tmp_path):
    people = PEOPLE.replace(
        "M2,mentee,2025,2025-09-01,active,", "M2,mentee,2025,2025-09-01,withdrawn,"
    )  # withdrawn without exit_on
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    report = validate_program(params)

    assert (report.errors, report.warnings, report.exit_status) == (0, 1, 1)
    assert report.program is not None
    text = report.as_text()
    assert "participants: p.csv, row 3, column 'exit_on'" in text
    assert "fix: fill in exit_on" in text


def test_sample_program_validates_with_duplicate_warnings_only():
    # The sample generator's brief injects exact duplicates: 3 sessions,
    # 2 survey answers and 1 contact; nothing else may be wrong.
    report = validate_program(load_params(SAMPLE_PARAMS))

    assert report.errors == 0
    assert report.exit_status in (0, 1)
    counts = report.problems.groupby("table").size().to_dict()
    assert counts == {"sessions": 3, "surveys": 2, "contacts": 1}
    assert report.problems["expected"].str.contains("repeats row").all()
    assert dict(
        zip(report.exclusions["table"], report.exclusions["rows"], strict=True)
    ) == {"sessions": 3, "contacts": 1, "surveys": 2}


# Two blank lines (3 and 4) before the rows with problems: rows are still
# counted as the file's lines.
COMPARISON = (
    "person_id,group,followed_up,Promoted,age,gpa\n"
    "C1,mentored,yes,Yes,18,3.1\n"
    "\n"
    ",,,,,\n"
    "C2,comparison,yes,No,19,3.0\n"
    "C3,comparison,yes,Maybe,20,3.2\n"  # line 6: a label not mapped
    "C4,mentored,yes,2,twenty,3.3\n"  # line 7: 2 is not 0/1; twenty not a number
)
COMPARISON_SOURCE = {
    "file": "c.csv",
    "content": COMPARISON,
    "columns": {"Promoted": "promoted", "gpa": "baseline_gpa"},
    "values": {"promoted": {"Yes": 1, "No": 0}},
}
OUTCOMES = {
    "outcomes": [{"column": "promoted", "label": "Promoted", "kind": "binary"}],
    "covariates": ["age", "baseline_gpa", "prior_job"],
}


def test_comparison_columns_and_cells_are_checked_against_the_params(tmp_path):
    params = make_params(
        tmp_path, {"comparison": COMPARISON_SOURCE}, comparison=OUTCOMES
    )
    report = validate_program(params)

    assert located(report) == [
        ("params", None, "comparison.covariates[2]", "prior_job", "error"),
        ("comparison", 6, "Promoted", "Maybe", "error"),
        ("comparison", 7, "Promoted", "2", "error"),
        ("comparison", 7, "age", "twenty", "error"),
    ]
    expected = report.problems["expected"].tolist()
    fixes = report.problems["fix"].tolist()
    assert report.problems["file"].tolist() == ["params.yaml"] + ["c.csv"] * 3
    assert expected[0] == (
        "a column 'prior_job' in the comparison table (c.csv); columns found: "
        "'promoted', 'baseline_gpa', 'person_id', 'group', 'followed_up', 'age'"
    )
    assert fixes[0] == (
        "map the program's header to 'prior_job' under "
        "data.tables.comparison.columns, or correct comparison.covariates[2]"
    )
    assert expected[1] == "a number (comparison.outcomes[0].column names 'promoted')"
    assert fixes[1] == (
        "add 'Maybe' to data.tables.comparison.values.promoted, or correct the cell"
    )
    assert (
        expected[2] == "0 or 1, as comparison.outcomes[0].column names a binary outcome"
    )
    assert fixes[2].startswith(
        "map the labels to 0 and 1 under data.tables.comparison.values.promoted, e.g. "
        '{"Yes": 1, "No": 0}'
    )
    assert expected[3] == "a number (comparison.covariates[0] names 'age')"
    assert fixes[3].startswith(
        "map the labels to numbers under data.tables.comparison.values.age, e.g. "
        '{"Yes": 1, "No": 0}, or declare the column\'s kind under '
        "data.tables.comparison.kinds"
    )
    assert "params: params.yaml, key 'comparison.covariates[2]'" in report.as_text()


def test_comparison_cell_read_as_a_declared_kind_is_reported_once(tmp_path):
    source = {**COMPARISON_SOURCE, "kinds": {"age": "int"}}
    params = make_params(tmp_path, {"comparison": source}, comparison=OUTCOMES)
    report = validate_program(params)

    ages = report.problems[report.problems["value"] == "twenty"]
    assert ages["expected"].tolist() == ["a whole number (comparison.age)"]


def test_comparison_outcomes_without_a_comparison_table(tmp_path):
    params = make_params(
        tmp_path,
        {"participants": {"file": "p.csv", "content": PEOPLE}},
        comparison={**OUTCOMES, "covariates": ["age"]},
    )
    report = validate_program(params)

    assert located(report) == [
        ("params", None, "comparison.outcomes", "promoted, age", "error")
    ]
    assert report.problems["expected"].iloc[0] == (
        "a comparison table (data.tables.comparison), since the params file names "
        "outcomes or covariates under comparison.outcomes"
    )
    assert report.exit_status == 2


def test_cohort_missing_from_participants_and_the_yaml_number_hint(tmp_path):
    people = PEOPLE.replace(",2025,", ",007,")
    params = make_params(
        tmp_path,
        {"participants": {"file": "p.csv", "content": people}},
        raw_yaml="cohorts: [007, '2030', all]\n",  # YAML reads 007 as 7
    )
    assert params.cohorts == ["7", "2030", "all"]
    report = validate_program(params)

    assert located(report) == [
        ("params", None, "cohorts[0]", "7", "error"),
        ("params", None, "cohorts[1]", "2030", "error"),
    ]
    assert (
        report.problems["expected"].tolist()
        == ["a cohort of the participants (p.csv, column cohort); cohorts found: '007'"]
        * 2
    )
    assert report.problems["fix"].tolist() == [
        'YAML reads the unquoted 007 as 7; quote it in the params file: "007"',
        "correct the cohort in the params file, or the participants' cohorts",
    ]


def test_two_people_with_one_id_is_an_error_naming_both_rows(tmp_path):
    people = (
        "participant_id,name,role,cohort,enrolled_on,status,region\n"
        "M1,Ana,mentee,2025,2025-09-01,active,north\n"
        "M2,Ben,mentee,2025,2025-09-01,active,north\n"
        "M2,Bea,mentee,2025,2025-09-01,active,south\n"  # line 4: another M2
        "R1,Rui,mentor,2025,2025-09-01,active,north\n"
        "R1,Rui,mentor,2025,2025-09-01,active,north\n"  # line 6: line 5 again
    )
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": people}}
    )
    report = validate_program(params)

    assert located(report) == [
        ("participants", 4, "participant_id", "M2", "error"),
        ("participants", 6, "participant_id", "R1", "warning"),
    ]
    assert report.problems["expected"].iloc[0] == (
        "one row per participant_id: participant_id 'M2' is on rows 3 and 4 with "
        "different values in name, region; ids must be unique"
    )
    assert "repeats row 5, which was kept" in report.problems["expected"].iloc[1]
    with pytest.raises(
        DataValidationError,
        match=r"participant_id 'M2' is on rows 3 and 4 with different values",
    ):
        load_program(params)


def test_a_bad_cell_of_a_wide_survey_is_reported_once(tmp_path):
    surveys = "Your ID,Q1,Q2\nM1,4,5\nM9,3,4\n"  # line 3: M9 is nobody, 2 answers
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "surveys": {
                "file": "s.csv",
                "content": surveys,
                "columns": {"Your ID": "participant_id"},
                "items": {"Q1": "overall_satisfaction", "Q2": "match_satisfaction"},
                "constants": {"wave": "exit"},
            },
        },
    )
    report = validate_program(params)

    assert located(report) == [("surveys", 3, "Your ID", "M9", "error")]


def test_a_total_row_in_costs_is_an_error(tmp_path):
    costs = (
        "category,amount,period\n"
        "staff,600,2025\n"
        "events,300,2025\n"
        "TOTAL,900,\n"  # line 4: would double every cost per participant
    )
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "costs": {"file": "c.csv", "content": costs},
        },
    )
    report = validate_program(params)

    assert located(report) == [("costs", 4, "category", "TOTAL", "error")]
    assert report.problems["fix"].iloc[0].startswith("remove the total row")


def test_keep_last_set_in_params_lets_a_resubmitted_form_replace_the_first(tmp_path):
    people = (
        "participant_id,name,role,cohort,enrolled_on,status,region\n"
        "M1,Ana,mentee,2025,2025-09-01,active,north\n"
        "M1,Ana,mentee,2025,2025-09-01,active,south\n"  # line 3: re-submitted
    )
    params = make_params(
        tmp_path,
        {
            "participants": {
                "file": "p.csv",
                "content": people,
                "duplicates": "keep_last",
            }
        },
    )
    report = validate_program(params)

    assert located(report) == [("participants", 2, "participant_id", "M1", "warning")]
    kept = report.program.table("participants")
    assert kept["region"].tolist() == ["south"]


def test_many_problems_of_one_kind_are_summed_up_in_the_terminal(tmp_path):
    # Seven unmapped "Ja" answers (lines 2-8): the first three are listed in
    # full, the other four in one line with their rows; --all lists all seven.
    rows = "".join(f"p{i},mentored,true,Ja\n" for i in range(7))
    source = {
        "file": "c.csv",
        "content": "person_id,group,followed_up,promoted\n" + rows,
    }
    outcomes = {"outcomes": [{"column": "promoted", "label": "P", "kind": "binary"}]}
    report = validate_program(
        make_params(tmp_path, {"comparison": source}, comparison=outcomes)
    )
    assert report.errors == 7

    text = report.as_text()
    assert text.count("error     comparison: c.csv") == 3
    assert "... and 4 more like this, rows 5, 6, 7, 8 (evalkit validate --all" in text
    assert report.as_text(every=True).count("error     comparison: c.csv") == 7


def test_a_missing_looking_covariate_cell_suggests_missing_values(tmp_path):
    source = {
        "file": "c.csv",
        "content": "person_id,group,followed_up,promoted,gpa\n"
        "p1,mentored,true,1,3.2\np2,comparison,true,0,n/a\n",
    }
    outcomes = {
        "outcomes": [{"column": "promoted", "label": "P", "kind": "binary"}],
        "covariates": ["gpa"],
    }
    report = validate_program(
        make_params(tmp_path, {"comparison": source}, comparison=outcomes)
    )
    assert located(report) == [("comparison", 3, "gpa", "n/a", "error")]
    assert report.problems["fix"].iloc[0] == (
        "if 'n/a' means no value, list it under "
        "data.tables.comparison.missing_values; otherwise correct the cell"
    )
