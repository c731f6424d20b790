"""The sample program end to end: every cohort and stage rendered, KPIs computed."""

from __future__ import annotations

import json

from evalkit.stages import available_stages


def test_each_cohort_gets_every_stage(sample_runs):
    assert [run.cohort for run in sample_runs] == ["2025", "2026"]
    for run in sample_runs:
        assert run.ok, [stage.failure for stage in run.stages if not stage.ok]
        for stage in available_stages():
            assert (run.output_dir / f"{stage.name}.html").is_file()
            assert (run.output_dir / f"{stage.name}.ipynb").is_file()
        for name in ("index.html", "kpis.csv", "kpis.json", "manifest.json"):
            assert (run.output_dir / name).is_file()


def test_every_kpi_has_a_computed_status(sample_runs):
    allowed = {
        "met",
        "not met",
        "no data",
        "too few to judge",
        "not estimable",
        "shown",
        "suppressed",
        "data error",
    }
    for run in sample_runs:
        records = json.loads((run.output_dir / "kpis.json").read_text())
        assert records
        for record in records:
            assert record["status"] in allowed
            if record["status"] in ("met", "not met"):
                assert record["target"], record


def test_sample_kpis_include_the_lifts_with_targets(sample_runs):
    records = json.loads((sample_runs[0].output_dir / "kpis.json").read_text())
    lifts = {r["kpi"]: r for r in records if r["kpi"].endswith(".lift")}
    assert set(lifts) == {"promoted.lift", "enrolled_stem.lift"}
    assert lifts["promoted.lift"]["target"].startswith("≥ 20%")
    assert lifts["promoted.lift"]["status"] in ("met", "not met")


def test_site_index_links_every_rendering(sample_runs):
    index = (sample_runs[0].output_dir.parent.parent / "index.html").read_text()
    assert 'href="sample/2025/index.html"' in index
    assert 'href="sample/2026/index.html"' in index


def test_same_inputs_same_numbers(sample_runs, tmp_path):
    from evalkit.paths import SAMPLE_PARAMS
    from evalkit.runner import run_program

    again = run_program(
        SAMPLE_PARAMS,
        cohorts=["2025"],
        stages=["outcomes"],
        jobs=1,
        output_root=tmp_path,
    )
    first = (sample_runs[0].output_dir / "kpis.csv").read_bytes()
    assert (again[0].output_dir / "kpis.csv").read_bytes() == first
    first_table = sample_runs[0].output_dir / "tables" / "outcomes" / "outcomes.csv"
    second_table = again[0].output_dir / "tables" / "outcomes" / "outcomes.csv"
    assert second_table.read_bytes() == first_table.read_bytes()
    # The page too: no random ids or run times in it.
    first_page = sample_runs[0].output_dir / "outcomes.html"
    assert (
        again[0].output_dir / "outcomes.html"
    ).read_bytes() == first_page.read_bytes()
