"""Keeping the catalogues in step with the code: extract, merge, compile, check.

Used by ``scripts/update_translations.py`` (which rewrites the files) and by the tests (which only
check). Works on a source checkout: ``root`` is the repository folder.
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as extract_messages
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LANGUAGES, placeholders

#: Functions whose string arguments are messages: gettext's own names, also as methods
#: (``t.gettext``, ``t.ngettext``, ``t.pgettext``, ``_``, ``N_``), ``NP_(context, msgid)`` and the
#: core's ``Msg(template, ...)`` / ``NMsg(singular, plural, n, ...)`` / ``PMsg(context, template, ...)``
#: (``core.messages``).
#: The module functions ``tr``/``ntr``/``ptr`` are not scanned (``tr`` is also what code calls a
#: Translator): give them messages marked with ``N_``/``NP_``.
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "Msg": (1,), "NMsg": (1, 2), "PMsg": ((1, "c"), 2)}
#: Languages whose every message must be translated (English msgids are the English text).
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
#: Headers carry no dates that change on every run (they would only make merge conflicts).
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
_TEAMS = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


def po_path(root: Path, lang: str) -> Path:
    return root / "resources" / "i18n" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path(root: Path) -> Path:
    return root / "resources" / "i18n" / f"{DOMAIN}.pot"


def extract(root: Path) -> Catalog:
    """Every message the code of ``root/lighting_planner`` marks, as a template catalogue."""
    template = Catalog(project="lighting_planner", domain=DOMAIN, creation_date=_FIXED_DATE,
                       revision_date=_FIXED_DATE, version="1", copyright_holder="lighting_planner authors",
                       msgid_bugs_address="", fuzzy=False)
    pkg = root / "lighting_planner"
    for path in _python_files(pkg):
        for lineno, message, comments, context in _messages_in(path.read_bytes()):
            template.add(message, None, [(f"lighting_planner/{path.relative_to(pkg).as_posix()}", lineno)],
                         auto_comments=comments, context=context)
    return template


def _python_files(pkg: Path) -> list[Path]:
    """The package's Python files in Babel's ``extract_from_dir`` order (folders and files sorted,
    folders starting with "." or "_" skipped), so the template lists places as it always has."""
    out = []
    for folder, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        out += [Path(folder) / f for f in sorted(filenames) if f.endswith(".py")]
    return out


@functools.lru_cache(maxsize=4096)
def _messages_in(source: bytes) -> tuple[tuple, ...]:
    """The marked messages of one file's source (cached by its text: a check after an update, or of a
    copy of the checkout, reads unchanged files again)."""
    return tuple(extract_messages("python", io.BytesIO(source), keywords=KEYWORDS,
                                  comment_tags=("TRANSLATORS:",), strip_comment_tags=True))


def read_catalogue(path: Path, lang: str) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def compiled(catalogue: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalogue, use_fuzzy=False)
    return buf.getvalue()


def _po_bytes(catalogue: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalogue, width=100, include_lineno=False, omit_header=False, sort_output=True)
    return buf.getvalue()


def update(root: Path) -> list[Path]:
    """Extract, merge into every language's .po (new messages empty, vanished ones dropped), compile
    the .mo files; returns the files written."""
    template = extract(root)
    written = []
    pot = template_path(root)
    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_bytes(_po_bytes(template))
    written.append(pot)
    for lang in LANGUAGES:
        path = po_path(root, lang)
        if path.exists():
            catalogue = read_catalogue(path, lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=lang, project="lighting_planner", domain=DOMAIN)
            if lang == "kk":  # a Kazakh noun after a numeral stays singular: one form (5 тұрғын)
                catalogue._num_plurals, catalogue._plural_expr = 1, "0"  # type: ignore[assignment]  # Babel's private plural fields, typed None
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        catalogue.creation_date = catalogue.revision_date = _FIXED_DATE
        catalogue.project, catalogue.version = "lighting_planner", "1"
        catalogue.copyright_holder, catalogue.msgid_bugs_address = "lighting_planner authors", ""
        catalogue.last_translator = catalogue.language_team = f"lighting_planner {_TEAMS[lang]} translators"
        catalogue.fuzzy = False
        path.write_bytes(_po_bytes(catalogue))
        path.with_suffix(".mo").write_bytes(compiled(read_catalogue(path, lang)))
        written += [path, path.with_suffix(".mo")]
    return written


@dataclass
class Problems:
    """What is wrong with the catalogues of a checkout (all empty: nothing)."""

    not_in_catalogue: dict[str, list[str]] = field(default_factory=dict)  # lang -> msgids the code uses
    untranslated: dict[str, list[str]] = field(default_factory=dict)      # lang -> msgids without text
    bad_placeholders: dict[str, list[str]] = field(default_factory=dict)  # lang -> msgids
    stale_mo: list[str] = field(default_factory=list)                     # langs

    def __bool__(self) -> bool:
        return any((self.not_in_catalogue, self.untranslated, self.bad_placeholders, self.stale_mo))

    def describe(self) -> str:
        lines = []
        for title, table in (("used in the code but not in the catalogue", self.not_in_catalogue),
                             ("not translated", self.untranslated),
                             ("placeholders differ from the English", self.bad_placeholders)):
            for lang, ids in table.items():
                lines.append(f"{lang}: {len(ids)} {title}: " + "; ".join(map(repr, ids[:15])))
        if self.stale_mo:
            lines.append("compiled .mo older than its .po (run scripts/update_translations.py): "
                         + ", ".join(self.stale_mo))
        return "\n".join(lines)


def _key(message) -> str:
    mid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{mid}" if message.context else mid


def check(root: Path) -> Problems:
    """Compare the code's messages with the checked-in catalogues without writing anything."""
    template = extract(root)
    wanted = {_key(m): m for m in template if m.id}
    problems = Problems()
    for lang in LANGUAGES:
        path = po_path(root, lang)
        catalogue = read_catalogue(path, lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        have = {_key(m): m for m in catalogue if m.id}
        missing = sorted(k for k in wanted if k not in have)
        if missing:
            problems.not_in_catalogue[lang] = missing
        if lang in TRANSLATED:
            empty, bad = [], []
            for key, m in sorted(have.items()):
                if key not in wanted:
                    continue
                strings = m.string if isinstance(m.string, (tuple, list)) else [m.string]
                forms = [str(f or "") for f in strings]
                if m.fuzzy or not all(forms):
                    empty.append(key)
                    continue
                ids = [str(i) for i in m.id] if isinstance(m.id, (tuple, list)) else [str(m.id)]
                allowed = set().union(*(placeholders(i) for i in ids))
                if any(not placeholders(f) <= allowed | {"n"} for f in forms):
                    bad.append(key)
            if empty:
                problems.untranslated[lang] = empty
            if bad:
                problems.bad_placeholders[lang] = bad
        mo = path.with_suffix(".mo")
        if path.exists() and (not mo.exists() or mo.read_bytes() != compiled(catalogue)):
            problems.stale_mo.append(lang)
    return problems
