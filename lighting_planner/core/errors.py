"""Errors and warnings about input data that name the file, the feature and the problem."""

from __future__ import annotations

from dataclasses import dataclass, field


class LightingPlannerError(Exception):
    """Base class of every error shown to the user as a message (never a traceback)."""


@dataclass
class Problem:
    """One problem found in an input: where it is and what is wrong."""

    file: str
    where: str  # e.g. "feature 12 (id 'S-7')", "line 4"; "" for the whole file
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        parts.append(self.message)
        return ": ".join(parts)


class InputError(LightingPlannerError):
    """An input file cannot be used; nothing has been written."""

    def __init__(self, file: str, where: str, message: str):
        self.problem = Problem(str(file), where, message)
        super().__init__(str(self.problem))


class Cancelled(LightingPlannerError):
    """Long work stopped because the user cancelled it (raised by :meth:`core.progress.Progress.check`)."""


#: The former name of :class:`Cancelled`, kept so code written against it still imports.
CancelledError = Cancelled


@dataclass
class ImportReport:
    """Warnings collected while importing (the import itself went through)."""

    warnings: list[Problem] = field(default_factory=list)

    def warn(self, file: str, where: str, message: str) -> None:
        self.warnings.append(Problem(str(file), where, message))

    def extend(self, other: ImportReport) -> None:
        self.warnings.extend(other.warnings)


class SaveError(LightingPlannerError):
    """A file could not be written; the previous file (if any) is unchanged."""

    def __init__(self, file: str, message: str):
        self.file = str(file)
        self.message = message
        super().__init__(f"{file}: {message}")
