"""The words of the work list in English, Russian and Kazakh, in one place.

Locations are ``(code, values)`` pairs computed by :mod:`.locate`; :func:`location_text`
turns them into words. Names (streets, street-type words such as «ул.», «пр.», «мкр.»)
come from the data as they are; only the connecting words are ours. These templates move
to the translation catalogue when it lands; until then this dict is their one home.
"""

from __future__ import annotations

from typing import Any

#: code -> language -> template with named placeholders.
WORDS: dict[str, dict[str, str]] = {
    # a named street or path
    "street_between": {"en": "{street} from {a} to {b}", "ru": "{street} от {a} до {b}",
                       "kk": "{street}, {a} мен {b} аралығы"},
    "street_at": {"en": "{street} at {a}", "ru": "{street} у {a}", "kk": "{street}, {a} қиылысы"},
    "street": {"en": "{street}", "ru": "{street}", "kk": "{street}"},
    # an unnamed way: nearest named street and direction
    "near_street": {"en": "{thing} {distance} m {direction} of {street}",
                    "ru": "{thing} в {distance} м {direction} от {street}",
                    "kk": "{street} бойынан {direction} {distance} м {thing}"},
    "on_street": {"en": "{thing} beside {street}", "ru": "{thing} у {street}", "kk": "{street} бойындағы {thing}"},
    # courtyards
    "courtyard_addresses": {"en": "courtyard of {addresses}", "ru": "двор домов {addresses}",
                            "kk": "{addresses} үйлерінің ауласы"},
    "courtyard_between": {"en": "courtyard between {a} and {b}", "ru": "двор между {a} и {b}",
                          "kk": "{a} мен {b} арасындағы аула"},
    "courtyard_at": {"en": "courtyard by {a}", "ru": "двор у {a}", "kk": "{a} бойындағы аула"},
    "courtyard_named": {"en": "courtyard {name}", "ru": "двор {name}", "kk": "{name} ауласы"},
    "nowhere": {"en": "{thing} (no named street nearby)", "ru": "{thing} (рядом нет улиц с названием)",
                "kk": "{thing} (жақын маңда атауы бар көше жоқ)"},
    "feeder_for": {"en": "new feeder {feeder} for works {works}", "ru": "новая питающая линия {feeder} для работ {works}",
                   "kk": "{works} жұмыстарына жаңа қоректендіру желісі {feeder}"},
    "name": {"en": "{name}", "ru": "{name}", "kk": "{name}"},
    # sheet words
    "summary": {"en": "Summary", "ru": "Сводка", "kk": "Жиынтық"},
    "district": {"en": "district", "ru": "район", "kk": "аудан"},
    "object": {"en": "object", "ru": "объект", "kk": "нысан"},
    "total": {"en": "Total", "ru": "Итого", "kk": "Барлығы"},
    "works": {"en": "works", "ru": "работ", "kk": "жұмыс"},
    "feeder_row": {"en": "new feeder {feeder} (cost charged here by the plan's rule) for works {works}",
                   "ru": "новая питающая линия {feeder} (стоимость отнесена сюда правилом плана) для работ {works}",
                   "kk": "{works} жұмыстарына жаңа қоректендіру желісі {feeder} (құны жоспар ережесі бойынша осында)"},
}

#: An unnamed way by its kind.
THINGS: dict[str, dict[str, str]] = {
    "street": {"en": "road", "ru": "дорога", "kk": "жол"},
    "courtyard": {"en": "drive", "ru": "проезд", "kk": "аула жолы"},
    "footpath": {"en": "path", "ru": "дорожка", "kk": "жаяу жол"},
}

#: Compass directions (N, NE, E, SE, S, SW, W, NW) as the templates use them.
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "en": ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"),
    "ru": ("к северу", "к северо-востоку", "к востоку", "к юго-востоку", "к югу", "к юго-западу", "к западу",
           "к северо-западу"),
    "kk": ("солтүстікке қарай", "солтүстік-шығысқа қарай", "шығысқа қарай", "оңтүстік-шығысқа қарай",
           "оңтүстікке қарай", "оңтүстік-батысқа қарай", "батысқа қарай", "солтүстік-батысқа қарай"),
}

LANGUAGES = ("en", "ru", "kk")


def word(code: str, lang: str, **values: Any) -> str:
    """The template ``code`` in ``lang`` (English when missing) filled with ``values``."""
    forms = WORDS[code]
    text = forms.get(lang) or forms["en"]
    return text.format(**values) if values else text


def location_text(code: str, values: dict[str, Any], lang: str = "en") -> str:
    """A location ``(code, values)`` from :mod:`.locate` in words. ``values`` may hold
    ``thing`` (a kind) and ``direction`` (0..7) which are translated here."""
    v = dict(values)
    if "thing" in v:
        v["thing"] = THINGS.get(v["thing"], THINGS["street"]).get(lang, v["thing"])
    if "direction" in v:
        v["direction"] = DIRECTIONS.get(lang, DIRECTIONS["en"])[int(v["direction"]) % 8]
    if code == "name" and not v.get("name"):
        return ""
    return word(code, lang, **v)
