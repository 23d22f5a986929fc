"""The find bar's name matching skips the exact similarity where its quick upper bounds already rule a
word out, and reduces each name once: the scores are those of the full comparison."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from lighting_planner.gui import name_match
from lighting_planner.gui.name_match import CLOSE, best_names, score, skeleton

STREETS = ["проспект Абая", "улица Жандосова", "Толе би", "Әл-Фараби даңғылы", "ул. Сейфуллина", "Abay Avenue",
           "Dostyk", "Достық даңғылы", "мкр. Самал-2", "Розыбакиева", "Kabanbay batyr", "Қабанбай батыр көшесі",
           "Тимирязева", "Шевченко", "Байзакова", "Zheltoksan", "Желтоқсан", "Маркова", "Gogol street", "школа №12"]


def _full(query: str, word: str) -> float:
    """The comparison without the shortcut: both exact ratios, always."""
    if word.startswith(query):
        return 1.0
    if len(query) < 4:
        return 0.0
    ratio = max(SequenceMatcher(None, query, word[:len(query) + 1]).ratio(), SequenceMatcher(None, query, word).ratio())
    return ratio if ratio >= CLOSE else 0.0


def _typos(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 2)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.randrange(3)
        if op == 0:
            del chars[i]
        elif op == 1:
            chars.insert(i, rng.choice("абвгдеиклмнорстaeiouknrst"))
        else:
            chars[i] = rng.choice("абвгдеиклмнорстaeiouknrst")
    return "".join(chars)


def test_word_scores_are_those_of_the_full_comparison():
    rng = random.Random(11)
    words = sorted({w for s in STREETS for w in skeleton(s).split()})
    checked = close = 0
    for _ in range(3000):
        query = skeleton(_typos(rng, rng.choice(words)[: rng.randint(2, 12)]))
        for w in rng.sample(words, 8):
            for q in query.split() or [""]:
                got = name_match._word_matches(q, w)
                assert got == _full(q, w), (q, w)
                checked += 1
                close += 0 < got < 1
    assert checked > 20000 and close > 100  # typo matches were among them


def test_best_names_find_by_typed_and_typo_names():
    assert best_names("абая", STREETS)[0] == "проспект Абая"
    assert best_names("abai", STREETS)[:2] == ["Abay Avenue", "проспект Абая"]
    assert best_names("Желтоксан", STREETS) == ["Желтоқсан", "Zheltoksan"]
    assert best_names("Жандосава", STREETS) == ["улица Жандосова"]  # a typo
    assert score("Kabanbai", "Қабанбай батыр көшесі") == 1.0
    assert best_names("qwqwqw", STREETS) == []
