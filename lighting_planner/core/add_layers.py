"""Adding imported map layers to an open project as one undoable command (no Qt).

:class:`AddLayers` takes a project read from other files (``load_inputs``) and merges it
into the open one: new street segments, facilities, districts, courtyards, buildings, poles and
budget lines are added; an object whose id (a district: its name) is already in the
project is left as the project has it and counted, so the user sees what was skipped.
Added segments without a district get the district (of the project or the import) holding
most of their length. :meth:`AddLayers.undo` removes exactly what was added.

The command works out what to add on its first :meth:`~AddLayers.do` and keeps that, so a
redo adds the very same objects again.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .commands import Change, Command
from .messages import NMsg
from .model import Project

#: Keys of :attr:`AddLayers.counts` / :attr:`AddLayers.skipped`, in the order they are reported.
KINDS = ("segments", "facilities", "districts", "courtyards", "buildings", "poles", "budget_lines")


@dataclass
class LayerAdditions:
    """What one :class:`AddLayers` adds, worked out once."""

    segments: list[Any] = field(default_factory=list)
    facilities: list[Any] = field(default_factory=list)
    districts: list[Any] = field(default_factory=list)
    courtyards: list[Any] = field(default_factory=list)
    buildings: list[Any] = field(default_factory=list)
    poles: list[Any] = field(default_factory=list)
    budget_lines: list[Any] = field(default_factory=list)
    #: segment id -> district given to an added segment that had none
    districts_given: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # kind -> ids already in the project


def _by_id(items: list[Any], existing: set[str], key: str = "id") -> tuple[list[Any], list[str]]:
    added, skipped = [], []
    seen = set(existing)
    for item in items:
        ident = str(getattr(item, key))
        if ident in seen:
            skipped.append(ident)
        else:
            seen.add(ident)
            added.append(item)
    return added, skipped


def plan_additions(project: Project, imported: Project) -> LayerAdditions:
    """What adding ``imported`` to ``project`` would add and skip (neither project is changed)."""
    out = LayerAdditions()
    segs, out.skipped["segments"] = _by_id(list(imported.segments.values()), set(project.segments))
    out.segments = [copy.copy(s) for s in segs]
    out.facilities, out.skipped["facilities"] = _by_id(imported.facilities, {f.id for f in project.facilities})
    out.districts, out.skipped["districts"] = _by_id(imported.districts, {d.name for d in project.districts}, "name")
    out.courtyards, out.skipped["courtyards"] = _by_id(imported.courtyards, {c.id for c in project.courtyards})
    out.buildings, out.skipped["buildings"] = _by_id(imported.buildings, {b.id for b in project.buildings})
    out.poles, out.skipped["poles"] = _by_id(imported.poles, {p.id for p in project.poles})
    out.budget_lines, out.skipped["budget_lines"] = _by_id(
        imported.budget_lines, {b.item_id for b in project.budget_lines}, "item_id")
    missing = [s for s in out.segments if not s.district]
    if missing:
        from .io.features import assign_districts  # shapely work only when needed
        probe = Project(segments={s.id: copy.copy(s) for s in missing},
                        districts=list(project.districts) + list(out.districts),
                        metric_epsg=project.metric_epsg or imported.metric_epsg)
        assign_districts(probe)
        out.districts_given = {sid: s.district for sid, s in probe.segments.items() if s.district}
    return out


@dataclass
class AddLayers(Command):
    """Add the layers of ``imported`` (a project read from other files) to the project."""

    imported: Project
    source: str = ""  # the files' names, for the undo text
    #: an import preset to keep in the project with the layers: (name, preset)
    preset: tuple[str, dict[str, Any]] | None = None
    additions: LayerAdditions | None = field(default=None, repr=False)
    _presets_before: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        n = len(self.imported.segments)
        self.text = NMsg("Add {n} street segment from {source}", "Add {n} street segments from {source}", n,
                         source=self.source or "an import")

    def do(self, project: Project) -> Change:
        if self.additions is None:
            self.additions = plan_additions(project, self.imported)
        a = self.additions
        for s in a.segments:
            if s.id in a.districts_given:
                s.district = a.districts_given[s.id]
            project.segments[s.id] = s
        project.facilities.extend(a.facilities)
        project.districts.extend(a.districts)
        project.courtyards.extend(a.courtyards)
        project.buildings.extend(a.buildings)
        project.poles.extend(a.poles)
        project.budget_lines.extend(a.budget_lines)
        if not project.metric_epsg:
            project.metric_epsg = self.imported.metric_epsg
        if self.preset is not None:
            from .io.field_mapping import PRESETS_KEY, save_preset
            self._presets_before = copy.deepcopy(project.metadata.get(PRESETS_KEY))
            save_preset(project.metadata, *self.preset)
        return Change(frozenset(s.id for s in a.segments), frozenset({"layers", "survey"}))

    def undo(self, project: Project) -> Change:
        a = self.additions
        assert a is not None
        for s in a.segments:
            project.segments.pop(s.id, None)
        for name, added in (("facilities", a.facilities), ("districts", a.districts),
                            ("courtyards", a.courtyards), ("buildings", a.buildings),
                            ("poles", a.poles), ("budget_lines", a.budget_lines)):
            ids = {id(x) for x in added}
            setattr(project, name, [x for x in getattr(project, name) if id(x) not in ids])
        if self.preset is not None:
            from .io.field_mapping import PRESETS_KEY
            if self._presets_before is None:
                project.metadata.pop(PRESETS_KEY, None)
            else:
                project.metadata[PRESETS_KEY] = copy.deepcopy(self._presets_before)
        return Change(frozenset(s.id for s in a.segments), frozenset({"layers", "survey"}))

    @property
    def counts(self) -> dict[str, int]:
        """How many objects of each kind were added (after :meth:`do`)."""
        a = self.additions
        return {k: len(getattr(a, k)) for k in KINDS} if a is not None else {}

    @property
    def skipped(self) -> dict[str, list[str]]:
        """Ids of each kind that were already in the project and so not added (after :meth:`do`)."""
        return dict(self.additions.skipped) if self.additions is not None else {}
