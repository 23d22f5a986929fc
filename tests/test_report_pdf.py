"""The printed plan as a PDF: pages, figures equal to the plan's and the audit's, real text."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from cli_runner import run_cli
from pdf_text import raw_page_texts
from pypdf import PdfReader
from report_plan import greedy_plan

from conftest import ROOT
from lighting_planner.core.audit import run_audit
from lighting_planner.core.errors import Cancelled, LightingPlannerError
from lighting_planner.core.progress import Progress
from lighting_planner.core.project_store import save_project
from lighting_planner.i18n import Translator as Tr
from lighting_planner.i18n.words import word
from lighting_planner.report import render_pdf

#: A QApplication (not only the QGuiApplication the report would make) so widget tests can share the process.
pytestmark = pytest.mark.usefixtures("qapp")


KAZAKH_LETTERS = "әғқңөұүһі"
TRICKY_NAME = "<b>x</b> & <i>Әғқңөұүһі</i> көшесі"
PLAN = "Plan 2026 test"


def _text(path) -> list[str]:
    """Text of each page with runs of whitespace (also non-breaking) made single spaces.

    pypdf guesses a space where a word changes script ("LED-" then "ге"); it is dropped after hyphens.
    """
    return [re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)) for text in raw_page_texts(path)]


@pytest.fixture(scope="module")
def project_with_plan(small_city):
    import copy
    city = copy.deepcopy(small_city)
    plan = greedy_plan(city)
    # A work whose street name is markup and carries every Kazakh letter.
    first = plan.selected[0]
    city.segments[first.segment_id].name = TRICKY_NAME
    first.name = TRICKY_NAME
    from lighting_planner.core.plan import PlanSettings, Scenario
    city.scenarios["old"] = Scenario("old", PlanSettings(), greedy_plan(city, budget=5_000_000))
    city.scenarios[PLAN] = Scenario(PLAN, plan.settings, plan)
    return city, plan


@pytest.fixture(scope="module")
def pdfs(project_with_plan, tmp_path_factory):
    city, _plan = project_with_plan
    out = {}
    for lang in ("en", "ru", "kk"):
        path = tmp_path_factory.mktemp("pdf") / f"plan_{lang}.pdf"
        # with --full-lists: the appendix lists every work (the default body summarises them by district)
        report = render_pdf(city, path, lang=lang, date="2026-11-26", prepared_by="A. Engineer", full_lists=True)
        out[lang] = (path, report, _text(path))
    return out


def test_the_default_body_summarises_works_by_district_with_their_map_sheets(project_with_plan, tmp_path):
    city, plan = project_with_plan
    tr = Tr("ru")
    report = render_pdf(city, tmp_path / "body.pdf", lang="ru", date="2026-11-26")
    text = " ".join(_text(tmp_path / "body.pdf"))
    assert tr.gettext("Works in {district}", district="").strip() not in text  # no list without --full-lists
    from lighting_planner.core.map_sheets import plan_works
    count = sum(len(items) for items in plan_works(city, plan).values())
    # Compared without spaces: the PDF's text layer puts one between runs of another script ("( XLSX)").
    assert re.sub(r"\s+", "", tr.ngettext(
        "The {count} work is listed in the appendix of the report's full version and in the "
        "work list (XLSX); the maps number it by district.",
        "The {count} works are listed one by one in the appendix of the report's full version and in the work "
        "list (XLSX); the maps number them by district.", count, count=tr.num(count))) in re.sub(r"\s+", "", text)
    from lighting_planner.core.map_sheets import map_sheets
    sheets = map_sheets(city, plan)
    n_works = sum(len(s.labels) for s in sheets.sheets)
    assert n_works == count
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    assert f"{tr.gettext('Total')} {norm(tr.num(n_works))}" in text  # the summary's total row
    landscape = sum(p.landscape for p in report.pages)
    assert landscape == 1 + len(sheets.sheets)  # the overview and one page per map sheet


def test_walking_access_and_fairness_are_printed_from_the_plans_measures(project_with_plan, pdfs):
    from lighting_planner.core.walking import ROUTE_TYPES
    _city, plan = project_with_plan
    for lang in ("ru", "kk"):
        tr = Tr(lang)
        _path, report, pages = pdfs[lang]
        text = re.sub(r"\s+", " ", " ".join(pages))
        assert tr.gettext("Walking access, fairness and residents' requests") in text
        access = report.plan.walking_access
        assert set(access) == set(ROUTE_TYPES)
        for t, a in access.items():
            assert re.sub(r"\s+", " ", f"{tr.num(a['residents_in_reach'])} {tr.num(a['residents_before'])} "
                                      f"{tr.pct(a['before'])}") in text, t
        fair = report.plan.fairness
        assert re.sub(r"\s+", " ", f"{tr.num(fair['gini_before'], 3)} → {tr.num(fair['gini_after'], 3)}") in text


def test_page_count_and_orientation(pdfs, project_with_plan):
    _city, plan = project_with_plan
    path, report, _pages = pdfs["en"]
    reader = PdfReader(str(path))
    assert len(reader.pages) == report.page_count
    landscape = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    districts_with_works = len({w.district for w in plan.selected})
    assert sum(landscape) == 1 + districts_with_works  # overview + one map per district with works
    for page in reader.pages:
        w, h = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert (w, h) == pytest.approx((595.28, 841.89), abs=1.0)  # A4
    assert not landscape[0] and not landscape[-1]


def test_every_page_has_page_n_of_m_and_the_footer(pdfs):
    for lang, (_path, _report, pages) in pdfs.items():
        tr = Tr(lang)
        m = len(pages)
        for n, text in enumerate(pages, start=1):
            assert tr.gettext("Page {n} of {m}", n=n, m=m) in text, (lang, n)
            assert f"{PLAN} \u2014 2026-11-26" in text, (lang, n)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_key_figures_equal_the_plans_and_the_audits(pdfs, project_with_plan, lang):
    city, plan = project_with_plan
    _path, report, pages = pdfs[lang]
    tr = Tr(lang)
    audit = run_audit(city)
    summary = next(t for t in pages if tr.gettext("Executive summary") in t
                   and tr.gettext("LED-retrofit budget") in t)
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    retrofit = sum(ln.cost for ln in audit.lines if ln.programme == "led_retrofit")
    assert f"{tr.gettext('LED-retrofit budget')} {norm(tr.money(retrofit))}" in summary
    redirectable = norm(tr.money(audit.redirectable_total))
    assert f"{tr.gettext('of which on streets already lit and working')} {redirectable}" in summary
    assert f"{tr.gettext('Redirected to new lighting by this plan')} {norm(tr.money(plan.spent))}" in summary
    assert f"{tr.gettext('New luminaires')} {norm(tr.num(sum(w.luminaires for w in plan.selected)))}" in summary
    assert f"{tr.gettext('Residents newly served')} {norm(tr.num(sum(w.residents for w in plan.selected)))}" in summary
    km = sum(w.length_m for w in plan.selected) / 1000
    assert f"{tr.gettext('Length newly lit, km')} {norm(tr.num(km, 2))}" in summary
    # District table: money before and after, coverage before and after, for every district.
    table = " ".join(t for t in pages if tr.gettext("Districts: money and lit coverage before and after") in t)
    for name, d in plan.by_district.items():
        before = audit.by_district[name]["total"]
        after = before - audit.by_district[name]["redirectable"] + d.spent
        share = norm(tr.pct(d.spent / plan.spent))
        row = (f"{name} {norm(tr.num(before))} {norm(tr.num(after))} {share} {norm(tr.pct(d.coverage_before))} "
               f"{norm(tr.pct(d.coverage_after))} ")
        assert row in table, row
    # Assumptions: the optimality gap as the plan states it.
    assert f"{tr.gettext('Optimality gap')} {norm(tr.pct(plan.gap, 3))}" in " ".join(pages)


def test_every_work_is_listed_once_per_language(pdfs, project_with_plan):
    _city, plan = project_with_plan
    for _lang, (_path, report, pages) in pdfs.items():
        text = " ".join(pages)
        ids_in_order = [w.name for w in plan.selected if w.name != TRICKY_NAME]
        for name in ids_in_order:
            assert name in text
        assert report.figures.works == len(plan.selected)


def test_markup_in_names_prints_literally(pdfs):
    for _lang, (_path, _report, pages) in pdfs.items():
        text = " ".join(pages)
        assert "<b>x</b> & <i>" in text


def test_kazakh_report_has_real_kazakh_text(pdfs):
    _path, _report, pages = pdfs["kk"]
    text = " ".join(pages)
    assert "Көше жарықтандыруы қаражатын қайта бөлу жоспары" in text
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter


def test_the_bundled_font_is_embedded(pdfs):
    path, _report, _pages = pdfs["ru"]
    fonts = set()
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_the_most_recent_scenario_is_printed_unless_one_is_named(pdfs, project_with_plan, tmp_path):
    city, plan = project_with_plan
    _path, report, _pages = pdfs["en"]
    assert report.info.plan_name == PLAN and report.plan.spent == pytest.approx(plan.spent)
    old = render_pdf(city, tmp_path / "old.pdf", scenario="old")
    assert old.info.plan_name == "old" and old.plan.spent < plan.spent
    with pytest.raises(LightingPlannerError, match="no scenario named 'nope'"):
        render_pdf(city, tmp_path / "none.pdf", scenario="nope")
    assert not (tmp_path / "none.pdf").exists()


def test_cancel_leaves_no_file(project_with_plan, tmp_path):
    city, _plan = project_with_plan
    calls = []
    with pytest.raises(Cancelled):
        render_pdf(city, tmp_path / "c.pdf", progress=Progress(lambda f, m: calls.append(f), lambda: len(calls) > 3))
    assert len(calls) == 4  # stopped at the first page drawn after the fourth report
    assert list(tmp_path.iterdir()) == []


def test_pages_rasterise_with_ink(pdfs):
    """An independent PDF renderer (pdfium) draws the first pages with ink on them."""
    import numpy as np
    import pypdfium2
    path, _report, _pages = pdfs["kk"]
    pdf = pypdfium2.PdfDocument(str(path))
    for index in range(3):
        pixels = np.asarray(pdf[index].render(scale=30 / 72, grayscale=True).to_numpy())
        assert (pixels < 230).sum() > 100, f"page {index + 1} is blank"


def test_cli_writes_the_report(project_with_plan, tmp_path):
    city, plan = project_with_plan
    gpkg = tmp_path / "city.gpkg"
    save_project(city, gpkg)
    out = subprocess.run([sys.executable, "-m", "lighting_planner", "report", str(gpkg), "-o", str(tmp_path / "r.pdf"),
                          "--lang", "ru", "--scenario", PLAN], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "записан" in out.stdout and (tmp_path / "r.pdf").stat().st_size > 10_000
    text = " ".join(_text(tmp_path / "r.pdf"))
    assert "План перераспределения средств на уличное освещение" in text
    bad = run_cli("report", gpkg, "-o", tmp_path / "x.pdf", "--scenario", "missing")  # in process: its message
    assert bad.returncode == 2 and "no scenario named 'missing'" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_renders_on_a_machine_with_no_fonts(tmp_path):
    """Fontconfig sees no font directories: the bundled font still prints Kazakh text."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path / "cache") +
                    "</cachedir></fontconfig>")
    pdf = tmp_path / "kk.pdf"
    code = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from lighting_planner.core.generate import generate_city\n"
        "from report_plan import greedy_plan\n"
        "from lighting_planner.report import render_pdf\n"
        "city = generate_city(300, seed=2)\n"
        f"city.segments['S1'].name = {TRICKY_NAME!r}\n"
        f"render_pdf(city, {str(pdf)!r}, lang='kk', plan=greedy_plan(city, budget=1e12, max_works=5))\n"
    )
    env = {**__import__("os").environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    text = " ".join(_text(pdf))
    assert "Көше жарықтандыруы қаражатын қайта бөлу жоспары" in text
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(str(pdf)).pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_with_no_saved_plan_the_report_computes_one_on_the_redirectable_total(small_city, tmp_path):
    import copy

    from lighting_planner.core.optimiser import make_plan
    from lighting_planner.core.plan import PlanSettings
    city = copy.deepcopy(small_city)
    assert not city.scenarios
    seen = []
    report = render_pdf(city, tmp_path / "auto.pdf", progress=Progress(lambda f, m: seen.append(f)))
    audit = run_audit(city)
    expected = make_plan(city, PlanSettings(budget=audit.redirectable_total))
    assert report.plan.budget == pytest.approx(audit.redirectable_total)
    assert report.plan.spent == pytest.approx(expected.spent)
    assert [w.segment_id for w in report.plan.selected] == [w.segment_id for w in expected.selected]
    assert seen and seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    text = " ".join(_text(tmp_path / "auto.pdf"))
    assert Tr("en").money(expected.spent) in text


@pytest.mark.parametrize("rotate", [False, True])
def test_the_app_prints_the_same_document_through_a_qprinter(project_with_plan, pdfs, tmp_path, rotate):
    from PySide6.QtPrintSupport import QPrinter

    from lighting_planner.report import render_to_printer
    city, _plan = project_with_plan
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    report = render_to_printer(city, printer, "en", rotate_landscape=rotate, full_lists=True)
    reader = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(reader.pages) == report.page_count == pdfs["en"][1].page_count
    wide = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    assert any(wide) is not rotate  # rotated: landscape maps turned onto portrait paper
    last = raw_page_texts(tmp_path / "printed.pdf")[-1]
    assert Tr("en").gettext("Page {n} of {m}", n=report.page_count, m=report.page_count) in re.sub(r"\s+", " ", last)


def test_renders_on_a_worker_thread(project_with_plan, tmp_path):
    """The app writes the PDF from a background thread."""
    import threading
    city, plan = project_with_plan
    out = {}

    def work():
        try:
            out["report"] = render_pdf(city, tmp_path / "t.pdf", "kk", plan=plan)
        except Exception as exc:  # handed to the assertion below
            out["error"] = exc

    t = threading.Thread(target=work)
    t.start()
    t.join(60)
    assert "error" not in out, out.get("error")
    assert len(PdfReader(str(tmp_path / "t.pdf")).pages) == out["report"].page_count


def test_empty_and_infeasible_plans_still_print(tmp_path):
    from shapely.geometry import LineString

    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.model import Project, Segment
    from lighting_planner.core.optimiser import make_plan
    from lighting_planner.core.plan import PlanSettings
    bare = Project(metric_epsg=32643)  # no districts, budget, facilities or metadata
    bare.segments = {"A": Segment("A", LineString([(76.9, 43.2), (76.901, 43.2)]), "", lit="no", length_m=81.0)}
    report = render_pdf(bare, tmp_path / "bare.pdf", "ru")
    assert report.plan.status == "empty" and report.plan.selected == []
    text = " ".join(_text(tmp_path / "bare.pdf"))
    assert Tr("ru").gettext("No works are planned: the plan is {status}.", status=word("ru", "status", "empty")) in text
    city = generate_city(400, seed=2)
    plan = make_plan(city, PlanSettings(floors={"Medeu": 0.8, "Alatau": 0.8}))
    assert plan.status == "infeasible"
    report = render_pdf(city, tmp_path / "inf.pdf", "en", plan=plan)
    text = " ".join(_text(tmp_path / "inf.pdf"))
    assert "No works are planned: the plan is infeasible." in text and plan.message.split(":")[0] in text


def test_co2_is_printed_with_its_factor_when_one_is_set(tmp_path):
    from lighting_planner.core.energy import energy_tradeoff
    from lighting_planner.core.generate import generate_city
    city = generate_city(400, seed=4)
    plan = greedy_plan(city)
    plan.parameters["co2_kg_per_kwh"] = 0.75
    report = render_pdf(city, tmp_path / "co2.pdf", "kk", plan=plan)
    tr = Tr("kk")
    e = energy_tradeoff(city, run_audit(city), plan)
    assert e.net.co2_t == pytest.approx(e.net.kwh * 0.75 / 1000)
    text = " ".join(_text(tmp_path / "co2.pdf"))
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    assert norm(tr.gettext("CO₂ factor {factor} kg per kWh, set for this project (a user parameter).",
                           factor=tr.num(0.75, 3))) in text
    assert f"{norm(tr.num(e.net.kwh))} {norm(tr.num(e.net.money))} {norm(tr.num(e.net.co2_t, 1))}" in text
    assert report.figures.energy.net.co2_t == pytest.approx(e.net.co2_t)


def test_the_default_co2_factor_is_printed_with_its_source(tmp_path):
    from lighting_planner.core.generate import generate_city
    city = generate_city(400, seed=4)
    render_pdf(city, tmp_path / "co2.pdf", "ru", plan=greedy_plan(city))
    text = re.sub(r"\s+", " ", " ".join(_text(tmp_path / "co2.pdf")))
    assert "0,821" in text and "Our World in Data" in text and "Ember" in text


def test_devices_that_keep_their_orientation_get_turned_map_pages(project_with_plan, tmp_path):
    """Print preview and real printers refuse a new page layout while printing: the maps are
    then drawn turned on portrait paper instead of being cut off."""
    from PySide6.QtGui import QPdfWriter

    from lighting_planner.report.render import build_report, paint_report
    city, _plan = project_with_plan

    class StubbornWriter(QPdfWriter):
        calls = 0

        def setPageLayout(self, layout):
            StubbornWriter.calls += 1
            return super().setPageLayout(layout) if StubbornWriter.calls == 1 else False

    report = build_report(city, "en")
    writer = StubbornWriter(str(tmp_path / "turned.pdf"))
    writer.setResolution(300)
    paint_report(report, writer)
    del writer
    reader = PdfReader(str(tmp_path / "turned.pdf"))
    assert len(reader.pages) == report.page_count
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in reader.pages)
    assert StubbornWriter.calls == 2  # refused once, then not asked again


def test_print_preview_shows_every_page_without_qt_warnings(project_with_plan, qtbot, qtlog):
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from lighting_planner.report import render_to_printer
    city, _plan = project_with_plan
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    widget = QPrintPreviewWidget(printer)
    qtbot.addWidget(widget)
    made = []
    widget.paintRequested.connect(lambda pr: made.append(render_to_printer(city, pr, "ru")))
    widget.updatePreview()
    assert made and widget.pageCount() == made[-1].page_count
    assert not [r for r in qtlog.records if "setPageLayout" in r.message]


def test_the_pdfium_text_helper_reads_what_pypdf_reads(pdfs):
    """``tests/pdf_text.py`` (PDFium, which every report test reads through) against pypdf on one
    document: the same page count and, on each of a spread of its pages (the first three, one every
    eight after them and the last two: title, summary and tables, map sheets, the work list's end and the
    signatures), the same characters. pypdf takes about 0.1 s a page, so not every page is read.
    Only the white space between them may differ: pypdf puts a space after "(" where the script
    changes ("( XLSX)"), PDFium does not."""
    from collections import Counter
    path, _report, _pages = pdfs["kk"]
    ours = raw_page_texts(path)
    pages = PdfReader(str(path)).pages
    assert len(ours) == len(pages) >= 8
    spread = sorted({0, 1, 2, *range(3, len(pages), 8), len(pages) - 2, len(pages) - 1})
    theirs = [pages[i].extract_text() for i in spread]
    ours = [ours[i] for i in spread]
    for n, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert Counter("".join(a.split())) == Counter("".join(b.split())), n
    in_order = sum("".join(a.split()) == "".join(b.split()) for a, b in zip(ours, theirs))
    assert in_order >= len(ours) // 2  # mostly in the same order too
    spaced = lambda t: Counter(re.sub(r"\(\s+", "(", t).split())  # noqa: E731
    assert sum(spaced(a) == spaced(b) for a, b in zip(ours, theirs)) >= len(ours) // 2  # and split into the same words
