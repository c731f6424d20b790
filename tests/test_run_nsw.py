"""The NSW job-training experiment end to end: published numbers in kpis.json.

Expected values: Dehejia & Wahba (1999), JASA 94:1053, Table 3: treated minus
control mean 1978 earnings $1,794.34 with standard error 633 (pooled-variance
t; 95% CI 550.6 to 3,038.1, df 443).  Employment in 1978 (earnings > 0):
140 of 185 treated and 168 of 260 controls, counted from the data, so the
rates are 140/185 = 0.756757 and 168/260 = 0.646154 and the lift is
0.756757 / 0.646154 - 1 = 0.171171.
"""

from __future__ import annotations

import csv
import json

import pytest

FILES = (
    "index.html",
    "outcomes.html",
    "outcomes.ipynb",
    "scorecard.html",
    "scorecard.ipynb",
    "kpis.csv",
    "kpis.json",
    "manifest.json",
)


@pytest.fixture(scope="module")
def kpis(nsw_run):
    records = json.loads((nsw_run.output_dir / "kpis.json").read_text())
    return {record["kpi"]: record for record in records}


def test_every_file_is_written(nsw_run):
    for name in FILES:
        assert (nsw_run.output_dir / name).is_file(), name
    assert (nsw_run.output_dir / "tables" / "outcomes" / "outcomes.csv").is_file()
    assert (nsw_run.output_dir.parent.parent / "index.html").is_file()
    assert nsw_run.ok


def test_earnings_difference_matches_dehejia_wahba(kpis):
    difference = kpis["re78.difference"]
    assert difference["value"] == pytest.approx(1794.34, abs=0.5)
    assert difference["ci_low"] == pytest.approx(550.6, abs=0.5)
    assert difference["ci_high"] == pytest.approx(3038.1, abs=0.5)
    assert difference["n"] == 445
    assert "pooled" in difference["method"]


def test_employment_rates_and_lift(kpis):
    assert kpis["employed78.mentored"]["value"] == pytest.approx(0.7568, abs=0.001)
    assert kpis["employed78.comparison"]["value"] == pytest.approx(0.6462, abs=0.001)
    assert kpis["employed78.lift"]["value"] == pytest.approx(0.1712, abs=0.001)
    assert kpis["employed78.mentored"]["n"] == 185


def test_kpi_rows_have_the_promised_columns(nsw_run):
    with open(nsw_run.output_dir / "kpis.csv", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    for column in (
        "kpi",
        "label",
        "value",
        "ci_low",
        "ci_high",
        "n",
        "target",
        "status",
        "method",
    ):
        assert column in reader.fieldnames
    assert {row["kpi"] for row in rows} >= {
        "re78.mentored",
        "re78.comparison",
        "re78.difference",
        "re78.adjusted_difference",
        "employed78.lift",
        "employed78.adjusted_difference",
    }


def test_absent_tables_say_no_data(kpis):
    # NSW has only the comparison table: every other KPI is "no data", never a number.
    others = [
        k for k in kpis.values() if not k["kpi"].startswith(("re78", "employed78"))
    ]
    assert others, "the scorecard lists the KPIs the data do not allow"
    for record in others:
        assert record["status"] == "no data", record
        assert record["value"] is None


def test_manifest_traces_inputs_params_versions_and_times(nsw_run):
    manifest = json.loads((nsw_run.output_dir / "manifest.json").read_text())
    (source,) = manifest["inputs"]
    assert source["file"] == "params/examples/data/nsw_mixtape.csv"
    assert len(source["sha256"]) == 64
    assert source["rows_read"] == 445
    assert manifest["params"]["program"]["id"] == "nsw-1976"
    assert manifest["params"]["path"] == "params/examples/nsw-1976.yaml"
    assert {"python", "pandas", "statsmodels", "papermill", "nbconvert"} <= set(
        manifest["packages"]
    )
    assert "commit" in manifest["project"]
    stages = {stage["stage"]: stage for stage in manifest["stages"]}
    assert stages["outcomes"]["ok"] and stages["outcomes"]["seconds"] > 0


def test_pages_show_the_published_figures(nsw_run):
    page = (nsw_run.output_dir / "outcomes.html").read_text()
    assert "$1,794.34" in page
    assert "$550.57 to $3,038.11" in page
    assert "Newcombe" in page
