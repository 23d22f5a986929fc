"""Interface languages: the program's words come from the one catalogue (``lighting_planner.i18n``);
Qt's own dialogs and buttons ("Look in", "Files of type", "Cancel") from the ``qtbase_*.qm``
translations that ship with Qt.

Code in the interface writes ``_("Save the project")``, ``_("Saved {file}", file=path)``,
``ngettext("{n} segment", "{n} segments", n)``; a language switch re-labels the window in place
(``MainWindow.retranslate``) and rebuilds its panels, so every text is looked up again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ...i18n import LANGUAGE_NAMES, Translator, catalogue_path, translator

#: Language code -> name shown in the Language menu (in that language).
LANGUAGES = dict(LANGUAGE_NAMES)

_installed: list[QTranslator] = []
_current = ["en"]


def current_language() -> str:
    return _current[0]


def error_text(exc: BaseException) -> str:
    """The user message of an error from the core (``InputError``, ``SaveError``, a ``Msg``) in the
    interface language."""
    from ...i18n.messages import say_error
    return say_error(_current[0], exc)


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


def install_language(code: str) -> str:
    """Use ``code`` ('' = the system language if we have it, else English); returns the code used.
    Raises MissingResourceError when the language's catalogue is not installed."""
    app = QCoreApplication.instance()
    if not code:
        system = QLocale.system().name().split("_")[0]
        code = system if system in LANGUAGES else "en"
    if code not in LANGUAGES:
        code = "en"
    if code != "en":
        catalogue_path(code)  # raises if the installation lacks it: said, not silently English
        translator(code)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if code != "en":
        qt = QTranslator(app)  # Qt's own dialogs and buttons
        if qt.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    QLocale.setDefault(QLocale(code if code != "en" else "en_US"))
    _current[0] = code
    return code
