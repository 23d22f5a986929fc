"""Build the Almaty sample map from the real 2012 OpenStreetMap streets, reproducibly.

    python scripts/build_almaty_sample.py [--source almaty_2012.osm.pbf] [--out sample_maps]

writes ``almaty_sample.gpkg`` (the project the app opens on first run),
``almaty_sample.geojson`` and ``almaty_budget.csv``. Everything random comes from one
fixed seed, so the same source file gives the same sample. What is real and what is
invented is listed in ``sample_maps/README.md`` and in the project's metadata.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lighting_planner.core.buildings import Outline, assign_building_districts  # noqa: E402
from lighting_planner.core.courtyards import derive_courtyards  # noqa: E402
from lighting_planner.core.errors import ImportReport  # noqa: E402
from lighting_planner.core.generate import PRIORITY  # noqa: E402
from lighting_planner.core.io.budget_csv import write_budget_csv  # noqa: E402
from lighting_planner.core.io.features import assign_districts  # noqa: E402
from lighting_planner.core.io.geojson import write_geojson  # noqa: E402
from lighting_planner.core.io.load import load_inputs  # noqa: E402
from lighting_planner.core.io.osm_addresses import name_located_courtyards, stored_addresses  # noqa: E402
from lighting_planner.core.io.osm_read import is_plain  # noqa: E402
from lighting_planner.core.model import BudgetLine, District, Facility, Project, Segment  # noqa: E402
from lighting_planner.core.project_store import save_project  # noqa: E402

SOURCE = ROOT / "tests" / "data" / "osm" / "almaty_2012.osm.pbf"
SEED = 2012
DATA_DATE = "2012-03-13"
ATTRIBUTION = "© OpenStreetMap contributors, CC BY-SA 2.0"
ATTRIBUTION_RU = "© участники OpenStreetMap, CC BY-SA 2.0"
ATTRIBUTION_KK = "© OpenStreetMap қатысушылары, CC BY-SA 2.0"
KZT_PER_USD = 450.0  # stated in metadata; editable in the project parameters
COST_USD = {"led_retrofit": 350.0, "new_lighting": 2500.0, "repair": 120.0}  # per luminaire, installed
SPACING_M = {"street": 35.0, "courtyard": 25.0, "footpath": 25.0}

#: Rough outline of the built-up city (lon, lat) the sample is clipped to.
CITY = Polygon([(76.74, 43.19), (76.78, 43.17), (76.86, 43.16), (76.95, 43.15), (77.03, 43.16),
                (77.07, 43.19), (77.08, 43.27), (77.06, 43.33), (77.04, 43.37), (76.96, 43.38),
                (76.88, 43.37), (76.80, 43.34), (76.75, 43.30), (76.73, 43.24)])
#: Approximate districts: boxes along main streets (Raiymbek ≈ 43.268, Abay ≈ 43.240,
#: Furmanov ≈ 76.953, …), taken in this order (earlier ones win overlaps), clipped to CITY.
DISTRICT_BOXES = (
    ("Almaly", (76.885, 43.240, 76.953, 43.268)),
    ("Medeu", (76.953, 43.10, 77.20, 43.275)),
    ("Zhetysu", (76.885, 43.268, 76.953, 43.45)),
    ("Turksib", (76.953, 43.275, 77.20, 43.45)),
    ("Bostandyk", (76.860, 43.10, 76.953, 43.240)),
    ("Auezov", (76.800, 43.10, 76.885, 43.262)),
    ("Alatau", (76.60, 43.262, 76.885, 43.45)),
    ("Nauryzbay", (76.60, 43.10, 76.800, 43.262)),
)
DISTRICT_NAMES = {
    "Almaly": ("Алмалинский район", "Алмалы ауданы"), "Medeu": ("Медеуский район", "Медеу ауданы"),
    "Zhetysu": ("Жетысуский район", "Жетісу ауданы"), "Turksib": ("Турксибский район", "Түрксіб ауданы"),
    "Bostandyk": ("Бостандыкский район", "Бостандық ауданы"), "Auezov": ("Ауэзовский район", "Әуезов ауданы"),
    "Alatau": ("Алатауский район", "Алатау ауданы"), "Nauryzbay": ("Наурызбайский район", "Наурызбай ауданы"),
}
#: Average wages quoted by the akim (domain notes); other districts have no sourced figure.
AVG_WAGE_KZT = {"Medeu": 254_000, "Nauryzbay": 126_000}
ZONE = {"Medeu": "centre", "Almaly": "centre", "Bostandyk": "middle", "Auezov": "middle",
        "Zhetysu": "middle", "Turksib": "outskirts", "Alatau": "outskirts", "Nauryzbay": "outskirts"}

#: Lighting and residents follow distance from the centre (Abay × Nazarbayev/Furmanov),
#: not district lines: Medeu's mountain roads are as dark as any outskirts.
CENTRE = (76.945, 43.250)
RING_KM = ((4.5, "centre"), (8.5, "middle"))
MAJOR = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
         "secondary", "secondary_link"}
#: Invented lighting where OSM says nothing: P(lit), P(unlit) by zone and street class;
#: the rest stays unknown (unknown is not unlit).
LIT_RULE = {
    ("centre", "major"): (0.95, 0.00), ("middle", "major"): (0.85, 0.03), ("outskirts", "major"): (0.55, 0.20),
    ("centre", "street"): (0.70, 0.10), ("middle", "street"): (0.45, 0.25), ("outskirts", "street"): (0.12, 0.58),
    ("centre", "courtyard"): (0.35, 0.45), ("middle", "courtyard"): (0.20, 0.55),
    ("outskirts", "courtyard"): (0.05, 0.75),
    ("centre", "footpath"): (0.50, 0.25), ("middle", "footpath"): (0.30, 0.40), ("outskirts", "footpath"): (0.10, 0.60),
    ("centre", "rural"): (0.10, 0.60), ("middle", "rural"): (0.05, 0.65), ("outskirts", "rural"): (0.02, 0.70),
}
RURAL = {"track", "road", "unsurfaced"}
#: Residents per metre of segment where OSM has no residential buildings (invented).
RESIDENT_DENSITY = {("centre", "street"): 0.9, ("middle", "street"): 0.8, ("outskirts", "street"): 0.35,
                    ("centre", "courtyard"): 2.5, ("middle", "courtyard"): 2.0, ("outskirts", "courtyard"): 0.8}
#: The central avenues whose lamps the invented budget retrofits (OSM 2012 spellings).
AVENUES = {"Abay": ("абая",), "Abylai Khan": ("абылай",), "Nazarbayev (Furmanov)": ("фурманова",),
           "Dostyk": ("достык",), "Tole Bi": ("толе би",), "Satpayev": ("сатпаева",),
           "Al-Farabi": ("аль-фараби",), "Zheltoksan": ("желтоксан",), "Seifullin": ("сейфулина",)}
NEW_LIGHTING = {"Alatau": 8, "Nauryzbay": 8, "Turksib": 6, "Auezov": 3, "Zhetysu": 3}
INVENTED = [
    "lighting status where OSM has no lit tag (rule by distance from the centre and street class; part left unknown)",
    "lamp technology, lamp counts, wattage and condition",
    "the LED-retrofit, new-lighting and repair budget (costs in KZT at the stated exchange rate)",
    "district boundaries (approximate boxes along main streets) and district priorities",
    "residents where OSM has no residential buildings (density by distance ring)",
    "some kindergartens and clinics in the outskirts (marked invented)",
    "highway=service ways without a service tag and highway=living_street ways counted as courtyard drives",
    "courtyards derived from the street blocks (core.courtyards, source: derived): their areas, names and the "
    "minor ways inside residential blocks taken as their drives",
    "courtyards of blocks of flats recognised by the shape of plain building outlines (rule slabs) and their "
    "residents (an estimate from the footprints)",
]
INVENTED_RU = [
    "состояние освещения там, где в OSM нет сведений об освещении (правило по удалённости от центра и классу улицы; "
    "часть оставлена неизвестной)",
    "тип ламп, число светильников, мощность и техническое состояние",
    "бюджет замены светильников на светодиодные, нового освещения и ремонта (стоимость в тенге по указанному курсу)",
    "границы районов (приблизительные прямоугольники вдоль главных улиц) и приоритеты районов",
    "число жителей там, где в OSM нет жилых домов (плотность по кольцам удалённости)",
    "часть детских садов и поликлиник на окраинах (помечены как условные)",
    "служебные проезды без уточнения вида и жилые зоны (highway=living_street) считаются внутридворовыми",
    "дворы выведены из кварталов между улицами (core.courtyards, источник: derived): их границы, названия и "
    "второстепенные проезды внутри жилых кварталов как внутридворовые",
    "дворы жилых домов, распознанных по форме контуров зданий без указания назначения, и число их жителей "
    "(оценка по площади застройки)",
]
INVENTED_KK = [
    "OSM-де жарықтандыру туралы мәлімет жоқ жерлердегі жарықтандыру күйі (орталықтан қашықтық пен көше класы бойынша "
    "ереже; бір бөлігі белгісіз қалдырылған)",
    "шам түрі, шырағдандар саны, қуаты және техникалық күйі",
    "шырағдандарды жарықдиодтыға ауыстыру, жаңа жарықтандыру және жөндеу бюджеті "
    "(құны көрсетілген бағам бойынша теңгемен)",
    "аудан шекаралары (негізгі көшелер бойындағы шамамен алынған төртбұрыштар) және аудандар басымдығы",
    "OSM-де тұрғын үйлер жоқ жерлердегі тұрғындар саны (қашықтық сақиналары бойынша тығыздық)",
    "шет аудандардағы кейбір балабақшалар мен емханалар (шартты деп белгіленген)",
    "түрі көрсетілмеген қызметтік жолдар мен тұрғын аймақтар (highway=living_street) аула ішіндегі өткелдер "
    "деп саналады",
    "аулалар көшелер арасындағы кварталдардан шығарылған (core.courtyards, дереккөзі: derived): шекаралары, "
    "атаулары және тұрғын кварталдар ішіндегі кіші жолдар аула өткелдері ретінде",
    "мақсаты көрсетілмеген ғимарат контурларының пішіні бойынша танылған тұрғын үйлердің аулалары және "
    "олардың тұрғындар саны (құрылыс ауданы бойынша бағалау)",
]


def district_polygons() -> list[District]:
    taken = Polygon()
    out = []
    for name, box in DISTRICT_BOXES:
        geom = shapely.box(*box).intersection(CITY).difference(taken)
        taken = taken.union(geom)
        ru, kk = DISTRICT_NAMES[name]
        extra = {"approximate": True, "name:en": f"{name} district", "name:ru": ru, "name:kk": kk, "zone": ZONE[name],
                 "note": "approximate outline for the sample, not an official boundary"}
        if name in AVG_WAGE_KZT:
            extra["avg_wage_kzt"] = AVG_WAGE_KZT[name]
            extra["avg_wage_source"] = "figure quoted by the Almaty akim (press)"
        out.append(District(name, shapely.normalize(geom), PRIORITY[name], extra))
    return out


def ring(seg: Segment) -> str:
    """'centre', 'middle' or 'outskirts' by the distance of the segment's middle from CENTRE."""
    c = seg.geometry.interpolate(0.5, normalized=True)
    dx = (c.x - CENTRE[0]) * 111.32 * np.cos(np.radians(CENTRE[1]))
    dy = (c.y - CENTRE[1]) * 110.57
    dist = float(np.hypot(dx, dy))
    return next((name for km, name in RING_KM if dist < km), "outskirts")


def street_class(seg: Segment) -> str:
    hw = seg.extra.get("highway", "")
    if seg.kind in ("courtyard", "footpath"):
        return seg.kind
    if hw in MAJOR:
        return "major"
    return "rural" if hw in RURAL else "street"


def clip_to_city(project: Project) -> None:
    keep = {sid: s for sid, s in project.segments.items() if CITY.contains(s.geometry.centroid)}
    project.segments = keep
    project.facilities = [f for f in project.facilities if CITY.contains(f.geometry)]
    project.buildings = [b for b in project.buildings if CITY.contains(b.geometry.centroid)]


def courtyards_from_service(project: Project) -> None:
    """Sample rules: plain service ways and living streets (жилая зона) are courtyard drives
    wherever they are (the importer counts them only inside landuse=residential, which the 2012
    data maps for a few areas only)."""
    for s in project.segments.values():
        if s.extra.get("highway") == "service" and not s.extra.get("service") and s.kind == "street":
            s.kind = "courtyard"
            s.extra["kind_source"] = "sample rule: highway=service without service tag"
        elif s.extra.get("highway") == "living_street" and s.kind == "street":
            s.kind = "courtyard"
            s.extra["kind_source"] = "sample rule: highway=living_street"


def osm_areas(source: Path) -> tuple[list, list, list[Outline]]:
    """The extract's ``landuse=residential`` polygons, the centres of its buildings (a
    residential type or ``building=yes``, as the importer reads them) and every building outline
    (any use, for the courtyards' ``slabs`` rule, as the importer reads them), lon/lat, inside CITY."""
    import osmium

    from lighting_planner.core.io.osm_read import RESIDENTIAL_BUILDINGS, _levels

    wkb = osmium.geom.WKBFactory()
    residential, built, outlines = [], [], []
    for area in (osmium.FileProcessor(str(source)).with_areas(osmium.filter.KeyFilter("building", "landuse"))
                 .with_filter(osmium.filter.KeyFilter("building", "landuse"))):
        if area.type_str() != "a":
            continue
        tags = area.tags
        building = tags.get("building")
        if tags.get("landuse") != "residential" and building is None:
            continue
        try:
            geom = shapely.from_wkb(bytes.fromhex(wkb.create_multipolygon(area)))
        except RuntimeError:  # broken outline: the importer skips it too
            continue
        if not CITY.contains(geom.centroid):
            continue
        if tags.get("landuse") == "residential" and geom.is_valid:
            residential.append(geom)
        if building in (*RESIDENTIAL_BUILDINGS, "yes"):
            built.append(geom.centroid)
        if building is not None:
            oid = f"{'w' if area.from_way() else 'r'}{area.orig_id()}"
            outlines.append(Outline(geom, is_plain(tags), _levels(tags.get("building:levels"), 0.0) or None, oid))
    return residential, built, outlines


def invent_lighting(project: Project, rng: np.random.Generator) -> None:
    """Lit status, lamps and condition where OSM is silent; decided per OSM way."""
    by_way: dict[int, list[Segment]] = {}
    for s in project.segments.values():
        by_way.setdefault(s.extra["osm_id"], []).append(s)
    for way_id in sorted(by_way):
        segs = by_way[way_id]
        first = max(segs, key=lambda s: s.length_m)
        zone = ring(first)
        cls = street_class(first)
        if first.lit == "unknown" and "osm_lit" not in first.extra:
            p_lit, p_unlit = LIT_RULE[(zone, cls)]
            u = rng.random()
            lit = "yes" if u < p_lit else "no" if u < p_lit + p_unlit else "unknown"
            source = "invented"
        else:
            lit, source = first.lit, "osm"
        led = rng.random() < (0.12 if zone == "centre" else 0.05)
        failing = rng.random() < (0.04 if zone == "centre" else 0.10)
        for s in segs:
            s.lit = lit
            s.extra["lit_source"] = source
            spacing = SPACING_M[s.kind]
            if lit == "yes":
                s.lamp = "led" if led else "hps"
                s.lamps = max(1, int(round(s.length_m / spacing)))
                big = cls == "major"
                s.watts = (120.0 if big else 80.0) if led else (250.0 if big else 150.0)
                s.condition = "failing" if failing else "ok"
            elif lit == "no":
                s.lamp, s.lamps, s.watts = "none", 0, None
            else:
                s.lamp, s.lamps, s.watts = "unknown", None, None
            s.extra["invented"] = ["lamp", "lamps", "watts", "condition"] + (["lit"] if source == "invented" else [])


def invent_residents(project: Project) -> None:
    for s in project.segments.values():
        if s.residents is not None:
            s.extra["residents_source"] = "osm buildings (estimate)"
            continue
        zone = ring(s)
        density = RESIDENT_DENSITY.get((zone, s.kind), 0.0) if s.extra.get("highway") not in MAJOR else 0.3
        if density:
            s.residents = int(round(s.length_m * density))
            s.extra["residents_source"] = "invented (density by zone)"


def invent_facilities(project: Project, rng: np.random.Generator) -> None:
    """Kindergartens and clinics the 2012 data lacks, on residential streets of each district."""
    wanted = {"outskirts": {"kindergarten": 5, "clinic": 2}, "middle": {"kindergarten": 3, "clinic": 1},
              "centre": {"kindergarten": 2, "clinic": 1}}
    n = 0
    for d in project.districts:
        cands = sorted((s for s in project.segments.values() if s.district == d.name and s.kind != "footpath"
                        and s.extra.get("highway") in ("residential", "living_street", "service")),
                       key=lambda s: s.id)
        if not cands:
            continue
        for kind, count in wanted[ZONE[d.name]].items():
            for _ in range(count):
                s = cands[int(rng.integers(len(cands)))]
                pt = s.geometry.interpolate(0.5, normalized=True)
                n += 1
                label = "Kindergarten" if kind == "kindergarten" else "Clinic"
                ru, kk = (("Детский сад", "балабақша") if kind == "kindergarten" else ("Поликлиника", "емхана"))
                project.facilities.append(Facility(f"inv{n}", kind, pt, f"{label} {n} (invented)", {
                    "invented": True, "district": d.name, "name:en": f"{label} {n} (invented)",
                    "name:ru": f"{ru} № {n} (условный)", "name:kk": f"№ {n} {kk} (шартты)"}))


def avenue_of(seg: Segment) -> str | None:
    name = seg.name.lower()
    for avenue, keys in AVENUES.items():
        if any(k in name for k in keys):
            return avenue
    return None


def invent_budget(project: Project, rng: np.random.Generator) -> list[BudgetLine]:
    kzt = {k: v * KZT_PER_USD for k, v in COST_USD.items()}
    lines: list[BudgetLine] = []
    segs = sorted(project.segments.values(), key=lambda s: s.id)

    def add(seg: Segment, programme: str, luminaires: int, note: str, avenue: str | None = None) -> None:
        extra = {"note": note, "invented": "yes"}
        if avenue:
            extra["avenue"] = avenue
        lines.append(BudgetLine(f"B{len(lines) + 1:04d}", seg.id, programme, luminaires,
                                float(round(luminaires * kzt[programme])), extra))

    # LED retrofit of the sodium lamps along the central avenues (the akim's example).
    for s in segs:
        avenue = avenue_of(s)
        if avenue and ring(s) in ("centre", "middle") and s.kind == "street":
            if s.lit == "yes" and s.lamp == "hps":
                add(s, "led_retrofit", s.lamps or 1, "swap sodium lamps for LED", avenue)
            elif s.lit == "unknown" and rng.random() < 0.5:
                add(s, "led_retrofit", max(1, int(s.length_m / 35)), "swap for LED (status not recorded)", avenue)
    # New lighting on a few dark streets and courtyards, most in the outskirts districts.
    for district, count in NEW_LIGHTING.items():
        dark = [s for s in segs if s.lit == "no" and s.district == district and 80 < s.length_m < 600]
        for i in sorted(rng.choice(len(dark), size=min(count, len(dark)), replace=False).tolist()):
            s = dark[i]
            add(s, "new_lighting", max(2, int(round(s.length_m / SPACING_M[s.kind]))), "new poles and cable")
    # Repairs of failing lamps.
    failing = [s for s in segs if s.lit == "yes" and s.condition == "failing"]
    for i in sorted(rng.choice(len(failing), size=min(20, len(failing)), replace=False).tolist()):
        s = failing[i]
        add(s, "repair", s.lamps or 1, "replace failed lamps")
    return lines


def build(source: Path = SOURCE, report: ImportReport | None = None) -> Project:
    """The sample project, deterministic for a given source file; import warnings go to ``report``."""
    rng = np.random.default_rng(SEED)
    project = load_inputs([source], report if report is not None else ImportReport())
    clip_to_city(project)
    project.districts = district_polygons()
    for s in project.segments.values():
        s.district = None
    assign_districts(project)
    project.segments = {sid: s for sid, s in project.segments.items() if s.district}
    for b in project.buildings:
        b.district = None
    assign_building_districts(project)
    project.buildings = [b for b in project.buildings if b.district]
    courtyards_from_service(project)
    invent_lighting(project, rng)
    invent_residents(project)
    invent_facilities(project, rng)
    project.budget_lines = invent_budget(project, rng)
    addresses = project.metadata.get("building_addresses", [])
    residential, built, outlines = osm_areas(source)
    # after the kinds and districts
    project.courtyards = derive_courtyards(project, stored_addresses(project), residential, built, outlines)
    name_located_courtyards(project)
    osm_stats = project.metadata.get("osm_import", {})
    project.metadata = {
        "name": "Almaty sample (real 2012 streets, invented lighting budget)",
        "city": "Almaty",
        "city:ru": "Алматы",
        "city:kk": "Алматы",
        "name:ru": "Пример: Алматы (реальные улицы 2012 года, условный бюджет освещения)",
        "name:kk": "Мысал: Алматы (2012 жылғы нақты көшелер, шартты жарықтандыру бюджеті)",
        "attribution:ru": ATTRIBUTION_RU,
        "attribution:kk": ATTRIBUTION_KK,
        "licence:ru": "CC BY-SA 2.0 (данные OpenStreetMap, опубликованные до 12 сентября 2012 г.)",
        "licence:kk": "CC BY-SA 2.0 (2012 жылғы 12 қыркүйекке дейін жарияланған OpenStreetMap деректері)",
        "sources:ru": [f"{source.name}: выгрузка OpenStreetMap по Алматы, объекты по состоянию на {DATA_DATE}"],
        "sources:kk": [f"{source.name}: Алматы бойынша OpenStreetMap үзіндісі, {DATA_DATE} жағдайы бойынша нысандар"],
        "invented:ru": INVENTED_RU,
        "invented:kk": INVENTED_KK,
        "data_date": DATA_DATE,
        "attribution": ATTRIBUTION,
        "licence": "CC BY-SA 2.0 (OpenStreetMap data published before 12 September 2012)",
        "sources": [f"{source.name}: OpenStreetMap extract of Almaty, objects up to {DATA_DATE}"],
        "approximate_districts": True,
        "invented": INVENTED,
        "exchange_rate_kzt_per_usd": KZT_PER_USD,
        "unit_costs_usd": COST_USD,
        "seed": SEED,
        "built_by": "scripts/build_almaty_sample.py",
        "osm_import": osm_stats,
        "building_addresses": addresses,
        "courtyards": "derived by lighting_planner.core.courtyards (source: derived), see docs/courtyards.md",
    }
    project.parameters.setdefault("kzt_per_usd", KZT_PER_USD)
    return project


def write_sample(project: Project, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    save_project(project, out / "almaty_sample.gpkg")
    write_geojson(project, out / "almaty_sample.geojson")
    write_budget_csv(project.budget_lines, out / "almaty_budget.csv")


def summary(project: Project) -> str:
    segs = project.segments.values()
    km = Counter()
    for s in segs:
        km[s.lit] += s.length_m / 1000
    by_prog = Counter()
    for b in project.budget_lines:
        by_prog[b.programme] += b.cost
    return (f"{len(project.segments)} segments (lit {km['yes']:.0f} km, unlit {km['no']:.0f} km, "
            f"unknown {km['unknown']:.0f} km), {len(project.facilities)} facilities, "
            f"{len(project.districts)} districts, {len(project.courtyards)} courtyards (derived), "
            f"{len(project.buildings)} residential buildings ({sum(b.residents or 0 for b in project.buildings):,} "
            f"residents), "
            f"{len(project.budget_lines)} budget lines "
            + ", ".join(f"{k} {v / 1e6:.1f}M KZT" for k, v in sorted(by_prog.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=SOURCE, help="the Almaty 2012 .osm.pbf")
    ap.add_argument("--out", type=Path, default=ROOT / "sample_maps", help="folder to write into")
    args = ap.parse_args(argv)
    report = ImportReport()
    project = build(args.source, report)
    for w in report.warnings:
        print(f"import warning: {w}")
    write_sample(project, args.out)
    print(f"wrote {args.out}: {summary(project)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
