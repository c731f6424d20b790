"""What the runner does with awkward cohorts, and what a failed page shows."""

from __future__ import annotations

import nbformat
import pytest

from evalkit.runner import cohort_folder, page_notebook


@pytest.mark.parametrize(
    ("cohort", "folder"),
    [
        ("2025", "2025"),
        ("2024-25", "2024-25"),
        ("2024/25", "2024-25"),
        ("../../evil", "evil"),
        ("..", "cohort"),
        ("Spring 2026 (pilot)", "Spring-2026-pilot"),
        ("007", "007"),
    ],
)
def test_cohort_folder_stays_inside_the_output_folder(cohort, folder):
    assert cohort_folder(cohort) == folder


def _executed(cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    return notebook


def test_failed_page_ends_at_the_failing_cell_without_its_traceback():
    banner = nbformat.v4.new_markdown_cell("An Exception was encountered")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    worked = nbformat.v4.new_code_cell("1 + 1")
    worked.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    failed = nbformat.v4.new_code_cell("boom()")
    failed.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="partial\n"),
        nbformat.v4.new_output(
            "error", ename="DataError", evalue="bad", traceback=["Traceback ..."]
        ),
    ]
    never_ran = nbformat.v4.new_markdown_cell("## A section that never ran")
    notebook = _executed([banner, worked, failed, never_ran])

    page = page_notebook(notebook, failed=True)

    assert [cell.source for cell in page.cells] == ["1 + 1", "boom()"]
    assert [output.output_type for output in page.cells[1].outputs] == ["stream"]
    # The executed notebook itself keeps everything for the evaluator.
    assert len(notebook.cells) == 4
    assert notebook.cells[2].outputs[1].output_type == "error"


def test_page_of_a_successful_stage_keeps_every_cell():
    cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x")]
    assert len(page_notebook(_executed(cells), failed=False).cells) == 2
