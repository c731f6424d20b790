"""A stage whose notebook fails gets a page with a visible error banner, and the
other stages of the program still render."""

from __future__ import annotations

import json

import pandas as pd
import yaml

from evalkit.cli import main
from evalkit.paths import PARAMS


def _broken_nsw(tmp_path):
    data = pd.read_csv(PARAMS / "examples" / "data" / "nsw_mixtape.csv", dtype=str)
    data.loc[4, "re78"] = "n/a?"  # row 6 of the file, as a spreadsheet counts it
    data.to_csv(tmp_path / "nsw_mixtape.csv", index=False)
    params = yaml.safe_load((PARAMS / "examples" / "nsw-1976.yaml").read_text())
    params["data"]["directory"] = str(tmp_path)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(params))
    return path


def test_failing_stage_gets_a_banner_and_the_others_render(tmp_path):
    out = tmp_path / "out"
    status = main(
        ["run", str(_broken_nsw(tmp_path)), "--output-dir", str(out), "--jobs", "2"]
    )
    assert status == 5

    folder = out / "nsw-1976" / "all"
    failed = (folder / "outcomes.html").read_text()
    assert 'class="evalkit-error-banner"' in failed
    assert "This stage failed." in failed
    # The page's serializer writes quotes as they are; < and & stay escaped.
    assert "nsw_mixtape.csv, row 6, column re78: value 'n/a?' is not a number" in failed

    # The reader sees the banner, not papermill's notice or a traceback.
    assert "Traceback" not in failed and "An Exception was encountered" not in failed
    executed = (folder / "outcomes.ipynb").read_text()
    assert "Traceback" in executed or "DataError" in executed

    scorecard = (folder / "scorecard.html").read_text()
    assert 'class="evalkit-error-banner"' not in scorecard
    assert "data error" in scorecard and "Outcomes KPIs" in scorecard

    manifest = json.loads((folder / "manifest.json").read_text())
    outcome = next(s for s in manifest["stages"] if s["stage"] == "outcomes")
    assert outcome["ok"] is False and "row 6, column re78" in outcome["failure"]
    index = (folder / "index.html").read_text()
    assert "failed: DataError" in index
    kpis = json.loads((folder / "kpis.json").read_text())
    assert [k["status"] for k in kpis if k["kpi"] == "outcomes.error"] == ["data error"]
