"""Point and area layers in the project's GeoJSON: one Feature per object, told apart by ``role``."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping

from ..model import Building, Pole


def role_feature(obj: Pole | Building, role: str, fields: tuple[str, ...]) -> dict[str, Any]:
    """``obj`` as a GeoJSON Feature: its ``extra`` columns, ``role``, then its ``fields`` (empty ones left out)."""
    props: dict[str, Any] = {k: v for k, v in obj.extra.items() if k not in fields and k != "role"}
    props["role"] = role
    for name in fields:
        value = getattr(obj, name)
        if value is not None and value != "":
            props[name] = value
    return {"type": "Feature", "properties": props, "geometry": mapping(obj.geometry)}
