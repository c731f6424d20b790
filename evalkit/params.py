"""The params file: one YAML file per program, read and checked here.

A params file names the program, the cohorts to render, where each table's
data lives and how the program's own column names and answer labels map to
evalkit's, the outcomes and covariates of the mentored-vs-comparison stage,
the KPI targets with their sources, and the analysis settings.  Paths are
relative to the params file's folder.  ``params/sample.yaml`` shows every
option; ``evalkit init`` writes a commented copy for a new program.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evalkit.errors import ParamsError
from evalkit.tables import TABLES
from evalkit.targets import DEFAULT_TARGETS, Target

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableSource(_Strict):
    """Where one table's data lives and how to read it into evalkit's columns."""

    file: str | None = Field(
        None, description="CSV or Excel file, relative to data.directory"
    )
    sheet: str | None = Field(None, description="sheet of the workbook to read")
    kind: (
        Literal["csv", "excel", "qualtrics", "surveymonkey", "google_forms"] | None
    ) = None
    encoding: str | None = Field(None, description="utf-8, cp1252; None detects")
    header_row: int = Field(
        1, ge=1, description="row of the headers, when a title sits above them"
    )
    columns: dict[str, str] = Field(
        default_factory=dict, description="the program's header -> evalkit's column"
    )
    values: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="column -> {answer label: value}"
    )
    constants: dict[str, Any] = Field(
        default_factory=dict, description="column -> one value for every row"
    )
    items: dict[str, str] = Field(
        default_factory=dict,
        description="wide survey exports: the program's header -> item id; the "
        "table becomes one row per answer",
    )
    kinds: dict[
        str, Literal["id", "text", "category", "date", "bool", "int", "float", "list"]
    ] = Field(
        default_factory=dict,
        description="extra column -> kind (id, text, category, date, bool, int, "
        "float, list) for columns evalkit's table does not list",
    )
    scale: tuple[float, float] | None = Field(
        None, description="lowest and highest answer of a survey scale (1 to 5)"
    )
    reverse_items: list[str] = Field(default_factory=list)
    missing_values: list[str] = Field(default_factory=list)
    date_format: Literal["iso", "dayfirst", "monthfirst", "excel"] = "iso"
    list_separator: str = ";"
    duplicates: Literal["keep_first", "keep_last", "refuse"] = "keep_first"


class DataConfig(_Strict):
    """Where the program's data are: a folder of files and/or one workbook."""

    directory: str = "."
    workbook: str | None = None
    tables: dict[str, TableSource] = Field(default_factory=dict)

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, tables: dict[str, TableSource]) -> dict[str, TableSource]:
        unknown = sorted(set(tables) - set(TABLES))
        if unknown:
            known = ", ".join(TABLES)
            raise ValueError(f"unknown table(s) {', '.join(unknown)}; known: {known}")
        return tables


class Outcome(_Strict):
    """One outcome of the mentored-vs-comparison stage."""

    column: str
    label: str
    kind: Literal["binary", "continuous"]
    kpi: str | None = Field(None, description="scorecard KPI this outcome's lift is")
    unit: str = ""


class ComparisonConfig(_Strict):
    """The outcomes and baseline covariates of the comparison stage."""

    outcomes: list[Outcome] = Field(default_factory=list)
    covariates: list[str] = Field(default_factory=list)


class Settings(_Strict):
    """Analysis settings shared by every stage."""

    confidence: float = Field(0.95, gt=0.5, lt=1)
    engagement_threshold: float = Field(0.75, ge=0, le=1)
    suppression_threshold: int = Field(10, ge=1)
    min_n: int = Field(10, ge=1, description="fewer -> 'too few to judge'")
    seed: int = 20261204
    match_satisfaction_item: str = "match_satisfaction"
    overall_satisfaction_item: str = "overall_satisfaction"
    satisfied_at_least: float = 4


class Program(_Strict):
    """The program's identity, used in page titles and output folders."""

    id: str
    name: str
    description: str = ""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(
                "must be letters, digits, '-', '_' or '.', as it names a folder"
            )
        return value


class Params(_Strict):
    """A program's params file, checked; ``path`` is where it was read from."""

    program: Program
    cohorts: list[str] = Field(default_factory=lambda: ["all"])
    stages: list[str] | None = None
    data: DataConfig = Field(default_factory=DataConfig)
    comparison: ComparisonConfig = Field(default_factory=ComparisonConfig)
    targets: dict[str, Target] = Field(default_factory=dict)
    settings: Settings = Field(default_factory=Settings)
    path: Path | None = None

    @field_validator("cohorts", mode="before")
    @classmethod
    def _cohorts_are_text(cls, cohorts: Any) -> Any:
        if isinstance(cohorts, list):
            return [str(cohort) for cohort in cohorts]
        return cohorts

    @property
    def folder(self) -> Path:
        """The folder the params file sits in; relative paths start here."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def data_directory(self) -> Path:
        """The folder the table files are read from."""
        return (self.folder / self.data.directory).resolve()

    def target(self, kpi: str) -> Target | None:
        """The target of ``kpi``: the params file's, else evalkit's default."""
        return self.targets.get(kpi) or DEFAULT_TARGETS.get(kpi)

    def as_dict(self) -> dict[str, Any]:
        """The params as loaded, for the manifest (paths as text)."""
        return self.model_dump(mode="json")


def _known_keys(location: tuple) -> list[str]:
    """The keys allowed where ``location`` points, for a did-you-mean."""
    model: Any = Params
    for part in location[:-1]:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            # A mapping level (a table name, an outcome's index): step through.
            continue
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
            inner = getattr(candidate, "__args__", ())
            models = [
                item
                for item in inner
                if isinstance(item, type) and issubclass(item, BaseModel)
            ]
            if models:
                model = models[0]
                break
    return list(getattr(model, "model_fields", {}))


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    received = first.get("input")
    shown = f"; received {received!r}" if not isinstance(received, dict) else ""
    if first["type"] == "extra_forbidden":
        key = str(first["loc"][-1])
        close = difflib.get_close_matches(key, _known_keys(first["loc"]), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "remove it"
        return f"{where}: unknown key; {hint}"
    more = len(error.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {first['msg']}{shown}{tail}"


def load_params(path: str | Path) -> Params:
    """Read and check a params file.

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    Params
        The checked params, with ``path`` set to the file's absolute path.

    Raises
    ------
    ParamsError
        With a one-line message naming the file and the key that is wrong.
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise ParamsError(f"params file not found: {path}")

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ParamsError(f"{path}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise ParamsError(
            f"{path}: expected a mapping of keys, got {type(raw).__name__}"
        )

    try:
        params = Params.model_validate({**raw, "path": path})
    except ValidationError as error:
        raise ParamsError(f"{path}: {_describe(error)}") from None

    _check_files_exist(params)
    return params


def table_path(params: Params, source: TableSource) -> Path:
    """The file a table is read from: its own file, else the program's workbook."""
    name = source.file or params.data.workbook
    if name is None:
        raise ParamsError(
            f"{params.path}: a table has neither data.tables.<table>.file nor "
            "data.workbook; name the file it is in"
        )
    return (params.data_directory / name).resolve()


def _check_files_exist(params: Params) -> None:
    for table, source in params.data.tables.items():
        path = table_path(params, source)
        if not path.is_file():
            present = (
                [item.name for item in path.parent.iterdir() if item.is_file()]
                if path.parent.is_dir()
                else []
            )
            close = difflib.get_close_matches(path.name, present, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParamsError(
                f"{params.path}: data.tables.{table}: file not found: {path}{hint}"
            )
