"""The data-quality stage: loaded tables, exclusions, flow and missingness.

The fixture program is written in the test; every expected count is counted
by hand from it (see the comments beside the rows).
"""

from __future__ import annotations

import hashlib
import re

import nbformat
import pandas as pd
import pytest
from test_loading import make_params

from evalkit import data_quality
from evalkit.loading import load_program
from evalkit.paths import NOTEBOOKS, PARAMS

PEOPLE = (
    "participant_id,role,cohort,enrolled_on,status,exit_on\n"
    "M1,mentee,2025,2025-09-01,completed,2026-05-29\n"  # matched, answered follow-up
    "M2,mentee,2025,2025-09-01,withdrawn,2025-12-01\n"  # matched, withdrew
    "M3,mentee,2025,2025-09-01,active,\n"  # matched, still active
    "M4,mentee,2025,2025-09-01,completed,2026-05-29\n"  # matched, no answer
    "M5,mentee,2025,2025-09-01,completed,2026-05-29\n"  # never matched
    "R1,mentor,2025,2025-09-01,active,\n"
)
MATCHES = (
    "match_id,mentee_id,mentor_id,matched_on\n"
    "P1,M1,R1,2025-09-15\nP2,M2,R1,2025-09-15\nP3,M3,R1,2025-09-15\n"
    "P4,M4,R1,2025-09-15\n"
)
FOLLOWUPS = (
    "participant_id,months_after_exit,responded\n"
    "M1,6,true\nM4,6,false\nM4,6,false\n"  # line 4 repeats line 3
)


@pytest.fixture
def program(tmp_path):
    params = make_params(
        tmp_path,
        {
            "participants": {"file": "p.csv", "content": PEOPLE},
            "matches": {"file": "m.csv", "content": MATCHES},
            "followups": {"file": "f.csv", "content": FOLLOWUPS},
        },
    )
    return load_program(params)


def test_participant_flow_counts(program):
    flow = data_quality.participant_flow(program)
    assert flow["step"].tolist() == ["enrolled", "matched", "completed", "followed up"]
    assert flow["mentees"].tolist() == [5, 4, 2, 1]
    assert flow["share_of_enrolled"].tolist() == pytest.approx([1, 0.8, 0.4, 0.2])
    assert flow["not_carried_forward"].tolist() == [
        "1 never matched",
        "1 withdrew, 1 still active",
        "1 not followed up, or did not answer",
        "",
    ]


def test_participant_flow_hides_counts_of_fewer_people_than_the_threshold(program):
    # Same program, threshold 3: 2 and 1 become "fewer than 3", shares blank.
    flow = data_quality.participant_flow(program, threshold=3)
    assert flow["mentees"].tolist() == [5, 4, "fewer than 3", "fewer than 3"]
    shares = flow["share_of_enrolled"].tolist()
    assert shares[:2] == pytest.approx([1, 0.8])
    assert all(pd.isna(share) for share in shares[2:])
    assert flow["not_carried_forward"].tolist() == [
        "fewer than 3 never matched",
        "fewer than 3 withdrew, fewer than 3 still active",
        "fewer than 3 not followed up, or did not answer",
        "",
    ]


def test_flow_without_matches_or_followups_skips_those_steps(tmp_path):
    params = make_params(
        tmp_path, {"participants": {"file": "p.csv", "content": PEOPLE}}
    )
    flow = data_quality.participant_flow(load_program(params))
    # M1, M4, M5 completed out of five mentees.
    assert flow[["step", "mentees"]].values.tolist() == [
        ["enrolled", 5],
        ["completed", 3],
    ]


def test_flow_figure_shows_each_count(program):
    figure = data_quality.participant_flow_figure(
        data_quality.participant_flow(program)
    )
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert "Enrolled: 5 mentees" in texts
    assert "Followed up: 1 mentees (20%)" in texts
    with pytest.raises(ValueError, match="flow must have at least one step"):
        data_quality.participant_flow_figure(
            data_quality.participant_flow(program)[0:0]
        )


def test_loaded_tables_and_exclusions(program, tmp_path):
    loaded = data_quality.loaded_tables(program).set_index("table")
    assert loaded.loc[
        "followups", ["rows_in_file", "rows_set_aside", "rows_in_report"]
    ].tolist() == [3, 1, 2]
    assert (
        loaded.loc["participants", "sha256"]
        == hashlib.sha256(PEOPLE.encode("utf-8")).hexdigest()
    )
    exclusions = data_quality.exclusions(program)
    assert exclusions[["table", "rows"]].values.tolist() == [["followups", 1]]
    warnings = data_quality.validation_warnings(program)
    assert warnings[["table", "row"]].values.tolist() == [["followups", 4]]


def test_missingness(program):
    table = data_quality.missingness(program).set_index(["table", "column"])
    # exit_on is blank for M3 and R1: 2 of 6 rows.
    assert table.loc[("participants", "exit_on"), ["rows", "missing"]].tolist() == [
        6,
        2,
    ]
    assert table.loc[("participants", "exit_on"), "share_missing"] == pytest.approx(
        2 / 6
    )
    assert table.loc[("participants", "role"), "missing"] == 0


@pytest.fixture
def page(program, tmp_path, monkeypatch):
    """A data-quality stage writing to tmp_path; ``page.shown`` collects what the
    page displays, as HTML or markdown text."""
    from evalkit import report

    shown: list[str] = []
    monkeypatch.setattr(
        report, "display", lambda item: shown.append(getattr(item, "data", ""))
    )
    stage = report.Stage(
        "data_quality", program.params, program, "all", output_dir=tmp_path
    )
    stage.shown = shown
    return stage


def test_loaded_tables_page_shows_a_short_hash_and_no_none(page, tmp_path):
    data_quality.show_loaded_tables(page)
    html = "".join(page.shown)

    full = hashlib.sha256(PEOPLE.encode("utf-8")).hexdigest()
    assert f"<td>{full[:12]}</td>" in html and full not in html
    assert "None" not in html and "<td>—</td>" in html  # CSV files have no sheet
    assert "the full hash is in manifest.json" in html
    saved = pd.read_csv(tmp_path / "tables" / "data_quality" / "loaded_tables.csv")
    assert full in saved["sha256"].tolist()


def test_missingness_page_lists_only_columns_with_missing_values(page, tmp_path):
    data_quality.show_missingness(page)
    said, html = page.shown

    # participants: 6 columns, exit_on missing for M3 and R1; matches: 4
    # columns; followups (2 rows kept): 3 columns; all complete but exit_on.
    assert said == (
        "12 of the 13 columns loaded have no missing value and are not listed; "
        "the saved table (tables/data_quality/missingness.csv) lists every column."
    )
    assert re.findall(r"<td>(.*?)</td>", html) == [
        "participants",
        "exit_on",
        "no",
        "6",
        "2",
        "33.3%",
    ]
    saved = pd.read_csv(tmp_path / "tables" / "data_quality" / "missingness.csv")
    assert len(saved) == 13
    assert saved["required"].tolist().count(True) == 12  # all but exit_on


def test_missingness_page_when_nothing_is_missing(tmp_path, monkeypatch):
    params = make_params(tmp_path, {"matches": {"file": "m.csv", "content": MATCHES}})
    program = load_program(params)
    from evalkit import report

    shown: list[str] = []
    monkeypatch.setattr(report, "display", lambda item: shown.append(item.data))
    stage = report.Stage("data_quality", params, program, "all", output_dir=tmp_path)
    data_quality.show_missingness(stage)

    assert shown == [
        "No value is missing: 4 of the 4 columns loaded have no missing value; "
        "the saved table (tables/data_quality/missingness.csv) lists every column."
    ]
    assert (tmp_path / "tables" / "data_quality" / "missingness.csv").is_file()


def _executed(params_path):
    import papermill

    notebook = papermill.execute_notebook(
        str(NOTEBOOKS / "data_quality.ipynb"),
        None,
        parameters={"params_path": params_path},
        kernel_name="python3",
        progress_bar=False,
    )
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    streams = [out for out in outputs if out.get("output_type") == "stream"]
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    return streams, html


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOKS / "data_quality.ipynb", as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.cells[1].metadata.tags == ["parameters"]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.slow
def test_notebook_runs_on_the_sample_with_flow_and_exclusions():
    streams, html = _executed(None)
    assert streams == []
    assert "Participant flow of mentees" in html and "data:image/png" in html
    assert "Rows set aside on load, and why" in html


@pytest.mark.slow
def test_notebook_says_no_data_without_participants():
    streams, html = _executed(str(PARAMS / "examples" / "nsw-1976.yaml"))
    assert streams == []
    assert "Not assessed: no data." in html and "participant flow" in html.lower()
