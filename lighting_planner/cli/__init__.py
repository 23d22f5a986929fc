"""The ``lighting-planner`` command: the desktop app with no arguments, headless subcommands otherwise."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from ..core.errors import LightingPlannerError

#: Subcommand modules; each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
COMMAND_MODULES = ("import_cmd", "audit_cmd", "generate_cmd", "export_cmd", "plan_cmd", "report_cmd", "curve_cmd",
                   "works_cmd")
COMMAND_NAMES = ("import", "audit", "generate", "export", "plan", "report", "curve", "works")


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser; its placeholders (``AMOUNT``, ``FILE``) in ``lang``. Build and use it
    inside :func:`.words.argparse_language` for argparse's own words in that language."""
    from ..i18n import LANGUAGES, translator
    from .words import translate_metavars
    parser = argparse.ArgumentParser(
        prog="lighting-planner",
        description="Plan street-lighting money: find LED retrofits on streets that are already lit "
                    "and redirect the money to unlit courtyards and streets. With no command the "
                    "desktop app starts.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod_name in COMMAND_MODULES:
        mod = importlib.import_module(f"{__name__}.{mod_name}")
        # argparse %-formats help texts: a literal "%" (as in "10% to 100%") must be doubled
        p = sub.add_parser(mod.NAME, help=mod.HELP.replace("%", "%%"), description=mod.HELP)
        mod.add_arguments(p)
        if "--lang" not in p._option_string_actions:  # every command speaks the user's language
            p.add_argument("--lang", choices=tuple(LANGUAGES), default=None,
                           help="language of messages and printed tables (default: from LANGUAGE/LC_ALL/LANG)")
        p.set_defaults(_run=mod.run)
    translate_metavars(parser, translator(lang))
    return parser


def _version() -> str:
    from .. import __version__
    return f"lighting-planner {__version__}"


def message_language(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language of error and warning lines: the command's ``--lang`` when given, else the first of
    ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (gettext's order: ``ru_RU.UTF-8`` →
    ru, ``kk_KZ`` → kk); English otherwise."""
    from ..i18n import LANGUAGES
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else ""
        if value in LANGUAGES:
            return value
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may list several: "kk:ru:en"
            code = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        return "en"  # the first variable that is set decides (LANG=C: English)
    return "en"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or not (argv[0] in COMMAND_NAMES or argv[0].startswith("-")):
        from ..gui.app import run_app  # the desktop app, optionally opening a file
        return run_app(argv)
    from ..i18n import translator
    from ..i18n.messages import say_error
    from . import common
    common.LANG = lang = message_language(argv)
    t = translator(lang)
    from .words import argparse_language
    with argparse_language(t):  # usage and error lines in the user's language
        parser = build_parser(lang)
        args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except LightingPlannerError as exc:
        print(t.gettext("lighting-planner: error: {message}", message=say_error(lang, exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t.gettext("lighting-planner: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("LIGHTING_PLANNER_DEBUG"):
            raise
        print(t.gettext("lighting-planner: internal error: {error}\n"
                        "Set LIGHTING_PLANNER_DEBUG=1 to see the details, and please report it.",
                        error=type(exc).__name__ + ": " + str(exc)), file=sys.stderr)
        return 3
