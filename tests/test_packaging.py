"""What a plain ``pip install .`` ships: every package, and the bundled files found through importlib."""

from __future__ import annotations

import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def test_every_package_of_the_tree_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    in_tree = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "lighting_planner").rglob("__init__.py")}
    mapped = set(config["package-dir"])
    assert set(config["packages"]) == in_tree | mapped, "add the new package to [tool.setuptools] packages"


def test_bundled_files_are_found_through_the_package():
    from lighting_planner.bundled import resource, sample_map
    assert resource("fonts", "DejaVuSans.ttf").samefile(ROOT / "resources" / "fonts" / "DejaVuSans.ttf")
    assert sample_map().samefile(ROOT / "sample_maps" / "almaty_sample.gpkg")
    assert sample_map("almaty_budget.csv").is_file()


def test_a_missing_bundled_file_is_named_in_the_error():
    import pytest

    from lighting_planner.bundled import MissingResourceError, resource
    with pytest.raises(MissingResourceError, match="no_such_font.ttf"):
        resource("fonts", "no_such_font.ttf")


def test_package_code_never_climbs_parent_folders():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "lighting_planner").rglob("*.py")
                 if ".parents[" in p.read_text(encoding="utf-8")]
    assert offenders == []
