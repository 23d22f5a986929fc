"""Build tests/data/inventory/ from the OSM extracts in tests/data/osm/ (run from the repo root).

What a city lighting department would hand over, made from real OpenStreetMap data:

* ``helsinki_streets.shp`` — the Helsinki segments of our OSM import as a street
  centreline Shapefile with short DBF field names, in EPSG:3067 (ETRS-TM35FIN),
  DBF in UTF-8 with a ``.cpg``.
* ``almaty_streets.shp`` — central Almaty the same way, EPSG:32643, DBF in cp1251.
* ``helsinki_poles_ru.csv`` — every ``highway=street_lamp`` node of the Helsinki
  extract as a pole inventory with Russian column names (lon/lat) and Soviet lamp codes.
* ``helsinki_poles_ru.xlsx`` — the same poles as an Excel sheet with projected x/y in
  EPSG:3067 under a merged title row.

The OSM extracts carry no lamp types, and the Almaty extract has no street lamps at
all (its README says so), so lamp codes, wattages and conditions are drawn here with
a fixed seed; coordinates, ids and streets are OSM's. Licence: as the extracts
(Helsinki ODbL 1.0, Almaty CC BY-SA 2.0), © OpenStreetMap contributors.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import numpy as np
import osmium
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lighting_planner.core.errors import ImportReport  # noqa: E402
from lighting_planner.core.io.load import load_inputs  # noqa: E402

OSM = ROOT / "tests" / "data" / "osm"
OUT = ROOT / "tests" / "data" / "inventory"
ALMATY_CLIP = (76.90, 43.22, 76.96, 43.26)
KIND_CODES = {"street": 1, "courtyard": 2, "footpath": 3}
LIT_WORDS = {"yes": "да", "no": "нет", "unknown": None}
#: (code in the inventory, watts) drawn for each pole.
LAMP_CHOICES = [("ДНаТ", 250), ("ДНаТ", 150), ("ДНаЗ", 250), ("ДРЛ", 250), ("светодиодный", 80),
                ("СД", 60), ("ДРИ", 150), ("МГЛ", 150), ("ЛН", 200), ("ЖКУ", 150), ("Прожектор XYZ", 400)]
POLE_COLUMNS = ["№ опоры", "Долгота", "Широта", "Тип светильника", "Мощность, Вт", "Кол-во", "Состояние",
                "Высота опоры, м"]


def streets_shapefile(pbf: Path, out: Path, epsg: int, encoding: str, clip=None) -> None:
    import pyogrio.raw
    from pyproj import Transformer

    project = load_inputs([pbf], ImportReport())
    segs = list(project.segments.values())
    if clip is not None:
        box = shapely.box(*clip)
        segs = [s for s in segs if box.contains(s.geometry)]
    tr = Transformer.from_crs(4326, epsg, always_xy=True)
    geoms = shapely.transform(np.asarray([s.geometry for s in segs], dtype=object),
                              lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
    fields = {
        "SEG_ID": np.array([s.id for s in segs], dtype=object),
        "NAIM": np.array([s.name for s in segs], dtype=object),
        "TIP": np.array([KIND_CODES[s.kind] for s in segs], dtype=np.int32),
        "OSVESH": np.array([LIT_WORDS[s.lit] for s in segs], dtype=object),
        "HIGHWAY": np.array([s.extra.get("highway", "") for s in segs], dtype=object),
        "OSM_ID": np.array([int(s.extra.get("osm_id", 0)) for s in segs], dtype=np.int64),
    }
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        out.with_suffix(suffix).unlink(missing_ok=True)
    pyogrio.raw.write(str(out), shapely.to_wkb(geoms), list(fields.values()), list(fields), driver="ESRI Shapefile",
                      geometry_type="LineString", crs=f"EPSG:{epsg}", encoding=encoding,
                      layer_options={"RESIZE": "YES"})
    print(f"{out}: {len(segs)} segments")


class _Lamps(osmium.SimpleHandler):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, float, float]] = []

    def node(self, n) -> None:
        if n.tags.get("highway") == "street_lamp":
            self.rows.append((n.id, n.location.lon, n.location.lat))


def pole_rows(pbf: Path) -> list[list]:
    h = _Lamps()
    h.apply_file(str(pbf))
    rnd = random.Random(12)
    rows = []
    for node_id, lon, lat in sorted(h.rows):
        code, watts = rnd.choice(LAMP_CHOICES)
        cond = "Неисправен" if rnd.random() < 0.15 else "Исправен"
        count = 2 if rnd.random() < 0.1 else 1
        rows.append([f"N{node_id}", lon, lat, code, watts, count, cond, rnd.choice([8, 9, 10, 12])])
    return rows


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    streets_shapefile(OSM / "helsinki_center.osm.pbf", OUT / "helsinki_streets.shp", 3067, "UTF-8")
    streets_shapefile(OSM / "almaty_2012.osm.pbf", OUT / "almaty_streets.shp", 32643, "cp1251", ALMATY_CLIP)
    rows = pole_rows(OSM / "helsinki_center.osm.pbf")
    with open(OUT / "helsinki_poles_ru.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(POLE_COLUMNS)
        for r in rows:
            w.writerow([r[0], repr(r[1]), repr(r[2]), *r[3:]])
    write_xlsx(rows, OUT / "helsinki_poles_ru.xlsx")
    print(f"{len(rows)} poles")


def write_xlsx(rows: list[list], path: Path) -> None:
    import openpyxl
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, 3067, always_xy=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Опоры"
    ws.append(["Реестр опор наружного освещения (из OpenStreetMap, © OpenStreetMap contributors, ODbL)"])
    ws.merge_cells("A1:H1")
    ws.append(["№ опоры", "X", "Y", *POLE_COLUMNS[3:]])
    for r in rows:
        x, y = tr.transform(r[1], r[2])
        ws.append([r[0], round(x, 3), round(y, 3), *r[3:]])
    wb.save(path)


if __name__ == "__main__":
    main()
