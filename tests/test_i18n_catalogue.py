"""The one translation catalogue: complete, compiled, plural forms and number formats right."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from lighting_planner.i18n import LANGUAGES, Translator, UnknownLanguageError, maintenance, ntr, tr, words
from lighting_planner.i18n.numbers import format_money, format_number, format_percent, format_points

NB = "\u00a0"


def test_catalogue_is_complete_and_compiled():
    problems = maintenance.check(ROOT)
    assert not problems, problems.describe()


@pytest.fixture()
def checkout(tmp_path):
    """A copy of the code and the catalogues to break."""
    shutil.copytree(ROOT / "lighting_planner", tmp_path / "lighting_planner",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources" / "i18n", tmp_path / "resources" / "i18n")
    return tmp_path


def _blank(po, msgid):
    text = po.read_text(encoding="utf-8")
    start = text.index(f'msgid "{msgid}"\n')
    end = text.index("\n\n", start)
    block = text[start:end]
    lines = [("msgstr[0] \"\"" if ln.startswith("msgstr[0]") else 'msgstr ""' if ln.startswith("msgstr ") else ln)
             for ln in block.splitlines() if not ln.startswith("msgstr[1]") and not ln.startswith("msgstr[2]")]
    po.write_text(text[:start] + "\n".join(lines) + text[end:], encoding="utf-8")


def test_check_catches_a_missing_translation_a_new_message_and_a_stale_mo(checkout):
    """Both faults at once, one check (each check extracts the messages of the whole code, 1 s): each
    is reported under its own heading and nothing else is (the untouched copy passes, as the
    catalogue test above proves of the same files)."""
    _blank(maintenance.po_path(checkout, "kk"), "unlit")
    (checkout / "lighting_planner" / "i18n" / "extra.py").write_text(
        'from . import translator\n\nX = translator("en").gettext("A message nobody translated")\n', encoding="utf-8")
    problems = maintenance.check(checkout)
    assert problems.untranslated == {"kk": ["lit|unlit"]}
    assert problems.stale_mo == ["kk"]  # the .po changed, its .mo did not
    assert problems.not_in_catalogue == {lang: ["A message nobody translated"] for lang in LANGUAGES}
    assert not problems.bad_placeholders


def test_update_adds_new_messages_keeps_translations_and_compiles(checkout):
    (checkout / "lighting_planner" / "i18n" / "extra.py").write_text(
        'from . import translator\n\nX = translator("en").gettext("A message nobody translated")\n', encoding="utf-8")
    maintenance.update(checkout)
    problems = maintenance.check(checkout)
    assert problems.untranslated == {"ru": ["A message nobody translated"], "kk": ["A message nobody translated"]}
    assert not problems.stale_mo and not problems.not_in_catalogue
    ru = maintenance.read_catalogue(maintenance.po_path(checkout, "ru"), "ru")
    assert ru.get("unlit", context="lit").string == "не освещено"


def test_a_translation_with_a_wrong_placeholder_is_caught(checkout):
    po = maintenance.po_path(checkout, "ru")
    text = po.read_text(encoding="utf-8")
    assert '"{n} жителя"' in text
    po.write_text(text.replace('"{n} жителя"', '"{count} жителя"'), encoding="utf-8")
    assert maintenance.check(checkout).bad_placeholders == {"ru": ["{n} resident"]}


@pytest.mark.parametrize(("n", "ru", "kk"), [
    (1, "1 житель", "1 тұрғын"), (2, "2 жителя", "2 тұрғын"), (4, "4 жителя", "4 тұрғын"),
    (5, "5 жителей", "5 тұрғын"), (11, "11 жителей", "11 тұрғын"), (21, "21 житель", "21 тұрғын"),
    (22, "22 жителя", "22 тұрғын"), (112, "112 жителей", "112 тұрғын"), (1000, f"1{NB}000 жителей", f"1{NB}000 тұрғын"),
])
def test_plural_forms(n, ru, kk):
    assert words.residents("ru", n) == ru
    assert words.residents("kk", n) == kk
    assert words.residents("en", n) == f"{n:,} resident" + ("" if n == 1 else "s")
    assert ntr("ru", "{n} resident", "{n} residents", n) == ru


def test_words_for_codes_in_every_language():
    assert [words.word(lang, "lamp", "hps") for lang in LANGUAGES] == ["sodium", "натриевые", "натрийлі"]
    # one English word, two meanings: two translations
    assert words.word("ru", "lamp", "none") == "нет"
    assert words.word("ru", "status", "feasible") == "допустимое (оптимальность не доказана)"
    assert words.word("kk", "facility", "bus_stop") == "аялдама"
    assert words.word("ru", "lamp", "plasma") == "plasma"  # an unknown code is shown as it is
    assert tr("en", "Nothing translates this") == "Nothing translates this"


def test_placeholders_are_filled_after_translation():
    t = Translator("ru")
    assert t.ngettext("{n} resident", "{n} residents", 3) == "3 жителя"
    assert t.ngettext("{n} resident", "{n} residents", 3, n="три") == "три жителя"


def test_unknown_language_is_refused_in_words():
    with pytest.raises(UnknownLanguageError, match="use one of en, ru, kk"):
        Translator("de")


def test_money_numbers_and_shares_follow_the_language():
    assert format_money(345_397_500, "en") == "KZT 345,397,500"
    assert format_money(345_397_500, "en", compact=True) == "KZT 345.4 M"
    assert format_money(345_397_500, "ru") == f"345{NB}397{NB}500{NB}₸"
    assert format_money(345_397_500, "ru", compact=True) == f"345,4{NB}млн{NB}₸"
    assert format_money(345_397_500, "kk", compact=True) == f"345,4{NB}млн{NB}₸"
    assert format_number(1234.5, "ru", 1) == f"1{NB}234,5"
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_percent(0.125, "kk") == "12,5%"
    assert format_points(3.0, "ru") == "+3,0"
    assert format_points(-1.25, "en", 2) == "\u22121.25"
    assert format_number(float("nan"), "en") == format_money(None, "kk") == "\u2013"


@pytest.mark.parametrize(("n", "ru"), [(72, "Все 72 работы"), (75, "Все 75 работ"), (21, "Все 21 работа"),
                                       (111, "Все 111 работ")])
def test_the_printed_plans_works_sentence_agrees_with_its_number(n, ru):
    """The printed plan's "all N works are listed in the appendix" sentence takes the plural form of N."""
    text = ntr("ru", "The {count} work is listed in the appendix of the report's full version and in the "
               "work list (XLSX); the maps number it by district.",
               "The {count} works are listed one by one in the appendix of the report's full version and in the "
               "work list (XLSX); the maps number them by district.", n, count=str(n))
    assert text.startswith(ru + " перечислены")
