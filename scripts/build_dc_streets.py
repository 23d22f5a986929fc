"""Street lines for the Washington, DC streetlight extract in ``tests/data/inventory/dc/``.

    python scripts/build_dc_streets.py

No street-centreline file of the District is stored with the project, so this script
draws one straight line per street **from the inventory itself**: for every street name
(the city's ``STREETNAME``) with at least two lights, the line through their positions
along their principal direction, in the District's own projected system (NAD83 /
Maryland State Plane, EPSG:26985, the system DC GIS publishes in), reaching
``OVERHANG_M`` beyond the first and the last light. The District's streets are straight
(the L'Enfant grid and its avenues), so such a line runs along the street; it is *not* the
official centreline. Lights on a street with a single light get no line of their own.

The output is a Shapefile in EPSG:26985 with short DBF fields (``SEG_ID``, ``ST_NAME``,
``N_LIGHTS``), written to ``tests/data/inventory/dc/dc_streets_from_lights.*``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[1]
DC = ROOT / "tests" / "data" / "inventory" / "dc"
LIGHTS = DC / "ddot_streetlights_downtown.csv"
OUT = DC / "dc_streets_from_lights.shp"
EPSG = 26985
OVERHANG_M = 40.0


def street_lines(rows: list[dict[str, str]]) -> list[tuple[str, shapely.LineString, int]]:
    """(street name, line in EPSG:26985, lights on it) for each street with two lights or more."""
    tr = Transformer.from_crs(4326, EPSG, always_xy=True)
    by_street: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        by_street[r["STREETNAME"].strip()].append((float(r["XCOORD"]), float(r["YCOORD"])))
    out = []
    for name in sorted(by_street):
        lonlat = np.array(by_street[name])
        if len(lonlat) < 2:
            continue
        xy = np.column_stack(tr.transform(lonlat[:, 0], lonlat[:, 1]))
        centre = xy.mean(axis=0)
        _, _, vt = np.linalg.svd(xy - centre)
        direction = vt[0]
        along = (xy - centre) @ direction
        ends = [centre + direction * (along.min() - OVERHANG_M), centre + direction * (along.max() + OVERHANG_M)]
        out.append((name, shapely.LineString(ends), len(lonlat)))
    return out


def main() -> None:
    with open(LIGHTS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = street_lines(rows)
    fields = [np.array([f"DC-{k + 1:02d}" for k in range(len(lines))], dtype=object),
              np.array([name for name, _, _ in lines], dtype=object),
              np.array([n for _, _, n in lines], dtype=np.int32)]
    for old in DC.glob(OUT.stem + ".*"):
        old.unlink()
    pyogrio.raw.write(str(OUT), shapely.to_wkb(np.array([g for _, g, _ in lines])), fields,
                      ["SEG_ID", "ST_NAME", "N_LIGHTS"], driver="ESRI Shapefile", geometry_type="LineString",
                      crs=f"EPSG:{EPSG}", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} street lines from {len(rows)} lights")


if __name__ == "__main__":
    main()
