"""What a stage notebook uses to speak: tables, figures, remarks and KPIs.

A notebook opens its stage with :func:`open_stage`, which reads the params
file, loads the program's data for the cohort, and returns a :class:`Stage`.
The stage shows every table through :meth:`Stage.show_table` (which also
writes it as CSV under ``tables/<stage>/`` when the runner gives an output
folder), every figure through :meth:`Stage.show_figure` (an inline PNG with
alt text and a caption), and every caveat as a numbered remark.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from evalkit.errors import ParamsError
from evalkit.kpi import Kpi
from evalkit.loading import load_program
from evalkit.params import Params, load_params
from evalkit.paths import SAMPLE_PARAMS
from evalkit.program import ALL_COHORTS, ProgramData

log = logging.getLogger("evalkit")


def _use_file_backend() -> None:
    """Draw figures off screen; Stage.show_figure embeds them as PNG itself.

    This keeps plots visible whatever ``MPLBACKEND`` the machine sets.
    """
    import matplotlib

    matplotlib.use("Agg")


def quiet_library_warnings() -> None:
    """Silence library deprecation chatter; evalkit's own caveats are remarks."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=pd.errors.PerformanceWarning)


@dataclass
class Stage:
    """One stage notebook's context: params, data, and where tables go."""

    name: str
    params: Params
    program: ProgramData
    cohort: str
    output_dir: Path | None = None
    remarks: list[str] = field(default_factory=list)

    # -- text -------------------------------------------------------------
    def describe(self) -> str:
        """Markdown naming the program, the cohort and the tables this page read."""
        program = self.params.program
        cohort = "every cohort" if self.cohort == "all" else f"cohort {self.cohort}"
        tables = ", ".join(
            f"{name} ({len(loaded.frame):,} rows)"
            for name, loaded in sorted(self.program.tables.items())
        )
        return (
            f"**{program.name}**, {cohort}. Tables supplied: {tables or 'none'}. "
            "The files' SHA-256 hashes and the parameters are in manifest.json beside "
            "this page."
        )

    def say(self, text: str) -> None:
        """Show ``text`` as markdown."""
        display(Markdown(text))

    def remark(self, text: str) -> int:
        """Record a numbered remark (a caveat the reader must see) and show it."""
        self.remarks.append(text)
        number = len(self.remarks)
        display(
            HTML(
                f'<p class="evalkit-remark"><strong>Remark {number}.</strong> '
                f"{html.escape(text)}</p>"
            )
        )
        return number

    def no_data(self, what: str, tables: list[str]) -> None:
        """Say that ``what`` is not assessed because ``tables`` are absent."""
        names = ", ".join(tables)
        display(
            HTML(
                '<p class="evalkit-nodata"><strong>Not assessed: no data.</strong> '
                f"{html.escape(what)} needs the {html.escape(names)} table(s), "
                "which this program's data do not provide for this cohort (not "
                "named in the params file, or without rows).</p>"
            )
        )

    # -- tables -----------------------------------------------------------
    def show_table(
        self,
        frame: pd.DataFrame,
        name: str,
        caption: str,
        *,
        formats: dict[str, str] | None = None,
        index: bool = False,
        shown: pd.DataFrame | None = None,
    ) -> None:
        """Show a table with a caption and save it as ``tables/<stage>/<name>.csv``.

        ``frame`` is what is saved (numbers at full precision, for auditors);
        ``shown``, when given, is the readable version displayed instead.
        """
        self.save_table(frame, name)

        shown = (frame if shown is None else shown).copy()
        shown = shown.map(lambda value: "–" if value is None else value)
        for column, pattern in (formats or {}).items():
            if column in shown.columns:
                shown[column] = shown[column].map(
                    lambda value, pattern=pattern: _format_cell(value, pattern)
                )
        table_html = _mark_statuses(
            shown.to_html(
                index=index, na_rep="–", classes="evalkit-table", border=0, escape=True
            )
        )
        display(
            HTML(
                f'<figure class="evalkit-figure"><figcaption>{html.escape(caption)}'
                f"</figcaption>{table_html}</figure>"
            )
        )

    def save_table(self, frame: pd.DataFrame, name: str) -> Path | None:
        """Write ``frame`` to ``tables/<stage>/<name>.csv`` under the output folder."""
        if self.output_dir is None:
            return None
        folder = Path(self.output_dir) / "tables" / self.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        return path

    # -- figures ----------------------------------------------------------
    def show_figure(self, figure, caption: str, alt: str) -> None:
        """Show a matplotlib figure inline as PNG, with alt text and a caption."""
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format="png",
            dpi=110,
            bbox_inches="tight",
            metadata={"Software": None},
        )
        plt.close(figure)
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        display(
            HTML(
                f'<figure class="evalkit-figure"><img src="data:image/png;base64,'
                f'{encoded}" alt="{html.escape(alt, quote=True)}"/>'
                f"<figcaption>{html.escape(caption)}</figcaption></figure>"
            )
        )


STATUSES = (
    "met",
    "not met",
    "no data",
    "too few to judge",
    "not estimable",
    "shown",
    "data error",
    "suppressed",
)


def _mark_statuses(table_html: str) -> str:
    """Give each status cell a class, so met and not met stand out in colour."""
    for status in STATUSES:
        css = "status-" + status.replace(" ", "-")
        table_html = table_html.replace(
            f"<td>{status}</td>", f'<td class="{css}">{status}</td>'
        )
    return table_html


def _format_cell(value, pattern: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        return pattern.format(value)
    except (ValueError, TypeError):
        return str(value)


def format_kpi_value(value: float, unit: str) -> str:
    """A KPI value as the reader sees it: percent, dollars, or a plain number."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit in ("proportion", "relative change"):
        return f"{value * 100:.1f}%"
    if unit == "percentage points":
        return f"{value * 100:+.1f} pp"
    if unit == "dollars":
        return f"${value:,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "per month":
        return f"{value:,.2f} a month"
    return f"{value:,.2f}"


def format_interval(low: float, high: float, unit: str) -> str:
    """An interval as ``low to high`` in the KPI's unit, or a dash."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    return f"{format_kpi_value(low, unit)} to {format_kpi_value(high, unit)}"


def open_stage(
    name: str,
    params_path: str | None = None,
    cohort: str = "all",
    output_dir: str | None = None,
) -> Stage:
    """Open stage ``name`` for a program and cohort, ready for a notebook.

    Parameters
    ----------
    name : str
        The stage, e.g. ``"outcomes"``.
    params_path : str, optional
        The program's params file; None opens the bundled sample program.
    cohort : str
        The cohort to report on, or ``"all"``.
    output_dir : str, optional
        Where the runner collects this cohort's outputs; tables are written
        under ``tables/<stage>/`` there.  None writes nothing.
    """
    _use_file_backend()
    quiet_library_warnings()

    params = load_params(params_path or SAMPLE_PARAMS)
    program = load_program(params)
    present = program.cohorts()
    if str(cohort) != ALL_COHORTS and present and str(cohort) not in present:
        raise ParamsError(
            f"cohort {cohort!r} has no participants in {params.path}; cohorts in "
            f"the data: {', '.join(present)} (or 'all')"
        )
    program = program.for_cohort(str(cohort))
    return Stage(
        name=name,
        params=params,
        program=program,
        cohort=str(cohort),
        output_dir=Path(output_dir) if output_dir else None,
    )


def readable_kpis(table: pd.DataFrame) -> pd.DataFrame:
    """A KPI table (kpis.csv's columns) as a reader sees it: values in their units.

    ``value``, ``ci_low`` and ``ci_high`` become ``value`` and ``95% CI`` in
    each row's unit; a missing target reads "—".  Other columns are kept.
    """
    shown = table.copy()
    shown["95% CI"] = [
        format_interval(low, high, unit)
        for low, high, unit in zip(
            shown["ci_low"], shown["ci_high"], shown["unit"], strict=True
        )
    ]
    shown["value"] = [
        format_kpi_value(value, unit)
        for value, unit in zip(shown["value"], shown["unit"], strict=True)
    ]
    shown["target"] = shown["target"].replace("", "—").fillna("—")
    shown = shown.drop(columns=["ci_low", "ci_high", "unit"])
    columns = list(shown.columns)
    columns.insert(columns.index("value") + 1, columns.pop(columns.index("95% CI")))
    return shown[columns]


def readable_logic_model(model: pd.DataFrame, kpis: list[Kpi]) -> pd.DataFrame:
    """The logic model table with each measured element's value, interval and n."""
    measured = {kpi.kpi: kpi for kpi in kpis}

    def figure(kpi_id: str, formatter) -> str:
        kpi = measured.get(kpi_id)
        return formatter(kpi) if kpi is not None else ""

    shown = model.assign(
        value=[
            figure(k, lambda kpi: format_kpi_value(kpi.value, kpi.unit))
            for k in model["kpi"]
        ],
        interval=[
            figure(k, lambda kpi: format_interval(kpi.ci_low, kpi.ci_high, kpi.unit))
            for k in model["kpi"]
        ],
        n=[figure(k, lambda kpi: f"{kpi.n:,}") for k in model["kpi"]],
    )
    shown["label"] = shown["label"].replace("", "—")
    shown = shown.rename(columns={"interval": "95% CI"})
    return shown[
        ["component", "element", "label", "value", "95% CI", "n", "target", "status"]
    ]


def status_summary(kpis: list[Kpi]) -> str:
    """One sentence counting the KPIs by status, e.g. "5 met, 3 not met, ..."."""
    order = (
        "met",
        "not met",
        "too few to judge",
        "suppressed",
        "not estimable",
        "no data",
        "data error",
        "shown",
    )
    counts = {status: sum(kpi.status == status for kpi in kpis) for status in order}
    parts = [f"**{count}** {status}" for status, count in counts.items() if count]
    return f"Of {len(kpis)} KPIs: " + ", ".join(parts) + "."
