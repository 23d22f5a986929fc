"""Field and value mappings: which source column is which of our fields, and how its values read.

A street layer or a pole inventory keeps the city's own column names (``SRC_ID``,
``LIGHTTYPE_DESC``, «Тип светильника») and vocabularies (``kind: 1 / 2``). A
:class:`FieldMapping` says ``ours = theirs`` for each field and, per field, which
source value means which of ours. The text forms are the CLI's::

    --fields "id=SRC_ID,name=SRC_NAME,kind=TYPE"
    --values "kind:1=street,2=courtyard;lit:Y=yes,N=no"

Columns are matched case-insensitively. A field that is not mapped is taken from a
column of the same name when the source has one. Mappings are plain JSON-able dicts,
so they can be saved as named presets in a project (:func:`save_preset`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..messages import N_, Msg, PMsg

#: Our fields of a street segment, and of a pole (``lon|x`` and ``lat|y`` are alternatives).
SEGMENT_TARGETS = ("id", "name", "kind", "district", "lit", "lamp", "lamps", "watts", "condition", "residents")
POLE_TARGETS = ("id", "lon", "lat", "x", "y", "lamp", "watts", "count", "condition", "height", "status", "street")
PRESETS_KEY = "import_presets"

MESSAGES = {
    "bad_pair": N_("{option}: {item!r} is not of the form ours=theirs"),
    "unknown_target": N_("{option}: {target!r} is not one of our fields ({allowed})"),
    "twice": N_("{option}: {target!r} is mapped twice"),
    "bad_values": N_("{option}: {item!r} is not of the form field:source=ours,source=ours"),
    "missing_column": N_("the mapping names column {column!r} for {target!r}, but the file has no such column "
                      "(columns: {columns})"),
    "no_preset": N_("no import preset named {name!r} in the project (presets: {names})"),
}


def _split_pairs(text: str, option: str, allowed: Sequence[str]) -> dict[str, str]:
    """``ours=theirs`` pairs; a comma only separates pairs when one of our names and ``=``
    follow it, so source columns may hold commas ("Мощность, Вт")."""
    out: dict[str, str] = {}
    sep_re = re.compile(r",(?=\s*(?:" + "|".join(map(re.escape, allowed)) + r")\s*=)", re.IGNORECASE)
    for item in (p.strip() for p in sep_re.split(text)):
        if not item:
            continue
        ours, sep, theirs = item.partition("=")
        ours, theirs = ours.strip().lower(), theirs.strip()
        if not sep or not ours or not theirs:
            raise InputError(option, "", Msg(MESSAGES["bad_pair"], option=option, item=item))
        if ours not in allowed:
            raise InputError(option, "", Msg(MESSAGES["unknown_target"],
                option=option, target=ours, allowed=", ".join(allowed)))
        if ours in out:
            raise InputError(option, "", Msg(MESSAGES["twice"], option=option, target=ours))
        out[ours] = theirs
    return out


def value_key(value: Any) -> str:
    """The text a source value is looked up by: integral floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


@dataclass
class FieldMapping:
    """``fields``: our field -> source column; ``values``: our field -> {source value: ours}."""

    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, fields: str | None, values: str | None = None, targets: Sequence[str] = SEGMENT_TARGETS,
              option: str = "--fields") -> FieldMapping:
        """Parse the CLI text forms (either may be None or empty)."""
        mapping = cls(_split_pairs(fields or "", option, targets), {})
        values_option = option.replace("fields", "values")
        for group in (g.strip() for g in (values or "").split(";")):
            if not group:
                continue
            target, sep, pairs = group.partition(":")
            target = target.strip().lower()
            if not sep or target not in targets:
                raise InputError(values_option, "", Msg(MESSAGES["bad_values"], option=values_option, item=group))
            table: dict[str, str] = {}
            for item in (p.strip() for p in pairs.split(",")):
                if not item:
                    continue
                src, sep2, ours = item.partition("=")
                if not sep2:
                    raise InputError(values_option, "", Msg(MESSAGES["bad_values"], option=values_option, item=group))
                table[src.strip().casefold()] = ours.strip()
            mapping.values[target] = table
        return mapping

    def to_dict(self) -> dict[str, Any]:
        return {"fields": dict(self.fields), "values": {k: dict(v) for k, v in self.values.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FieldMapping:
        data = data or {}
        return cls(dict(data.get("fields") or {}), {k: dict(v) for k, v in (data.get("values") or {}).items()})

    def resolve(self, columns: Sequence[str], file: str, targets: Sequence[str]) -> dict[str, str]:
        """Our field -> the actual source column name, for the columns a file has.

        A mapped column the file lacks is an :class:`InputError`; unmapped fields are
        taken from a same-named column when there is one.
        """
        by_fold = {c.casefold(): c for c in columns}
        out: dict[str, str] = {}
        for target, column in self.fields.items():
            actual = by_fold.get(column.casefold())
            if actual is None:
                raise InputError(file, "", Msg(MESSAGES["missing_column"],
                    column=column, target=target, columns=", ".join(columns) or "none"))
            out[target] = actual
        used = set(out.values())
        for target in targets:
            if target not in out and target in by_fold and by_fold[target] not in used:
                out[target] = by_fold[target]
        return out

    def translate(self, target: str, value: Any) -> Any:
        """A source value through the value mapping of ``target`` (unchanged when not listed)."""
        table = self.values.get(target)
        if not table or value is None:
            return value
        return table.get(value_key(value).casefold(), value)


def save_preset(metadata: dict[str, Any], name: str, preset: dict[str, Any]) -> None:
    """Store a named import preset (mappings and options, JSON-able) in project metadata."""
    metadata.setdefault(PRESETS_KEY, {})[name] = preset


def load_preset(metadata: dict[str, Any], name: str, file: str) -> dict[str, Any]:
    presets = metadata.get(PRESETS_KEY) or {}
    if name not in presets:
        raise InputError(file, "", Msg(MESSAGES["no_preset"], name=name,
                                       names=", ".join(sorted(presets)) or PMsg("presets", "none")))
    return presets[name]
