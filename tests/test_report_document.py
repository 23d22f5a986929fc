"""The plan a department signs, as the user makes it with ``lighting-planner report``: one fixed
plan (saved as a scenario, never into the bundled sample), one document number in every language,
the same text twice, at most 20 pages, nothing outside the margins, the approval block."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys

import pypdfium2 as pdfium
import pytest
from cli_runner import run_cli
from pdf_text import landscape_pages, raw_page_texts
from pypdf import PdfReader

from conftest import ROOT
from lighting_planner.bundled import sample_map
from lighting_planner.core.project_store import open_project
from lighting_planner.core.scenario_saving import DEFAULT_REPORT_SCENARIO
from lighting_planner.report.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X

NUMBER = re.compile(r"(№|No\.)\s*(LP-[0-9A-F]{4}-[0-9A-F]{6})")


#: The report command in this process (``main(argv)``); a QApplication first, for the widget tests after.
#: ``sample_reports`` (the sample printed in ru, kk, en and ru again) is built once per run in conftest.py.
pytestmark = pytest.mark.usefixtures("qapp")
cli = run_cli


def page_texts(path) -> list[str]:
    return [re.sub(r"\s+", " ", t) for t in raw_page_texts(path)]


def outside_margins(path) -> list[tuple[int, str]]:
    """Characters whose box (from the PDF's own text boxes) leaves the page margins: (page, text)."""
    out = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            w, h = page.get_size()
            tp = page.get_textpage()
            bad = []
            for i in range(tp.count_chars()):
                left, bottom, right, top = tp.get_charbox(i)
                if right <= left:
                    continue  # spaces and other empty boxes
                # Footer sits in the bottom margin on purpose (above 20 pt from the edge).
                if (left < MARGIN_X - 1 or right > w - MARGIN_X + 1 or top > h - MARGIN_TOP + 12
                        or bottom < MARGIN_BOTTOM - 40):
                    bad.append(tp.get_text_range(i, 1))
            if bad:
                out.append((n + 1, "".join(bad)))
    finally:
        pdf.close()
    return out


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_sample_prints_one_document_number_in_every_language(sample_reports):
    numbers = {}
    for key, (pdf, _r) in sample_reports.items():
        pages = page_texts(pdf)
        found = {m.group(2) for t in pages for m in NUMBER.finditer(t)}
        assert len(found) == 1, (key, found)
        numbers[key] = found.pop()
        for n, text in enumerate(pages, start=1):  # title page and every footer
            assert numbers[key] in text, (key, n)
        sign = "No." if key == "en" else "№"
        assert f"{sign} {numbers[key]}" in pages[0]
    assert len(set(numbers.values())) == 1, numbers


def test_the_same_command_twice_gives_the_same_text(sample_reports):
    assert page_texts(sample_reports["ru"][0]) == page_texts(sample_reports["ru2"][0])


def test_bundled_sample_is_not_written_and_the_document_says_so(sample_reports):
    from lighting_planner.i18n import translator
    for key, (_pdf, r) in sample_reports.items():
        t = translator(key.rstrip("0123456789"))  # the stderr line speaks the command's --lang
        said = t.gettext("could not save the plan as scenario '{name}': {why}; printing it anyway "
                         "(the document says it is not saved)", name="", why="")
        assert said.split("«")[0].split("'")[0] in r.stderr, (key, r.stderr)
        assert t.gettext("the bundled sample is never written") in r.stderr, key
    assert "не сохранён в файле проекта" in " ".join(page_texts(sample_reports["ru"][0])).lower()


@pytest.mark.parametrize("key", ["ru", "kk", "en"])
def test_sample_is_at_most_20_pages_with_nothing_outside_the_margins(sample_reports, key):
    pdf = sample_reports[key][0]
    assert len(PdfReader(str(pdf)).pages) <= 20
    assert outside_margins(pdf) == []


def test_approval_block_in_each_language(sample_reports):
    assert "УТВЕРЖДАЮ" in page_texts(sample_reports["ru"][0])[0]
    assert "БЕКІТЕМІН" in page_texts(sample_reports["kk"][0])[0]
    assert "APPROVED" in page_texts(sample_reports["en"][0])[0]
    assert "Лист согласования" in " ".join(page_texts(sample_reports["ru"][0]))


def test_old_data_is_warned_about(sample_reports):
    # The sample's data date is 2012-03-13: over two years before the document date.
    assert "Warning: the data is 15 years old" in page_texts(sample_reports["en"][0])[0]


@pytest.mark.slow
def test_report_saves_its_plan_as_a_scenario_and_prints_it_again(tmp_path):
    project = tmp_path / "city.gpkg"
    shutil.copyfile(sample_map(), project)
    first = cli("report", project, "-o", tmp_path / "a.pdf", "--lang", "en", "--date", "2026-12-01",
                "--organisation", "Department of Energy and Utilities", "--addressee", "Akim of Almaty",
                "--approver-position", "Head of department", "--approver-name", "B. Bekov",
                "--signatory", "Chief engineer=A. Abenov", "--prepared-by", "C. Engineer")
    assert first.returncode == 0, first.stderr
    assert f"saved the plan as scenario {DEFAULT_REPORT_SCENARIO!r}" in first.stderr
    saved = open_project(project)
    scenario = saved.scenarios[DEFAULT_REPORT_SCENARIO]
    assert scenario.created == "2026-12-01" and scenario.result.selected
    assert saved.parameters["report_form"]["approver_name"] == "B. Bekov"
    # Printed again with no flags: the saved scenario, its date and the stored form; nothing is saved.
    second = cli("report", project, "-o", tmp_path / "b.pdf", "--lang", "en")
    assert second.returncode == 0, second.stderr
    assert "saved" not in second.stderr
    # The terminal counts the works the document lists (a courtyard is one work), not the chosen segments.
    from lighting_planner.core.map_sheets import plan_works
    n_works = sum(len(items) for items in plan_works(saved, scenario.result).values())
    assert f", {n_works} works," in second.stdout and n_works < len(scenario.result.selected)
    a, b = page_texts(tmp_path / "a.pdf"), page_texts(tmp_path / "b.pdf")
    assert a == b
    for word in ("Department of Energy and Utilities", "To: Akim of Almaty", "Head of department", "B. Bekov"):
        assert word in b[0], word
    assert "A. Abenov" in " ".join(b) and "Chief engineer" in " ".join(b)
    # --full-lists appends every stopped budget line, by its id; the default body names none of them.
    full = cli("report", project, "-o", tmp_path / "c.pdf", "--lang", "en", "--full-lists")
    assert full.returncode == 0, full.stderr
    from lighting_planner.core.audit import run_audit
    ids = [ln.item_id for ln in run_audit(saved).lines if ln.verdict == "redirectable"][:5]
    assert not any(i in " ".join(b) for i in ids)
    c = " ".join(page_texts(tmp_path / "c.pdf"))
    assert len(page_texts(tmp_path / "c.pdf")) > len(b) and all(i in c for i in ids)
    reader = PdfReader(str(tmp_path / "b.pdf"))
    assert reader.metadata.author == "C. Engineer"
    assert reader.xmp_metadata.dc_description["en"].startswith("Redirecting LED-retrofit money")


def test_read_only_project_is_printed_with_a_note(tmp_path):
    """A project the report cannot save its plan into: any project with no saved plan shows it; a small
    generated one plans in a fraction of the sample's 4 s (the sample's own "never written" case is
    ``sample_reports``)."""
    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.project_store import save_project
    project = tmp_path / "city.gpkg"
    save_project(generate_city(300, seed=2), project)
    project.chmod(0o444)
    before = digest(project)
    r = cli("report", project, "-o", tmp_path / "a.pdf", "--lang", "ru", "--date", "2026-12-01")
    assert r.returncode == 0, r.stderr
    assert "не удалось сохранить план" in r.stderr and "только для чтения" in r.stderr  # in its --lang
    assert digest(project) == before
    assert "файл проекта доступен только для чтения" in page_texts(tmp_path / "a.pdf")[0]


def test_file_mode_follows_the_umask(tmp_path):
    """The umask is process-wide state, so a fresh interpreter sets it; any project shows where the
    PDF's mode comes from, and a small generated one plans in a fraction of the sample's 4 s."""
    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.project_store import save_project
    project = tmp_path / "city.gpkg"
    save_project(generate_city(300, seed=2), project)
    code = ("import os, sys; os.umask(0o027); from lighting_planner.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", code, "report", str(project), "-o", str(tmp_path / "a.pdf")],
                       env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640


def test_maps_carry_a_numeric_scale_from_the_series_and_labelled_ticks(sample_reports):
    from lighting_planner.report.maps import SCALE_SERIES
    pdf = sample_reports["ru"][0]
    maps = [text for text, landscape in zip(page_texts(pdf), landscape_pages(pdf)) if landscape]
    assert len(maps) >= 2
    for n, text in enumerate(maps):
        m = re.search(r"1 : ([\d ]+)", text)
        assert m, text[:200]
        denominator = int(m.group(1).replace(" ", ""))
        if n:  # district maps are drawn at a scale of the fixed series
            assert denominator in SCALE_SERIES, denominator
        # Five tick labels, the last with its unit: e.g. "0 0,5 1 1,5 2 км".
        assert re.search(r"\b0 [\d,]+ [\d,]+ [\d,]+ [\d,]+ (м|км)\b", text), text[:300]
    # The overview names the districts, in the reader's language.
    from lighting_planner.i18n.names import Names
    names = Names(open_project(sample_map()), "ru")
    for name in ("Almaly", "Medeu", "Nauryzbay"):
        assert names.district(name) in maps[0]


def test_scale_bar_length_matches_the_numeric_scale():
    from PySide6.QtCore import QRectF

    from lighting_planner.report.maps import POINT_M, Frame, series_denominator
    rect = QRectF(0, 0, 600, 400)
    bounds = (0.0, 0.0, 7000.0, 3000.0)
    d = series_denominator(rect, bounds)
    assert d == 50_000  # 7.3 km across 600 pt (0.21 m of paper) needs 1 : 34 700 -> next in the series
    frame = Frame(rect, bounds, denominator=d)
    # 1 km on the ground is 1000 / 50 000 m = 2 cm of paper.
    assert 1000 * frame.scale * POINT_M == pytest.approx(0.02)
    assert frame.denominator == pytest.approx(50_000)


def test_fonts_are_embedded_as_subsets(sample_reports):
    """Only the glyphs used are embedded: each font well under a tenth of its ~0.7 MB file."""
    from lighting_planner.bundled import resource
    full = resource("fonts", "DejaVuSans.ttf").stat().st_size
    reader = PdfReader(str(sample_reports["kk"][0]))
    sizes = {}
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            for d in font.get("/DescendantFonts") or [font]:
                fd = d.get_object().get("/FontDescriptor")
                if fd is not None and fd.get_object().get("/FontFile2") is not None:
                    fd = fd.get_object()
                    sizes[str(fd["/FontName"])] = len(fd["/FontFile2"].get_object().get_data())
    assert sizes and all("DejaVuSans" in name and "+" in name for name in sizes)  # subset tag "ABCDEF+"
    assert all(size < full / 10 for size in sizes.values()), (sizes, full)


def test_pdf_metadata_is_in_the_report_language(sample_reports):
    reader = PdfReader(str(sample_reports["kk"][0]))
    assert reader.metadata.title.startswith("Көше")
    xmp = reader.xmp_metadata
    assert xmp.dc_language == ["kk"]
    assert "жарықдиодты" in xmp.dc_description["kk"] and "аулалар" in xmp.dc_description["kk"]
