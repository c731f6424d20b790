"""The data-quality stage: what was loaded, set aside, and how people flowed.

Every function takes the :class:`~evalkit.program.ProgramData` of one cohort
and returns a tidy DataFrame or a matplotlib Figure; the ``show_*`` helpers
put them on the stage's page (or say "not assessed: no data").
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from evalkit.privacy import scrub_personal
from evalkit.program import ProgramData
from evalkit.tables import TABLES

FLOW_STEPS = ("enrolled", "matched", "completed", "followed up")
HASH_SHOWN = 12
"""Hex characters of a file's SHA-256 shown on the page (all 64 are saved)."""
NOT_APPLICABLE = "—"


def loaded_tables(program: ProgramData) -> pd.DataFrame:
    """One row per table loaded: where it came from, its rows and its hash.

    Returns
    -------
    DataFrame
        Columns ``table``, ``file``, ``sheet``, ``kind`` (csv, excel,
        qualtrics, surveymonkey, google_forms), ``rows_in_file`` (data rows
        read, before anything was set aside), ``rows_set_aside``,
        ``rows_in_report`` (rows of this cohort's view) and ``sha256`` (of
        the file's bytes, to check later that the same file was used).
    """
    rows = []
    for name, table in program.tables.items():
        rows.append(
            {
                "table": name,
                "file": table.path.replace("\\", "/").rsplit("/", 1)[-1],
                "sheet": table.sheet,
                "kind": table.kind,
                "rows_in_file": int(table.rows_read),
                "rows_set_aside": int(table.excluded["rows"].sum()),
                "rows_in_report": len(table.frame),
                "sha256": table.sha256,
            }
        )
    columns = [
        "table",
        "file",
        "sheet",
        "kind",
        "rows_in_file",
        "rows_set_aside",
        "rows_in_report",
        "sha256",
    ]
    return pd.DataFrame(rows, columns=columns)


def exclusions(program: ProgramData) -> pd.DataFrame:
    """Rows set aside on load, with why: columns ``table``, ``reason``, ``rows``.

    Reasons are Qualtrics preview, test and spam responses, and duplicate
    rows under the table's ``duplicates`` policy.  Counts are of file rows
    (for the whole program, not one cohort).
    """
    rows = [
        {"table": name, "reason": str(reason), "rows": int(count)}
        for name, table in program.tables.items()
        for reason, count in zip(
            table.excluded["reason"], table.excluded["rows"], strict=True
        )
    ]
    return pd.DataFrame(rows, columns=["table", "reason", "rows"])


def validation_warnings(program: ProgramData) -> pd.DataFrame:
    """The warnings validation found, as the ``evalkit validate`` report lists
    them (table, file, sheet, row, column, value, expected, fix); empty when
    there were none."""
    columns = ["table", "file", "sheet", "row", "column", "value", "expected", "fix"]
    problems = program.problems
    if problems is None or problems.empty:
        return pd.DataFrame(columns=columns)
    return problems.loc[problems["severity"] == "warning", columns].reset_index(
        drop=True
    )


def participant_flow(program: ProgramData, threshold: int = 1) -> pd.DataFrame | None:
    """Mentees from enrolment to follow-up, each step a subset of the one before.

    Steps: *enrolled* (mentees in participants), *matched* (of those, with at
    least one pairing in matches), *completed* (of those, status completed)
    and *followed up* (of those, answered at least one follow-up).  A step
    whose table is absent is left out, and the next step counts from the
    last one present.

    Returns
    -------
    DataFrame or None
        Columns ``step``, ``mentees``, ``share_of_enrolled`` and
        ``not_carried_forward`` (why mentees did not reach the next step,
        with counts); None when the program has no participants table.
        A count of 1 to ``threshold`` - 1 people is shown as "fewer than
        <threshold>" and its share left blank (the privacy rule; pass the
        program's ``settings.suppression_threshold``).
    """
    people = program.table("participants")
    if people is None:
        return None

    mentees = people[people["role"] == "mentee"]
    current = set(mentees["participant_id"].dropna())
    steps = [("enrolled", current)]
    status = dict(zip(mentees["participant_id"], mentees["status"], strict=False))

    matches = program.table("matches")
    if matches is not None:
        current = current & set(matches["mentee_id"].dropna())
        steps.append(("matched", current))

    current = {person for person in current if status.get(person) == "completed"}
    steps.append(("completed", current))

    followups = program.table("followups")
    if followups is not None:
        answered = followups.loc[followups["responded"].fillna(False).astype(bool)]
        current = current & set(answered["participant_id"].dropna())
        steps.append(("followed up", current))

    def shown(count: int) -> int | str:
        return count if count == 0 or count >= threshold else f"fewer than {threshold}"

    enrolled = len(steps[0][1])
    rows = []
    for position, (step, members) in enumerate(steps):
        following = steps[position + 1] if position + 1 < len(steps) else None
        lost = _losses(members, following, status, shown) if following else ""
        visible = isinstance(shown(len(members)), int)
        rows.append(
            {
                "step": step,
                "mentees": shown(len(members)),
                "share_of_enrolled": len(members) / enrolled
                if enrolled and visible
                else None,
                "not_carried_forward": lost,
            }
        )
    return pd.DataFrame(rows)


def _losses(members: set, following: tuple[str, set], status: dict, shown) -> str:
    step, kept = following
    lost = members - kept
    if not lost:
        return ""
    if step == "matched":
        return f"{shown(len(lost))} never matched"
    if step == "completed":
        counts = pd.Series([status.get(person) for person in lost]).value_counts()
        parts = [
            f"{shown(int(counts.get(state, 0)))} {label}"
            for state, label in (("withdrawn", "withdrew"), ("active", "still active"))
            if counts.get(state, 0)
        ]
        return ", ".join(parts) or f"{shown(len(lost))} not completed"
    return f"{shown(len(lost))} not followed up, or did not answer"


def participant_flow_figure(flow: pd.DataFrame) -> Figure:
    """The participant flow as boxes joined by arrows, losses at the side.

    Parameters
    ----------
    flow : DataFrame
        The result of :func:`participant_flow`.
    """
    if flow is None or flow.empty:
        raise ValueError("flow must have at least one step; received an empty flow")

    steps = len(flow)
    figure, axis = plt.subplots(figsize=(7.5, 1.3 * steps + 0.3))
    axis.set_xlim(0, 10)
    axis.set_ylim(-0.2, 1.3 * steps)
    axis.axis("off")

    for position, row in enumerate(flow.itertuples(index=False)):
        top = 1.3 * (steps - position) - 0.2
        share = (
            f" ({row.share_of_enrolled:.0%})"
            if position and pd.notna(row.share_of_enrolled)
            else ""
        )
        axis.add_patch(
            FancyBboxPatch(
                (0.3, top - 0.75),
                4.4,
                0.7,
                boxstyle="round,pad=0.05",
                facecolor="#e8f0f7",
                edgecolor="#1f5f8b",
                linewidth=1.2,
            )
        )
        axis.text(
            2.5,
            top - 0.4,
            f"{row.step.capitalize()}: {row.mentees} mentees{share}",
            ha="center",
            va="center",
            fontsize=10,
            color="#1b2a36",
        )
        if position + 1 < steps:
            axis.annotate(
                "",
                xy=(2.5, top - 1.25),
                xytext=(2.5, top - 0.82),
                arrowprops={"arrowstyle": "-|>", "color": "#1f5f8b", "lw": 1.4},
            )
            if row.not_carried_forward:
                axis.annotate(
                    "",
                    xy=(5.4, top - 1.03),
                    xytext=(2.5, top - 1.03),
                    arrowprops={"arrowstyle": "-|>", "color": "#8a949c", "lw": 1},
                )
                axis.text(
                    5.5,
                    top - 1.03,
                    row.not_carried_forward,
                    ha="left",
                    va="center",
                    fontsize=9,
                    color="#3d4850",
                    bbox={
                        "boxstyle": "round,pad=0.3",
                        "facecolor": "#f4f4f4",
                        "edgecolor": "#b8bec3",
                    },
                )
    figure.tight_layout()
    return figure


def missingness(program: ProgramData) -> pd.DataFrame:
    """Missing values per column of every loaded table.

    An empty list (a multi-select question left blank) counts as missing.

    Returns
    -------
    DataFrame
        Columns ``table``, ``column``, ``required`` (whether evalkit requires
        it), ``rows``, ``missing`` and ``share_missing`` (missing / rows).
    """
    rows = []
    for name, table in program.tables.items():
        spec = TABLES[name]
        frame = table.frame
        for column in frame.columns:
            values = frame[column]
            missing = values.map(_is_blank).astype(bool)
            spec_column = spec.column(column)
            rows.append(
                {
                    "table": name,
                    "column": column,
                    "required": bool(spec_column and spec_column.required),
                    "rows": len(values),
                    "missing": int(missing.sum()),
                    "share_missing": float(missing.mean()) if len(values) else None,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["table", "column", "required", "rows", "missing", "share_missing"],
    )


def readable_loaded_tables(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`loaded_tables` as the page shows it.

    A CSV file has no sheet ("—"), and the SHA-256 is cut to its first
    ``HASH_SHOWN`` hex characters, enough to tell files apart at a glance;
    the full hash is in manifest.json and the saved table.
    """
    shown = table.copy()
    shown["sheet"] = shown["sheet"].map(
        lambda sheet: NOT_APPLICABLE if sheet is None or sheet != sheet else sheet
    )
    shown["sha256"] = shown["sha256"].str.slice(0, HASH_SHOWN)
    return shown.rename(columns={"sha256": f"sha256 (first {HASH_SHOWN})"})


def readable_missingness(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`missingness` as the page shows it: only the columns with at least
    one missing value, and ``required`` as yes or no."""
    shown = table[table["missing"] > 0].copy()
    shown["required"] = shown["required"].map({True: "yes", False: "no"})
    return shown.reset_index(drop=True)


def _is_blank(value) -> bool:
    if isinstance(value, list):
        return not value
    return bool(pd.isna(value))


# -- page helpers -------------------------------------------------------------------


def show_loaded_tables(stage) -> None:
    """Show what was loaded, or say that the program names no tables."""
    table = loaded_tables(stage.program)
    if table.empty:
        stage.no_data("What was loaded", list(TABLES))
        return
    stage.show_table(
        table,
        "loaded_tables",
        f"Tables loaded: file, rows and the first {HASH_SHOWN} characters of the "
        "SHA-256 of each file as read; the full hash is in manifest.json and in "
        "the saved table (tables/data_quality/loaded_tables.csv)",
        shown=readable_loaded_tables(table),
        formats={
            "rows_in_file": "{:,}",
            "rows_set_aside": "{:,}",
            "rows_in_report": "{:,}",
        },
    )


def show_exclusions(stage) -> None:
    """Show the rows set aside on load and why, or say that none were."""
    table = exclusions(stage.program)
    if table.empty:
        stage.say("No rows were set aside on load.")
        return
    stage.show_table(table, "exclusions", "Rows set aside on load, and why")


def show_validation_warnings(stage) -> None:
    """Show the validation warnings, or say there were none."""
    table = validation_warnings(stage.program)
    if table.empty:
        stage.say("Validation found no warnings.")
        return

    # A value quoted from the data may be an email or phone used as an id.
    table["value"] = table["value"].map(scrub_personal)
    stage.show_table(
        table,
        "validation_warnings",
        "Warnings found when the data were validated (rows as the file numbers "
        "them, header rows counted)",
    )


def show_participant_flow(stage) -> None:
    """Show the participant flow figure and its table, or say there are no data."""
    threshold = stage.params.settings.suppression_threshold
    flow = participant_flow(stage.program, threshold)
    if flow is None or flow["mentees"].iloc[0] == 0:
        stage.no_data("The participant flow", ["participants"])
        return
    from evalkit.plots import use_report_style

    use_report_style()
    counts = ", ".join(f"{row.step} {row.mentees}" for row in flow.itertuples())
    stage.show_figure(
        participant_flow_figure(flow),
        "Participant flow of mentees, from enrolment to follow-up",
        f"Flow chart of mentees: {counts}.",
    )
    stage.show_table(
        flow,
        "participant_flow",
        "Participant flow of mentees",
        formats={"share_of_enrolled": "{:.1%}"},
    )


def show_missingness(stage) -> None:
    """Show the columns with missing values and count the complete ones.

    The saved table (``missingness.csv``) lists every column; the page lists
    only those with at least one missing value.  Says so when no table was
    loaded.
    """
    table = missingness(stage.program)
    if table.empty:
        stage.no_data("Missing values", list(TABLES))
        return

    shown = readable_missingness(table)
    complete = len(table) - len(shown)
    counted = (
        f"{complete} of the {len(table)} columns loaded have no missing value"
        + (" and are not listed" if len(shown) else "")
        + "; the saved table (tables/data_quality/missingness.csv) lists every "
        "column."
    )
    if shown.empty:
        stage.save_table(table, "missingness")
        stage.say(f"No value is missing: {counted}")
        return
    stage.say(counted)
    stage.show_table(
        table,
        "missingness",
        "Columns with missing values",
        shown=shown,
        formats={"share_missing": "{:.1%}"},
    )
