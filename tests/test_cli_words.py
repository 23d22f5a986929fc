"""The command line in Russian and Kazakh, as a user meets it: argparse's usage and error lines for a
mistyped command (``lighting-planner plan --lang ru --budget abc …``), and the tables ``plan`` and
``audit`` print. Only option names, the values the user typed, file names and data ids stay Latin."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from test_no_english import data_words, english_words

from conftest import ROOT, SAMPLE_MAPS
from lighting_planner.cli import main
from lighting_planner.core.project_store import open_project

USAGE = {"ru": "использование: ", "kk": "қолданылуы: "}
ERROR = {"ru": ": ошибка: ", "kk": ": қате: "}


def mistakes(tmp_path) -> dict[str, list[str]]:
    project = str(tmp_path / "city.gpkg")
    return {
        "a word where an amount belongs": ["plan", "--budget", "abc", project],
        "no input file": ["plan"],
        "an unknown choice": ["plan", "--courtyards", "halves", project],
        "an unknown option": ["plan", project, "--bogus", "1"],
        "a floor without a share": ["plan", "--floor", "Alatau", project],
        "a share out of range": ["plan", "--cap", "Alatau=3", project],
        "an option without its value": ["plan", project, "--time-limit"],
        "steps that are not a number": ["curve", "--steps", "many", project],
        "a date that is not a date": ["report", project, "-o", "r.pdf", "--date", "tomorrow"],
        "no command's input": ["audit"],
    }


def not_words(text: str, argv: list[str]) -> str:
    """The line without what is not language: option names, the program's name, the choices offered,
    the values the user typed (quoted or not) and file names."""
    text = text.replace("lighting-planner", " ")
    for arg in argv:  # as whole tokens (the "-o" of "--organisation" stays)
        text = re.sub(rf"(?<![\w-]){re.escape(arg)}(?![\w-])", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)  # {whole,segments}
    text = re.sub(r"'[^']*'", " ", text)  # 'whole', 'halves'
    text = re.sub(r"(?<!\w)--?[A-Za-z][\w-]*", " ", text)  # --budget, -h
    return re.sub(r"\S+\.(gpkg|pdf|csv|xlsx|geojson)\b", " ", text)


def run_cli(argv: list[str], lang: str, via: str) -> str:
    """stderr of the command given ``--lang`` or a Russian/Kazakh ``LANG``, run as a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = {"ru": "ru_RU.UTF-8", "kk": "kk_KZ.UTF-8"}[lang] if via == "LANG" else "C.UTF-8"
    args = [*argv, "--lang", lang] if via == "--lang" else argv
    out = subprocess.run([sys.executable, "-m", "lighting_planner", *args], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 2, (argv, out.stdout, out.stderr)
    return out.stderr


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_mistyped_plan_command_is_answered_in_the_language_asked(tmp_path, lang):
    argv = ["plan", "--lang", lang, "--budget", "abc", "city.gpkg"]
    err = run_cli(argv[:1] + argv[3:], lang, "--lang")
    assert err.startswith(USAGE[lang]) and ERROR[lang] in err, err
    assert "Traceback" not in err
    found = english_words([not_words(err, argv)])
    assert not found, (err, found)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_usage_and_argument_errors_speak_the_environments_language(capsys, monkeypatch, tmp_path, lang):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", {"ru": "ru_RU.UTF-8", "kk": "kk_KZ.UTF-8"}[lang])
    for case, argv in mistakes(tmp_path).items():
        capsys.readouterr()
        with pytest.raises(SystemExit) as stop:
            main(argv)
        err = capsys.readouterr().err
        assert stop.value.code == 2, (case, err)
        lines = err.strip().splitlines()
        assert lines[0].startswith(USAGE[lang]) and ERROR[lang] in lines[-1], (case, err)
        found = english_words([not_words(err, argv)])
        assert not found, (case, err, found)


def test_english_stays_english(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(SystemExit):
        main(["plan", "--budget", "abc", "x.gpkg"])
    err = capsys.readouterr().err
    assert err.startswith("usage: lighting-planner plan") and "[--budget AMOUNT]" in err
    assert "error: argument --budget: --budget expects an amount of money, got 'abc'" in err


@pytest.fixture(scope="module")
def sample():
    return SAMPLE_MAPS / "almaty_sample.gpkg"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_plan_and_audit_tables_are_in_the_language_asked(capsys, monkeypatch, sample, lang):
    """Column headers, status and verdict words, district names and reasons of the printed tables."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    project = open_project(sample)
    ids = {*project.segments, *(b.item_id for b in project.budget_lines)}
    names = data_words(project, lang)
    for argv in (["plan", str(sample), "--lang", lang], ["audit", str(sample), "--lang", lang, "--all"]):
        capsys.readouterr()
        assert main(argv) == 0
        out = capsys.readouterr().out
        words = " ".join(w for w in out.split() if w.strip("(),;:") not in ids)
        found = english_words([words], {"KZT", *names})
        assert not found, (argv, found)
    header = [ln for ln in out.splitlines() if ln.startswith(("Позиция", "Бап"))]
    assert header, out  # the budget lines' table is there, its header in the language


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_amount_the_plan_and_audit_print_groups_its_digits_the_languages_way(capsys, sample, lang):
    """Money, benefits and counts alike: 345,397,500 in English, 345 397 500 (no-break spaces) in
    Russian and Kazakh. The budget line and the cost column once grouped by plain spaces in every
    language, beside the benefit's commas in English."""
    mark = {"en": ",", "ru": "\u00a0", "kk": "\u00a0"}[lang]
    for argv in (["plan", str(sample), "--lang", lang], ["audit", str(sample), "--lang", lang, "--all"]):
        capsys.readouterr()
        assert main(argv) == 0
        out = capsys.readouterr().out
        grouped = re.findall(r"(?<![\d.,])[1-9]\d{0,2}(?:[,\u00a0 ]\d{3})+(?![\d])", out)
        assert len(grouped) > 20, (argv, out[:2000])  # the budget, the costs, the benefits
        wrong = [g for g in grouped if set(re.sub(r"\d", "", g)) != {mark}]
        assert not wrong, (argv, wrong[:10])


@pytest.mark.slow
def test_report_and_works_follow_the_environments_language_and_word_the_built_in_scenario(tmp_path, monkeypatch):
    """``report`` and ``works`` without ``--lang`` speak the environment's language (LANG=kk_KZ), and
    the terminal line names the built-in scenario in Kazakh only; a name the user gave stays as typed."""
    import csv

    from cli_runner import run_cli as run_here

    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.project_store import save_project
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    project = tmp_path / "city.gpkg"
    save_project(generate_city(300, seed=2), project)
    r = run_here("report", project, "-o", tmp_path / "a.pdf", "--date", "2026-12-01")
    assert r.returncode == 0, r.stderr
    assert "«Есепке арналған жоспар»" in r.stderr or "'Есепке арналған жоспар'" in r.stderr, r.stderr
    assert "Report plan" not in r.stderr + r.stdout
    assert "бет" in r.stdout and "pages" not in r.stdout  # the terminal line in Kazakh
    mine = run_here("report", project, "-o", tmp_path / "b.pdf", "--save-as", "Менің жоспарым Q3")
    assert mine.returncode == 0 and "Менің жоспарым Q3" in mine.stderr
    works = run_here("works", project, "--scenario", "Менің жоспарым Q3", "-o", tmp_path / "w.csv")
    assert works.returncode == 0, works.stderr
    with open(tmp_path / "w.csv", encoding="utf-8-sig") as f:
        reasons = [row["reason"] for row in csv.DictReader(f)]
    from lighting_planner.core.project_store import open_project as reopen
    assert reasons and not english_words(reasons, data_words(reopen(project), "kk")), reasons[:3]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_help_of_report_and_works_words_the_language_option(lang, capsys):
    """``report --help`` / ``works --help`` in ru/kk: the --lang option's help is worded through the
    catalogue and says the default comes from the environment."""
    from lighting_planner.i18n import translator
    for command, msgid in (("report", "report language (default: from LANGUAGE/LC_ALL/LANG)"),
                           ("works", "language of locations and reasons (default: from LANGUAGE/LC_ALL/LANG)")):
        with pytest.raises(SystemExit):
            main([command, "--help", "--lang", lang])
        out = " ".join(capsys.readouterr().out.split())
        worded = translator(lang).gettext(msgid)
        assert worded != msgid and " ".join(worded.split()) in out, out
        assert msgid not in out
