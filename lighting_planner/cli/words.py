"""The command line's own words in the user's language: argparse's usage and error lines, the
placeholders of the options (``--budget AMOUNT``) and the option help headings.

argparse words its messages through ``gettext.gettext`` / ``gettext.ngettext`` looked up in its
module at call time; :func:`argparse_language` points them at the project's catalogue while the
command line is parsed. The msgids below are argparse's own (Python 3.11–3.13), ``%``-formatted
by argparse after translation, so translations keep the ``%(name)s`` / ``%s`` placeholders.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..i18n import N_, Translator

#: argparse's messages a user can meet (usage, errors, help headings).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for the catalogue (the extractor knows the name ``ngettext``)."""
    return singular, plural


#: The same, plural ones: (singular, plural).
ARGPARSE_PLURALS = (
    ngettext("expected %s argument", "expected %s arguments"),
)
#: Placeholders of option values shown in usage lines and errors ("--budget AMOUNT").
METAVARS = frozenset((
    N_("AMOUNT"), N_("AREA"), N_("COMMAND"), N_("DISTRICT=SHARE"), N_("FILE"), N_("INPUT"), N_("METRES"),
    N_("NAME"), N_("PDF"), N_("POLES"), N_("POSITION=NAME"), N_("PROJECT.gpkg"), N_("SECONDS"), N_("STEPS"),
    N_("TEXT"), N_("YYYY-MM-DD"), N_("city.gpkg"), N_("N"), N_("OURS=THEIRS,…"), N_("FIELD:SRC=OURS,…;…"),
    # argparse's own placeholder for an option without one: its name in capitals
    N_("SEGMENTS"), N_("SEED"), N_("LAYER"), N_("ENCODING"), N_("CRS"), N_("POLE_ENCODING"), N_("SHEET"),
    N_("POLE_LAYER"),
))
#: Headings of option groups in ``--help``.
GROUP_TITLES = frozenset((N_("street layer mapping"), N_("pole inventory"), N_("presets")))
_KNOWN = frozenset(ARGPARSE_MESSAGES) | {s for pair in ARGPARSE_PLURALS for s in pair}


@contextmanager
def argparse_language(t: Translator) -> Iterator[None]:
    """While inside, argparse words its usage and error lines in ``t``'s language."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return t.lookup(message) if message in _KNOWN else message

    def plural_gettext(singular: str, plural: str, n: int) -> str:
        if singular in _KNOWN:
            return t.lookup(singular, plural, n)
        return singular if n == 1 else plural

    argparse._, argparse.ngettext = gettext, plural_gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def translate_metavars(parser: argparse.ArgumentParser, t: Translator) -> None:
    """Put the option placeholders, help texts and group headings of ``parser`` and its subcommands in
    ``t``'s language (a help text not yet in the catalogue stays English)."""
    for group in parser._action_groups:
        if group.title in GROUP_TITLES:
            group.title = t.gettext(group.title)
    for action in parser._actions:
        if isinstance(action.metavar, str) and action.metavar in METAVARS:
            action.metavar = t.gettext(action.metavar)
        elif action.metavar is None and action.option_strings and action.nargs != 0 \
                and action.dest.upper() in METAVARS:  # argparse would show the name in capitals
            action.metavar = t.gettext(action.dest.upper())
        if isinstance(action.help, str) and action.help and action.help != argparse.SUPPRESS:
            action.help = t.lookup(action.help)  # an option's help text worded in the catalogue
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                translate_metavars(sub, t)
