"""Interface languages: Qt translation files (``.qm``) compiled from ``resources/i18n/*.ts``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ...bundled import MissingResourceError, resource
from ...i18n import Translator, translator

#: Language code -> name shown in the Language menu (in that language).
LANGUAGES = {"en": "English", "ru": "Русский"}

_installed: list[QTranslator] = []


def qm_path(code: str) -> Path:
    """The compiled interface translation for ``code``; raises MissingResourceError if absent."""
    return resource("i18n", f"lighting_planner_{code}.qm")


def current_language() -> str:
    return _current[0]


def ui() -> Translator:
    """The catalogue of the interface language (``lighting_planner.i18n``)."""
    return translator(_current[0])


def _(msgid: str, **args: Any) -> str:
    """``msgid`` in the interface language, ``{placeholders}`` filled from ``args``."""
    return translator(_current[0]).gettext(msgid, **args)


def ngettext(singular: str, plural: str, number: int, **args: Any) -> str:
    """The plural form for ``number`` in the interface language (``{n}`` is the formatted number)."""
    return translator(_current[0]).ngettext(singular, plural, number, **args)


def pgettext(context: str, msgid: str, **args: Any) -> str:
    return translator(_current[0]).pgettext(context, msgid, **args)


_current = ["en"]


def install_language(code: str) -> str:
    """Use ``code`` ('' = the system language if we have it, else English); returns the code used."""
    app = QCoreApplication.instance()
    if not code:
        system = QLocale.system().name().split("_")[0]
        code = system if system in LANGUAGES else "en"
    if code not in LANGUAGES:
        code = "en"
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if code != "en":
        ours = QTranslator(app)
        path = qm_path(code)
        if not ours.load(str(path)):
            raise MissingResourceError(f"{path} (not a translation Qt can load)")
        app.installTranslator(ours)
        _installed.append(ours)
        qt = QTranslator(app)  # Qt's own dialogs and buttons
        if qt.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    _current[0] = code
    return code
