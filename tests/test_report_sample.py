"""The printed plan for the Almaty sample map (real 2012 OSM streets): figures equal the
plan's and the audit's, attribution and data date on every map page."""

from __future__ import annotations

import re

import pytest
from pdf_text import landscape_pages, raw_page_texts
from pypdf import PdfReader

from conftest import SAMPLE_MAPS
from lighting_planner.core.audit import run_audit
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project
from lighting_planner.i18n import Translator as Tr

SAMPLE = SAMPLE_MAPS / "almaty_sample.gpkg"
#: A QApplication (not only the QGuiApplication the report would make) so widget tests can share the process.
pytestmark = [pytest.mark.usefixtures("qapp")]


@pytest.fixture(scope="module")
def sample_report(sample_reports):
    """The Russian print of ``lighting-planner report`` on the sample (shared by the run, see
    ``conftest.sample_reports``), and a fresh plan on the audit's redirectable total to check it with."""
    project = open_project(SAMPLE)
    path = sample_reports["ru"][0]
    pages = [re.sub(r"-\s+", "-", re.sub(r"\s+", " ", t)) for t in raw_page_texts(path)]
    audit = run_audit(project)
    plan = make_plan(project, PlanSettings(budget=audit.redirectable_total))
    return project, audit, plan, path, pages


def test_sample_report_figures_match_a_fresh_plan_and_the_audit(sample_report):
    project, audit, plan, path, pages = sample_report
    tr = Tr("ru")
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    text = " ".join(pages)
    redirectable = norm(tr.money(audit.redirectable_total))
    assert f"{tr.gettext('of which on streets already lit and working')} {redirectable}" in text
    # the report planned on that total (its assumptions' budget), and what it redirects and lights is the fresh plan's
    assert f"{tr.gettext('Budget')} {redirectable}" in text
    assert f"{tr.gettext('Redirected to new lighting by this plan')} {norm(tr.money(plan.spent))}" in text
    assert f"{tr.gettext('New luminaires')} {norm(tr.num(sum(w.luminaires for w in plan.selected)))}" in text
    assert f"{tr.gettext('Optimality gap')} {norm(tr.pct(plan.gap, 3))}" in text
    m = len(PdfReader(str(path)).pages)
    assert m == len(pages) and tr.gettext("Page {n} of {m}", n=m, m=m) in pages[-1]


def test_sample_maps_carry_attribution_and_data_date(sample_report):
    _project, _audit, plan, path, pages = sample_report
    maps = [t for t, landscape in zip(pages, landscape_pages(path)) if landscape]
    assert len(maps) == 1 + len({w.district for w in plan.selected})  # the overview and one per district
    for text in maps:
        assert "© участники OpenStreetMap, CC BY-SA 2.0" in text  # the attribution in the report language
        assert "2012-03-13" in text
