"""A stage whose notebook fails gets a page with a visible error banner, and the
other stages of the program still render; data that validation refuses stop the
run before any stage, with a message that says to run `evalkit validate`."""

from __future__ import annotations

import json
import logging

import nbformat
import pandas as pd
import pytest
import yaml

from evalkit import stages
from evalkit.cli import main
from evalkit.paths import PARAMS

FAILURE = "the comparison file changed while the stage ran"


def _nsw_params(folder, data_directory):
    params = yaml.safe_load((PARAMS / "examples" / "nsw-1976.yaml").read_text())
    params["data"]["directory"] = str(data_directory)
    path = folder / "nsw.yaml"
    path.write_text(yaml.safe_dump(params))
    return path


@pytest.fixture
def broken_stage(tmp_path, monkeypatch):
    """A stage whose notebook shows one table, then fails in its next cell."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    parameters = nbformat.v4.new_code_cell(
        'params_path = None\ncohort = "all"\noutput_dir = None'
    )
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Broken stage"),
        parameters,
        nbformat.v4.new_code_cell(
            "from evalkit.report import open_stage\n"
            'stage = open_stage("broken", params_path, cohort, output_dir)\n'
            'stage.say("Computed before the failure.")'
        ),
        nbformat.v4.new_code_cell(f"raise RuntimeError({FAILURE!r})"),
        nbformat.v4.new_markdown_cell("## A section after the failure"),
    ]
    nbformat.write(notebook, tmp_path / "broken.ipynb")
    stage = stages.StageInfo("broken", "Broken", "fails on purpose", tmp_path)
    monkeypatch.setattr(stages, "KNOWN_STAGES", (*stages.KNOWN_STAGES, stage))
    return stage


def test_failing_stage_gets_a_banner_and_the_others_render(tmp_path, broken_stage):
    out = tmp_path / "out"
    params = _nsw_params(tmp_path, PARAMS / "examples" / "data")
    status = main(
        [
            "run",
            str(params),
            "--output-dir",
            str(out),
            "--jobs",
            "2",
            "--stage",
            "scorecard",
            "--stage",
            "broken",
        ]
    )
    assert status == 5

    folder = out / "nsw-1976" / "all"
    failed = (folder / "broken.html").read_text()
    assert 'class="evalkit-error-banner"' in failed
    assert f"This stage failed.</strong> RuntimeError: {FAILURE}" in failed
    assert "Computed before the failure." in failed
    # The reader sees the banner, not papermill's notice, a traceback or the
    # headings of sections that never ran; the executed notebook keeps it all.
    assert "Traceback" not in failed and "An Exception was encountered" not in failed
    assert "A section after the failure" not in failed
    assert "RuntimeError" in (folder / "broken.ipynb").read_text()

    scorecard = (folder / "scorecard.html").read_text()
    assert 'class="evalkit-error-banner"' not in scorecard
    manifest = json.loads((folder / "manifest.json").read_text())
    outcome = {s["stage"]: s for s in manifest["stages"]}
    assert outcome["broken"]["ok"] is False and FAILURE in outcome["broken"]["failure"]
    assert outcome["scorecard"]["ok"] is True
    assert f"failed: RuntimeError: {FAILURE}" in (folder / "index.html").read_text()


def test_data_with_errors_stop_the_run_and_point_to_validate(tmp_path, caplog):
    data = pd.read_csv(PARAMS / "examples" / "data" / "nsw_mixtape.csv", dtype=str)
    data.loc[4, "re78"] = "n/a?"  # row 6 of the file, as a spreadsheet counts it
    data.to_csv(tmp_path / "nsw_mixtape.csv", index=False)
    params = _nsw_params(tmp_path, tmp_path)

    with caplog.at_level(logging.ERROR, logger="evalkit"):
        status = main(["run", str(params), "--output-dir", str(tmp_path / "out")])
    assert status == 4
    assert "run `evalkit validate" in caplog.text
    assert not (tmp_path / "out" / "nsw-1976").exists()
