"""The reallocation optimiser: which unlit segments to light with the money available.

``make_plan(project, settings)`` builds the street graph, prices and scores every
candidate, solves (see ``docs/optimiser.md``) and returns a complete
:class:`~lighting_planner.core.plan.PlanResult`.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from ..audit import run_audit
from ..errors import InputError
from ..messages import Money, Msg, NMsg, Share
from ..model import Project
from ..parameters import Parameters
from ..plan import DistrictOutcome, PlannedWork, PlanResult, PlanSettings
from ..progress import NO_PROGRESS, Progress
from .candidates import CandidateTable, build_candidates
from .courtyard_works import check_mode, courtyard_of_candidates, courtyard_outcome, work_labels
from .network import build_network, feeder_distances
from .problem import Evaluation, Instance, evaluate, groups_of
from .reasons import carried, reason_text
from .solve import solve_instance

MAX_MONEY = 1e15  # tenge: whole-tenge sums stay exact in floating point well beyond this

__all__ = ["make_plan", "prepare", "solve_prepared", "save_scenario", "PlanSettings", "PlanResult", "Prepared"]


class Prepared:
    """Everything computed before solving: parameters, network, candidates, instance."""

    def __init__(self, project: Project, settings: PlanSettings, params: Parameters, budget: float,
                 candidates: CandidateTable, instance: Instance, message: str):
        self.project = project
        self.settings = settings
        self.params = params
        self.budget = budget
        self.candidates = candidates
        self.instance = instance
        self.message = message  # non-empty when the settings cannot be met at all
        #: per candidate: the courtyard work it belongs to ("" = a work of its own)
        self.courtyard_of: list[str] = [""] * len(candidates)
        #: per candidate: straight-line metres from its nearer end to the nearest energised node
        self.feeder_m = np.zeros(len(candidates))
        #: the project's stored residents' requests matched to the candidates, and their parameters
        #: (core.requests.attach_stored); None when the project has none
        self.requests: tuple[Any, dict[str, float]] | None = None


LOCK_STATES = ("in", "out")


def check_time_limit(value: Any) -> float:
    """A time limit in seconds: a finite number > 0, else a clear error."""
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise InputError("plan settings", "time limit", f"must be a number of seconds, got {value!r}") from None
    if not (t > 0 and math.isfinite(t)):
        raise InputError("plan settings", "time limit", f"must be a finite number of seconds above 0, got {value!r}")
    return t


def check_locks(project: Project) -> dict[str, str]:
    """The project's manual decisions, each checked: a known segment, "in" or "out", and
    "in" only on a segment that is not lit already."""
    locks = dict(project.locks or {})
    for sid, state in locks.items():
        seg = project.segments.get(sid)
        if seg is None:
            raise InputError("project locks", f"segment {sid!r}", "no such segment in the project")
        if state not in LOCK_STATES:
            raise InputError("project locks", f"segment {sid!r}",
                             f"a lock is \"in\" or \"out\", got {state!r}")
        if state == "in" and seg.lit == "yes":
            raise InputError("project locks", f"segment {sid!r}",
                             "locked in, but the segment is lit already: only unlit or unknown segments can be "
                             "chosen")
    return locks


def check_segments(project: Project) -> None:
    """Values the plan depends on that no import should let through."""
    for sid, seg in project.segments.items():
        r = seg.residents
        if r is not None and not (isinstance(r, int | float) and math.isfinite(r) and r >= 0):
            raise InputError("project", f"segment {sid!r}", f"residents must be a number >= 0, got {r!r}")
        length = seg.length_m
        if length is not None and not (math.isfinite(length) and length >= 0):
            raise InputError("project", f"segment {sid!r}", f"length must be a number >= 0, got {length!r}")


def _settings_problem(project: Project, settings: PlanSettings) -> str:
    names = set(project.district_names())
    for label, shares in (("floor", settings.floors), ("cap", settings.caps)):
        for d, v in shares.items():
            if d not in names:
                known = ", ".join(sorted(names)) or "none"
                raise InputError("plan settings", f"{label} {d}", f"no such district (districts: {known})")
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 <= float(v) <= 1.0:
                raise InputError("plan settings", f"{label} {d}", f"must be a share between 0 and 1, got {v!r}")
    total = sum(settings.floors.values())
    if total > 1.0 + 1e-9:
        return Msg("The district floors add up to {total} of the money spent, more than 100%: "
                   "no plan can meet them. Lower some floors.", total=Share(total))
    for d, f in settings.floors.items():
        c = settings.caps.get(d)
        if c is not None and f > c + 1e-12:
            return Msg("The floor of {district} ({floor}) is above its cap ({cap}): no plan can meet both.",
                       district=d, floor=Share(f), cap=Share(c))
    return ""


def prepare(project: Project, settings: PlanSettings, progress: Progress = NO_PROGRESS) -> Prepared:
    """Parameters, budget, street graph, candidates and the exact instance to solve."""
    params = Parameters.from_project(project, settings.parameters)
    message = _settings_problem(project, settings)
    locks = check_locks(project)
    check_segments(project)
    if settings.budget is None:
        budget = run_audit(project).redirectable_total
    else:
        try:
            budget = float(settings.budget)
        except (TypeError, ValueError):
            raise InputError("plan settings", "budget",
                             f"must be an amount of money, got {settings.budget!r}") from None
        if not (budget >= 0 and math.isfinite(budget)):
            raise InputError("plan settings", "budget", f"must be a finite amount >= 0, got {settings.budget!r}")
        if budget > MAX_MONEY:
            raise InputError("plan settings", "budget", f"{budget:,.0f} is beyond any city's budget "
                                                        f"(at most {MAX_MONEY:,.0f})")
    budget = float(math.floor(budget))  # money is whole tenge
    progress.step(0.05, Msg("building the street graph"))
    net = build_network(project, params.snap_tolerance_m)
    progress.step(0.2, Msg("pricing and scoring candidate segments"))
    cands = build_candidates(project, net, params, settings.include_unknown, locks)
    courtyard_of = courtyard_of_candidates(project, list(cands.ids), check_mode(settings.courtyards))
    progress.check()
    districts = list(project.district_names())
    if any(not d for d in cands.district) and "" not in districts:
        districts.append("")
    d_index = {d: i for i, d in enumerate(districts)}
    used, inverse = np.unique(np.r_[cands.u, cands.v], return_inverse=True)
    k = len(cands)
    feeder_m = feeder_distances(net, cands.u, cands.v)
    inst = Instance(
        ids=list(cands.ids),
        cost=np.rint(cands.cost).astype(float),  # whole tenge: money adds up exactly
        feeder_price=np.rint(params.cost_new_feeder + params.cost_feeder_cable_per_m * feeder_m),
        benefit=cands.benefit.astype(float),
        district=np.array([d_index[d] for d in cands.district], dtype=np.int64),
        districts=districts,
        u=inverse[:k].astype(np.int64),
        v=inverse[k:].astype(np.int64),
        energised=net.energised[used] if len(used) else np.zeros(0, dtype=bool),
        feeder_cost=params.cost_new_feeder,
        budget=budget,
        floors={d: float(f) for d, f in settings.floors.items() if f},
        caps={d: float(c) for d, c in settings.caps.items()},
        lock_in=np.array([locks.get(s) == "in" for s in cands.ids], dtype=bool),
        locked_out=sorted(k for k, v in locks.items() if v == "out"),
        works=work_labels(courtyard_of),  # a courtyard as one work (core.optimiser.courtyard_works)
    )
    if not message:
        message = _instance_problem(inst)
    prep = Prepared(project, settings, params, budget, cands, inst, message)
    prep.courtyard_of = courtyard_of
    prep.feeder_m = feeder_m
    if project.requests:  # stored residents' requests weigh on the benefit (core.requests)
        from ..requests import attach_stored
        attach_stored(prep)
    return prep


def _instance_problem(inst: Instance) -> str:
    locked = evaluate(inst, inst.lock_in.copy())
    if inst.lock_in.any() and locked.spent > inst.budget:
        return Msg("The segments locked in cost {spent} with their feeders, more than the budget {budget}. "
                   "Unlock some or raise the budget.", spent=Money(locked.spent), budget=Money(inst.budget))
    return ""


def make_plan(project: Project, settings: PlanSettings | None = None, progress: Progress = NO_PROGRESS,
              **solver_options: Any) -> PlanResult:
    """Choose which unlit segments to light under budget, power and fairness rules
    (``progress``: :mod:`core.progress`; a cancel raises :class:`~core.errors.Cancelled`)."""
    settings = settings or PlanSettings()
    t0 = time.perf_counter()
    if "time_limit" in solver_options:
        check_time_limit(solver_options["time_limit"])
    prep = prepare(project, settings, progress)
    return solve_prepared(prep, progress, t0=t0, **solver_options)


def solve_prepared(prep: Prepared, progress: Progress = NO_PROGRESS, t0: float | None = None,
                   **solver_options: Any) -> PlanResult:
    """Solve what :func:`prepare` built and assemble the plan."""
    t0 = time.perf_counter() if t0 is None else t0
    settings = prep.settings
    inst = prep.instance
    if prep.message:
        return _result(prep, None, status="infeasible", bound=0.0, message=prep.message,
                       seconds=time.perf_counter() - t0)
    progress(0.3, NMsg("solving: {n} candidate", "solving: {n} candidates", inst.n))
    if "time_limit" in solver_options:  # a safety net for the whole plan, preparation included
        limit = check_time_limit(solver_options["time_limit"])
        solver_options["time_limit"] = max(1e-3, limit - (time.perf_counter() - t0))
    out = solve_instance(inst, progress=progress.sub(0.3, 0.95), **solver_options)
    msg = out.message
    status = out.status
    if out.evaluation is None or not out.evaluation.chosen.any():
        cheapest = _cheapest_start(inst)
        if status != "infeasible":
            status = "empty"
        if not msg:
            if inst.n == 0:
                msg = (Msg("There are no candidate segments to light (no unlit segments).")
                       if settings.include_unknown else
                       Msg("There are no candidate segments to light "
                           "(no unlit segments; unknown ones are not allowed)."))
            elif cheapest > inst.budget:
                msg = Msg("The budget {budget} is below the cost of every candidate "
                          "(the cheapest costs {cheapest}). Raise the budget.",
                          budget=Money(inst.budget), cheapest=Money(cheapest))
            else:
                msg = Msg("No plan meets the floors and caps with this budget. Relax the floors or caps.")
    progress(1.0, Msg("plan ready"))
    return _result(prep, out.evaluation, status=status, bound=out.bound, message=msg,
                   seconds=time.perf_counter() - t0, extra=out.details)


def _cheapest_start(inst: Instance) -> float:
    if inst.n == 0:
        return float("inf")
    cost = inst.cost + np.where(inst.grounded(), 0.0, inst.feeder_price)
    return float(cost.min())


def _result(prep: Prepared, ev: Evaluation | None, status: str, bound: float, message: str, seconds: float,
            extra: dict[str, Any] | None = None) -> PlanResult:
    project, inst = prep.project, prep.instance
    chosen = ev.chosen if ev is not None else np.zeros(inst.n, dtype=bool)
    objective = float(inst.benefit[chosen].sum())
    spent = ev.spent if ev is not None else 0.0
    if status == "infeasible" or not bound > 0:
        bound = 0.0
    gap = (bound - objective) / max(abs(bound), 1e-9) if bound > 0 else 0.0
    gap = max(gap, 0.0)
    feeder_of: dict[int, tuple[int, int, float]] = {}  # candidate -> (feeder group number, district, price)
    power_group = groups_of(inst, chosen) if chosen.any() else np.full(inst.n, -1)
    entry_run: dict[int, float] = {}  # the candidate a group's feeder enters at -> metres of its run to the grid
    if ev is not None:
        for g, (members, d, price) in enumerate(ev.feeder_groups):
            for i in members.tolist():
                feeder_of[i] = (g, d, price)
            entry = int(members[np.argmin(np.asarray(inst.feeder_price)[members])])
            entry_run[entry] = float(prep.feeder_m[entry]) if entry < len(prep.feeder_m) else 0.0
    carries = carried(inst, ev) if ev is not None else {}
    selected = []
    for i in np.flatnonzero(chosen):
        c = prep.candidates[int(i)]
        data = dict(c.reason_data)
        fg = feeder_of.get(int(i))
        data["feeder"] = fg is not None
        if fg is not None:
            data["feeder_cost"] = fg[2]
            data["feeder_district"] = inst.districts[fg[1]]
        if int(i) in carries:
            count, examples = carries[int(i)]
            data["connector"] = {"count": count, "segment_ids": [inst.ids[j] for j in examples],
                                 "examples": [_work_name(prep, j) for j in examples]}
        selected.append(PlannedWork(segment_id=c.segment_id, district=c.district, cost=float(inst.cost[i]),
                                    benefit=c.benefit, luminaires=c.luminaires, feeder=fg is not None,
                                    reason=reason_text(data, project.currency), name=c.name, kind=c.kind,
                                    length_m=c.length_m, residents=c.residents, reason_data=data,
                                    power_group=int(power_group[i]),
                                    feeder_group=fg[0] if fg is not None else None,
                                    feeder_cost=fg[2] if fg is not None else 0.0,
                                    feeder_district=inst.districts[fg[1]] if fg is not None else "",
                                    courtyard=prep.courtyard_of[i] if i < len(prep.courtyard_of) else "",
                                    feeder_entry=int(i) in entry_run, feeder_run_m=entry_run.get(int(i), 0.0)))
    selected.sort(key=lambda w: (-w.benefit / max(w.cost, 1e-9), w.segment_id))
    by_district = _by_district(project, prep, chosen, ev)
    covered = {d: o for d, o in by_district.items() if o.total_km > 0}

    def ratio(attr: str) -> float | None:
        vals = [getattr(o, attr) for o in covered.values()]
        if not vals or min(vals) <= 0:
            return None
        return max(vals) / min(vals)

    feeders = len(ev.feeder_groups) if ev is not None else 0
    params = prep.params.to_dict()
    result = PlanResult(settings=prep.settings, budget=inst.budget, spent=spent, objective=objective,
                        bound=float(bound), gap=float(gap), status=status, message=message, currency=project.currency,
                        selected=selected, by_district=by_district, coverage_ratio_before=ratio("coverage_before"),
                        coverage_ratio_after=ratio("coverage_after"), solve_seconds=seconds, parameters=params,
                        feeders=feeders, candidates=inst.n, details=extra or {},
                        courtyards=courtyard_outcome(project, {w.segment_id for w in selected},
                                                     prep.settings.courtyards))
    if prep.requests is not None:  # which stored requests the plan answers (core.requests)
        from ..requests import annotate_result
        result.requests = annotate_result(result, prep, *prep.requests)
    return result


def _work_name(prep: Prepared, i: int) -> str:
    """How a work is called in a reason: its street name, else its kind and segment id."""
    name = prep.candidates.name[i]
    return name if name else f"{prep.candidates.kind[i]} {prep.candidates.ids[i]}"


def _by_district(project: Project, prep: Prepared, chosen: np.ndarray,
                 ev: Evaluation | None) -> dict[str, DistrictOutcome]:
    inst = prep.instance
    out = {d: DistrictOutcome(floor=inst.floors.get(d), cap=inst.caps.get(d)) for d in inst.districts if d}
    for seg in project.segments.values():
        o = out.get(seg.district or "")
        if o is None:
            continue
        km = (seg.length_m or 0.0) / 1000.0
        o.total_km += km
        if seg.lit == "yes":
            o.lit_km_before += km
    for o in out.values():
        o.lit_km_after = o.lit_km_before
    spent_total = ev.spent if ev is not None else 0.0
    if ev is not None:
        for j, d in enumerate(inst.districts):
            if d in out:
                out[d].spent = float(ev.spent_by_district[j])
                out[d].share = out[d].spent / spent_total if spent_total > 0 else 0.0
    for i in np.flatnonzero(chosen):
        c = prep.candidates[int(i)]
        o = out.get(c.district)
        if o is None:
            continue
        o.works += 1
        o.lit_km_after += c.length_m / 1000.0
        o.residents_served += c.residents
    for o in out.values():
        o.coverage_before = o.lit_km_before / o.total_km if o.total_km else 0.0
        o.coverage_after = o.lit_km_after / o.total_km if o.total_km else 0.0
    return out


def save_scenario(project: Project, name: str, result: PlanResult) -> None:
    """Store ``result`` and the settings that made it in ``project.scenarios[name]``."""
    name = (name or "").strip()
    if not name:
        raise InputError("scenario", "", "a scenario needs a name")
    from ..commands import SaveScenario
    SaveScenario(name, result).do(project)
