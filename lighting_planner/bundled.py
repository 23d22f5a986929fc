"""Files shipped with lighting_planner: fonts, translations and the sample maps.

They live in the top-level ``resources/`` and ``sample_maps/`` folders of the source tree; the
build maps them into the packages ``lighting_planner.resources`` and ``lighting_planner.sample_maps``,
so :mod:`importlib.resources` finds them from a wheel, an editable install and a source checkout
alike (``pyproject.toml``, ``[tool.setuptools.package-dir]``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .core.errors import LightingPlannerError

RESOURCES = "lighting_planner.resources"
SAMPLE_MAPS = "lighting_planner.sample_maps"
SAMPLE_PROJECT = "almaty_sample.gpkg"


class MissingResourceError(LightingPlannerError):
    """A file that should ship with the program is not there (a broken installation)."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(f"a file that ships with lighting_planner is missing: {what}; reinstall the program")


def _path(package: str, parts: tuple[str, ...]) -> Path:
    name = "/".join(parts)
    try:
        node = resources.files(package)
    except ModuleNotFoundError as exc:
        raise MissingResourceError(f"{package} ({name})") from exc
    for part in parts:
        node = node / part
    path = Path(str(node))
    if not path.is_file():
        raise MissingResourceError(str(path))
    return path


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource("fonts", "DejaVuSans.ttf")``; raises if missing."""
    return _path(RESOURCES, parts)


def sample_map(name: str | None = None) -> Path:
    """Path of a bundled sample map file (default: the Almaty sample project); raises if missing."""
    return _path(SAMPLE_MAPS, (name or SAMPLE_PROJECT,))
