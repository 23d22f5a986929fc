"""Convert the transcribed centreline extract (GeoJSON, WGS84) to the Shapefile the tests import.

``python tests/data/real/cambridge/build_shapefile.py``: a format change only (GDAL through
pyogrio); DBF field names longer than 10 characters are cut by the format itself
(``Street_Name`` → ``Street_Nam``, ``Street_Type`` → ``Street_Typ``).
"""

from __future__ import annotations

from pathlib import Path

import pyogrio

HERE = Path(__file__).parent


def main() -> None:
    src = HERE / "TRANS_Centerlines_extract.geojson"
    out = HERE / "TRANS_Centerlines_extract.shp"
    meta, _, geometry, field_data = pyogrio.raw.read(src)
    pyogrio.raw.write(out, geometry, field_data, meta["fields"], driver="ESRI Shapefile",
                      geometry_type="LineString", crs="EPSG:4326", encoding="UTF-8")


if __name__ == "__main__":
    main()
