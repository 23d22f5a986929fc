"""Undoable edits of a project as command objects (no Qt).

Every command changes the project in :meth:`Command.do` and restores it in
:meth:`Command.undo`; both return a :class:`Change` naming the segments and the
aspects touched (``survey``, ``locks``, ``parameters``, ``plan_settings``, ``plan``,
``scenarios``; ``layers`` when objects were added or removed, see :mod:`.add_layers`) so
that each view redraws only what concerns it. The plan state (its settings, the latest plan
run, the saved scenarios) changes through the same commands and so lives in the same undo
history as the survey edits. :class:`UndoHistory` keeps a linear undo/redo list for headless
use; the desktop app wraps the same commands in a ``QUndoStack``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .messages import Code, Msg, NMsg
from .model import CONDITIONS, LAMPS, LIT_VALUES, Project, plan_inputs_key
from .plan import PlanResult, PlanSettings, Scenario

ASPECTS = ("survey", "locks", "parameters", "plan_settings", "plan", "scenarios", "layers")
LOCK_STATES = ("in", "out")
_MISSING = object()


@dataclass(frozen=True)
class Change:
    """What an edit touched: segment ids and aspects (a subset of :data:`ASPECTS`)."""

    segment_ids: frozenset[str] = frozenset()
    aspects: frozenset[str] = frozenset()

    def __or__(self, other: Change) -> Change:
        return Change(self.segment_ids | other.segment_ids, self.aspects | other.aspects)


class Command:
    """Base class: a reversible edit with a short English label."""

    text: str = ""

    def do(self, project: Project) -> Change:  # pragma: no cover - interface
        raise NotImplementedError

    def undo(self, project: Project) -> Change:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class SetSurvey(Command):
    """Correct the survey of one or more segments: lit, lamp and/or condition."""

    segment_ids: tuple[str, ...]
    lit: str | None = None
    lamp: str | None = None
    condition: str | None = None
    _before: dict[str, tuple[str, str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.segment_ids, str):
            self.segment_ids = (self.segment_ids,)
        self.segment_ids = tuple(dict.fromkeys(self.segment_ids))  # each once, order kept
        for name, value, allowed in (("lit", self.lit, LIT_VALUES), ("lamp", self.lamp, LAMPS),
                                     ("condition", self.condition, CONDITIONS)):
            if value is not None and value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
        n = len(self.segment_ids)
        self.text = (Msg("Record the survey of {segment}", segment=self.segment_ids[0]) if n == 1 else
                     NMsg("Record the survey of {n} segment", "Record the survey of {n} segments", n))

    def do(self, project: Project) -> Change:
        self._before = {}
        for sid in self.segment_ids:
            seg = project.segments[sid]  # KeyError: an id not in the project is a programming error
            self._before[sid] = (seg.lit, seg.lamp, seg.condition)
            if self.lit is not None:
                seg.lit = self.lit
                if self.lit == "no" and self.lamp is None:
                    seg.lamp = "none"
            if self.lamp is not None:
                seg.lamp = self.lamp
            if self.condition is not None:
                seg.condition = self.condition
        return Change(frozenset(self.segment_ids), frozenset({"survey"}))

    def undo(self, project: Project) -> Change:
        for sid, (lit, lamp, condition) in self._before.items():
            seg = project.segments[sid]
            seg.lit, seg.lamp, seg.condition = lit, lamp, condition
        return Change(frozenset(self.segment_ids), frozenset({"survey"}))


#: The lock undo texts, spelled out so the catalogue extracts them (``SetLock`` picks one).
_LOCK_TEXTS = (Msg("Lock in {segment}", segment=""), Msg("Lock out {segment}", segment=""),
               Msg("Unlock {segment}", segment=""), NMsg("Lock in {n} segment", "Lock in {n} segments", 2),
               NMsg("Lock out {n} segment", "Lock out {n} segments", 2),
               NMsg("Unlock {n} segment", "Unlock {n} segments", 2))


@dataclass
class SetLock(Command):
    """Lock segments into the plan (``"in"``), out of it (``"out"``), or release them (None)."""

    segment_ids: tuple[str, ...]
    state: str | None
    _before: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.segment_ids, str):
            self.segment_ids = (self.segment_ids,)
        self.segment_ids = tuple(dict.fromkeys(self.segment_ids))  # each once, order kept
        if self.state is not None and self.state not in LOCK_STATES:
            raise ValueError(f"lock state must be 'in', 'out' or None, not {self.state!r}")
        n = len(self.segment_ids)
        one = {"in": "Lock in {segment}", "out": "Lock out {segment}", None: "Unlock {segment}"}
        many = {"in": ("Lock in {n} segment", "Lock in {n} segments"),
                "out": ("Lock out {n} segment", "Lock out {n} segments"),
                None: ("Unlock {n} segment", "Unlock {n} segments")}
        self.text = Msg(one[self.state], segment=self.segment_ids[0]) if n == 1 else NMsg(*many[self.state], n)


    def do(self, project: Project) -> Change:
        self._before = {}
        for sid in self.segment_ids:
            if sid not in project.segments:
                raise KeyError(sid)
            self._before[sid] = project.locks.get(sid)
            if self.state is None:
                project.locks.pop(sid, None)
            else:
                project.locks[sid] = self.state
        return Change(frozenset(self.segment_ids), frozenset({"locks"}))

    def undo(self, project: Project) -> Change:
        for sid, state in self._before.items():
            if state is None:
                project.locks.pop(sid, None)
            else:
                project.locks[sid] = state
        return Change(frozenset(self.segment_ids), frozenset({"locks"}))


@dataclass
class SetParameter(Command):
    """Set one planning parameter (``value`` None removes it, i.e. back to the default)."""

    key: str
    value: Any
    _before: Any = field(default=_MISSING, repr=False)

    def __post_init__(self) -> None:
        parameter = Code("parameter", self.key)
        self.text = (Msg("Set {parameter} to {value}", parameter=parameter, value=self.value) if self.value is not None
                     else Msg("Reset {parameter} to its default", parameter=parameter))

    def do(self, project: Project) -> Change:
        self._before = project.parameters.get(self.key, _MISSING)
        if self.value is None:
            project.parameters.pop(self.key, None)
        else:
            project.parameters[self.key] = self.value
        return Change(frozenset(), frozenset({"parameters"}))

    def undo(self, project: Project) -> Change:
        if self._before is _MISSING:
            project.parameters.pop(self.key, None)
        else:
            project.parameters[self.key] = self._before
        return Change(frozenset(), frozenset({"parameters"}))


def _settings_copy(settings: PlanSettings) -> PlanSettings:
    return PlanSettings.from_json(settings.to_json())


@dataclass
class SetPlanSettings(Command):
    """Set the plan settings: budget (None = the redirectable total), floors, caps, include-unknown."""

    settings: PlanSettings
    _before: PlanSettings | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.settings = _settings_copy(self.settings)
        for name, shares in (("floor", self.settings.floors), ("cap", self.settings.caps)):
            for district, share in shares.items():
                if not 0.0 <= float(share) <= 1.0:
                    raise ValueError(f"the {name} of {district} must be a share between 0 and 1, not {share!r}")
        if self.settings.budget is not None and self.settings.budget < 0:
            raise ValueError(f"the budget cannot be negative ({self.settings.budget!r})")
        self.text = "Change the plan settings"

    def do(self, project: Project) -> Change:
        self._before = project.plan_settings
        project.plan_settings = _settings_copy(self.settings)
        return Change(frozenset(), frozenset({"plan_settings"}))

    def undo(self, project: Project) -> Change:
        project.plan_settings = self._before if self._before is not None else PlanSettings()
        return Change(frozenset(), frozenset({"plan_settings"}))


@dataclass
class SetPlan(Command):
    """Make ``result`` the latest plan. ``inputs`` is :func:`~.model.plan_inputs_key` of the project
    the plan was computed from (taken when the run started); by default the project's now."""

    result: PlanResult | None
    inputs: str | None = None
    _before: tuple[PlanResult | None, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = "Run the plan" if self.result is not None else "Clear the plan"

    def do(self, project: Project) -> Change:
        self._before = (project.latest_plan, project.latest_plan_inputs)
        if self.inputs is None:
            self.inputs = plan_inputs_key(project)
        project.latest_plan = self.result
        project.latest_plan_inputs = self.inputs if self.result is not None else ""
        return Change(frozenset(), frozenset({"plan"}))

    def undo(self, project: Project) -> Change:
        assert self._before is not None
        project.latest_plan, project.latest_plan_inputs = self._before
        return Change(frozenset(), frozenset({"plan"}))


def _scenario_name(name: str) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise ValueError("a scenario needs a name")
    return name


@dataclass
class SaveScenario(Command):
    """Keep ``result`` (default: the latest plan) under ``name``, replacing a scenario of that name."""

    name: str
    result: PlanResult | None = None
    _before: Scenario | None = field(default=None, repr=False)
    _position: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        self.name = _scenario_name(self.name)
        self.text = f"Save scenario {self.name}"

    def do(self, project: Project) -> Change:
        result = self.result if self.result is not None else project.latest_plan
        if result is None:
            raise ValueError("there is no plan to save as a scenario")
        inputs = project.latest_plan_inputs if result is project.latest_plan else ""
        self.result = result
        self._before = project.scenarios.get(self.name)
        self._position = list(project.scenarios).index(self.name) if self._before is not None else -1
        project.scenarios[self.name] = Scenario(self.name, _settings_copy(result.settings), result, inputs)
        return Change(frozenset(), frozenset({"scenarios"}))

    def undo(self, project: Project) -> Change:
        project.scenarios.pop(self.name, None)
        if self._before is not None:
            _insert(project, self._position, self._before)
        return Change(frozenset(), frozenset({"scenarios"}))


def _insert(project: Project, position: int, scenario: Scenario) -> None:
    items = list(project.scenarios.items())
    items.insert(position if position >= 0 else len(items), (scenario.name, scenario))
    project.scenarios = dict(items)


@dataclass
class RenameScenario(Command):
    """Give a saved scenario another name (its place in the list is kept)."""

    old: str
    new: str

    def __post_init__(self) -> None:
        self.new = _scenario_name(self.new)
        self.text = f"Rename scenario {self.old} to {self.new}"

    def do(self, project: Project) -> Change:
        if self.old not in project.scenarios:
            raise KeyError(self.old)
        if self.new != self.old and self.new in project.scenarios:
            raise ValueError(f"a scenario named {self.new!r} exists already")
        project.scenarios = {(self.new if k == self.old else k): (
            Scenario(self.new, v.settings, v.result, v.inputs) if k == self.old else v)
            for k, v in project.scenarios.items()}
        return Change(frozenset(), frozenset({"scenarios"}))

    def undo(self, project: Project) -> Change:
        project.scenarios = {(self.old if k == self.new else k): (
            Scenario(self.old, v.settings, v.result, v.inputs) if k == self.new else v)
            for k, v in project.scenarios.items()}
        return Change(frozenset(), frozenset({"scenarios"}))


@dataclass
class DeleteScenario(Command):
    """Remove a saved scenario."""

    name: str
    _before: Scenario | None = field(default=None, repr=False)
    _position: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        self.text = f"Delete scenario {self.name}"

    def do(self, project: Project) -> Change:
        if self.name not in project.scenarios:
            raise KeyError(self.name)
        self._position = list(project.scenarios).index(self.name)
        self._before = project.scenarios.pop(self.name)
        return Change(frozenset(), frozenset({"scenarios"}))

    def undo(self, project: Project) -> Change:
        assert self._before is not None
        _insert(project, self._position, self._before)
        return Change(frozenset(), frozenset({"scenarios"}))


class UndoHistory:
    """A linear undo/redo list over one project (headless twin of ``QUndoStack``)."""

    def __init__(self, project: Project):
        self.project = project
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_index: int | None = 0

    def push(self, command: Command) -> Change:
        """Do ``command`` and remember it; clears the redo list."""
        change = command.do(self.project)
        self._done.append(command)
        if self._clean_index is not None and self._clean_index > len(self._done) - 1:
            self._clean_index = None  # the saved state can no longer be reached by redo
        self._undone.clear()
        return change

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> Change:
        command = self._done.pop()
        self._undone.append(command)
        return command.undo(self.project)

    def redo(self) -> Change:
        command = self._undone.pop()
        self._done.append(command)
        return command.do(self.project)

    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""


    def set_clean(self) -> None:
        """Mark the current state as saved."""
        self._clean_index = len(self._done)

    def is_clean(self) -> bool:
        return self._clean_index == len(self._done)
