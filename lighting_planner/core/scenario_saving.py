"""Keeping the plan a report prints: save it into the project as a named scenario, unless the
project file must not be written (the bundled sample, a read-only file or folder).

Pure Python, no Qt. The save goes through :func:`project_store.save_project`, which is atomic
(a temporary file beside the target, fsynced and renamed over it).
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path

from .errors import SaveError
from .model import Project
from .plan import PlanResult, PlanSettings, Scenario
from .project_store import save_project

#: Name of the scenario ``report`` saves when the project holds none and no ``--save-as`` is given.
#: Not translated: the same scenario must carry the same name in every language version.
DEFAULT_REPORT_SCENARIO = "Report plan"
BUNDLED = "bundled"
READ_ONLY_FILE = "read_only_file"
READ_ONLY_FOLDER = "read_only_folder"


def _bundled_folder() -> Path | None:
    try:
        return Path(str(resources.files("lighting_planner.sample_maps"))).resolve()
    except (ModuleNotFoundError, TypeError):
        return None


def why_not_writable(path: str | os.PathLike) -> str | None:
    """None when ``path`` may be saved over; else a code: ``bundled`` (a sample shipped with the
    program, never written even where the installation allows it), ``read_only_file`` or
    ``read_only_folder`` (the atomic save needs a temporary file beside it)."""
    target = Path(path).resolve()
    bundled = _bundled_folder()
    if bundled is not None and target.parent == bundled:
        return BUNDLED
    # The write bit too: a file marked read-only stays so even for a user (root) who could write it.
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & stat.S_IWUSR):
        return READ_ONLY_FILE
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return READ_ONLY_FOLDER
    return None


def store_scenario(project: Project, name: str, result: PlanResult, created: str) -> None:
    """Put ``result`` into ``project.scenarios[name]`` with the settings that made it and its date."""
    project.scenarios[name] = Scenario(name, PlanSettings.from_json(result.settings.to_json()), result,
                                       created=created)


def save_scenario_into(project: Project, path: str | os.PathLike, name: str, result: PlanResult,
                       created: str) -> str | None:
    """Store the scenario and save the project to ``path`` atomically. Returns None when saved,
    else the :func:`why_not_writable` code (the project in memory still holds the scenario)."""
    store_scenario(project, name, result, created)
    reason = why_not_writable(path)
    if reason is None:
        try:
            save_project(project, path)
        except (PermissionError, SaveError):
            return READ_ONLY_FOLDER
    return reason


__all__ = ["BUNDLED", "DEFAULT_REPORT_SCENARIO", "READ_ONLY_FILE", "READ_ONLY_FOLDER", "save_scenario_into",
           "store_scenario", "why_not_writable"]
