"""Names of places and objects in the reader's language.

Data keep a name as given (``name``) and, when the source has them, the name in other languages
in ``extra`` (``name:ru``, ``name:kk``, ``name:en`` — OpenStreetMap's keys). Descriptive project
metadata may carry translations the same way (``city:ru``, ``attribution:kk``, ``invented:ru`` …).
A name with no form in the language is shown as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def local_name(lang: str, name: str, extra: Mapping[str, Any] | None) -> str:
    """``extra["name:<lang>"]`` when present, else ``name``."""
    if extra:
        value = extra.get(f"name:{lang}")
        if isinstance(value, str) and value.strip():
            return value
    return name


def meta_text(metadata: Mapping[str, Any] | None, key: str, lang: str) -> Any:
    """``metadata["<key>:<lang>"]`` when present, else ``metadata[key]`` (None when neither)."""
    metadata = metadata or {}
    value = metadata.get(f"{key}:{lang}")
    return value if value not in (None, "", []) else metadata.get(key)


class Names:
    """The names of one project's districts, streets and facilities in ``lang``."""

    def __init__(self, project: Any, lang: str):
        self.lang = lang
        self.project = project
        self._districts = {d.name: local_name(lang, d.name, d.extra) for d in getattr(project, "districts", [])}
        self._facilities: dict[str, str] | None = None

    def district(self, key: str | None) -> str:
        """A district (by the key segments and budget lines use) in the language."""
        if not key:
            return ""
        return self._districts.get(key, key)

    def segment(self, segment: Any) -> str:
        return local_name(self.lang, segment.name, segment.extra) if segment is not None else ""

    def facility(self, name: str) -> str:
        """A facility's name (as given) in the language, through the project's facilities."""
        if self._facilities is None:
            self._facilities = {f.name: local_name(self.lang, f.name, f.extra)
                                for f in getattr(self.project, "facilities", []) if f.name}
        return self._facilities.get(name, name)

    def city(self) -> str:
        return str(meta_text(getattr(self.project, "metadata", None), "city", self.lang) or "")

    def __call__(self, kind: str, name: str) -> str:
        """``names(kind, name)`` for code that only knows a kind ("district", "facility") and a name."""
        if kind == "district":
            return self.district(name)
        if kind == "facility":
            return self.facility(name)
        return name
