"""Shared fixtures: pure (no Qt) fixtures here; Qt fixtures come from pytest-qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests draw new examples on every local run, which is how they find new failures; in CI
# (``CI`` set) they draw the same examples every time, so a CI result does not depend on luck and a
# red run is reproduced by running it again. A local failure is kept in ``.hypothesis/`` and replayed.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_sessionstart(session):
    """One QApplication for the whole run, made before any test. Code under test that paints (the
    report) makes a bare QGuiApplication when none exists; had a report test run first in a worker,
    the GUI tests after it would abort creating their first widget (Qt needs a QApplication)."""
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        _keep_app.append(QApplication(["lighting-planner-tests"]))


_keep_app: list = []

ROOT = Path(__file__).resolve().parents[1]
OSM_DIR = ROOT / "tests" / "data" / "osm"  # real extracts with their licences (README there)
SAMPLE_MAPS = ROOT / "sample_maps"


@pytest.fixture(autouse=True)
def _garbage_collected_between_tests():
    """Once a window's task runner has handed garbage collection to the GUI thread's timer
    (``gui/main_thread_gc.py``), a test that runs no event loop would never collect: each test's
    end collects what is due, on the main thread, as the timer would."""
    yield
    from lighting_planner.gui.main_thread_gc import collect_if_due
    collect_if_due()


@pytest.fixture(autouse=True)
def _one_solve_per_problem(request, tmp_path_factory, monkeypatch):
    """Plans made through ``make_plan`` (the CLI in this process, the app, the report) solve each
    distinct problem once per run (``tests/plan_memo.py``); ``@pytest.mark.real_solve`` always solves."""
    if request.node.get_closest_marker("real_solve"):
        return
    from plan_memo import memoised
    from report_samples import shared_folder

    import lighting_planner.core.optimiser as optimiser
    monkeypatch.setattr(optimiser, "solve_instance",
                        memoised(optimiser.solve.solve_instance, shared_folder(tmp_path_factory) / "solves"))


@pytest.fixture(scope="session")
def small_city():
    """A generated 1,500-segment city (build once; copy before mutating)."""
    from lighting_planner.core.generate import generate_city
    return generate_city(1500, seed=7)


@pytest.fixture(scope="session")
def _small_city_pickled(small_city) -> bytes:
    import pickle
    return pickle.dumps(small_city, protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture()
def city(_small_city_pickled):
    """A fresh copy of ``small_city`` for a test that changes it (unpickled: 7 ms, a deep copy 34 ms)."""
    import pickle
    return pickle.loads(_small_city_pickled)


@pytest.fixture(scope="session")
def sample_reports(qapp, tmp_path_factory):
    """The bundled sample, which holds no saved scenario, printed with ``lighting-planner report`` in
    ru, kk, en, and ru again (the second ru in a fresh interpreter, so "the same text twice" shares no
    state with the first): ``{key: (pdf, CliResult)}``. Each print plans the sample itself. Built once
    per run (``tests/report_samples.py``) and read by the report, no-English and sample-report tests."""
    import hashlib

    from cli_runner import CliResult, run_cli, run_cli_process
    from report_samples import built_once

    from lighting_planner.bundled import sample_map
    from lighting_planner.core.project_store import open_project

    def build(out: Path) -> dict:
        sample = sample_map()
        before = hashlib.sha256(sample.read_bytes()).hexdigest()
        assert not open_project(sample).scenarios  # the premise of the acceptance check
        runs = {}
        for key, lang in (("ru", "ru"), ("kk", "kk"), ("en", "en"), ("ru2", "ru")):
            run = run_cli_process if key == "ru2" else run_cli
            r = run("report", sample, "-o", out / f"{key}.pdf", "--lang", lang, "--date", "2026-12-01")
            assert r.returncode == 0, r.stderr
            runs[key] = [r.returncode, r.stdout, r.stderr]
        assert hashlib.sha256(sample.read_bytes()).hexdigest() == before, "the bundled sample was written"
        return runs

    folder, runs = built_once(tmp_path_factory, "sample_reports", build)
    return {key: (folder / f"{key}.pdf", CliResult(*r)) for key, r in runs.items()}


@pytest.fixture(scope="session")
def almaty_imported_by_cli(tmp_path_factory):
    """``lighting-planner import almaty_2012.osm.pbf -o almaty.gpkg`` (in this process), once per worker:
    ``(gpkg, CliResult)``. Its readers carry ``osm_extracts.ALMATY_GROUP``, so it runs once in a run.
    Do not write to the project file: copy it."""
    from cli_runner import run_cli
    from osm_extracts import ALMATY
    out = tmp_path_factory.mktemp("almaty_cli") / "almaty.gpkg"
    return out, run_cli("import", ALMATY, "-o", out)


@pytest.fixture(scope="module")
def shared_sample_windows(qapp, request, tmp_path_factory):
    """Windows on the bundled sample shared by one module's read-only GUI checks
    (:class:`gui_helpers.SharedSampleWindows`), closed when the module ends; dialogs stay off until
    then, as :func:`no_dialogs` keeps them off for one test. The module belongs in ``SHARED_PER_MODULE``."""
    from gui_helpers import SharedSampleWindows
    from pytestqt.qtbot import QtBot

    from lighting_planner.gui.controllers.files import FileController
    from lighting_planner.gui.i18n import install_language
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
        mp.setattr(FileController, "ask_save", lambda self: "discard")
        windows = SharedSampleWindows(QtBot(request), tmp_path_factory.mktemp("shared_windows"))
        try:
            yield windows
        finally:
            windows.close_all()
            install_language("en")


@pytest.fixture()
def no_dialogs(monkeypatch):
    """No modal dialogs in GUI tests: errors go to the status bar, and pytest-qt's closing of a window
    with unsaved work discards it. A GUI test module asks for it with
    ``pytestmark = pytest.mark.usefixtures("no_dialogs")``; a usefixtures fixture is set up before
    ``qtbot``, so the patch is undone only after qtbot has closed the windows."""
    from lighting_planner.gui.controllers.files import FileController
    monkeypatch.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
    monkeypatch.setattr(FileController, "ask_save", lambda self: "discard")


# ----- distribution over pytest-xdist workers (test.sh runs ``-n 2 --dist loadgroup``) ----------------
#: Modules whose tests share something costly built once per worker (a module-scoped fixture or a cache):
#: each runs whole on one worker (an ``xdist_group``), else both workers would build it. By what is shared:
SHARED_PER_MODULE = {
    "test_almaty_sample": "the sample opened and its builder loaded",
    "test_bill_of_quantities": "generated cities, with derived courtyards",
    "test_fuzz": "the seed project",
    "test_gui_controls": "a window on the sample for the find checks",
    "test_gui_layout": "windows on the sample, one per screen and language",
    "test_gui_map": "a city's map arrays",
    "test_inventory_reproduces_osm": "the Helsinki extract imported",
    "test_map_sheets": "a 40,000-segment city and its plan",
    "test_no_english_outputs": "a copy of the sample with a plan made by the plan command",
    "test_optimiser_feeders": "a generated city",
    "test_optimiser_proof_rules": "the 164-candidate city's instance and its proof",
    "test_osm_import": "the real extracts imported and counted independently",
    "test_plan_state": "a plan",
    "test_real_cambridge": "the Cambridge layers imported by the CLI",
    "test_real_city_inventory": "the Washington layers imported by the CLI",
    "test_report_pdf": "a plan and its PDF in three languages",
    "test_works_cli": "a project with a plan made by the plan command",
}
#: Tests that read ``sample_reports`` (built once per run) run on one worker, so the other is never left
#: waiting on the build's lock.
SHARED_PER_RUN = ("sample_reports",)


def pytest_itemcollected(item):
    """Tests that share a costly fixture get one ``xdist_group`` (pytest-xdist sends the larger groups first).
    Marked as each is collected: pytest-xdist reads the groups in its own ``pytest_collection_modifyitems``."""
    shared = next((name for name in SHARED_PER_RUN if name in getattr(item, "fixturenames", ())), None)
    module = item.module.__name__.rpartition(".")[2] if getattr(item, "module", None) else ""
    if shared is None and module in SHARED_PER_MODULE:
        shared = module
    if shared is not None and item.get_closest_marker("xdist_group") is None:
        item.add_marker(pytest.mark.xdist_group(shared))


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` are collected first, so they start first and the short ones fill in at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: else collection order
    if getattr(config.option, "loadgroup", False):  # a pytest-xdist worker under --dist loadgroup
        for item in items:
            _join_group(item)


def _join_group(item) -> None:
    """Give ``item`` its ``xdist_group`` as pytest-xdist does, the suffix ``@group`` on its node id, by
    which the controller sends the group to one worker. pytest-xdist 3.8 writes ``item._nodeid``, which
    pytest 9 no longer reads (the id is ``item._id``): there its groups were silently ignored."""
    marks = [m.args[0] if m.args else m.kwargs.get("name", "default") for m in item.iter_markers("xdist_group")]
    if not marks or _group_of(item.nodeid):
        return  # no group, or pytest-xdist has set it
    nodeid = f"{item.nodeid}@{'_'.join(sorted({str(m) for m in marks}))}"
    if hasattr(item, "_id"):
        item._id = type(item._id).parse(nodeid)
    else:
        item._nodeid = nodeid


def _group_of(nodeid: str) -> str:
    """The ``xdist_group`` suffix of a node id ("" when none; an ``@`` inside the parameters is not one)."""
    return nodeid.rpartition("@")[2] if nodeid.rfind("@") > nodeid.rfind("]") else ""


# ----- a skipped test is a failing test ----------------------------------------------------------
_ALLOWED_SKIPS = {
    line.split("|")[0].strip()
    for line in (ROOT / "tests" / "skip_allowlist.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
_unexpected_skips: list[str] = []


def pytest_runtest_logreport(report):
    group = _group_of(report.nodeid)
    nodeid = report.nodeid.removesuffix(f"@{group}") if group else report.nodeid
    if report.skipped and nodeid.split("[")[0] not in _ALLOWED_SKIPS:
        _unexpected_skips.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _unexpected_skips and not hasattr(session.config, "workerinput"):  # the controller decides
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _unexpected_skips:
        terminalreporter.section("skipped tests fail the run (tests/skip_allowlist.txt)", red=True)
        for nodeid in _unexpected_skips:
            terminalreporter.write_line(f"SKIPPED, not allowed: {nodeid}")
