"""`evalkit init`: a commented params file and a workbook that validates."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import EvalkitError
from evalkit.init_program import DICTIONARY_SHEET, init_program
from evalkit.params import Settings, TableSource, load_params
from evalkit.readers import sheet_names
from evalkit.tables import TABLES
from evalkit.validation import validate_program


@pytest.fixture
def started(tmp_path):
    folder = tmp_path / "new-program"
    return folder, init_program(folder)


def test_writes_params_and_workbook(started):
    folder, written = started
    assert written == [folder / "params.yaml", folder / "data.xlsx"]
    assert sheet_names(folder / "data.xlsx") == [*TABLES, DICTIONARY_SHEET]


def test_example_workbook_validates_clean(started):
    folder, _ = started
    report = validate_program(load_params(folder / "params.yaml"))
    assert report.exit_status == 0, report.as_text()
    assert set(report.program.tables) == set(TABLES)
    # The examples: four mentees and two mentors (init_program.example_tables).
    roles = report.program.table("participants")["role"].value_counts().to_dict()
    assert roles == {"mentee": 4, "mentor": 2}


def test_every_sheet_has_its_table_columns_in_order(started):
    folder, _ = started
    for name, spec in TABLES.items():
        header = pd.read_excel(folder / "data.xlsx", sheet_name=name, nrows=0)
        names = [column.name for column in spec.columns]
        assert list(header.columns)[: len(names)] == names, name


def test_data_dictionary_lists_every_column(started):
    folder, _ = started
    dictionary = pd.read_excel(folder / "data.xlsx", sheet_name=DICTIONARY_SHEET)
    assert list(dictionary.columns) == [
        "table",
        "column",
        "meaning",
        "type",
        "allowed values",
        "required",
    ]
    columns = dictionary[dictionary["column"] != "(note)"]
    assert len(columns) == sum(len(spec.columns) for spec in TABLES.values())
    role = columns[(columns["table"] == "participants") & (columns["column"] == "role")]
    assert role[["allowed values", "required"]].values.tolist() == [
        ["mentee, mentor", "required"]
    ]


def test_params_file_shows_every_option(started):
    folder, _ = started
    text = (folder / "params.yaml").read_text(encoding="utf-8")
    for option in [*TableSource.model_fields, *Settings.model_fields]:
        assert f"{option}:" in text, option


def test_never_overwrites(started):
    folder, _ = started
    before = (folder / "params.yaml").read_bytes()
    with pytest.raises(EvalkitError, match=r"already has params\.yaml, data\.xlsx"):
        init_program(folder)
    assert (folder / "params.yaml").read_bytes() == before


def test_started_program_renders_with_evalkit_run(started, tmp_path):
    from evalkit.cli import main

    folder, _ = started
    out = tmp_path / "out"
    status = main(
        ["run", str(folder / "params.yaml"), "--output-dir", str(out), "--jobs", "2"]
    )
    assert status == 0

    params = load_params(folder / "params.yaml")
    (cohort_folder,) = (out / params.program.id).iterdir()
    for page in (
        "index.html",
        "scorecard.html",
        "data_quality.html",
        "outcomes.html",
        "kpis.json",
        "manifest.json",
    ):
        assert (cohort_folder / page).is_file(), page
    page = (cohort_folder / "data_quality.html").read_text()
    assert 'class="evalkit-error-banner"' not in page
