"""The scorecard: every KPI of a program, the balanced scorecard and the logic model.

:func:`program_kpis` gathers the KPIs of every module in the order of the
design's KPI table; :data:`BALANCED_SCORECARD` sorts them into the four
perspectives of a balanced scorecard adapted to a nonprofit program, and
:data:`LOGIC_MODEL` ties each outcome of the program's logic model to the KPI
that measures it.  :func:`balanced_scorecard_table` and
:func:`logic_model_table` return both as tidy tables for the scorecard
notebook.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evalkit.community import community_kpis
from evalkit.costs import cost_kpis
from evalkit.engagement import engagement_kpis
from evalkit.errors import EvalkitError
from evalkit.kpi import Kpi, failed_kpi, kpi_table, suppress_small_groups
from evalkit.outcomes import outcome_kpis
from evalkit.params import Params
from evalkit.program import ProgramData
from evalkit.retention import retention_kpis
from evalkit.satisfaction import satisfaction_kpis
from evalkit.skills import skill_kpis
from evalkit.success import success_kpis

# The design's KPI table, top to bottom; "skill_improvement" covers every
# "skill_improvement.<competency>", and "*_lift" any further outcome lift.
KPI_ORDER = (
    "engagement_rate",
    "pooled_attendance_rate",
    "communication_frequency",
    "match_satisfaction.mentee",
    "match_satisfaction.mentor",
    "overall_satisfaction",
    "retention",
    "skill_improvement",
    "post_program_success",
    "followup_response_rate",
    "promotion_lift",
    "stem_enrollment_lift",
    "*_lift",
    "events_held",
    "event_attendance",
    "events_organized_by_mentees",
    "cost_per_participant",
    "cost_per_completer",
    "cost_per_successful_outcome",
)

PERSPECTIVES = (
    "financial",
    "participants",
    "internal processes",
    "learning and growth",
)

BALANCED_SCORECARD: dict[str, tuple[str, ...]] = {
    "financial": (
        "cost_per_participant",
        "cost_per_completer",
        "cost_per_successful_outcome",
    ),
    "participants": (
        "match_satisfaction.mentee",
        "match_satisfaction.mentor",
        "overall_satisfaction",
        "post_program_success",
        "promotion_lift",
        "stem_enrollment_lift",
        "*_lift",
    ),
    "internal processes": (
        "engagement_rate",
        "pooled_attendance_rate",
        "communication_frequency",
        "retention",
        "followup_response_rate",
        "events_held",
        "event_attendance",
    ),
    "learning and growth": (
        "skill_improvement",
        "events_organized_by_mentees",
    ),
}
"""Which KPI belongs to which perspective.

Financial: what a participant, a completer and a success cost.  Participants
(the program's "customers"): how satisfied they are and what they go on to
achieve.  Internal processes: whether the program is delivered as planned:
attendance, contact, retention, follow-up, events.  Learning and growth:
what participants learn and the leadership they take on.
"""

LOGIC_MODEL: tuple[dict[str, str], ...] = (
    {
        "component": "inputs",
        "element": "Funding and staff",
        "term": "",
        "kpi": "cost_per_participant",
    },
    {"component": "inputs", "element": "Volunteer STEM mentors", "term": "", "kpi": ""},
    {"component": "inputs", "element": "Enrolled mentees", "term": "", "kpi": ""},
    {
        "component": "activities",
        "element": "Matching mentees with mentors",
        "term": "",
        "kpi": "",
    },
    {
        "component": "activities",
        "element": "One-to-one mentoring sessions",
        "term": "",
        "kpi": "",
    },
    {
        "component": "activities",
        "element": "Regular contact between sessions",
        "term": "",
        "kpi": "",
    },
    {"component": "activities", "element": "Community events", "term": "", "kpi": ""},
    {
        "component": "outputs",
        "element": "Sessions attended",
        "term": "",
        "kpi": "pooled_attendance_rate",
    },
    {
        "component": "outputs",
        "element": "Mentees engaged in their sessions",
        "term": "",
        "kpi": "engagement_rate",
    },
    {
        "component": "outputs",
        "element": "Contacts per match",
        "term": "",
        "kpi": "communication_frequency",
    },
    {
        "component": "outputs",
        "element": "Events held and attended",
        "term": "",
        "kpi": "events_held",
    },
    {
        "component": "outcomes",
        "element": "Mentees satisfied with their match",
        "term": "short",
        "kpi": "match_satisfaction.mentee",
    },
    {
        "component": "outcomes",
        "element": "Mentors satisfied with their match",
        "term": "short",
        "kpi": "match_satisfaction.mentor",
    },
    {
        "component": "outcomes",
        "element": "Participants satisfied with the program",
        "term": "short",
        "kpi": "overall_satisfaction",
    },
    {
        "component": "outcomes",
        "element": "STEM skills and confidence grow",
        "term": "short",
        "kpi": "skill_improvement",
    },
    {
        "component": "outcomes",
        "element": "Mentees complete the program",
        "term": "intermediate",
        "kpi": "retention",
    },
    {
        "component": "outcomes",
        "element": "Mentees lead community events",
        "term": "intermediate",
        "kpi": "events_organized_by_mentees",
    },
    {
        "component": "outcomes",
        "element": "Career or education goals met",
        "term": "long",
        "kpi": "post_program_success",
    },
    {
        "component": "outcomes",
        "element": "Promotion, beyond the comparison group",
        "term": "long",
        "kpi": "promotion_lift",
    },
    {
        "component": "outcomes",
        "element": "STEM enrollment, beyond the comparison group",
        "term": "long",
        "kpi": "stem_enrollment_lift",
    },
)
"""The program's logic model, inputs -> activities -> outputs -> outcomes.

Each row is one element; ``kpi`` names the KPI that measures it ("" when
none does), ``term`` says whether an outcome is short, intermediate or long
term.  A ``kpi`` of ``"skill_improvement"`` stands for every competency.
"""

SCORECARD_COLUMNS = [
    "kpi",
    "label",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "target",
    "status",
    "unit",
]


KPI_FAMILIES = (
    ("engagement", engagement_kpis),
    ("satisfaction", satisfaction_kpis),
    ("retention", retention_kpis),
    ("skills", skill_kpis),
    ("post-program success", success_kpis),
    ("outcomes", outcome_kpis),
    ("community", community_kpis),
    ("costs", cost_kpis),
)


def program_kpis(program: ProgramData, extra: Iterable[Kpi] = ()) -> list[Kpi]:
    """Return every KPI of a program, in the order of the design's KPI table.

    Parameters
    ----------
    program : ProgramData
        The program's tables and params.
    extra : iterable of Kpi, optional
        Further KPIs (e.g. lifts computed elsewhere).  One whose id is a
        computed KPI's replaces it; the others take their place in the order
        (unknown ids go last, in the order given).

    Returns
    -------
    list of Kpi
        Engagement, communication, satisfaction, retention, skills,
        post-program success, the mentored-vs-comparison figures (from
        ``evalkit.outcomes.outcome_kpis``, ids ``<outcome column>.<figure>``),
        community and costs.  Every KPI has a status; those whose tables are
        absent say "no data"; a family whose data cannot be used gives one
        ``<family>.error`` row with status "data error" and the message; a
        KPI resting on fewer people than ``settings.suppression_threshold``
        is "suppressed", its value withheld.
    """
    kpis = []
    for family, kpis_of in KPI_FAMILIES:
        # Bad data in one table must not take the whole scorecard down.
        try:
            kpis += kpis_of(program)
        except EvalkitError as error:
            kpis.append(failed_kpi(family, error))

    extra = list(extra)
    replaced = {kpi.kpi for kpi in extra}
    kpis = [kpi for kpi in kpis if kpi.kpi not in replaced] + extra
    columns = outcome_columns(program.params)
    kpis = suppress_small_groups(kpis, program.params.settings.suppression_threshold)
    return sorted(kpis, key=lambda kpi: kpi_rank(kpi.kpi, columns))


def outcome_columns(params: Params | None) -> tuple[str, ...]:
    """Return the outcome columns of the params' comparison stage.

    The outcomes stage names its KPIs ``<column>.<figure>`` (e.g.
    ``promoted.lift``); these columns tell the scorecard which ids are
    outcome figures.
    """
    if params is None:
        return ()
    return tuple(outcome.column for outcome in params.comparison.outcomes)


def kpi_rank(kpi_id: str, outcomes: Iterable[str] = ()) -> int:
    """Return the position of a KPI id in the design's order (unknown ids last).

    Parameters
    ----------
    kpi_id : str
        The KPI's id.
    outcomes : iterable of str, optional
        Outcome columns (see :func:`outcome_columns`); every
        ``<column>.<figure>`` id ranks where the design lists the lifts.

    Examples
    --------
    >>> kpi_rank("engagement_rate"), kpi_rank("skill_improvement.research")
    (0, 7)
    >>> kpi_rank("promoted.lift", ["promoted"])
    12
    """
    if _is_outcome_figure(kpi_id, outcomes):
        return KPI_ORDER.index("*_lift")
    key = _order_key(kpi_id, KPI_ORDER)
    return KPI_ORDER.index(key) if key else len(KPI_ORDER)


def perspective_of(kpi_id: str, outcomes: Iterable[str] = ()) -> str:
    """Return the balanced-scorecard perspective of a KPI id ("other" if none).

    Outcome figures (``<column>.<figure>`` for a column in ``outcomes``)
    belong to the participants' perspective.

    Examples
    --------
    >>> perspective_of("cost_per_completer"), perspective_of("skill_improvement.x")
    ('financial', 'learning and growth')
    """
    if _is_outcome_figure(kpi_id, outcomes):
        return "participants"
    for perspective, ids in BALANCED_SCORECARD.items():
        if _order_key(kpi_id, ids):
            return perspective
    return "other"


def balanced_scorecard_table(
    kpis: Iterable[Kpi], params: Params | None = None
) -> pd.DataFrame:
    """Return the KPIs sorted into the balanced scorecard's perspectives.

    Parameters
    ----------
    kpis : iterable of Kpi
        Usually :func:`program_kpis`'s result.
    params : Params, optional
        The program's params, to recognise the outcomes stage's figures.

    Returns
    -------
    DataFrame
        One row per KPI: ``perspective`` (financial, participants, internal
        processes, learning and growth, or other) then ``kpi``, ``label``,
        ``value``, ``ci_low``, ``ci_high``, ``n``, ``target``, ``status`` and
        ``unit``; sorted by perspective in that order, then by the KPI order.
    """
    columns = outcome_columns(params)
    table = kpi_table(list(kpis))[SCORECARD_COLUMNS]
    table.insert(0, "perspective", [perspective_of(k, columns) for k in table["kpi"]])

    order = {name: rank for rank, name in enumerate((*PERSPECTIVES, "other"))}
    table = table.assign(
        _perspective=table["perspective"].map(order),
        _kpi=[kpi_rank(k, columns) for k in table["kpi"]],
    )
    table = table.sort_values(["_perspective", "_kpi"], kind="stable")
    return table.drop(columns=["_perspective", "_kpi"]).reset_index(drop=True)


def logic_model_table(
    kpis: Iterable[Kpi] | None = None, params: Params | None = None
) -> pd.DataFrame:
    """Return the logic model, with each element's KPI figures when given.

    Parameters
    ----------
    kpis : iterable of Kpi, optional
        The program's KPIs; when given, each element measured by a KPI gets
        that KPI's ``label``, ``value``, ``target`` and ``status`` (an element
        measured by ``skill_improvement`` gets one row per competency).
    params : Params, optional
        The program's params: a lift named in the logic model (e.g.
        ``promotion_lift``) is the ``<column>.lift`` KPI of the outcome whose
        ``kpi`` is that name.

    Returns
    -------
    DataFrame
        ``component`` (inputs, activities, outputs, outcomes), ``element``,
        ``term`` and ``kpi``, in the logic model's order; plus ``label``,
        ``value``, ``target`` and ``status`` when ``kpis`` is given (``kpi``
        is then the id of the KPI shown).
    """
    model = pd.DataFrame(
        list(LOGIC_MODEL), columns=["component", "element", "term", "kpi"]
    )
    if kpis is None:
        return model

    aliases = {}
    if params is not None:
        aliases = {
            outcome.kpi: f"{outcome.column}.lift"
            for outcome in params.comparison.outcomes
            if outcome.kpi
        }
    figures = kpi_table(list(kpis))[["kpi", "label", "value", "target", "status"]]
    blank = {"label": "", "value": float("nan"), "target": "", "status": ""}
    rows = []
    for element in model.to_dict("records"):
        kpi_id = aliases.get(element["kpi"], element["kpi"])
        measured = figures.iloc[0:0]
        if kpi_id:
            measured = figures[
                (figures["kpi"] == kpi_id) | figures["kpi"].str.startswith(kpi_id + ".")
            ]
        if measured.empty:
            rows.append({**element, **blank})
        for figure in measured.to_dict("records"):
            rows.append({**element, **figure})
    return pd.DataFrame(rows, columns=[*model.columns, *blank])


def _order_key(kpi_id: str, ids: Iterable[str]) -> str:
    """The entry of ``ids`` that ``kpi_id`` falls under, or "" if none."""
    ids = tuple(ids)
    if kpi_id in ids:
        return kpi_id
    for key in ids:
        if key.startswith("*") and kpi_id.endswith(key[1:]):
            return key
        if kpi_id.startswith(key + "."):
            return key
    return ""


def _is_outcome_figure(kpi_id: str, outcomes: Iterable[str]) -> bool:
    """Whether ``kpi_id`` is ``<column>.<figure>`` of an outcome column."""
    return kpi_id.split(".", 1)[0] in set(outcomes) and "." in kpi_id
