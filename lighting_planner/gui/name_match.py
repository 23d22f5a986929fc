"""Finding places by name the way people type them: Cyrillic or Latin, with small typos.

Names and the query are reduced to one Latin "skeleton" (Russian and Kazakh letters
transliterated, spelling variants such as y/i/j, kh/h/x, q/k folded, doubled letters
collapsed), so "Abay", "Abai" and «Абая» meet. A word matches when its skeleton starts
with the query's, or is close to it (difflib ratio, for queries of four letters or more).
No Qt here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
_FOLDS = (("kh", "h"), ("x", "h"), ("q", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("yo", "e"),
          ("ph", "f"), ("c", "k"))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: similarity (difflib ratio) above which a word counts as the query with a typo
CLOSE = 0.8


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """``text`` as lower-case folded Latin letters and digits (words kept apart by spaces)."""
    out = "".join(_CYRILLIC.get(ch, ch) for ch in text.casefold())
    out = re.sub(r"[`'ʼ’\"«»]", "", out)
    for a, b in _FOLDS:
        out = out.replace(a, b)
    out = re.sub(r"(.)\1+", r"\1", out)
    return " ".join(_WORD.findall(out))


def _word_matches(query: str, word: str) -> float:
    """1.0 for a prefix match, the similarity for a close one, else 0."""
    if word.startswith(query):
        return 1.0
    if len(query) < 4:
        return 0.0
    ratio = 0.0
    letters = _letters(query)
    for other in (word[:len(query) + 1], word):
        # difflib's real_quick_ratio and quick_ratio, worked out without building a matcher: both bound
        # the ratio from above, so below CLOSE the ratio is not worth computing
        size = len(query) + len(other)
        if 2.0 * min(len(query), len(other)) / size < CLOSE:
            continue
        if 2.0 * sum((letters & _letters(other)).values()) / size < CLOSE:
            continue
        ratio = max(ratio, SequenceMatcher(None, query, other).ratio())
    return ratio if ratio >= CLOSE else 0.0


@lru_cache(maxsize=1 << 16)
def _letters(text: str) -> Counter[str]:
    return Counter(text)


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``'s skeleton (a name is reduced once, however many searches read it)."""
    return tuple(skeleton(text).split())


def score(query: str, name: str) -> float:
    """How well ``name`` answers ``query`` (0 = not at all; every query word must match a word)."""
    q_words = _words(query)
    n_words = _words(name)
    if not q_words or not n_words:
        return 0.0
    total = 0.0
    for q in q_words:
        best = max(_word_matches(q, w) for w in n_words)
        if best == 0.0:
            return 0.0
        total += best
    return total / len(q_words)


def best_names(query: str, names: Iterable[str], limit: int | None = None) -> list[str]:
    """Distinct ``names`` answering ``query``, best first (exact prefix matches before typo ones)."""
    scored = {}
    for n in set(names):
        if n:
            s = score(query, n)
            if s > 0:
                scored[n] = s
    ordered = sorted(scored, key=lambda n: (-scored[n], len(n), n))
    return ordered if limit is None else ordered[:limit]
