"""Turning an executed stage notebook into one self-contained HTML page.

nbconvert's ``HTMLExporter`` runs in process with evalkit's template
(``templates/evalkit``), which extends JupyterLab's look, drops every script
that would be fetched from another host, hides all code and prompts, and
adds a navigation bar, an error banner for a failed stage and a footer that
points the auditor to the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import nbformat

from evalkit import __version__
from evalkit.paths import TEMPLATES

TEMPLATE_NAME = "evalkit"


@dataclass(frozen=True)
class PageContext:
    """What the page template needs beyond the notebook itself."""

    program_name: str
    cohort: str
    stage_title: str
    params_name: str
    failure: str = ""


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return (TEMPLATES / TEMPLATE_NAME / "evalkit.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _exporter():
    # Imported here: nbconvert's import costs about a second, paid once per process.
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def notebook_to_html(notebook: nbformat.NotebookNode, page: PageContext) -> str:
    """Render an executed notebook as one HTML page with code hidden.

    Parameters
    ----------
    notebook : NotebookNode
        The executed notebook (its outputs are what the page shows).
    page : PageContext
        Program, cohort and stage names for the title and navigation, and the
        failure message when the stage failed (shown as a red banner).

    Returns
    -------
    str
        The page's HTML, with every image inline and no script or stylesheet
        loaded from another host.
    """
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = (
        f"{page.stage_title} — {page.program_name}, cohort {page.cohort}"
    )

    resources = {
        "evalkit": {
            "version": __version__,
            "css": _stylesheet(),
            "program_name": page.program_name,
            "cohort": page.cohort,
            "stage_title": page.stage_title,
            "params_name": page.params_name,
            "failure": page.failure,
        }
    }
    body, _ = _exporter().from_notebook_node(notebook, resources=resources)
    return body
