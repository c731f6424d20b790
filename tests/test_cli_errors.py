"""Bad params end with a one-line message naming the problem and a non-zero status."""

from __future__ import annotations

import logging

import pytest
import yaml

from evalkit.cli import main
from evalkit.paths import PARAMS

NSW_DATA = PARAMS / "examples" / "data"


def _nsw_params(tmp_path, **changes) -> str:
    params = yaml.safe_load((PARAMS / "examples" / "nsw-1976.yaml").read_text())
    params["data"]["directory"] = str(NSW_DATA)
    for key, value in changes.items():
        params[key] = value
    path = tmp_path / "program.yaml"
    path.write_text(yaml.safe_dump(params))
    return str(path)


def _error_lines(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR and record.name == "evalkit"
    ]


def _run(arguments, caplog) -> tuple[int, str]:
    with caplog.at_level(logging.ERROR, logger="evalkit"):
        status = main(arguments)
    (message,) = _error_lines(caplog)
    assert "\n" not in message
    return status, message


def test_missing_params_file(tmp_path, caplog):
    status, message = _run(["run", str(tmp_path / "nope.yaml")], caplog)
    assert status == 3
    assert message == f"params file not found: {tmp_path / 'nope.yaml'}"


def test_missing_data_file(tmp_path, caplog):
    path = _nsw_params(tmp_path)
    text = open(path).read().replace("nsw_mixtape.csv", "nsw_missing.csv")
    open(path, "w").write(text)
    status, message = _run(["run", path], caplog)
    assert status == 3
    assert "data.tables.comparison: file not found" in message
    assert "nsw_missing.csv" in message


def test_unknown_stage_on_the_command_line(tmp_path, caplog):
    status, message = _run(
        [
            "run",
            _nsw_params(tmp_path),
            "--stage",
            "astrology",
            "--output-dir",
            str(tmp_path / "out"),
        ],
        caplog,
    )
    assert status == 2  # a wrong command line, not a wrong params file
    assert message.startswith("--stage: unknown stage 'astrology'; available stages: ")
    assert "outcomes" in message
    assert not (tmp_path / "out").exists()


def test_unknown_stage_in_params(tmp_path, caplog):
    path = _nsw_params(tmp_path, stages=["outcomes", "astrology"])
    status, message = _run(["run", path, "--output-dir", str(tmp_path)], caplog)
    assert status == 3
    assert "unknown stage 'astrology'" in message


def test_outcome_column_not_in_the_data(tmp_path, caplog):
    params = yaml.safe_load((PARAMS / "examples" / "nsw-1976.yaml").read_text())
    params["comparison"]["outcomes"][0]["column"] = "re79"
    path = _nsw_params(tmp_path, comparison=params["comparison"])
    status, message = _run(["run", path, "--output-dir", str(tmp_path)], caplog)
    assert status == 3
    assert (
        "comparison.outcomes[0].column: 're79' does not match the data; expected a "
        "column 're79' in the comparison table (nsw_mixtape.csv); columns found: "
        in message
    )


def test_unknown_key_names_the_key(tmp_path, caplog):
    path = _nsw_params(tmp_path, settings={"confidnce": 0.9})
    status, message = _run(["run", path], caplog)
    assert status == 3
    assert message.endswith(
        "settings.confidnce: unknown key; did you mean 'confidence'?"
    )


def test_value_out_of_range_names_key_and_value(tmp_path, caplog):
    path = _nsw_params(tmp_path, settings={"confidence": 95})
    status, message = _run(["run", path], caplog)
    assert status == 3
    assert "settings.confidence" in message and "received 95" in message


def test_broken_yaml_names_the_line(tmp_path, caplog):
    path = tmp_path / "broken.yaml"
    path.write_text("program:\n  id: x\n  name: [unclosed\n")
    status, message = _run(["run", str(path)], caplog)
    assert status == 3
    assert message.startswith(f"{path}: not valid YAML at line")


def test_unknown_cohort(tmp_path, caplog):
    status, message = _run(
        ["run", "--cohort", "1999", "--output-dir", str(tmp_path)], caplog
    )
    assert status == 2
    assert message.startswith("--cohort: cohort '1999' has no participants")


def test_version_and_stages(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("evalkit ")

    assert main(["stages"]) == 0
    listed = capsys.readouterr().out
    assert "outcomes" in listed and "scorecard" in listed


def test_parameters_of_a_stage(capsys):
    assert main(["parameters", "outcomes"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(" = ")[0] for line in listed] == [
        "params_path",
        "cohort",
        "output_dir",
    ]


def test_two_programs_with_one_id_are_not_rendered_over_each_other(tmp_path, caplog):
    first = _nsw_params(tmp_path)
    second_folder = tmp_path / "second"
    second_folder.mkdir()
    second = _nsw_params(second_folder)
    out = tmp_path / "out"
    status, message = _run(
        ["run", first, second, "--stage", "outcomes", "--output-dir", str(out)],
        caplog,
    )
    assert status == 3
    assert message.startswith(f"{second}: program.id 'nsw-1976' is also the id of")
    assert (out / "nsw-1976" / "all" / "outcomes.html").is_file()


def test_a_misspelt_table_option_gets_a_did_you_mean(tmp_path, caplog):
    params = yaml.safe_load((PARAMS / "examples" / "nsw-1976.yaml").read_text())
    params["data"]["directory"] = str(NSW_DATA)
    params["data"]["tables"]["comparison"]["date_fromat"] = "dayfirst"
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(params))
    status, message = _run(["run", str(path)], caplog)
    assert status == 3
    assert message.endswith(
        "data.tables.comparison.date_fromat: unknown key; did you mean 'date_format'?"
    )


def test_a_misspelt_file_name_gets_a_did_you_mean(tmp_path, caplog):
    path = _nsw_params(tmp_path)
    text = open(path).read().replace("nsw_mixtape.csv", "nsw_mixtap.csv")
    open(path, "w").write(text)
    status, message = _run(["run", path], caplog)
    assert status == 3
    assert message.endswith("nsw_mixtap.csv; did you mean 'nsw_mixtape.csv'?")
