"""Which plan the report prints: a named scenario, else the most recent, else a new one."""

from __future__ import annotations

from ..core.audit import AuditResult
from ..core.errors import LightingPlannerError
from ..core.messages import Msg
from ..core.model import Project
from ..core.optimiser import make_plan
from ..core.plan import LATEST_RUN, PlanResult, PlanSettings, Scenario
from ..core.progress import NO_PROGRESS, Progress


def saved_scenario(project: Project, scenario: str | None) -> str | None:
    """The name of the scenario to print: ``scenario`` (which must exist), else the most recently
    saved one holding a computed plan, else None (there is none)."""
    scenarios = project.scenarios or {}
    if scenario is not None:
        if scenario == LATEST_RUN and scenario not in scenarios and project.latest_plan is not None:
            return scenario
        if scenario not in scenarios:
            known = ", ".join(sorted(scenarios)) or "none"
            raise LightingPlannerError(f"the project holds no scenario named {scenario!r} (saved: {known})")
        return scenario
    if project.latest_plan is not None:
        return LATEST_RUN
    for name in reversed(list(scenarios)):
        if scenarios[name].result is not None:
            return name
    return None


def scenario_created(project: Project, name: str | None) -> str | None:
    """The date the scenario was saved with (``YYYY-MM-DD``), when it records one."""
    saved = (project.scenarios or {}).get(name or "")
    return saved.created or None if saved is not None else None


def choose_plan(project: Project, scenario: str | None, audit: AuditResult,
                progress: Progress = NO_PROGRESS) -> tuple[str | None, PlanResult]:
    """(scenario name, plan). With no saved plan one is computed with the project's settings
    and the audit's redirectable total as budget (name None: the caller saves it)."""
    name = saved_scenario(project, scenario)
    if name is not None:
        return name, scenario_plan(project, name)
    return None, compute_plan(project, audit, progress)


def scenario_plan(project: Project, name: str) -> PlanResult:
    """The plan saved in scenario ``name`` (``LATEST_RUN``: the latest plan run)."""
    if name == LATEST_RUN and name not in (project.scenarios or {}) and project.latest_plan is not None:
        return project.latest_plan
    return _result(project.scenarios[name])


def _result(scenario: Scenario) -> PlanResult:
    if scenario.result is None:
        raise LightingPlannerError(f"scenario {scenario.name!r} holds no computed plan; compute it first")
    return scenario.result


def compute_plan(project: Project, audit: AuditResult, progress: Progress = NO_PROGRESS) -> PlanResult:
    """A plan with the project's settings, the budget being the audit's redirectable total."""
    settings = PlanSettings.from_json(project.plan_settings.to_json())
    settings.budget = audit.redirectable_total
    plan = make_plan(project, settings, progress.sub(0.0, 0.9))
    progress.step(0.9, Msg("measuring walking routes and fairness"))
    ensure_measures(project, plan)
    return plan


def ensure_measures(project: Project, plan: PlanResult) -> None:
    """Fill the plan's walking-route and fairness measures (:func:`core.plan_measures.add_measures`)
    when it has none (a plan saved before they existed, or computed without them). Pure reading of
    the data: the same plan always gets the same measures."""
    if plan.walking_access:
        return
    from ..core.plan_measures import add_measures
    add_measures(project, plan)


def add_curve(project: Project, plan: PlanResult, steps: int, time_limit: float = 60.0) -> dict:
    """Solve the plan's settings at ``steps`` budget levels (:func:`core.curve.budget_curve`) and keep
    the curve in the plan (``details["budget_curve"]``), where the printed plan finds it."""
    from ..core.curve import budget_curve
    settings = PlanSettings.from_json(plan.settings.to_json())
    if settings.budget is None:
        settings.budget = plan.budget
    curve = budget_curve(project, settings, steps, plan.objective_kind or "benefit", time_limit)
    plan.details = {**(plan.details or {}), "budget_curve": curve}
    return curve
