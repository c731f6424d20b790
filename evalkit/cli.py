"""The ``evalkit`` command line.

    evalkit run [PARAMS ...]     render reports (no PARAMS: the sample program)
    evalkit validate PARAMS      check a program's data and list every problem
    evalkit init DIR             start a new program: params.yaml and data.xlsx
    evalkit stages               list the stages and their notebooks
    evalkit parameters STAGE     list a stage notebook's parameters

Exit status: 0 success; 1 validate found warnings only, or init was asked to
overwrite a file; 2 validate found errors, or the command line was wrong (an
unknown option, stage or cohort); 3 the params file is wrong; 4 the data
cannot be used; 5 one or more stages failed (their pages say why); 10 an
unexpected failure inside evalkit.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from evalkit import __version__
from evalkit.errors import EvalkitError, StageError, UsageError
from evalkit.paths import OUTPUTS, SAMPLE_PARAMS

log = logging.getLogger("evalkit")

INTERNAL_ERROR = 10


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evalkit",
        description="Evaluation reports for STEM mentorship programs.",
    )
    parser.add_argument("--version", action="version", version=f"evalkit {__version__}")
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how much to report while working (default: INFO)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="render a program's reports")
    run.add_argument(
        "params",
        nargs="*",
        type=Path,
        help="params files; none renders the bundled sample program",
    )
    run.add_argument(
        "--cohort",
        action="append",
        dest="cohorts",
        metavar="COHORT",
        help="render this cohort only (repeatable; 'all' = every cohort)",
    )
    run.add_argument(
        "--stage",
        action="append",
        dest="stages",
        metavar="STAGE",
        help="render this stage only (repeatable)",
    )
    run.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        help="notebooks executed at once (default: number of cores)",
    )
    run.add_argument(
        "--output-dir",
        type=Path,
        default=OUTPUTS,
        help=f"where reports are written (default: {OUTPUTS})",
    )

    validate = commands.add_parser("validate", help="check a program's data")
    validate.add_argument("params", type=Path, help="the program's params file")
    validate.add_argument(
        "--all",
        action="store_true",
        dest="every",
        help="list every problem (default: 3 of each kind, then their rows)",
    )

    init = commands.add_parser("init", help="start a new program in DIR")
    init.add_argument("directory", type=Path, help="folder to create")

    commands.add_parser("stages", help="list the stages and their notebooks")

    parameters = commands.add_parser(
        "parameters", help="list the parameters a stage notebook takes"
    )
    parameters.add_argument("stage", help="stage name, e.g. outcomes")
    return parser


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return number


def _command_run(arguments: argparse.Namespace) -> int:
    from evalkit.runner import run_programs

    paths = arguments.params or [SAMPLE_PARAMS]
    runs, failures = run_programs(
        paths,
        cohorts=arguments.cohorts,
        stages=arguments.stages,
        jobs=arguments.jobs,
        output_root=arguments.output_dir,
    )
    for run in runs:
        log.info("wrote %s", run.output_dir / "index.html")
    if failures:
        # The first program that could not be rendered decides the status.
        return failures[0].exit_status
    if not all(run.ok for run in runs):
        return StageError.exit_status
    return 0


def _command_validate(arguments: argparse.Namespace) -> int:
    from evalkit.params import load_params
    from evalkit.validation import validate_program

    report = validate_program(load_params(arguments.params))
    sys.stdout.write(report.as_text(every=arguments.every) + "\n")
    return report.exit_status


def _command_init(arguments: argparse.Namespace) -> int:
    from evalkit.init_program import init_program

    for path in init_program(arguments.directory):
        log.info("wrote %s", path)
    return 0


def _command_stages(arguments: argparse.Namespace) -> int:
    from evalkit.stages import available_stages

    for stage in available_stages():
        sys.stdout.write(f"{stage.name:<14} {stage.title}: {stage.purpose}\n")
    return 0


def _command_parameters(arguments: argparse.Namespace) -> int:
    import papermill

    from evalkit.stages import stage_info

    try:
        stage = stage_info(arguments.stage)
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    for name, parameter in papermill.inspect_notebook(str(stage.notebook)).items():
        sys.stdout.write(
            f"{name} = {parameter['default']}  # {parameter.get('help') or ''}\n"
        )
    return 0


COMMANDS = {
    "run": _command_run,
    "validate": _command_validate,
    "init": _command_init,
    "stages": _command_stages,
    "parameters": _command_parameters,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, arguments.log_level),
        format="evalkit: %(levelname)s: %(message)s",
    )
    # Papermill and the kernel machinery speak at INFO; keep them to warnings.
    for noisy in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    try:
        return COMMANDS[arguments.command](arguments)
    except EvalkitError as error:
        log.error("%s", error)
        return error.exit_status
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line
        log.debug("the traceback of the failure", exc_info=True)
        log.error(
            "evalkit failed unexpectedly (%s: %s); this is a bug in evalkit: run "
            "again with --log-level DEBUG for the traceback and report it",
            type(error).__name__,
            error,
        )
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
