"""``evalkit run``: params in, executed notebooks and HTML reports out.

For each program the runner loads and validates the data once; then, per
cohort, it executes every stage notebook with Papermill in a pool of worker
processes (each keeps nbconvert imported, so only its first page pays the
import), computes the KPIs while the workers run, exports each notebook to
HTML, and writes the front page, kpis.csv, kpis.json and manifest.json.  A
stage that fails gets a page with a red banner; the other stages and programs
go on.
"""

from __future__ import annotations

import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from evalkit import __version__
from evalkit.errors import (
    DataValidationError,
    EvalkitError,
    ParamsError,
    UsageError,
)
from evalkit.export import PageContext, notebook_to_html
from evalkit.kpi import Kpi, kpi_table
from evalkit.manifest import (
    display_path,
    input_files,
    package_versions,
    params_as_loaded,
    project_commit,
)
from evalkit.params import Params, load_params
from evalkit.paths import NOTEBOOKS, OUTPUTS
from evalkit.program import ALL_COHORTS, ProgramData
from evalkit.site import write_program_index, write_site_index
from evalkit.stages import StageInfo, available_stages, stage_info
from evalkit.validation import validate_program

log = logging.getLogger("evalkit")

KERNEL = "python3"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"


@dataclass(frozen=True)
class StageTask:
    """One notebook to execute and export, picklable for a worker process."""

    stage: StageInfo
    params_path: str
    program_name: str
    cohort: str
    output_dir: str


@dataclass(frozen=True)
class StageResult:
    """How one stage went: its page, its status and its wall time."""

    stage: str
    title: str
    cohort: str
    ok: bool
    seconds: float
    page: str
    failure: str = ""


@dataclass
class CohortRun:
    """Everything rendered for one program and cohort."""

    program_id: str
    cohort: str
    output_dir: Path
    kpis: list[Kpi] = field(default_factory=list)
    kpi_failure: str = ""
    stages: list[StageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every stage rendered without failing."""
        return not self.kpi_failure and all(result.ok for result in self.stages)


def _failure_notebook(task: StageTask, message: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(
        nbformat.v4.new_markdown_cell(
            f"# {task.stage.title}\n\nThe stage could not be executed: {message}"
        )
    )
    return notebook


def number_cells(notebook: nbformat.NotebookNode, stage: str) -> None:
    """Give every cell a fixed id, so the same run writes the same files.

    Papermill gives the cell it injects a random id, and the ids reach the HTML.
    """
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{stage}-{number:02d}"


def page_notebook(
    notebook: nbformat.NotebookNode, *, failed: bool
) -> nbformat.NotebookNode:
    """The notebook as its page shows it.

    Papermill's own error cells go; after a failure the page ends with the cell
    that failed, without its traceback (the banner says what failed; the
    executed notebook keeps the traceback for the evaluator).
    """
    page = nbformat.from_dict(notebook)
    cells = [
        cell
        for cell in page.cells
        if PAPERMILL_ERROR_TAG not in cell.get("metadata", {}).get("tags", [])
    ]
    if failed:
        for position, cell in enumerate(cells):
            outputs = cell.get("outputs", [])
            if any(output.get("output_type") == "error" for output in outputs):
                cell["outputs"] = [
                    output for output in outputs if output.get("output_type") != "error"
                ]
                cells = cells[: position + 1]
                break
    page.cells = cells
    return page


def execute_stage(task: StageTask) -> StageResult:
    """Execute one stage notebook with Papermill and export it to HTML.

    Never raises for a failing notebook: the page then carries a red banner
    with the error, and the result says what failed.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    output_dir = Path(task.output_dir)
    executed_path = output_dir / f"{task.stage.name}.ipynb"
    failure = ""

    try:
        papermill.execute_notebook(
            str(task.stage.notebook),
            str(executed_path),
            parameters={
                "params_path": task.params_path,
                "cohort": task.cohort,
                "output_dir": str(output_dir),
            },
            kernel_name=KERNEL,
            # The kernel's own log (a notice about local TCP at start-up, an
            # interrupt at shutdown after a failure) would only alarm the reader
            # of the terminal; errors in cells reach the page and the result.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            cwd=str(NOTEBOOKS),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as error:
        failure = f"{error.ename}: {error.evalue}"
    except Exception as error:  # a kernel that died, a notebook that is not JSON
        failure = f"{type(error).__name__}: {error}"

    if executed_path.is_file():
        notebook = nbformat.read(executed_path, as_version=4)
    else:
        notebook = _failure_notebook(task, failure)
    number_cells(notebook, task.stage.name)
    nbformat.write(notebook, executed_path)

    page = PageContext(
        program_name=task.program_name,
        cohort=task.cohort,
        stage_title=task.stage.title,
        params_name=display_path(task.params_path),
        failure=failure,
    )
    page_path = output_dir / f"{task.stage.name}.html"
    page_path.write_text(
        notebook_to_html(page_notebook(notebook, failed=bool(failure)), page),
        encoding="utf-8",
    )

    return StageResult(
        stage=task.stage.name,
        title=task.stage.title,
        cohort=task.cohort,
        ok=not failure,
        seconds=round(time.perf_counter() - started, 2),
        page=page_path.name,
        failure=failure,
    )


def _selected_stages(params: Params, names: list[str] | None) -> list[StageInfo]:
    wanted = list(dict.fromkeys(names or params.stages or []))
    if not wanted:
        return available_stages()
    try:
        return [stage_info(name) for name in wanted]
    except KeyError as error:
        if names:
            raise UsageError(f"--stage: {error.args[0]}") from None
        raise ParamsError(f"{params.path}: stages: {error.args[0]}") from None


def cohort_folder(cohort: str) -> str:
    """A cohort id made safe as one folder name: "2024/25" becomes "2024-25".

    Anything but letters, digits, ".", "_" and "-" becomes "-", so a cohort
    id taken from a program's data can never point outside the output folder.
    """
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", cohort).strip(".-")
    return name or "cohort"


def _cohorts(program: ProgramData, cohorts: list[str] | None) -> list[str]:
    wanted = [str(cohort) for cohort in (cohorts or program.params.cohorts)]
    present = program.cohorts()
    for cohort in wanted:
        if not present or cohort == ALL_COHORTS or cohort in present:
            continue
        message = (
            f"cohort {cohort!r} has no participants; cohorts in the data: "
            f"{', '.join(present)} (or 'all')"
        )
        if cohorts:
            raise UsageError(f"--cohort: {message}")
        raise ParamsError(f"{program.params.path}: cohorts: {message}")

    folders = [cohort_folder(cohort) for cohort in wanted]
    for folder in set(folders):
        clashing = [c for c, f in zip(wanted, folders, strict=True) if f == folder]
        if len(clashing) > 1:
            raise ParamsError(
                f"{program.params.path}: cohorts {', '.join(map(repr, clashing))} "
                f"would share the output folder {folder!r}; rename one of them"
            )
    return wanted


def load_checked_program(params: Params) -> ProgramData:
    """Load a program's data, refusing data with validation errors.

    A problem of the params file itself (a column or cohort it names that the
    data lack) is raised as ParamsError naming the key; any other error as
    DataValidationError, whose message says to run ``evalkit validate``.
    """
    report = validate_program(params)
    errors = report.problems[report.problems["severity"] == "error"]
    of_params = errors[errors["table"] == "params"]
    if not of_params.empty:
        first = of_params.iloc[0]
        raise ParamsError(
            f"{params.path}: {first['column']}: {first['value']!r} does not match "
            f"the data; expected {first['expected']}"
        )
    if report.errors:
        raise DataValidationError(
            f"{params.path}: the data have {report.errors} error(s); run "
            f"`evalkit validate {display_path(params.path)}` to see them",
            report,
        )
    if report.warnings:
        log.warning(
            "%s: the data have %d warning(s); they are listed on the data quality page",
            params.program.id,
            report.warnings,
        )
    return report.program


def _cohort_kpis(program: ProgramData) -> tuple[list[Kpi], str]:
    try:
        from evalkit.scorecard import program_kpis

        return program_kpis(program), ""
    except Exception as error:  # noqa: BLE001 - one failing KPI must not stop the run
        log.exception("KPIs of cohort %s failed", program.cohort)
        return [], f"{type(error).__name__}: {error}"


def _json_ready(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_kpis(kpis: list[Kpi], output_dir: Path) -> None:
    """Write kpis.csv and kpis.json, one row per KPI, in the scorecard's order."""
    table = kpi_table(kpis)
    table.to_csv(output_dir / "kpis.csv", index=False, lineterminator="\n")
    records = [
        {key: _json_ready(value) for key, value in asdict(kpi).items()} for kpi in kpis
    ]
    (output_dir / "kpis.json").write_text(
        json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _prepare_folder(output_dir: Path) -> None:
    # Pages and tables of an earlier run must not linger beside the new ones.
    if output_dir.exists():
        shutil.rmtree(output_dir)
    output_dir.mkdir(parents=True)


def _write_manifest(run: CohortRun, program: ProgramData, started: str) -> None:
    manifest = {
        "evalkit_version": __version__,
        "program": program.params.program.id,
        "cohort": run.cohort,
        "run_started_utc": started,
        "inputs": input_files(program),
        "params": params_as_loaded(program),
        "packages": package_versions(),
        "project": project_commit(),
        "kpi_failure": run.kpi_failure or None,
        "stages": [asdict(result) for result in run.stages],
    }
    (run.output_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def run_program(
    params_path: str | Path,
    *,
    cohorts: list[str] | None = None,
    stages: list[str] | None = None,
    jobs: int | None = None,
    output_root: Path = OUTPUTS,
) -> list[CohortRun]:
    """Render every stage of one program for each of its cohorts.

    Parameters
    ----------
    params_path : str or Path
        The program's params file.
    cohorts : list of str, optional
        Cohorts to render; default: the params file's ``cohorts``.
    stages : list of str, optional
        Stages to render; default: the params file's ``stages``, else all.
    jobs : int, optional
        Worker processes executing notebooks; default: the number of cores.
    output_root : Path
        Folder under which ``<program>/<cohort>/`` is written.

    Returns
    -------
    list of CohortRun
        One per cohort, with each stage's result and the KPIs.

    Raises
    ------
    ParamsError, DataError
        When the params or the data cannot be used at all; nothing is
        rendered then.
    """
    started = datetime.now(UTC).isoformat(timespec="seconds")
    # Kernels run in notebooks/, so every path they get must be absolute.
    output_root = Path(output_root).resolve()
    params = load_params(params_path)
    selected = _selected_stages(params, stages)
    program = load_checked_program(params)
    views = {
        cohort: program.for_cohort(cohort) for cohort in _cohorts(program, cohorts)
    }

    runs: list[CohortRun] = []
    tasks: list[StageTask] = []
    for cohort in views:
        output_dir = output_root / params.program.id / cohort_folder(cohort)
        _prepare_folder(output_dir)
        runs.append(CohortRun(params.program.id, cohort, output_dir))
        tasks += [
            StageTask(
                stage, str(params.path), params.program.name, cohort, str(output_dir)
            )
            for stage in selected
        ]

    def compute_kpis() -> None:
        for run in runs:
            run.kpis, run.kpi_failure = _cohort_kpis(views[run.cohort])

    for result in _execute_all(tasks, jobs, meanwhile=compute_kpis):
        run = next(run for run in runs if run.cohort == result.cohort)
        run.stages.append(result)

    for run in runs:
        order = [stage.name for stage in selected]
        run.stages.sort(key=lambda result: order.index(result.stage))
        write_kpis(run.kpis, run.output_dir)
        _write_manifest(run, views[run.cohort], started)
        write_program_index(run, params)
    write_site_index(output_root)
    return runs


def _execute_all(
    tasks: list[StageTask], jobs: int | None, meanwhile: Callable[[], None]
) -> list[StageResult]:
    """Execute every task; ``meanwhile`` runs here while the workers work."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    results = []
    if jobs == 1:
        meanwhile()
        for task in tasks:
            results.append(_logged(execute_stage(task), task))
        return results

    # "spawn" gives each worker a clean interpreter: no inherited threads or
    # sockets from the parent, which forked kernels managers do not survive.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(execute_stage, task): task for task in tasks}
        meanwhile()
        for future in as_completed(futures):
            task = futures[future]
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker that died
                result = StageResult(
                    task.stage.name,
                    task.stage.title,
                    task.cohort,
                    False,
                    0.0,
                    f"{task.stage.name}.html",
                    f"{type(error).__name__}: {error}",
                )
            results.append(_logged(result, task))
    return results


def _logged(result: StageResult, task: StageTask) -> StageResult:
    where = f"{Path(task.output_dir).parent.name}/{task.cohort}"
    if result.ok:
        log.info("%s: %s rendered in %.1f s", where, result.stage, result.seconds)
    else:
        log.error(
            "%s: %s FAILED (%s); its page shows the error",
            where,
            result.stage,
            result.failure,
        )
    return result


def run_programs(
    params_paths: list[str | Path], **options
) -> tuple[list[CohortRun], list[EvalkitError]]:
    """Render several programs; one that cannot be rendered does not stop the rest.

    Two params files with the same ``program.id`` would write into the same
    folder; the second is refused.  Returns the cohort runs and the error of
    each program that failed outright.
    """
    runs, failures = [], []
    rendered: dict[str, Path] = {}
    for path in params_paths:
        try:
            program_id = load_params(path).program.id
            if rendered.get(program_id) == Path(path).resolve():
                raise UsageError(f"{path} is named twice on the command line")
            if program_id in rendered:
                raise ParamsError(
                    f"{Path(path).resolve()}: program.id {program_id!r} is also the "
                    f"id of {rendered[program_id]}, rendered in this run; give each "
                    "program its own id"
                )
            rendered[program_id] = Path(path).resolve()
            runs += run_program(path, **options)
        except EvalkitError as error:
            log.error("%s", error)
            failures.append(error)
    return runs, failures
