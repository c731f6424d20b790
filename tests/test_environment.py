"""pyproject.toml is the one list of dependencies; environment.yml must mirror it."""

import re
import tomllib

import yaml

from evalkit.paths import PROJECT_ROOT


def _name_and_bound(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _name_and_bound(requirement)
        for requirement in project["dependencies"]
        + project["optional-dependencies"]["test"]
    )

    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(
        _name_and_bound(entry)
        for entry in environment["dependencies"]
        if isinstance(entry, str) and not entry.startswith(("python", "pip"))
    )

    assert conda == wanted


def test_environment_yml_installs_evalkit_itself():
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_entries = next(
        entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)
    )
    assert "-e ." in pip_entries
