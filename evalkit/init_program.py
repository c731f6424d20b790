"""``evalkit init DIR``: the start of a new program's folder.

:func:`init_program` writes ``DIR/params.yaml``, with every option present
and explained in comments, and ``DIR/data.xlsx``, a workbook with one sheet
per table (its header row and a few example rows that pass validation) and a
``data dictionary`` sheet that says what each column means.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from evalkit.errors import EvalkitError
from evalkit.tables import TABLES

DICTIONARY_SHEET = "data dictionary"
KIND_WORDS = {
    "id": "text id (leading zeros kept)",
    "text": "free text",
    "category": "text, one of a set",
    "date": "date (YYYY-MM-DD, or an Excel date)",
    "bool": "true/false (yes/no, 1/0)",
    "int": "whole number",
    "float": "number",
    "list": "several answers, separated by ';'",
}


def _d(text: str) -> date:
    return date.fromisoformat(text)


def example_tables() -> dict[str, pd.DataFrame]:
    """The example rows written to each sheet: a made-up program of four
    mentees and two mentors in one cohort; they pass validation."""
    mentees = ["M001", "M002", "M003", "M004"]
    participants = pd.DataFrame(
        {
            "participant_id": [*mentees, "R001", "R002"],
            "role": ["mentee"] * 4 + ["mentor"] * 2,
            "cohort": ["2025"] * 6,
            "enrolled_on": [_d("2025-09-01")] * 6,
            "status": [
                "completed",
                "completed",
                "withdrawn",
                "completed",
                "completed",
                "completed",
            ],
            "exit_on": [
                _d("2026-05-29"),
                _d("2026-05-29"),
                _d("2025-12-12"),
                _d("2026-05-29"),
                _d("2026-05-29"),
                _d("2026-05-29"),
            ],
            "exit_reason": ["", "", "moved away", "", "", ""],
            "region": ["north", "north", "south", "south", "north", "south"],
            "urbanicity": ["urban", "rural", "suburban", "urban", "urban", "rural"],
            "gender": ["woman", "man", "woman", "nonbinary", "woman", "man"],
            "race_ethnicity": ["Black", "white", "Hispanic", "Asian", "white", "Black"],
            "first_generation": [True, False, True, False, False, True],
        }
    )
    profiles = pd.DataFrame(
        {
            "participant_id": [*mentees, "R001", "R002"],
            "interests": [
                "robotics; coding",
                "biology; lab work",
                "coding",
                "chemistry; lab work",
                "robotics; coding",
                "biology; chemistry",
            ],
            "goals": [
                "engineering degree",
                "research career",
                "software job",
                "research career",
                "mentoring",
                "mentoring",
            ],
            "communication_style": [
                "video",
                "in person",
                "chat",
                "video",
                "video",
                "in person",
            ],
            "field": [
                "engineering",
                "biology",
                "computing",
                "chemistry",
                "engineering",
                "biology",
            ],
        }
    )
    matches = pd.DataFrame(
        {
            "match_id": ["P001", "P002", "P003", "P004"],
            "mentee_id": mentees,
            "mentor_id": ["R001", "R002", "R001", "R002"],
            "matched_on": [_d("2025-09-15")] * 4,
            "ended_on": [
                _d("2026-05-29"),
                _d("2026-05-29"),
                _d("2025-12-12"),
                _d("2026-05-29"),
            ],
            "end_reason": [
                "program ended",
                "program ended",
                "mentee withdrew",
                "program ended",
            ],
        }
    )
    session_rows = []
    for number, match in enumerate(matches["match_id"]):
        for month, day in ((10, "2025-10-06"), (11, "2025-11-03"), (12, "2025-12-01")):
            session_rows.append(
                {
                    "match_id": match,
                    "participant_id": mentees[number],
                    "date": _d(day),
                    "attended": not (number == 2 and month == 12),
                    "duration_minutes": 45.0,
                    "kind": "one-to-one",
                }
            )
    sessions = pd.DataFrame(session_rows)
    contacts = pd.DataFrame(
        {
            "match_id": ["P001", "P001", "P002", "P003", "P004"],
            "date": [
                _d("2025-09-20"),
                _d("2025-10-20"),
                _d("2025-09-22"),
                _d("2025-09-25"),
                _d("2025-10-01"),
            ],
            "channel": ["email", "video", "call", "chat", "in person"],
        }
    )
    survey_rows = []
    answers = {
        "M001": (5, 5),
        "M002": (4, 4),
        "M004": (3, 4),
        "R001": (4, 5),
        "R002": (5, 4),
    }
    for person, (match, overall) in answers.items():
        survey_rows.append((person, "exit", "match_satisfaction", match))
        survey_rows.append((person, "exit", "overall_satisfaction", overall))
    surveys = pd.DataFrame(
        survey_rows, columns=["participant_id", "wave", "item", "response"]
    )
    assessment_rows = []
    for person, pre, post in (("M001", 52, 68), ("M002", 60, 63), ("M004", 45, 58)):
        for competency in ("research_skills", "career_planning"):
            assessment_rows.append((person, competency, "pre", pre, 100))
            assessment_rows.append((person, competency, "post", post, 100))
    assessments = pd.DataFrame(
        assessment_rows,
        columns=["participant_id", "competency", "wave", "score", "max_score"],
    )
    followups = pd.DataFrame(
        {
            "participant_id": ["M001", "M002", "M004"],
            "months_after_exit": [6, 6, 6],
            "responded": [True, True, False],
            "stem_job": [False, True, None],
            "continued_education": [True, False, None],
            "advanced": [False, True, None],
            "goal_met": [True, True, None],
        }
    )
    comparison = pd.DataFrame(
        {
            "person_id": [*mentees, "C001", "C002", "C003", "C004"],
            "group": ["mentored"] * 4 + ["comparison"] * 4,
            "followed_up": [True, True, False, True, True, True, True, False],
            "cohort": ["2025"] * 8,
            "promoted": [1, 0, None, 1, 0, 1, 0, None],
            "enrolled_stem": [1, 1, None, 0, 0, 1, 0, None],
            "age": [19, 20, 18, 21, 19, 20, 22, 18],
            "baseline_gpa": [3.1, 3.4, 2.9, 3.0, 3.2, 3.3, 2.8, 3.0],
        }
    )
    feedback = pd.DataFrame(
        {
            "participant_id": ["M001", "M002", "R001"],
            "question": ["What helped most?"] * 3,
            "text": [
                "Regular meetings kept me on track.",
                "Career advice about research labs.",
                "Seeing my mentee gain confidence.",
            ],
        }
    )
    events = pd.DataFrame(
        {
            "event_id": ["E001", "E002"],
            "date": [_d("2025-10-15"), _d("2026-02-11")],
            "attendees": [14, 9],
            "organized_by_mentee": [False, True],
            "kind": ["workshop", "lab visit"],
            "cohort": ["2025", "2025"],
        }
    )
    costs = pd.DataFrame(
        {
            "category": ["staff", "events", "materials"],
            "amount": [12000.0, 1500.0, 400.0],
            "period": ["2025-26", "2025-26", "2025-26"],
            "cohort": ["2025"] * 3,
        }
    )
    return {
        "participants": participants,
        "profiles": profiles,
        "matches": matches,
        "sessions": sessions,
        "contacts": contacts,
        "surveys": surveys,
        "assessments": assessments,
        "followups": followups,
        "comparison": comparison,
        "feedback": feedback,
        "events": events,
        "costs": costs,
    }


def data_dictionary() -> pd.DataFrame:
    """One row per column of every table: meaning, type, allowed values,
    range and whether it is required."""
    rows = []
    for table in TABLES.values():
        for column in table.columns:
            bounds = [
                f"at least {column.minimum:g}" if column.minimum is not None else "",
                f"at most {column.maximum:g}" if column.maximum is not None else "",
            ]
            rows.append(
                {
                    "table": table.name,
                    "column": column.name,
                    "meaning": column.meaning,
                    "type": KIND_WORDS[column.kind],
                    "allowed values": ", ".join(column.allowed)
                    or ", ".join(part for part in bounds if part),
                    "required": "required" if column.required else "optional",
                }
            )
        if table.notes:
            rows.append(
                {
                    "table": table.name,
                    "column": "(note)",
                    "meaning": table.notes,
                    "type": "",
                    "allowed values": "",
                    "required": "",
                }
            )
    return pd.DataFrame(rows)


def init_program(directory: str | Path) -> list[Path]:
    """Start a new program in ``directory``: a commented params file and a
    workbook with one sheet per table.

    Parameters
    ----------
    directory : str or Path
        The program's folder; created when absent.  Existing files are never
        overwritten.

    Returns
    -------
    list of Path
        ``directory/params.yaml`` and ``directory/data.xlsx``.

    Raises
    ------
    EvalkitError
        When ``params.yaml`` or ``data.xlsx`` already exists in ``directory``.
    """
    folder = Path(directory)
    params_path = folder / "params.yaml"
    book_path = folder / "data.xlsx"
    present = [path.name for path in (params_path, book_path) if path.exists()]
    if present:
        raise EvalkitError(
            f"directory {str(folder)!r} already has {', '.join(present)}; expected "
            "a new or empty folder (evalkit init never overwrites files): choose "
            "another folder or move the files away"
        )

    folder.mkdir(parents=True, exist_ok=True)
    params_path.write_text(params_template(folder.resolve().name), encoding="utf-8")
    write_workbook(book_path)
    return [params_path, book_path]


def write_workbook(path: str | Path) -> Path:
    """Write the example workbook: a sheet per table and the data dictionary."""
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in example_tables().items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _tidy_sheet(writer.sheets[name], frame)
        dictionary = data_dictionary()
        dictionary.to_excel(writer, sheet_name=DICTIONARY_SHEET, index=False)
        _tidy_sheet(writer.sheets[DICTIONARY_SHEET], dictionary)
    return path


def _tidy_sheet(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        if frame[column].map(lambda v: isinstance(v, date)).any():
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"


def params_template(program_id: str) -> str:
    """The commented params file ``evalkit init`` writes."""
    slug = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in program_id)
    slug = slug.strip("-_.") or "my-program"
    tables = "\n".join(_table_entry(name) for name in TABLES)
    return PARAMS_TEMPLATE.format(program_id=slug, tables=tables)


def _table_entry(name: str) -> str:
    if name == "participants":
        return PARTICIPANTS_ENTRY
    return f"    {name}: {{sheet: {name}}}"


PARTICIPANTS_ENTRY = """\
    # Every option of a table, shown on participants; any table takes them all.
    participants:
      # file: participants.csv   # a file of its own instead of the workbook
      sheet: participants        # the workbook's sheet (default: the table's name)
      # kind: csv, excel, qualtrics (3 header rows; previews and tests set aside),
      #   surveymonkey (2 header rows) or google_forms; left out, it is detected.
      kind: excel
      # encoding: utf-8          # CSV only: utf-8 or cp1252; left out, detected
      # header_row: the row holding the headers, when a title sits above them
      header_row: 1
      # columns: the program's header -> evalkit's column (see the data
      #   dictionary sheet).  Several headers may feed one column.
      columns: {}
      #   "Student ID": participant_id
      # values: answer labels -> values, per column
      values: {}
      #   status: {"Finished": completed, "Dropped out": withdrawn}
      # constants: one value for every row, for columns the file lacks
      constants: {}
      #   cohort: "2025"
      # items: wide survey exports (surveys table): header -> item id; each
      #   answered cell becomes one row of surveys
      items: {}
      # kinds: extra column -> kind (id, text, category, date, bool, int,
      #   float, list), for columns evalkit's table does not list
      kinds: {}
      # scale: lowest and highest answer of a survey scale (surveys: 1 to 5)
      scale: null
      # reverse_items: survey items scored the other way (answer -> low + high - answer)
      reverse_items: []
      # missing_values: extra cell texts that mean "no answer"
      missing_values: ["N/A", "Prefer not to say", "-"]
      # date_format: iso (2025-09-01), dayfirst (01/09/2025), monthfirst
      #   (09/01/2025) or excel (serial numbers such as 45901 accepted)
      date_format: iso
      # list_separator: what separates the answers of a multi-select cell
      list_separator: ";"
      # duplicates: keep_first, keep_last or refuse; the count is reported
      duplicates: keep_first"""

PARAMS_TEMPLATE = """\
# A program's params file, written by `evalkit init`.  Check it with
#   evalkit validate params.yaml
# and render the reports with
#   evalkit run params.yaml
# Paths are relative to this file's folder.

program:
  id: {program_id}              # names the output folder: letters, digits, - _ .
  name: "My STEM Mentorship Program"
  description: "What the program does, for whom, and where."

# Cohorts rendered by `evalkit run`, each on its own; "all" renders everyone
# together.
cohorts: ["2025"]

# Stages to render; null renders every stage.
stages: null

data:
  directory: .                 # the folder the data files are in
  workbook: data.xlsx          # one workbook with a sheet per table
  # Tables the program has; a table left out is "not assessed: no data".
  tables:
{tables}

# The mentored-vs-comparison stage: outcome columns and baseline covariates
# of the comparison table.
comparison:
  outcomes:
    - column: promoted
      label: "Promoted within a year of exit"
      kind: binary               # binary (0/1) or continuous
      kpi: promotion_lift        # the scorecard KPI this outcome's lift is
    - column: enrolled_stem
      label: "Enrolled in a STEM course or degree"
      kind: binary
      kpi: stem_enrollment_lift
  covariates: [age, baseline_gpa]

# Targets override evalkit's defaults; say whose numbers they are.
targets:
  engagement_rate:
    operator: ">"
    value: 0.70
    source: "Funder agreement, section 4"

settings:
  confidence: 0.95             # level of every interval
  engagement_threshold: 0.75   # attendance rate that counts a mentee as engaged
  suppression_threshold: 10    # groups smaller than this are not shown
  min_n: 10                    # fewer people: "too few to judge"
  seed: 20261204               # for bootstrap intervals
  match_satisfaction_item: match_satisfaction
  overall_satisfaction_item: overall_satisfaction
  satisfied_at_least: 4        # answers at or above this count as satisfied
"""
