"""Write the hostile-file corpus ``tests/data/hostile/``: one or more files per attack class.

    python scripts/build_hostile_corpus.py            # rewrite the corpus (deterministic)
    python scripts/build_hostile_corpus.py --check    # fail if the corpus differs from what this writes

Every file is made here from the small seeds of ``tests/fuzzing.py`` (no third-party data),
so the corpus carries the repository's licence. The file name says what the input is and
how ``scripts/hostile_cli.py`` feeds it to the command line:

* ``map_*``      street map inputs (GeoJSON, OSM XML / PBF, GeoPackage layers): ``import``, ``audit``;
* ``budget_*``   budget CSV or workbook, given after ``map_for_budget.geojson``;
* ``poles_*``    pole inventory workbook, given with ``--poles`` to the import of the map;
* ``project_*``  project files: ``audit``, ``plan``, ``report``, ``works``, ``export``;
* ``beside_*/``  a project with the journal a killed SQLite client left (``-wal``, hot
  ``-journal``): the commands save over it and the result must pass ``integrity_check``.

File names with ``#``, ``?``, ``%``, spaces and Cyrillic are made at run time by
``hostile_cli.py`` (a ``?`` cannot be checked out on Windows).
The segfaulting PBFs live in ``tests/data/fuzz_corpus/osm_pbf/`` and are run from there.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sqlite3
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "hostile"
#: Fixed timestamp inside generated zip archives, so the corpus is byte-for-byte reproducible.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


# ----------------------------------------------------------------------------- GeoJSON

def _gj(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _seed_text() -> str:
    return json.dumps(fuzzing.geojson_seed(), ensure_ascii=True)


def geojson_files() -> dict[str, bytes]:
    seed = fuzzing.geojson_seed()
    text = _seed_text()
    out: dict[str, bytes] = {}
    out["map_ok.geojson"] = _gj(seed)
    out["map_deep_nesting.geojson"] = b'{"type":"FeatureCollection","features":[' + b"[" * 200_000 + b"]}"
    out["map_deep_property.geojson"] = text.replace('"note": {"a": [1, 2]}', '"note": ' + "[" * 5000 + "]" * 5000
                                                    ).encode()
    out["map_int_5000_digits.geojson"] = text.replace('"lamps": 4', '"lamps": ' + "9" * 5000).encode()
    out["map_int_5000_digits_extra.geojson"] = text.replace('"a": [1, 2]', '"a": ' + "7" * 5000).encode()
    out["map_float_1e400.geojson"] = text.replace('"watts": 150', '"watts": 1e400').encode()
    out["map_nan_literal.geojson"] = text.replace('"watts": 150', '"watts": NaN').encode()
    for name, member in {"crs_string": {"crs": "EPSG:4326"}, "crs_properties_list": {"crs": {"properties": [1]}},
                         "crs_number": {"crs": 5}, "crs_name_object": {"crs": {"type": "name", "properties":
                                                                                {"name": {"x": 1}}}},
                         "metadata_string": {"lighting_planner": {"metadata": "yes"}},
                         "metadata_list": {"lighting_planner": {"metadata": [1, 2]}},
                         "lighting_planner_list": {"lighting_planner": [1]},
                         "properties_list": None}.items():
        doc = json.loads(json.dumps(seed))
        if member is None:
            doc["features"][0]["properties"] = [1, 2]
        else:
            doc.update(member)
        out[f"map_{name}.geojson"] = _gj(doc)
    out["map_lone_surrogate_name.geojson"] = text.replace("\\u0410\\u0431\\u0430\\u044f", "\\ud800").encode()
    out["map_lone_surrogate_key.geojson"] = text.replace('"condition"', '"\\udfff"').encode()
    out["map_raw_surrogate_bytes.geojson"] = text.replace("\\u0410\\u0431\\u0430\\u044f", "x\udcff").encode(
        "utf-8", "surrogatepass")
    out["map_residents_1e19.geojson"] = text.replace('"residents": 120', '"residents": 1e19').encode()
    out["map_residents_2_63.geojson"] = text.replace('"residents": 300', f'"residents": {2**63}').encode()
    out["map_lamps_negative.geojson"] = text.replace('"lamps": 4', '"lamps": -4').encode()
    bowtie = [[[76.8, 43.1], [77.0, 43.3], [77.0, 43.1], [76.8, 43.3], [76.8, 43.1]]]
    doc = json.loads(json.dumps(seed))
    doc["features"][3]["geometry"]["coordinates"] = bowtie
    out["map_self_intersecting_district.geojson"] = _gj(doc)
    doc = json.loads(json.dumps(seed))
    doc["features"][4]["geometry"]["coordinates"] = [[[76.90, 43.20], [76.901, 43.201], [76.901, 43.20],
                                                      [76.90, 43.201], [76.90, 43.20]]]
    out["map_self_intersecting_courtyard.geojson"] = _gj(doc)
    doc = json.loads(json.dumps(seed))
    doc["features"][0]["geometry"]["coordinates"] = [[76.90, 43.20], [76.91, 43.21], [250.0, 95.0]]
    out["map_bad_third_vertex.geojson"] = _gj(doc)
    for name, geom in {"coords_missing": {"type": "LineString"}, "coords_strings": {"type": "LineString",
                       "coordinates": [["a", "b"], ["c", "d"]]}, "one_vertex": {"type": "LineString",
                       "coordinates": [[76.9, 43.2]]}, "geometry_collection": {"type": "GeometryCollection",
                       "geometries": [{"type": "GeometryCollection", "geometries": []}]},
                       "geometry_string": "LINESTRING(0 0, 1 1)"}.items():
        doc = json.loads(json.dumps(seed))
        doc["features"][0]["geometry"] = geom
        out[f"map_{name}.geojson"] = _gj(doc)
    # names the report must print legibly (bidi controls, overlong, emoji)
    doc = json.loads(json.dumps(seed))
    doc["features"][0]["properties"]["name"] = "\u202eedirrevo-LTR \u2066x\u2069"
    doc["features"][1]["properties"]["name"] = "Улица " + "очень длинная " * 700
    doc["features"][2]["properties"]["name"] = "Школа 👩‍👩‍👧 😀 №1"
    out["map_report_names.geojson"] = _gj(doc)
    out["map_utf16.geojson"] = _gj(seed).decode("utf-8").encode("utf-16")
    out["map_bom.geojson"] = b"\xef\xbb\xbf" + _gj(seed)
    out["map_truncated.geojson"] = _gj(seed)[:700]
    out["map_nul_in_name.geojson"] = text.replace("\\u0410\\u0431\\u0430\\u044f", "\\u0000").encode()
    out["map_duplicate_ids.geojson"] = text.replace('"id": "S2"', '"id": "S1"').encode()
    out["map_empty.geojson"] = b""
    return out


# ----------------------------------------------------------------------------- budget CSV

HEADER = "item_id,segment_id,programme,luminaires,cost,note\n"


def csv_files() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    out["budget_ok.csv"] = fuzzing.CSV_SEED.encode()
    out["budget_field_128kb.csv"] = (HEADER + "B1,S1,repair,1,5,\"" + "x" * 131_073 + "\"\n").encode()
    out["budget_field_128kb_unquoted.csv"] = (HEADER + "B1,S1,repair,1," + "9" * 131_073 + ",n\n").encode()
    for name, lum, cost in [("luminaires_inf", "inf", "5"), ("luminaires_nan", "nan", "5"),
                            ("luminaires_1e20", "1e20", "5"), ("cost_1e20", "4", "1e20"),
                            ("cost_infinity", "4", "Infinity"), ("cost_5000_digits", "4", "9" * 5000),
                            ("cost_negative", "4", "-5"), ("cost_comma", "4", "1,5"),
                            ("luminaires_text", "many", "5")]:
        out[f"budget_{name}.csv"] = (HEADER + f"B1,S1,led_retrofit,{lum},{cost},n\n").encode()
    out["budget_formulas.csv"] = (HEADER + "\"=cmd|' /C calc'!A0\",S1,led_retrofit,4,5,\"=HYPERLINK(\"\"http://x\"\")\"\n"
                                  "+B2,S2,repair,1,5,@SUM(A1)\n-B3,S2,repair,1,5,\"\t=1+1\"\n").encode()
    out["budget_nul.csv"] = (HEADER + "B1,S1,repair,1,5,a\x00b\n").encode()
    out["budget_cp1251.csv"] = (HEADER + "B1,S1,repair,1,5,Абая\n").encode("cp1251")
    out["budget_semicolon.csv"] = fuzzing.CSV_SEED.replace(",", ";").encode()
    out["budget_dangling_segment.csv"] = (HEADER + "B1,NOPE,repair,1,5,n\n").encode()
    out["budget_duplicate_item.csv"] = (HEADER + "B1,S1,repair,1,5,n\nB1,S2,repair,1,5,n\n").encode()
    out["budget_missing_columns.csv"] = b"item,segment\nB1,S1\n"
    out["budget_unterminated_quote.csv"] = (HEADER + "B1,S1,repair,1,5,\"open\n").encode()
    out["budget_bidi_item.csv"] = (HEADER + "\u202eB1,S1,repair,1,5,n\n").encode()
    out["budget_surrogate_bytes.csv"] = (HEADER + "B1,S1,repair,1,5,\udcff\n").encode("utf-8", "surrogatepass")
    return out


# ----------------------------------------------------------------------------- OSM

def osm_files() -> dict[str, bytes]:
    text = fuzzing.OSM_XML_SEED
    out: dict[str, bytes] = {}
    out["map_osm_multipolygon_facility.osm"] = text.encode()
    attacks = {
        "id_2_64": ('id="1" ', f'id="{2**64}" '), "id_negative_huge": ('id="100"', 'id="-99999999999999999999"'),
        "way_ref_2_64": ('<nd ref="2"/>', f'<nd ref="{2**64}"/>'),
        "coord_comma": ('lat="43.20"', 'lat="43,25"'), "coord_empty": ('lon="76.90"', 'lon=""'),
        "coord_1e400": ('lat="43.21"', 'lat="1e400"'), "coord_nan": ('lat="43.21"', 'lat="nan"'),
        "coord_out_of_range": ('lat="43.21"', 'lat="123.4"'),
        "tag_2000_chars": ('v="residential"', 'v="' + "x" * 2000 + '"'),
        "tag_100k_chars": ('v="Абая"', 'v="' + "я" * 100_001 + '"'),
        "key_300_chars": ('k="lit"', 'k="' + "k" * 300 + '"'),
        "bad_timestamp": ("2020-01-01T00:00:00Z", "2020-13-45T99:99:99Z"),
        "timestamp_text": ("2020-01-01T00:00:00Z", "not a time"),
        "version_0": ('version="1"', 'version="0"'),
        "levels_1e308": ('v="9"', 'v="1e308"'),
        "missing_node": ('<nd ref="3"/>', '<nd ref="999"/>'),
        "relation_member_loop": ('ref="103"', 'ref="200" type="relation"'),
        "entity_utf8": ("<osm ", '<!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><osm '),
        "external_entity": ("<osm ", '<!DOCTYPE osm [<!ENTITY e SYSTEM "file:///etc/passwd">]><osm '),
    }
    for name, (old, new) in attacks.items():
        out[f"map_osm_{name}.osm"] = text.replace(old, new).encode()
    out["map_osm_entity_utf8.osm"] = out["map_osm_entity_utf8.osm"].replace("Абая".encode(), b"&b;")
    doctype = text.replace("<osm ", '<!DOCTYPE osm [<!ENTITY a "b">]><osm ')
    out["map_osm_utf16_doctype.osm"] = doctype.encode("utf-16")
    out["map_osm_utf16le_no_bom.osm"] = doctype.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")
    out["map_osm_utf32_doctype.osm"] = doctype.encode("utf-32")
    out["map_osm_invalid_utf8.osm"] = text.encode().replace("Абая".encode(), b"\xff\xfe\xc3")
    out["map_osm_truncated.osm"] = text.encode()[:900]
    out["map_osm_damaged.osm.gz"] = _damage(_gzip(text.encode()), 40)
    out["map_osm_truncated.osm.bz2"] = __import__("bz2").compress(text.encode())[:200]
    out["map_osm_not_xml.osm"] = b"\x00\x01\x02 this is not XML"
    pbf = fuzzing.osm_pbf_seed()
    out["map_osm_ok.osm.pbf"] = pbf
    out["map_osm_invalid_utf8.osm.pbf"] = _pbf_replace(pbf, "Абая".encode(), b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28")
    out["map_osm_invalid_utf8_key.osm.pbf"] = _pbf_replace(pbf, b"highway", b"hi\xffhway")
    out["map_osm_truncated.osm.pbf"] = pbf[: len(pbf) // 2]
    out["map_osm_huge_blob_size.osm.pbf"] = struct.pack(">I", 0xFFFFFFF0) + pbf[4:]
    out["map_osm_garbage.osm.pbf"] = bytes(range(256)) * 4
    return out


def _gzip(data: bytes) -> bytes:
    import gzip
    return gzip.compress(data, mtime=0)


def _damage(data: bytes, at: int) -> bytes:
    buf = bytearray(data)
    for i in range(at, min(at + 8, len(buf))):
        buf[i] ^= 0x5A
    return bytes(buf)


def _pbf_replace(pbf: bytes, old: bytes, new: bytes) -> bytes:
    """The PBF with ``old`` replaced by ``new`` (same length) inside its zlib-compressed blocks."""
    assert len(old) == len(new)
    blocks = fuzzing.pbf_blocks(pbf)
    changed = False
    for k, (header, blob) in enumerate(blocks):
        raw = zlib.decompress(next(v for n, _, v in fuzzing._fields(blob) if n == 3))
        if old in raw:
            raw = raw.replace(old, new)
            blocks[k] = (header, fuzzing._enc_fields([(2, 0, len(raw)), (3, 2, zlib.compress(raw, 9))]))
            changed = True
    assert changed, old
    return fuzzing.join_pbf(blocks)


# ----------------------------------------------------------------------------- GeoPackages

GPKG_ATTACKS = {
    "injected_table_name": "UPDATE gpkg_contents SET table_name = 'segments\" UNION SELECT * FROM budget_lines --' "
                           "WHERE table_name = 'segments'",
    "view_as_layer": "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) "
                     "SELECT x AS fid, NULL AS geom FROM c; "
                     "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                     "VALUES ('slow', 'features', 'slow'); "
                     "INSERT INTO gpkg_geometry_columns VALUES ('slow', 'geom', 'POINT', 4326, 0, 0)",
    "lp_settings_view": "ALTER TABLE lp_settings RENAME TO s2; CREATE VIEW lp_settings AS WITH RECURSIVE c(x) AS "
                        "(SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT 'k' AS key, '1' AS value, x AS fid FROM c",
    "lp_scenarios_view": "ALTER TABLE lp_scenarios RENAME TO x; CREATE VIEW lp_scenarios AS SELECT * FROM x",
    "quote_in_table_name": "CREATE TABLE \"we\"\"ird\" (fid INTEGER PRIMARY KEY, geom BLOB, id TEXT); "
                           "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                           "VALUES ('we\"ird', 'features', 'w'); "
                           "INSERT INTO gpkg_geometry_columns VALUES ('we\"ird', 'geom', 'POINT', 4326, 0, 0)",
    "bad_json_extra": "UPDATE segments SET extra = '{not json'",
    "extra_list": "UPDATE segments SET extra = '[1,2]'",
    "bad_json_metadata": "UPDATE lp_settings SET value = '{bad' WHERE key = 'metadata'",
    "bad_json_parameters": "UPDATE lp_settings SET value = '\"text\"' WHERE key = 'parameters'",
    "format_version_99": "UPDATE lp_settings SET value = '99' WHERE key = 'format_version'",
    "format_version_null": "UPDATE lp_settings SET value = 'null' WHERE key = 'format_version'",
    "bad_json_scenarios": "UPDATE lp_scenarios SET data = 'garbage'",
    "scenario_result_number": "UPDATE lp_scenarios SET data = '{\"result\": 5, \"settings\": []}'",
    "text_in_lamps": "UPDATE segments SET lamps = 'many'",
    "text_in_length": "UPDATE segments SET length_m = 'x'",
    "text_in_cost": "UPDATE budget_lines SET cost = 'a lot'",
    "residents_1e300": "UPDATE segments SET residents = 1e300",
    "blob_in_name": "UPDATE segments SET name = x'80ff'",
    "garbage_geometry": "UPDATE segments SET geom = x'00112233445566778899'",
    "gpkg_header_garbage_wkb": "UPDATE segments SET geom = x'47500001E6100000' || randomblob(40)",
    "null_geometry": "UPDATE segments SET geom = NULL",
    "text_geometry": "UPDATE segments SET geom = 'LINESTRING(0 0, 1 1)'",
    "null_ids": "UPDATE facilities SET id = NULL; CREATE TABLE s2 AS SELECT * FROM segments; DROP TABLE segments; "
                "ALTER TABLE s2 RENAME TO segments; UPDATE segments SET id = NULL WHERE fid = 1",
    "null_item_ids": "CREATE TABLE b2 AS SELECT * FROM budget_lines; DROP TABLE budget_lines; "
                     "ALTER TABLE b2 RENAME TO budget_lines; UPDATE budget_lines SET item_id = NULL",
    "null_programme": "UPDATE budget_lines SET programme = NULL",
    "unknown_lock": "UPDATE lp_locks SET state = 'sideways'",
    "facility_line_geometry": "UPDATE facilities SET geom = (SELECT geom FROM segments LIMIT 1)",
    "srs_text": "UPDATE gpkg_geometry_columns SET srs_id = 'abc' WHERE table_name = 'segments'",
    "srs_unknown": "UPDATE gpkg_geometry_columns SET srs_id = 999999 WHERE table_name = 'segments'",
    "geometry_column_missing": "UPDATE gpkg_geometry_columns SET column_name = 'nope' WHERE table_name = 'segments'",
    "segments_dropped": "DROP TABLE segments",
    "locks_dropped": "DROP TABLE lp_locks",
}


def gpkg_files(folder: Path) -> dict[str, bytes]:
    seed = _compact(fuzzing.project_seed(folder / "seed"), folder)
    out: dict[str, bytes] = {"project_ok.gpkg": seed}
    for name, sql in GPKG_ATTACKS.items():
        out[f"project_{name}.gpkg"] = _sql_damage(seed, sql, folder)
        if name in ("injected_table_name", "view_as_layer", "quote_in_table_name", "garbage_geometry",
                    "null_geometry", "text_in_lamps", "null_ids", "srs_unknown"):
            # the same damage in a plain GeoPackage of layers (no lp_settings: read as map layers)
            out[f"map_layers_{name}.gpkg"] = _sql_damage(seed, sql + "; DROP TABLE lp_settings", folder)
    out["project_truncated.gpkg"] = seed[: len(seed) // 2]
    out["project_pages_damaged.gpkg"] = _damage(_damage(seed, len(seed) // 2), 2 * len(seed) // 3)
    out["project_header_damaged.gpkg"] = _damage(seed, 20)
    out["project_not_sqlite.gpkg"] = b"this is not a database\n" * 100
    out["project_empty.gpkg"] = b""
    return out


def _compact(seed: bytes, folder: Path) -> bytes:
    """The project with 1 KB pages and no free pages (the corpus stays small)."""
    return _sql_damage(seed, "PRAGMA page_size = 1024", folder, vacuum=True)


def _sql_damage(seed: bytes, sql: str, folder: Path, vacuum: bool = False) -> bytes:
    path = folder / "damage.gpkg"
    path.write_bytes(seed)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(sql)
        conn.commit()
        if vacuum:
            conn.execute("VACUUM")
    finally:
        conn.close()
    data = path.read_bytes()
    path.unlink()
    return data


def beside_files(folder: Path) -> dict[str, dict[str, bytes]]:
    """Projects with the journal a killed SQLite client (QGIS, GDAL) left beside them."""
    seed = _compact(fuzzing.project_seed(folder / "seed"), folder)
    out: dict[str, dict[str, bytes]] = {}
    for mode, companion in (("wal", "-wal"), ("journal", "-journal")):
        work = folder / f"beside_{mode}"
        work.mkdir(parents=True, exist_ok=True)
        path = work / "project.gpkg"
        path.write_bytes(seed)
        fuzzing.killed_client(path, mode)  # the same killed client as tests/test_hostile_saves.py
        files = {p.name: p.read_bytes() for p in work.iterdir()}
        assert "project.gpkg" + companion in files, sorted(files)
        files.pop("project.gpkg-shm", None)  # shared memory index: rebuilt from the WAL by SQLite
        out[f"beside_stale_{mode}" if mode == "wal" else "beside_hot_journal"] = files
    return out


# ----------------------------------------------------------------------------- workbooks

def _workbook(rows: list[list[object]], title: str = "Лист1", sheets: int = 1, merge: str | None = None) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    for k in range(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title if k == 0 else f"{title} {k + 1}"
        for r in rows:
            ws.append(r)
        if merge and k == 0:
            ws.merge_cells(merge)
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2024, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes, replace: dict[str, bytes | None] | None = None,
                   add: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The archive rewritten with fixed dates; members replaced, removed (None) or added."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            if body is None:
                continue
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), body, method)
        for name, body in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, ZIP_DATE), body, method)
    return buf.getvalue()


BUDGET_ROWS: list[list[object]] = [["Бюджет освещения 2025"],
                                   ["item_id", "segment_id", "programme", "luminaires", "cost", "note"],
                                   ["B1", "S1", "led_retrofit", 4, 1200000, "ok"],
                                   ["B2", "S2", "new_lighting", 6, 2500000, "quoted, text"]]
POLE_ROWS: list[list[object]] = [["№ опоры", "Долгота", "Широта", "Тип светильника", "Мощность, Вт", "Кол-во",
                                  "Состояние"],
                                 ["P1", 76.9001, 43.2001, "ДНаТ", 150, 1, "Исправен"],
                                 ["P2", 76.9051, 43.2049, "LED", 80, 2, "Неисправен"],
                                 ["P3", 76.9151, 43.2051, "ДРЛ", 250, 1, "Исправен"]]
SHEET = "xl/worksheets/sheet1.xml"


def _zip_bomb(seed: bytes, size: int) -> bytes:
    """The workbook whose first sheet unpacks to ``size`` bytes of padding (~1000 : 1)."""
    src = zipfile.ZipFile(io.BytesIO(seed))
    sheet = src.read(SHEET)
    head, tail = sheet.split(b"</sheetData>", 1)
    pad = b" " * (size - len(sheet))
    return _normalise_zip(seed, {SHEET: head + pad + b"</sheetData>" + tail})


def _lying_sizes(seed: bytes, declared: int = 1024, actual: int = 50 << 20) -> bytes:
    """The sheet member declares ``declared`` bytes unpacked but holds ``actual`` (patched in both headers)."""
    bomb = _zip_bomb(seed, actual) if actual else seed
    buf = bytearray(bomb)
    name = SHEET.encode()
    # local file header: signature, ..., crc(14), csize(18), usize(22), nlen(26), elen(28), name(30)
    i = buf.find(b"PK\x03\x04")
    while i >= 0:
        nlen = struct.unpack_from("<H", buf, i + 26)[0]
        if bytes(buf[i + 30:i + 30 + nlen]) == name:
            struct.pack_into("<I", buf, i + 22, declared)
        i = buf.find(b"PK\x03\x04", i + 4)
    j = buf.find(b"PK\x01\x02")
    while j >= 0:
        nlen = struct.unpack_from("<H", buf, j + 28)[0]
        if bytes(buf[j + 46:j + 46 + nlen]) == name:
            struct.pack_into("<I", buf, j + 24, declared)
        j = buf.find(b"PK\x01\x02", j + 4)
    return bytes(buf)


def _entity_sheet(seed: bytes, encoding: str = "utf-8", external: bool = False) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(seed))
    sheet = src.read(SHEET).decode("utf-8")
    decl = ('<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' if external else
            '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    xml = f'<?xml version="1.0" encoding="{encoding.upper()}" standalone="yes"?>' + decl + body
    xml = xml.replace("<v>", "<v>&d;", 1) if not external else xml.replace("<v>", "<v>&x;", 1)
    data = xml.encode(encoding)
    return _normalise_zip(seed, {SHEET: data})


def _shared_strings(seed: bytes, entity: bool) -> bytes:
    """The first text cell moved to a shared-strings part (as Excel writes them), with entities if asked."""
    import re
    src = zipfile.ZipFile(io.BytesIO(seed))
    sheet = src.read(SHEET).decode("utf-8")
    m = re.search(r't="inlineStr"><is><t>([^<]*)</t></is>', sheet)
    assert m
    sheet = sheet[:m.start()] + 't="s"><v>0</v>' + sheet[m.end():]
    decl = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' if entity else "")
    text = "&b;" if entity else m.group(1)
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{decl}<sst xmlns="http://schemas.openxmlformats.org'
           f'/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>')
    types = src.read("[Content_Types].xml").decode().replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" '
                                                              'ContentType="application/vnd.openxmlformats-officedocument'
                                                              '.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = src.read("xl/_rels/workbook.xml.rels").decode().replace(
        "</Relationships>", '<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return _normalise_zip(seed, {SHEET: sheet.encode(), "[Content_Types].xml": types.encode(),
                                 "xl/_rels/workbook.xml.rels": rels.encode()},
                          add={"xl/sharedStrings.xml": sst.encode()})


def _sheet_edit(seed: bytes, edit: Callable[[str], str]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(seed))
    return _normalise_zip(seed, {SHEET: edit(src.read(SHEET).decode("utf-8")).encode("utf-8")})


def workbook_files(kind: str, rows: list[list[object]]) -> dict[str, bytes]:
    """Damaged and hostile workbooks of one kind ('budget' or 'poles')."""
    seed = _workbook(rows)
    out: dict[str, bytes] = {f"{kind}_workbook_ok.xlsx": seed}
    p = f"{kind}_workbook_"
    out[p + "zip_bomb.xlsx"] = _zip_bomb(seed, 100 << 20)
    out[p + "lying_sizes.xlsx"] = _lying_sizes(seed)
    out[p + "declares_4gb.xlsx"] = _lying_sizes(seed, 0xF0000000, 0)
    if kind == "budget":  # the same archive check for both kinds; one file is enough (it is large)
        out[p + "many_parts.xlsx"] = _normalise_zip(seed, add={f"{i}": b"" for i in range(5001)})
    out[p + "entities.xlsx"] = _entity_sheet(seed)
    out[p + "external_entity.xlsx"] = _entity_sheet(seed, external=True)
    out[p + "entities_utf16.xlsx"] = _entity_sheet(seed, "utf-16")
    out[p + "entities_shared_strings.xlsx"] = _shared_strings(seed, entity=True)
    out[p + "shared_strings_ok.xlsx"] = _shared_strings(seed, entity=False)
    header_row = 1 if kind == "poles" else 2
    out[p + "merged_header.xlsx"] = _workbook(rows, merge=f"A{header_row}:C{header_row}")
    out[p + "many_sheets.xlsx"] = _workbook(rows, sheets=120)
    out[p + "formulas.xlsx"] = _workbook([*rows, *([["B9", "S1", "repair", "=1/0", "=SUM(A1:A9)", "=cmd|' /C calc'!A0"]]
                                                 if kind == "budget" else [["P9", "=1+1", "=A1", "LED", 1, 1, "ok"]])])
    big = [*rows, *([["B8", "S1", "repair", 1e308, float(10**20), "x" * 32_000]] if kind == "budget" else
                    [["P8", 1e308, -1e308, "x" * 32_000, 10**20, 10**12, "ok"]])]
    out[p + "huge_numbers.xlsx"] = _workbook(big)
    out[p + "number_5000_digits.xlsx"] = _sheet_edit(seed, lambda x: x.replace("<v>", "<v>" + "9" * 5000, 1))
    out[p + "inf_and_nan_cells.xlsx"] = _sheet_edit(seed, lambda x: x.replace('t="n"', "").replace(
        "<v>4</v>", "<v>inf</v>").replace("<v>6</v>", "<v>nan</v>").replace("<v>150</v>", "<v>inf</v>"))
    out[p + "huge_dimension.xlsx"] = _sheet_edit(seed, lambda x: __import__("re").sub(
        r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', x))
    out[p + "row_numbers_huge.xlsx"] = _sheet_edit(seed, lambda x: x.replace('r="3"', 'r="99999999999"'))
    out[p + "malformed_sheet_xml.xlsx"] = _sheet_edit(seed, lambda x: x[: len(x) // 2])
    out[p + "missing_workbook_part.xlsx"] = _normalise_zip(seed, {"xl/workbook.xml": None})
    out[p + "missing_sheet_part.xlsx"] = _normalise_zip(seed, {SHEET: None})
    out[p + "styles_garbage.xlsx"] = _normalise_zip(seed, {"xl/styles.xml": b"<styleSheet><<<>"})
    out[p + "not_a_zip.xlsx"] = b"item_id,segment_id\nB1,S1\n"
    out[p + "old_xls.xlsx"] = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    out[p + "truncated.xlsx"] = seed[: len(seed) // 2]
    out[p + "crc_damaged.xlsx"] = _damage(seed, seed.find(b"PK\x03\x04", 200) + 60)
    out[p + "stored_uncompressed.xlsx"] = _normalise_zip(seed, method=zipfile.ZIP_STORED)
    out[p + "empty_sheet.xlsx"] = _workbook([])
    out[p + "title_only.xlsx"] = _workbook([["Только заголовок"]])
    return out


# ----------------------------------------------------------------------------- writing

def build(folder: Path) -> dict[str, bytes]:
    """Every corpus file, relative path → bytes."""
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="hostile_build_") as tmp_name:
        tmp = Path(tmp_name)
        for group in (geojson_files(), csv_files(), osm_files(), gpkg_files(tmp),
                      workbook_files("budget", BUDGET_ROWS), workbook_files("poles", POLE_ROWS)):
            files.update(group)
        for sub, members in beside_files(tmp).items():
            files.update({f"{sub}/{name}": body for name, body in members.items()})
    files["map_for_budget.geojson"] = _gj(fuzzing.geojson_seed())
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=CORPUS)
    ap.add_argument("--check", action="store_true", help="only compare the names with the corpus on disk")
    args = ap.parse_args(argv)
    files = build(args.out)
    if args.check:
        on_disk = {str(p.relative_to(args.out)) for p in args.out.rglob("*") if p.is_file() and p.name != "README.md"}
        missing, extra = sorted(set(files) - on_disk), sorted(on_disk - set(files))
        print(f"{len(files)} files; missing {missing}; not made by the script {extra}")
        return 1 if missing or extra else 0
    keep = args.out / "README.md"
    readme = keep.read_bytes() if keep.exists() else None
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    if readme is not None:
        keep.write_bytes(readme)
    total = 0
    for rel, body in sorted(files.items()):
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        total += len(body)
    print(f"wrote {len(files)} files, {total / 1e6:.2f} MB, into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
