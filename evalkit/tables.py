"""The program data tables evalkit knows, their columns and their meaning.

This is the one place where a table's columns are written down; the loader,
the validator, the data dictionary of ``evalkit init`` and the sample
generator all read it.  Column kinds:

``id``        text identifier; leading zeros kept, surrounding spaces removed
``text``      free text
``category``  one of ``allowed`` (when given)
``date``      calendar date
``bool``      true/false (yes/no, 1/0 accepted on load)
``int``       whole number
``float``     number
``list``      several answers in one cell, split on the table's separator
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a program table."""

    name: str
    kind: str
    meaning: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """One program table: what a row is, its columns, and the stages it feeds."""

    name: str
    row_is: str
    columns: tuple[Column, ...]
    feeds: tuple[str, ...] = ()
    open_columns: bool = False
    notes: str = ""
    keys: tuple[str, ...] = field(default_factory=tuple)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the columns a table of this kind must have."""
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column | None:
        """Return the column called ``name``, or None if the table has none."""
        for column in self.columns:
            if column.name == name:
                return column
        return None


ROLES = ("mentee", "mentor")
STATUSES = ("active", "completed", "withdrawn")
GROUPS = ("mentored", "comparison")

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "participants",
            "a person",
            (
                Column("participant_id", "id", "the person's id", True),
                Column("role", "category", "mentee or mentor", True, ROLES),
                Column("cohort", "id", "the cohort the person enrolled in", True),
                Column("enrolled_on", "date", "date of enrolment", True),
                Column("status", "category", "participation status", True, STATUSES),
                Column("exit_on", "date", "date the person left or completed"),
                Column("exit_reason", "text", "why the person left"),
                Column("region", "category", "program region"),
                Column("urbanicity", "category", "urban, suburban or rural"),
                Column("gender", "category", "gender as self-described"),
                Column("race_ethnicity", "category", "race or ethnicity"),
                Column("first_generation", "bool", "first in family at college"),
            ),
            ("every stage",),
            keys=("participant_id",),
        ),
        TableSpec(
            "profiles",
            "a person's intake answers",
            (
                Column("participant_id", "id", "the person's id", True),
                Column("interests", "list", "interests, several per cell"),
                Column("goals", "list", "goals, several per cell"),
                Column("communication_style", "category", "preferred style"),
                Column("field", "category", "STEM field"),
            ),
            ("match quality",),
            open_columns=True,
            keys=("participant_id",),
        ),
        TableSpec(
            "matches",
            "a mentor-mentee pairing",
            (
                Column("match_id", "id", "the pairing's id", True),
                Column("mentee_id", "id", "participant_id of the mentee", True),
                Column("mentor_id", "id", "participant_id of the mentor", True),
                Column("matched_on", "date", "date the pair was matched", True),
                Column("ended_on", "date", "date the pairing ended"),
                Column("end_reason", "text", "why the pairing ended"),
            ),
            ("match quality", "engagement"),
            keys=("match_id",),
        ),
        TableSpec(
            "sessions",
            "a scheduled meeting or activity",
            (
                Column("match_id", "id", "the pairing (or give participant_id)"),
                Column("participant_id", "id", "the person (or give match_id)"),
                Column("date", "date", "date of the session", True),
                Column("attended", "bool", "whether it took place as planned", True),
                Column("duration_minutes", "float", "length", minimum=0),
                Column("kind", "category", "one-to-one, group, workshop, ..."),
            ),
            ("engagement", "retention"),
            notes="needs match_id or participant_id",
        ),
        TableSpec(
            "contacts",
            "a message, call or meeting log entry",
            (
                Column("match_id", "id", "the pairing", True),
                Column("date", "date", "date of the contact", True),
                Column("channel", "category", "email, call, video, chat, in person"),
            ),
            ("communication frequency",),
        ),
        TableSpec(
            "surveys",
            "one answer to one survey item",
            (
                Column("participant_id", "id", "the person who answered", True),
                Column("wave", "category", "midpoint, exit, ...", True),
                Column("item", "category", "the item's id", True),
                Column("response", "float", "the answer as a number", True),
            ),
            ("satisfaction", "match satisfaction"),
            keys=("participant_id", "wave", "item"),
        ),
        TableSpec(
            "assessments",
            "a score on one competency",
            (
                Column("participant_id", "id", "the person assessed", True),
                Column("competency", "category", "the competency", True),
                Column("wave", "category", "pre or post", True, ("pre", "post")),
                Column("score", "float", "the score", True, minimum=0),
                Column("max_score", "float", "highest possible score", minimum=0),
            ),
            ("skill development",),
            keys=("participant_id", "competency", "wave"),
        ),
        TableSpec(
            "followups",
            "a contact 6-12 months after exit",
            (
                Column("participant_id", "id", "the person followed up", True),
                Column(
                    "months_after_exit", "int", "months since exit", True, minimum=0
                ),
                Column("responded", "bool", "whether the person answered", True),
                Column("stem_job", "bool", "holds a STEM job"),
                Column("continued_education", "bool", "in further education"),
                Column("advanced", "bool", "promoted or advanced"),
                Column("goal_met", "bool", "met a career or education goal"),
            ),
            ("post-program success",),
            keys=("participant_id", "months_after_exit"),
        ),
        TableSpec(
            "comparison",
            "a person in the mentored or the comparison group",
            (
                Column("person_id", "id", "the person's id", True),
                Column("group", "category", "mentored or comparison", True, GROUPS),
                Column("followed_up", "bool", "outcome was observed", True),
                Column("cohort", "id", "cohort, when the file spans several"),
            ),
            ("lift for promotion and enrollment",),
            open_columns=True,
            notes="outcome and covariate columns are named in params",
            keys=("person_id",),
        ),
        TableSpec(
            "feedback",
            "one open-ended answer",
            (
                Column("participant_id", "id", "the person who wrote it", True),
                Column("question", "category", "the question", True),
                Column("text", "text", "the answer", True),
            ),
            ("qualitative feedback",),
        ),
        TableSpec(
            "events",
            "a community event",
            (
                Column("event_id", "id", "the event's id", True),
                Column("date", "date", "date of the event", True),
                Column(
                    "attendees", "int", "number of people who came", True, minimum=0
                ),
                Column("organized_by_mentee", "bool", "organized by a mentee"),
                Column("kind", "category", "kind of event"),
                Column("cohort", "id", "cohort, when known"),
            ),
            ("community engagement",),
            keys=("event_id",),
        ),
        TableSpec(
            "costs",
            "a cost line",
            (
                Column("category", "category", "staff, events, materials, ...", True),
                Column("amount", "float", "amount in the program's currency", True),
                Column("period", "text", "period the cost covers"),
                Column("cohort", "id", "cohort, when the cost is for one"),
            ),
            ("cost per participant",),
        ),
    )
}
