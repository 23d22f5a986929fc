"""Building addresses and courtyards from an OpenStreetMap import (called by :mod:`.osm`).

The streaming reader (:mod:`.osm_read`) notes each building's ``addr:street`` /
``addr:housenumber`` with its outline; :func:`add_courtyards` runs once the segments are in
the project.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from shapely.geometry.base import BaseGeometry

from ..buildings import Outline
from ..courtyards import Address, courtyard_summary, derive_courtyards, interior_drives
from ..model import Project


def stored_addresses(project: Project) -> list[Address]:
    """The building addresses an OSM import kept in the project's metadata."""
    out = []
    for a in (project.metadata or {}).get("building_addresses") or []:
        if isinstance(a, list | tuple) and len(a) == 4:
            out.append(Address(float(a[0]), float(a[1]), str(a[2]), str(a[3])))
    return out


def addresses_of(store: list[tuple[bytes, str, str]]) -> list[Address]:
    """Address points (outline centres, lon/lat) of the buildings noted."""
    if not store:
        return []
    centres = shapely.centroid(shapely.from_wkb([b for b, _, _ in store]))
    return [Address(float(c.x), float(c.y), street, number) for c, (_, street, number) in zip(centres, store)]


def add_courtyards(project: Project, store: list[tuple[bytes, str, str]], residential_wkb: list[bytes],
                   homes: Sequence[BaseGeometry] = (), built: Sequence[BaseGeometry] = (),
                   outlines: Sequence[Outline] = ()) -> dict:
    """Derive the project's courtyards (see :mod:`lighting_planner.core.courtyards`) when it
    has none: first the minor ways inside residential blocks (holding a home of ``homes`` or
    covered by ``landuse=residential``) become courtyard drives, then the courtyards are
    derived (``built``: lon/lat centres of the buildings mapped, for the footway rule; ``outlines``:
    every building outline, for the ``slabs`` rule; the homes are ``project.buildings``). The
    addresses are kept in ``project.metadata["building_addresses"]`` as ``[lon, lat, street,
    house number]`` and on the courtyards. Returns the import statistics to report."""
    addresses = addresses_of(store)
    project.metadata.setdefault("building_addresses", []).extend(
        [round(a.lon, 7), round(a.lat, 7), a.street, a.housenumber] for a in addresses)
    if not project.courtyards:
        residential = list(shapely.from_wkb(residential_wkb)) if residential_wkb else []
        interior = interior_drives(project, residential, homes)
        project.courtyards.extend(derive_courtyards(project, addresses, residential, built, outlines))
        name_located_courtyards(project)
        return {"buildings_with_address": len(addresses), "interior_drives": len(interior),
                **courtyard_summary(project)}
    return {"buildings_with_address": len(addresses), **courtyard_summary(project)}


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def name_located_courtyards(project: Project) -> int:
    """A derived courtyard with no address and no named street around it is named by its location
    («двор в 600 м к югу от ул. Абая»): in Russian when the street's name is Cyrillic (the data's
    language), else in English, with ``name:ru``, ``name:kk`` and ``name:en`` in ``extra``. A
    courtyard's name is data, like a street's: stored once, in the data's language. Returns how
    many were named."""
    from ...i18n.locations import location_text  # the catalogue's words; pure Python, no Qt

    n = 0
    for c in project.courtyards:
        loc = (c.extra or {}).get("location")
        if c.name or not (isinstance(loc, list | tuple) and len(loc) == 2):
            continue
        code, values = loc
        words = {lang: location_text(code, values, lang) for lang in ("ru", "kk", "en")}
        c.name = words["ru"] if _cyrillic(str(values.get("street", ""))) else words["en"]
        c.extra.update({"name:ru": words["ru"], "name:kk": words["kk"], "name:en": words["en"]})
        n += 1
    return n
