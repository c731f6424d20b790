"""Validating a program's data before any stage runs.

:func:`validate_program` reads every table the params file names
(:mod:`evalkit.loading`), then checks each with a pandera schema built from
:mod:`evalkit.tables` and the other tables: required values, allowed
categories, ranges (a survey answer on its scale, a score within
``max_score``), the order of dates (exit after enrolment, a pairing's end
after its start), references between tables (a session's match exists, a
match's mentee is a mentee of the program) and the duplicates found on load.
It also checks the data against the params file, so that ``evalkit validate``
finds what a run would refuse later: the comparison table holds every outcome
and covariate named under ``comparison``, as numbers (a binary outcome as 0 or
1), and every cohort named under ``cohorts`` has participants.
Every problem is collected and reported with the file, sheet, row as the
user sees it (header rows counted), column, value, what was expected and the
fix when it is clear.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from evalkit.loading import (
    DEFAULT_SCALE,
    TableRead,
    file_row,
    problems_frame,
    read_table,
)
from evalkit.params import Outcome, Params
from evalkit.program import ALL_COHORTS, LoadedTable, ProgramData
from evalkit.readers import Problem
from evalkit.tables import TABLES, Column

SEVERITIES = ("error", "warning")
PARAMS_TABLE = "params"
"""The ``table`` of a problem in the params file rather than in a data table."""
EXIT_CLEAN, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


@dataclass(frozen=True)
class Rule:
    """What a failed check means to the user: the column, expectation, fix."""

    column: str
    expected: str
    fix: str = ""
    severity: str = "error"


@dataclass
class ValidationReport:
    """Everything found wrong with a program's data, and the data if usable.

    Attributes
    ----------
    problems : DataFrame
        One row per problem: table (``"params"`` for a key of the params
        file, named in ``column``), file, sheet, row (as Excel or a text
        editor numbers it, header rows counted; missing for a whole-table
        problem), column (the program's header), value (the cell's text as in
        the file), expected, fix, severity (``"error"`` or ``"warning"``).
    program : ProgramData or None
        The loaded program (warnings in its ``problems``), or None when there
        are errors.
    exclusions : DataFrame
        Rows set aside on load: table, reason, rows.
    params_path : str or None
        The params file validated.
    """

    problems: pd.DataFrame
    program: ProgramData | None
    exclusions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["table", "reason", "rows"])
    )
    params_path: str | None = None

    @property
    def errors(self) -> int:
        """The number of errors: problems that stop a run."""
        return int((self.problems["severity"] == "error").sum())

    @property
    def warnings(self) -> int:
        """The number of warnings: problems a run reports but goes on with."""
        return int((self.problems["severity"] == "warning").sum())

    @property
    def exit_status(self) -> int:
        """0 when clean, 1 with warnings only, 2 with errors."""
        if self.errors:
            return EXIT_ERRORS
        return EXIT_WARNINGS if self.warnings else EXIT_CLEAN

    def as_text(self, width: int = 100, every: bool = False) -> str:
        """The report as text for a terminal, one block per problem.

        Parameters
        ----------
        width : int
            Lines are wrapped to this many characters.
        every : bool
            List every problem.  By default, after the first
            ``SHOWN_PER_KIND`` problems of one kind (same table, column,
            expectation and severity) the rest are summed up in one line
            with their rows, so that a column of unmapped answers does not
            bury the other problems.
        """
        lines = [
            f"evalkit validate: {self.params_path or '(params)'}",
            f"{self.errors} error(s), {self.warnings} warning(s)",
        ]

        problems = self.problems.astype(object)
        shown = problems.where(problems.notna(), "").astype(str)
        if not shown.empty:
            where = shown.apply(_where, axis=1)
            pad = min(max(where.str.len().max(), 10), 60)
            lines.append("")
            lines.append(f"{'severity':8}  {'where':{pad}}  value")
            kinds = ["table", "file", "sheet", "column", "expected", "severity"]
            for _, group in shown.groupby(kinds, sort=False):
                listed = group if every else group.head(SHOWN_PER_KIND)
                for index, problem in listed.iterrows():
                    lines += _problem_lines(problem, where[index], pad, width)
                rest = group.iloc[len(listed) :]
                if not rest.empty:
                    rows = _listed_rows(rest["row"].tolist())
                    lines.extend(
                        textwrap.wrap(
                            f"... and {len(rest)} more like this{rows} "
                            "(evalkit validate --all lists each one)",
                            width,
                            initial_indent=" " * 10,
                            subsequent_indent=" " * 12,
                        )
                    )

        if not self.exclusions.empty:
            lines.append("")
            lines.append("Set aside on load:")
            for _, row in self.exclusions.iterrows():
                lines.append(f"  {row['table']}: {row['rows']} row(s), {row['reason']}")
        return "\n".join(lines)


SHOWN_PER_KIND = 3


def _problem_lines(problem: pd.Series, place: str, pad: int, width: int) -> list[str]:
    value = textwrap.shorten(problem["value"], 40) if problem["value"] else ""
    lines = [f"{problem['severity']:8}  {place:{pad}}  {value}"]
    for label in ("expected", "fix"):
        if problem[label]:
            lines.extend(
                textwrap.wrap(
                    f"{label}: {problem[label]}",
                    width,
                    initial_indent=" " * 10,
                    subsequent_indent=" " * 12,
                )
            )
    return lines


def _listed_rows(rows: list[str]) -> str:
    numbers = [row for row in rows if row]
    if not numbers:
        return ""
    head = ", ".join(numbers[:12])
    return f", rows {head}" + (", ..." if len(numbers) > 12 else "")


def _where(problem: pd.Series) -> str:
    parts = [f"{problem['table']}: {problem['file']}"]
    if problem["sheet"]:
        parts.append(f"sheet {problem['sheet']!r}")
    if problem["row"]:
        parts.append(f"row {problem['row']}")
    if problem["column"]:
        label = "key" if problem["table"] == PARAMS_TABLE else "column"
        parts.append(f"{label} {textwrap.shorten(problem['column'], 40)!r}")
    return ", ".join(parts)


def validate_program(params: Params) -> ValidationReport:
    """Read and check every table of a program; collect every problem.

    Parameters
    ----------
    params : Params
        The program's params, from :func:`evalkit.params.load_params`.

    Returns
    -------
    ValidationReport
        ``problems`` lists every problem; ``exit_status`` is 0 when clean, 1
        with warnings only, 2 with errors; ``program`` holds the loaded data
        when there are no errors, so a run need not load them again.
    """
    reads = {
        name: read_table(params, name, source)
        for name, source in params.data.tables.items()
    }
    problems = [problem for read in reads.values() for problem in read.problems]

    tables = {name: read.table for name, read in reads.items() if read.table}
    for read in reads.values():
        if read.table is not None:
            problems.extend(table_problems(read, tables, params))
    problems.extend(comparison_problems(reads, params))
    problems.extend(cohort_problems(tables, params))

    # A wide survey row gives several answers: one bad cell must be told once.
    problems = list(dict.fromkeys(problems))
    frame = _sorted(problems_frame(problems), [PARAMS_TABLE, *params.data.tables])
    exclusions = exclusions_frame(tables)
    has_errors = bool((frame["severity"] == "error").any())
    program = None
    if not has_errors:
        warnings = frame.reset_index(drop=True)
        program = ProgramData(params=params, tables=tables, problems=warnings)
    return ValidationReport(
        problems=frame.reset_index(drop=True),
        program=program,
        exclusions=exclusions,
        params_path=str(params.path) if params.path else None,
    )


def comparison_problems(reads: dict[str, TableRead], params: Params) -> list[Problem]:
    """What the outcomes stage would refuse in the comparison table, found now.

    Every outcome and covariate named under the params file's ``comparison``
    must be a column of the comparison table, hold numbers (after the
    program's labels are mapped), and a binary outcome only 0 and 1.  Naming
    outcomes or covariates with no comparison table is an error too.

    Parameters
    ----------
    reads : dict
        Every table as read, by name.
    params : Params
        The program's params.

    Returns
    -------
    list of Problem
        Problems of the params file have table ``"params"`` and name the key
        (``comparison.outcomes[0].column``); problems of cells have table
        ``"comparison"`` and the row as the user sees it.
    """
    config = params.comparison
    named = [
        (f"comparison.outcomes[{index}].column", outcome.column, outcome)
        for index, outcome in enumerate(config.outcomes)
    ] + [
        (f"comparison.covariates[{index}]", column, None)
        for index, column in enumerate(config.covariates)
    ]
    if not named:
        return []

    if "comparison" not in params.data.tables:
        key = "comparison.outcomes" if config.outcomes else "comparison.covariates"
        return [
            _params_problem(
                params,
                key,
                ", ".join(column for _, column, _ in named),
                "a comparison table (data.tables.comparison), since the params "
                f"file names outcomes or covariates under {key}",
                "add data.tables.comparison naming the file of the mentored and "
                "comparison groups, or remove the comparison block from the params "
                "file",
            )
        ]
    read = reads.get("comparison")
    if read is None or read.table is None:
        return []  # the file could not be read; that is reported already

    problems = []
    frame = read.table.frame
    for key, column, outcome in named:
        if column in frame.columns:
            labelled = column in params.data.tables["comparison"].values
            problems.extend(
                _outcome_cell_problems(read, key, column, outcome, labelled)
            )
            continue
        found = ", ".join(
            repr(textwrap.shorten(str(name), 40)) for name in frame.columns
        )
        problems.append(
            _params_problem(
                params,
                key,
                column,
                f"a column {column!r} in the comparison table "
                f"({_file_name(read.table.path)}); columns found: {found}",
                f"map the program's header to {column!r} under "
                f"data.tables.comparison.columns, or correct {key}",
            )
        )
    return problems


def _outcome_cell_problems(
    read: TableRead, key: str, column: str, outcome: Outcome | None, labelled: bool
) -> list[Problem]:
    values = read.table.frame[column]
    if pd.api.types.is_bool_dtype(values):
        numbers = values.astype("Float64")
    else:
        stripped = values.astype(object).map(
            lambda cell: cell.strip() if isinstance(cell, str) else cell
        )
        numbers = pd.to_numeric(stripped.where(stripped != "", None), errors="coerce")
    given = values.notna() & (values.astype("string").str.strip() != "")
    not_number = (given & numbers.isna()).fillna(False).to_numpy(dtype=bool)
    binary = outcome is not None and outcome.kind == "binary"
    not_binary = (
        (numbers.notna() & ~numbers.isin([0, 1])).fillna(False).to_numpy(dtype=bool)
        if binary
        else np.zeros(len(values), dtype=bool)
    )

    setting = "data.tables.comparison"
    problems = []
    for position in np.flatnonzero(not_number | not_binary):
        if (column, int(position)) in read.unreadable:
            continue  # reported when the cell was read
        original = _cell_text(read, column, int(position))
        if not_number[position] and _looks_missing(original):
            expected = f"a number ({key} names {column!r}), or an empty cell"
            fix = (
                f"if {original!r} means no value, list it under "
                f"{setting}.missing_values; otherwise correct the cell"
            )
        elif not_number[position]:
            expected = f"a number ({key} names {column!r})"
            fix = (
                f"add {original!r} to {setting}.values.{column}, or correct the cell"
                if labelled
                else f"map the labels to numbers under {setting}.values.{column}, "
                'e.g. {"Yes": 1, "No": 0}, or declare the column\'s kind under '
                f"{setting}.kinds (bool reads yes/no), or correct the cell; a "
                f"token for no value goes under {setting}.missing_values"
            )
        else:
            expected = f"0 or 1, as {key} names a binary outcome"
            fix = (
                f"map the labels to 0 and 1 under {setting}.values.{column}, e.g. "
                '{"Yes": 1, "No": 0}, or correct the cell'
                + f", or make {key.removesuffix('.column')}.kind continuous"
            )
        problems.append(
            Problem(
                "comparison",
                _file_name(read.table.path),
                read.table.sheet,
                file_row(read.table, int(position)),
                read.header(column, int(position)),
                original,
                expected,
                fix,
            )
        )
    return problems


MISSING_LOOKING = re.compile(
    r"^(n/?a|na|none|null|nil|-+|\?+|\.|missing|unknown)$", re.I
)


def _looks_missing(text: str | None) -> bool:
    """Whether a cell reads like "no value" (n/a, -, ?, unknown ...)."""
    return bool(text) and bool(MISSING_LOOKING.match(text.strip()))


def cohort_problems(tables: dict[str, LoadedTable], params: Params) -> list[Problem]:
    """Cohorts of the params file that no participant is in.

    A cohort such as ``007`` written without quotes reaches the params as
    ``7`` (YAML reads it as a number); when a cohort of the data would be read
    so, the fix says to quote it.  Nothing is checked without participants.
    """
    people = tables.get("participants")
    if people is None or "cohort" not in people.frame.columns:
        return []
    found = sorted(set(people.frame["cohort"].dropna().astype(str)))

    problems = []
    for index, cohort in enumerate(params.cohorts):
        if cohort == ALL_COHORTS or cohort in found:
            continue
        unquoted = [name for name in found if _as_yaml_reads(name) == cohort]
        if unquoted:
            fix = (
                f"YAML reads the unquoted {unquoted[0]} as {cohort}; quote it in the "
                f'params file: "{unquoted[0]}"'
            )
        else:
            fix = "correct the cohort in the params file, or the participants' cohorts"
        shown = ", ".join(repr(name) for name in found[:10])
        problems.append(
            _params_problem(
                params,
                f"cohorts[{index}]",
                cohort,
                f"a cohort of the participants ({_file_name(people.path)}, column "
                f"cohort); cohorts found: {shown}{', ...' if len(found) > 10 else ''}",
                fix,
            )
        )
    return problems


def _as_yaml_reads(text: str) -> str:
    """``text`` as it reaches the params when written unquoted in YAML."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if isinstance(value, dict | list) or value is None else str(value)


def _params_problem(params, key, value, expected, fix) -> Problem:
    name = _file_name(str(params.path)) if params.path else "(params)"
    return Problem(PARAMS_TABLE, name, None, None, key, value, expected, fix)


def _cell_text(read: TableRead, column: str, position: int) -> str | None:
    if column not in read.text.columns:
        return None
    cell = read.text[column].iloc[position]
    return None if cell is None or cell is pd.NA or cell != cell else str(cell)


def exclusions_frame(tables: dict[str, LoadedTable]) -> pd.DataFrame:
    """Rows set aside on load, one row per table and reason."""
    rows = [
        {"table": name, "reason": str(reason), "rows": int(count)}
        for name, table in tables.items()
        for reason, count in zip(
            table.excluded["reason"], table.excluded["rows"], strict=True
        )
    ]
    return pd.DataFrame(rows, columns=["table", "reason", "rows"])


def _sorted(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    rank = {name: position for position, name in enumerate(order)}
    key = frame["table"].map(rank).fillna(len(order))
    return (
        frame.assign(_table=key, _row=frame["row"].fillna(0))
        .sort_values(["_table", "_row"], kind="stable")
        .drop(columns=["_table", "_row"])
    )


def table_problems(
    read: TableRead, tables: dict[str, LoadedTable], params: Params
) -> list[Problem]:
    """The problems pandera finds in one loaded table, given the others.

    Parameters
    ----------
    read : TableRead
        The table as read, with the original text of its cells.
    tables : dict
        Every table that could be read, for the references between them.
    params : Params
        The program's params (for the survey scale).

    Returns
    -------
    list of Problem
    """
    schema, rules = table_schema(read.name, tables, params)
    frame = read.table.frame
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as error:
        failures = error.failure_cases

    failures = failures[failures["index"].notna()]
    problems = []
    seen: set[tuple[str, int]] = set()
    for _, failure in failures.iterrows():
        key = str(failure["check"])
        position = int(failure["index"])
        rule = _rule(rules, key, str(failure["column"]))
        if key == "not_nullable" and (rule.column, position) in read.unreadable:
            continue  # already reported as a cell that could not be read
        if rule is None or (rule.expected, position) in seen:
            continue
        seen.add((rule.expected, position))
        problems.append(_problem(read, rule, position))
    return problems


def _rule(rules: dict[str, Rule], key: str, column: str) -> Rule | None:
    if key in rules:
        return rules[key]
    if key == "not_nullable":
        return Rule(
            column,
            f"a value in {column!r}, which is required",
            "fill in the cell, list the token under missing_values only if the "
            "row should go, or remove the row",
        )
    return None


def _problem(read: TableRead, rule: Rule, position: int) -> Problem:
    table = read.table
    column = rule.column
    value = None
    if column in read.text.columns:
        cell = read.text[column].iloc[position]
        value = None if cell is None or cell is pd.NA or cell != cell else str(cell)
    return Problem(
        read.name,
        _file_name(table.path),
        table.sheet,
        table.source_rows[position] if table.source_rows else None,
        read.header(column, position),
        value,
        rule.expected,
        rule.fix,
        rule.severity,
    )


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# -- schemas ----------------------------------------------------------------------


class _Checks:
    """Builds a table's pandera checks, each tied to the rule it reports."""

    def __init__(self, table: str):
        self.table = table
        self.rules: dict[str, Rule] = {}

    def key(self, rule: Rule) -> str:
        key = f"{self.table}#{len(self.rules)}: {rule.expected}"
        self.rules[key] = rule
        return key

    def column(self, builder, rule: Rule, *args, **kwargs) -> pa.Check:
        return builder(*args, error=self.key(rule), **kwargs)

    def rows(self, test, rule: Rule) -> pa.Check:
        return pa.Check(test, error=self.key(rule))


def table_schema(
    name: str, tables: dict[str, LoadedTable], params: Params
) -> tuple[pa.DataFrameSchema, dict[str, Rule]]:
    """The pandera schema of table ``name`` and the rule behind each check.

    Parameters
    ----------
    name : str
        The evalkit table.
    tables : dict
        The program's loaded tables, for checks that refer to other tables.
    params : Params
        The program's params.

    Returns
    -------
    schema : pandera.DataFrameSchema
    rules : dict
        Check error text -> :class:`Rule`.
    """
    spec = TABLES[name]
    checks = _Checks(name)
    setting = f"data.tables.{name}"
    columns: dict[str, pa.Column] = {}

    for column in spec.columns:
        columns[column.name] = pa.Column(
            required=False,
            nullable=not column.required,
            checks=_column_checks(column, checks, setting),
        )

    frame_checks: list[pa.Check] = []
    for column, check in _table_rules(name, spec, tables, params, checks):
        if column is None:
            frame_checks.append(check)
        else:
            columns.setdefault(column, pa.Column(required=False, nullable=True))
            columns[column] = columns[column].set_checks(
                [*columns[column].checks, check]
            )
    schema = pa.DataFrameSchema(columns, checks=frame_checks, strict=False)
    return schema, checks.rules


def _column_checks(column: Column, checks: _Checks, setting: str) -> list[pa.Check]:
    found: list[pa.Check] = []
    if column.allowed:
        allowed = ", ".join(column.allowed)
        found.append(
            checks.column(
                pa.Check.isin,
                Rule(
                    column.name,
                    f"one of {allowed}",
                    f"correct the cell, or map the program's label to one of them "
                    f"under {setting}.values.{column.name}",
                ),
                list(column.allowed),
            )
        )
    if column.minimum is not None:
        found.append(
            checks.column(
                pa.Check.ge,
                Rule(
                    column.name,
                    f"a value of at least {column.minimum:g}",
                    "correct the cell",
                ),
                column.minimum,
            )
        )
    if column.maximum is not None:
        found.append(
            checks.column(
                pa.Check.le,
                Rule(
                    column.name,
                    f"a value of at most {column.maximum:g}",
                    "correct the cell",
                ),
                column.maximum,
            )
        )
    return found


def _ids(tables: dict[str, LoadedTable], name: str, column: str, **where):
    table = tables.get(name)
    if table is None or column not in table.frame.columns:
        return None
    frame = table.frame
    for key, value in where.items():
        if key not in frame.columns:
            return None
        frame = frame[frame[key] == value]
    return set(frame[column].dropna())


def _lookup(tables, name, key, column) -> pd.Series | None:
    table = tables.get(name)
    if table is None or key not in table.frame or column not in table.frame:
        return None
    frame = table.frame.dropna(subset=[key]).drop_duplicates(subset=[key])
    return frame.set_index(key)[column]


def _not_before(later: str, earlier: pd.Series | str):
    """Rows whose ``later`` date is missing or not before ``earlier``."""

    def test(frame: pd.DataFrame) -> pd.Series:
        start = frame[earlier] if isinstance(earlier, str) else earlier(frame)
        return frame[later].isna() | start.isna() | (frame[later] >= start)

    return test


TOTAL_WORDS = ("total", "totals", "grand total", "subtotal", "sum", "overall")


def _table_rules(name, spec, tables, params, checks: _Checks):
    """Yield (column or None, check) pairs of the table's own and cross rules."""
    source = params.data.tables[name]
    people = _ids(tables, "participants", "participant_id")
    person_rule = Rule(
        "participant_id",
        "the participant_id of a person in the participants table",
        "correct the id, or add the person to participants",
    )

    if name == "participants":
        yield (
            None,
            checks.rows(
                _not_before("exit_on", "enrolled_on"),
                Rule(
                    "exit_on",
                    "an exit date on or after the enrolment date (enrolled_on)",
                    "correct exit_on or enrolled_on",
                ),
            ),
        )
        yield (
            None,
            checks.rows(
                lambda f: (
                    ~f["status"].isin(["completed", "withdrawn"]) | f["exit_on"].notna()
                    if "exit_on" in f
                    else ~f["status"].isin(["completed", "withdrawn"])
                ),
                Rule(
                    "exit_on",
                    "an exit date (exit_on) for a person who completed or withdrew",
                    "fill in exit_on",
                    "warning",
                ),
            ),
        )
        if "exit_on" in tables["participants"].frame:
            yield (
                None,
                checks.rows(
                    lambda f: (f["status"] != "active") | f["exit_on"].isna(),
                    Rule(
                        "status",
                        "status completed or withdrawn for a person with an exit date",
                        "correct status or exit_on",
                        "warning",
                    ),
                ),
            )

    if name == "matches":
        yield (
            None,
            checks.rows(
                _not_before("ended_on", "matched_on"),
                Rule(
                    "ended_on",
                    "an end date on or after the match date (matched_on)",
                    "correct ended_on or matched_on",
                ),
            ),
        )
        yield (
            None,
            checks.rows(
                lambda f: f["mentee_id"].isna() | (f["mentee_id"] != f["mentor_id"]),
                Rule(
                    "mentor_id",
                    "a mentor other than the mentee",
                    "correct mentee_id or mentor_id",
                ),
            ),
        )
        for column, role in (("mentee_id", "mentee"), ("mentor_id", "mentor")):
            ids = _ids(tables, "participants", "participant_id", role=role)
            if ids is not None:
                yield (
                    column,
                    checks.column(
                        pa.Check.isin,
                        Rule(
                            column,
                            f"the participant_id of a {role} in participants",
                            f"correct the id, or add the {role} to participants",
                        ),
                        sorted(ids),
                    ),
                )
        enrolled = _lookup(tables, "participants", "participant_id", "enrolled_on")
        if enrolled is not None:
            yield (
                None,
                checks.rows(
                    _not_before("matched_on", lambda f: f["mentee_id"].map(enrolled)),
                    Rule(
                        "matched_on",
                        "a match date on or after the mentee's enrolment "
                        "(participants.enrolled_on)",
                        "correct matched_on or enrolled_on",
                        "warning",
                    ),
                ),
            )

    if name == "sessions":
        yield (
            None,
            checks.rows(
                lambda f: (
                    f.get("match_id", pd.Series(index=f.index)).notna()
                    | f.get("participant_id", pd.Series(index=f.index)).notna()
                ),
                Rule(
                    "match_id",
                    "a match_id or a participant_id on every session",
                    "fill in one of them",
                ),
            ),
        )
        yield from _known_match_ids(tables, checks)
        matched = _lookup(tables, "matches", "match_id", "matched_on")
        if matched is not None and "match_id" in tables["sessions"].frame:
            yield (
                None,
                checks.rows(
                    _not_before("date", lambda f: f["match_id"].map(matched)),
                    Rule(
                        "date",
                        "a session on or after its pair was matched "
                        "(matches.matched_on)",
                        "correct the date",
                        "warning",
                    ),
                ),
            )

    if name == "contacts":
        yield from _known_match_ids(tables, checks)

    if name in ("profiles", "surveys", "assessments", "followups", "feedback") or (
        name == "sessions"
    ):
        if people is not None:
            yield (
                "participant_id",
                checks.column(pa.Check.isin, person_rule, sorted(people)),
            )

    if name == "surveys":
        low, high = source.scale or DEFAULT_SCALE
        yield (
            "response",
            checks.column(
                pa.Check.in_range,
                Rule(
                    "response",
                    f"an answer on the survey's scale, {low:g} to {high:g}",
                    f"correct the cell, map the label under {_setting(name)}.values."
                    f"response, or set {_setting(name)}.scale",
                ),
                low,
                high,
            ),
        )

    if name == "assessments" and "max_score" in tables["assessments"].frame:
        yield (
            None,
            checks.rows(
                lambda f: (
                    f["max_score"].isna()
                    | f["score"].isna()
                    | (f["score"] <= f["max_score"])
                ),
                Rule("score", "a score no higher than max_score", "correct the score"),
            ),
        )

    if name == "followups":
        exits = _lookup(tables, "participants", "participant_id", "exit_on")
        if exits is not None:
            yield (
                None,
                checks.rows(
                    lambda f: (
                        f["participant_id"].map(exits).notna()
                        | ~f["participant_id"].isin(exits.index)
                    ),
                    Rule(
                        "participant_id",
                        "a follow-up of a person who has left the "
                        "program (an exit_on in participants)",
                        "fill in the person's exit_on, or remove the follow-up",
                        "warning",
                    ),
                ),
            )

    if name == "comparison" and people is not None:
        yield (
            None,
            checks.rows(
                lambda f: (f["group"] != "mentored") | f["person_id"].isin(people),
                Rule(
                    "person_id",
                    "a mentored person who is in the participants table",
                    "correct the id, or check the comparison file's group column",
                    "warning",
                ),
            ),
        )

    if name == "costs":
        yield (
            None,
            checks.rows(
                lambda f: (
                    ~f["category"]
                    .astype("string")
                    .str.strip()
                    .str.lower()
                    .isin(TOTAL_WORDS)
                    .fillna(False)
                ),
                Rule(
                    "category",
                    "a cost line, not a total: evalkit adds the lines up itself, so "
                    "a total row would count every cost twice",
                    "remove the total row (keep it in another sheet if it helps)",
                ),
            ),
        )


def _known_match_ids(tables, checks: _Checks):
    """Yield the check that each match_id names a pairing of the matches table."""
    match_ids = _ids(tables, "matches", "match_id")
    if match_ids is None:
        return
    yield (
        "match_id",
        checks.column(
            pa.Check.isin,
            Rule(
                "match_id",
                "the match_id of a pairing in the matches table",
                "correct the id, or add the pairing to matches",
            ),
            sorted(match_ids),
        ),
    )


def _setting(name: str) -> str:
    return f"data.tables.{name}"
