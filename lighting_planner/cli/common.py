"""Helpers shared by the subcommands: loading inputs, printing warnings and tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..core.errors import ImportReport
from ..core.io.load import load_inputs
from ..core.model import Project
from ..i18n import Translator, translator
from ..i18n.messages import say_problem

MAX_WARNINGS = 30
#: The language of error and warning lines (set by ``cli.main`` from ``--lang`` or the environment).
LANG = "en"


def tr() -> Translator:
    """The translator of the command's language (its ``--lang``, else the environment's)."""
    return translator(LANG)


def print_warnings(report: ImportReport) -> None:
    t = translator(LANG)
    for w in report.warnings[:MAX_WARNINGS]:
        print(t.gettext("warning: {message}", message=say_problem(t, w)), file=sys.stderr)
    if len(report.warnings) > MAX_WARNINGS:
        print(t.ngettext("warning: … and {n} more warning", "warning: … and {n} more warnings",
                         len(report.warnings) - MAX_WARNINGS), file=sys.stderr)


def load(paths: Sequence[str]) -> Project:
    report = ImportReport()
    project = load_inputs(paths, report)
    print_warnings(report)
    return project


def project_counts(project: Project) -> dict[str, str]:
    """"1500 segments", "37 facilities", … of ``project`` in the command's language (plain digits, as
    scripts read them)."""
    t = tr()
    n_seg, n_fac, n_dis, n_bud, n_pol = (len(project.segments), len(project.facilities), len(project.districts),
                                         len(project.budget_lines), len(project.poles))
    n_req = len(getattr(project, "requests", None) or [])
    return {"segments": t.ngettext("{n} segment", "{n} segments", n_seg, n=str(n_seg)),
            "facilities": t.ngettext("{n} facility", "{n} facilities", n_fac, n=str(n_fac)),
            "districts": t.ngettext("{n} district", "{n} districts", n_dis, n=str(n_dis)),
            "budget_lines": t.ngettext("{n} budget line", "{n} budget lines", n_bud, n=str(n_bud)),
            "poles": t.ngettext("{n} pole", "{n} poles", n_pol, n=str(n_pol)),
            "requests": t.ngettext("{n} residents' request", "{n} residents' requests", n_req, n=str(n_req))}


def money(value: float) -> str:
    """A whole amount in the command's language (345 397 500 in ru and kk, 345,397,500 in en)."""
    return tr().num(value, 0)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()) -> str:
    """A plain-text table; columns whose index is in ``right`` are right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for n, r in enumerate(cells):
        out.append("  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                             for i, c in enumerate(r)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
