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
from lighting_planner.report import render_pdf

SAMPLE = SAMPLE_MAPS / "almaty_sample.gpkg"
#: A QApplication (not only the QGuiApplication the report would make) so widget tests can share the process.
pytestmark = [pytest.mark.usefixtures("qapp")]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    project = open_project(SAMPLE)
    path = tmp_path_factory.mktemp("sample") / "almaty_ru.pdf"
    report = render_pdf(project, path, lang="ru", date="2026-11-26")
    pages = [re.sub(r"-\s+", "-", re.sub(r"\s+", " ", t)) for t in raw_page_texts(path)]
    return project, report, path, pages


def test_sample_report_figures_match_a_fresh_plan_and_the_audit(sample_report):
    project, report, path, pages = sample_report
    audit = run_audit(project)
    plan = make_plan(project, PlanSettings(budget=audit.redirectable_total))
    assert report.plan.budget == pytest.approx(audit.redirectable_total)
    assert report.plan.spent == pytest.approx(plan.spent)
    tr = Tr("ru")
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    text = " ".join(pages)
    redirectable = norm(tr.money(audit.redirectable_total))
    assert f"{tr.gettext('of which on streets already lit and working')} {redirectable}" in text
    assert f"{tr.gettext('Redirected to new lighting by this plan')} {norm(tr.money(plan.spent))}" in text
    assert f"{tr.gettext('New luminaires')} {norm(tr.num(sum(w.luminaires for w in plan.selected)))}" in text
    assert f"{tr.gettext('Optimality gap')} {norm(tr.pct(plan.gap, 3))}" in text
    assert len(PdfReader(str(path)).pages) == report.page_count == len(pages)


def test_sample_maps_carry_attribution_and_data_date(sample_report):
    project, report, path, pages = sample_report
    maps = [t for t, landscape in zip(pages, landscape_pages(path)) if landscape]
    assert len(maps) == 1 + len({w.district for w in report.plan.selected})
    for text in maps:
        assert "© участники OpenStreetMap, CC BY-SA 2.0" in text  # the attribution in the report language
        assert "2012-03-13" in text
