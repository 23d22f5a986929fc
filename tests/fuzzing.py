"""Hostile inputs for every reader: seeded mutation generators, one harness, a crash corpus.

Used by ``tests/test_fuzz.py`` (a bounded slice in CI) and ``scripts/fuzz.py`` (the long
run, which writes each crash as a minimal reproducer into ``tests/data/fuzz_corpus/``).

A *case* is bytes for one file of one format. :func:`exercise` runs it the way a user
would — ``load_inputs`` and, when that succeeds, save → open → audit — and classifies it:

* ``ok``     – it loaded and went through the whole round,
* ``clean``  – refused with a :class:`LightingPlannerError` in user words,
* ``crash``  – any other exception, or an error message carrying Python internals.

Generators are deterministic functions of ``random.Random(seed)``.
"""

from __future__ import annotations

import bz2
import gzip
import json
import random
import re
import sqlite3
import struct
import traceback
import zlib
from collections.abc import Callable
from pathlib import Path

FORMATS = ("geojson", "csv", "xlsx_budget", "xlsx_poles", "osm_xml", "osm_pbf", "project")
SUFFIX = {"geojson": ".geojson", "csv": ".csv", "xlsx_budget": ".budget.xlsx", "xlsx_poles": ".poles.xlsx",
          "osm_xml": ".osm", "osm_pbf": ".osm.pbf", "project": ".gpkg"}
CORPUS = Path(__file__).resolve().parent / "data" / "fuzz_corpus"
#: Words that betray a Python exception text leaking into a user message.
INTERNALS = re.compile(r"Traceback|\b\w+Error\b(?!:? *\d)|\bException\b|object has no attribute|unexpected keyword|"
                       r"not subscriptable|NoneType|invalid literal for|^'\w+'$|: '\w+'$")

# ----------------------------------------------------------------------------- seeds

LINE_A = [[76.90, 43.20], [76.91, 43.21]]
LINE_B = [[76.91, 43.21], [76.92, 43.20]]


def geojson_seed() -> dict:
    def feat(props: dict, geom: dict) -> dict:
        return {"type": "Feature", "properties": props, "geometry": geom}
    return {"type": "FeatureCollection", "features": [
        feat({"id": "S1", "name": "Абая", "kind": "street", "lit": "yes", "lamp": "hps", "lamps": 4,
              "watts": 150, "condition": "ok", "residents": 120, "note": {"a": [1, 2]}},
             {"type": "LineString", "coordinates": LINE_A}),
        feat({"id": "S2", "kind": "courtyard", "lit": "no", "district": "Medeu"},
             {"type": "LineString", "coordinates": LINE_B}),
        feat({"facility": "school", "name": "School 1"}, {"type": "Point", "coordinates": [76.905, 43.205]}),
        feat({"role": "district", "district": "Medeu", "priority": 1.5},
             {"type": "Polygon",
              "coordinates": [[[76.8, 43.1], [77.0, 43.1], [77.0, 43.3], [76.8, 43.3], [76.8, 43.1]]]}),
        feat({"role": "courtyard", "id": "C1", "residents": 300},
             {"type": "Polygon", "coordinates": [[[76.90, 43.20], [76.901, 43.20], [76.901, 43.201], [76.90, 43.20]]]}),
    ], "lighting_planner": {"metadata": {"attribution": "test", "data_date": "2024-01-01"}}}


CSV_SEED = ("item_id,segment_id,programme,luminaires,cost,note\n"
            "B1,S1,led_retrofit,4,1200000,ok\n"
            "B2,S2,new_lighting,6,2500000,\"quoted, text\"\n")

OSM_XML_SEED = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="fuzz">
 <node id="1" version="1" timestamp="2020-01-01T00:00:00Z" lat="43.20" lon="76.90"/>
 <node id="2" version="1" timestamp="2020-01-01T00:00:00Z" lat="43.21" lon="76.91"/>
 <node id="3" version="1" timestamp="2020-01-01T00:00:00Z" lat="43.20" lon="76.92"/>
 <node id="4" version="1" timestamp="2020-01-01T00:00:00Z" lat="43.2001" lon="76.9101">
  <tag k="highway" v="street_lamp"/><tag k="lamp_type" v="led"/>
 </node>
 <node id="5" version="1" lat="43.2050" lon="76.9050"><tag k="amenity" v="school"/><tag k="name" v="Школа"/></node>
 <node id="10" version="1" lat="43.2100" lon="76.9000"/>
 <node id="11" version="1" lat="43.2100" lon="76.9010"/>
 <node id="12" version="1" lat="43.2110" lon="76.9010"/>
 <node id="13" version="1" lat="43.2110" lon="76.9000"/>
 <node id="14" version="1" lat="43.2120" lon="76.9020"/>
 <node id="15" version="1" lat="43.2120" lon="76.9030"/>
 <node id="16" version="1" lat="43.2130" lon="76.9030"/>
 <way id="100" version="1" timestamp="2020-01-01T00:00:00Z">
  <nd ref="1"/><nd ref="2"/><nd ref="3"/>
  <tag k="highway" v="residential"/><tag k="lit" v="yes"/><tag k="name" v="Абая"/>
 </way>
 <way id="101" version="1"><nd ref="2"/><nd ref="10"/><tag k="highway" v="service"/><tag k="lit" v="no"/></way>
 <way id="102" version="1"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/>
  <tag k="building" v="apartments"/><tag k="building:levels" v="9"/></way>
 <way id="103" version="1"><nd ref="14"/><nd ref="15"/><nd ref="16"/><nd ref="14"/></way>
 <relation id="200" version="1">
  <member type="way" ref="103" role="outer"/>
  <tag k="type" v="multipolygon"/><tag k="amenity" v="hospital"/><tag k="name" v="Больница"/>
 </relation>
</osm>
"""


def osm_pbf_seed() -> bytes:
    """The XML seed written as PBF by osmium (built in a temporary folder)."""
    import tempfile

    import osmium
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "seed.osm"
        src.write_text(OSM_XML_SEED, encoding="utf-8")
        dst = Path(tmp) / "seed.osm.pbf"
        writer = osmium.SimpleWriter(str(dst))
        try:
            for obj in osmium.FileProcessor(str(src)):
                if obj.type_str() == "n":
                    writer.add_node(obj)
                elif obj.type_str() == "w":
                    writer.add_way(obj)
                elif obj.type_str() == "r":
                    writer.add_relation(obj)
        finally:
            writer.close()
        return dst.read_bytes()


def project_seed(folder: Path) -> bytes:
    """A small valid project file (the GeoJSON and CSV seeds imported and saved)."""
    from lighting_planner.core.io.load import load_inputs
    from lighting_planner.core.project_store import save_project
    folder.mkdir(parents=True, exist_ok=True)
    gj = folder / "seed.geojson"
    gj.write_text(json.dumps(geojson_seed(), ensure_ascii=False), encoding="utf-8")
    csv_path = folder / "seed.csv"
    csv_path.write_text(CSV_SEED, encoding="utf-8")
    project = load_inputs([gj, csv_path])
    project.locks = {"S2": "in"}  # an unlit segment: plans, reports and work lists can be made
    project.budget_lines[0].cost = 5e7  # enough redirectable money to light it
    out = folder / "seed.gpkg"
    save_project(project, out)
    conn = sqlite3.connect(out)  # a saved scenario (settings only), as the planner stores one
    with conn:
        conn.execute("INSERT INTO lp_scenarios (name, data) VALUES ('plan', ?)",
                     (json.dumps({"settings": {"budget": 1e8}}),))
    conn.close()
    return out.read_bytes()


# ----------------------------------------------------------------------------- hostile values

#: A SQLite client that changes the project and is killed in the middle (as QGIS or GDAL killed mid-edit).
#: ``wal``: a committed change left in a stale ``-wal``; ``journal``: an uncommitted change of every
#: segment's name, spilled to the file with a tiny cache and a filler table, beside a hot ``-journal``.
KILLED_CLIENT = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "wal":
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA wal_autocheckpoint=0")
    c.execute("UPDATE segments SET name = 'from the killed client'")
else:
    c.execute("PRAGMA cache_size=2")
    c.execute("BEGIN")
    c.execute("UPDATE segments SET name = name || '" + "x" * 60 + "'")
    c.execute("CREATE TABLE filler AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 200) "
              "SELECT x, randomblob(300) AS b FROM c")
print("ready", flush=True)
time.sleep(60)
"""


def killed_client(path: Path, mode: str) -> None:
    """Run ``KILLED_CLIENT`` on ``path`` in ``mode`` ("wal" or "journal") and SIGKILL it mid-edit."""
    import os
    import signal
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-c", KILLED_CLIENT, str(path), mode], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def hostile_values(rng: random.Random) -> object:
    """One value from the kinds the independent fuzzing run found crashing."""
    choices: list[Callable[[], object]] = [
        lambda: f"__INT_{rng.choice([19, 25, 400, 5000])}__",
        lambda: rng.choice([1e19, 1e308, -1.0, -0.0, 0.5, 2**63, -(2**63) - 1]),
        lambda: "\ud800" + "x",
        lambda: "x" * rng.choice([2000, 130_000]),
        lambda: "\u202eedirrevo-LTR",
        lambda: "=cmd|' /C calc'!A0",
        lambda: "\x00",
        lambda: None, lambda: True, lambda: [], lambda: {}, lambda: "",
        lambda: "43,25", lambda: "NaN", lambda: "inf", lambda: "1e20",
        lambda: f"__NEST_{rng.choice([10, 70, 3000])}__",
        lambda: {"nested": [{"a": 1}]},
        lambda: "👩‍👩‍👧 😀",
        lambda: rng.randint(-(10**6), 10**6),
    ]
    return rng.choice(choices)()


SENTINEL = re.compile(r'"__(INT|NEST)_(\d+)__"')


def expand_sentinels(text: str) -> str:
    """Huge integers and deep nesting are written as text markers, expanded in the JSON text
    (Python itself cannot build or print them)."""
    def repl(m: re.Match) -> str:
        n = int(m.group(2))
        return "9" * n if m.group(1) == "INT" else "[" * n + "1" + "]" * n
    return SENTINEL.sub(repl, text)


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    stack = [(doc, prefix)]
    while stack and len(out) < 2000:
        node, pre = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            out.append((*pre, k))
            stack.append((v, (*pre, k)))
    return out


def _set(doc: object, path: tuple, value: object) -> object:
    if not path:
        return value
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return doc


def _delete(doc: object, path: tuple) -> None:
    if not path:
        return
    node = doc
    for k in path[:-1]:
        node = node[k]
    del node[path[-1]]


def mutate_bytes(rng: random.Random, data: bytes, n: int | None = None) -> bytes:
    """Classic byte mutations: flip, insert, delete, duplicate, truncate."""
    buf = bytearray(data)
    for _ in range(n or rng.randint(1, 4)):
        if not buf:
            buf.extend(rng.randbytes(rng.randint(1, 8)))
            continue
        op = rng.randrange(6)
        i = rng.randrange(len(buf))
        if op == 0:
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[i:i] = rng.randbytes(rng.randint(1, 8))
        elif op == 2:
            del buf[i:i + rng.randint(1, 16)]
        elif op == 3:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j:j + rng.randint(1, 64)]
        elif op == 4:
            del buf[i:]
        else:
            buf[i] = rng.choice(b"\x00\xff\"{}[],:<>&;'\\")
    return bytes(buf)


def mutate_json(rng: random.Random, doc: object) -> object:
    """Structural mutations of a JSON document: replace, delete, duplicate, retype."""
    import copy
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(doc)
        path = rng.choice(paths)
        op = rng.randrange(5)
        try:
            if op <= 1:
                doc = _set(doc, path, hostile_values(rng))
            elif op == 2 and path:
                _delete(doc, path)
            elif op == 3:
                other = rng.choice(paths)
                node = doc
                for k in other:
                    node = node[k]
                doc = _set(doc, path, copy.deepcopy(node))
            else:
                doc = _set(doc, path, rng.choice(["Feature", "LineString", "Polygon", "GeometryCollection",
                                                  "MultiPolygon", "Point", "FeatureCollection", 1, [1, 2, 3]]))
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def _dumps(doc: object) -> bytes:
    text = expand_sentinels(json.dumps(doc, ensure_ascii=False, allow_nan=True, default=str))
    return text.encode("utf-8", errors="surrogatepass")


def gen_geojson(rng: random.Random) -> bytes:
    seed = geojson_seed()
    r = rng.random()
    if r < 0.55:
        return _dumps(mutate_json(rng, seed))
    if r < 0.65:  # a self-crossing district polygon ("bow tie"), as hand-drawn data has
        seed["features"][3]["geometry"]["coordinates"] = [[[76.8, 43.1], [77.0, 43.3], [77.0, 43.1],
                                                           [76.8, 43.3], [76.8, 43.1]]]
        return _dumps(mutate_json(rng, seed) if rng.random() < 0.5 else seed)
    if r < 0.72:
        return b'{"type":"FeatureCollection","features":[' + b"[" * rng.choice([100, 5000, 200_000]) + b"]}"
    return mutate_bytes(rng, _dumps(seed))


def gen_csv(rng: random.Random) -> bytes:
    r = rng.random()
    if r < 0.5:
        rows = [line.split(",") for line in CSV_SEED.strip().split("\n")]
        for _ in range(rng.randint(1, 3)):
            row = rng.randrange(len(rows))
            col = rng.randrange(len(rows[row]))
            value = hostile_values(rng)
            rows[row][col] = value if isinstance(value, str) else json.dumps(value, default=str)
        text = "\n".join(",".join(r) for r in rows)
        text = re.sub(r"__(INT|NEST)_(\d+)__", lambda m: expand_sentinels(f'"{m.group(0)}"'), text)
        return text.encode("utf-8", errors="surrogatepass")
    if r < 0.6:
        return CSV_SEED.replace(",", rng.choice([";", "\t", '"', "\r"])).encode()
    return mutate_bytes(rng, CSV_SEED.encode("utf-8"))


OSM_TEXT_ATTACKS = [
    ('id="1"', 'id="18446744073709551616"'), ('id="100"', 'id="-99999999999999999999"'),
    ('lat="43.20"', 'lat="43,25"'), ('lon="76.90"', 'lon=""'), ('lat="43.21"', 'lat="1e400"'),
    ('v="residential"', 'v="' + "x" * 2000 + '"'), ('k="lit"', 'k="' + "k" * 300 + '"'),
    ("2020-01-01T00:00:00Z", "2020-13-45T99:99:99Z"), ("2020-01-01T00:00:00Z", "not a time"),
    ('<nd ref="2"/>', '<nd ref="999"/>'), ('<nd ref="3"/>', ""), ('ref="103"', 'ref="100"'),
    ("<osm ", '<!DOCTYPE osm [<!ENTITY a "aaaa">]><osm '), ("Абая", "&a;"), ("Абая", "\udcff"),
    ('v="apartments"', 'v="yes"'), ('v="9"', 'v="1e308"'), ('v="multipolygon"', 'v="boundary"'),
    ('role="outer"', 'role="inner"'), ('version="1"', 'version="0"'),
]


def _osm_text(rng: random.Random) -> bytes:
    text = OSM_XML_SEED
    for _ in range(rng.randint(1, 3)):
        old, new = rng.choice(OSM_TEXT_ATTACKS)
        text = text.replace(old, new, rng.choice([1, -1]))
    data = text.encode("utf-8", errors="surrogatepass")
    return mutate_bytes(rng, data) if rng.random() < 0.4 else data


def gen_osm_xml(rng: random.Random) -> bytes:
    """Bytes of an ``.osm`` file; a few cases are UTF-16/32 (the entity scan must not be fooled)."""
    r = rng.random()
    if r < 0.05:
        text = OSM_XML_SEED.replace("<osm ", '<!DOCTYPE osm [<!ENTITY a "b">]><osm ')
        return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "utf-16-be"]))
    return _osm_text(rng)


def wrap_compressed(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Optionally gzip or bzip2 the bytes (and maybe damage the compressed stream)."""
    kind = rng.choice(["", "", ".gz", ".bz2"])
    if kind == ".gz":
        data = gzip.compress(data)
    elif kind == ".bz2":
        data = bz2.compress(data)
    if kind and rng.random() < 0.3:
        data = mutate_bytes(rng, data, 1)
    return data, kind


# ----- PBF: blocks are decompressed, mutated and recompressed (where the segfaults hide)

def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def _enc_varint(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def _fields(buf: bytes) -> list[tuple[int, int, bytes | int]]:
    out = []
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(buf, i)
            out.append((num, wt, v))
        elif wt == 2:
            n, i = _varint(buf, i)
            out.append((num, wt, buf[i:i + n]))
            i += n
        else:
            raise ValueError("unsupported wire type")
    return out


def _enc_fields(fields: list[tuple[int, int, bytes | int]]) -> bytes:
    out = bytearray()
    for num, wt, v in fields:
        out += _enc_varint(num << 3 | wt)
        if wt == 0:
            out += _enc_varint(int(v))  # type: ignore[arg-type]
        else:
            out += _enc_varint(len(v)) + bytes(v)  # type: ignore[arg-type]
    return bytes(out)


def pbf_blocks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(BlobHeader, Blob) pairs of a PBF file."""
    out = []
    i = 0
    while i + 4 <= len(data):
        (hlen,) = struct.unpack(">I", data[i:i + 4])
        header = data[i + 4:i + 4 + hlen]
        size = next(v for n, _, v in _fields(header) if n == 3)
        blob = data[i + 4 + hlen:i + 4 + hlen + size]
        out.append((header, blob))
        i += 4 + hlen + size
    return out


def join_pbf(blocks: list[tuple[bytes, bytes]]) -> bytes:
    out = bytearray()
    for header, blob in blocks:
        fields = [(n, w, len(blob) if n == 3 else v) for n, w, v in _fields(header)]
        header = _enc_fields(fields)
        out += struct.pack(">I", len(header)) + header + blob
    return bytes(out)


def gen_osm_pbf(rng: random.Random, seed: bytes) -> bytes:
    if rng.random() < 0.25:
        return mutate_bytes(rng, seed)
    blocks = pbf_blocks(seed)
    k = rng.randrange(len(blocks))
    header, blob = blocks[k]
    fields = _fields(blob)
    raw = zlib.decompress(next(v for n, _, v in fields if n == 3))  # type: ignore[arg-type]
    raw = mutate_bytes(rng, raw, rng.randint(1, 3))
    blob = _enc_fields([(2, 0, len(raw)), (3, 2, zlib.compress(raw))])
    blocks[k] = (header, blob)
    return join_pbf(blocks)


# ----- XLSX: budget workbooks and pole inventories (cells, XML parts, the zip archive itself)

XLSX_BUDGET_ROWS: list[list[object]] = [
    ["Бюджет освещения 2025"],
    ["item_id", "segment_id", "programme", "luminaires", "cost", "note"],
    ["B1", "S1", "led_retrofit", 4, 1200000, "ok"],
    ["B2", "S2", "new_lighting", 6, 2500000, "quoted, text"]]
XLSX_POLE_ROWS: list[list[object]] = [
    ["№ опоры", "Долгота", "Широта", "Тип светильника", "Мощность, Вт", "Кол-во", "Состояние"],
    ["P1", 76.9001, 43.2001, "ДНаТ", 150, 1, "Исправен"],
    ["P2", 76.9051, 43.2049, "LED", 80, 2, "Неисправен"],
    ["P3", 76.9151, 43.2051, "ДРЛ", 250, 1, "Исправен"]]
XLSX_SHEET = "xl/worksheets/sheet1.xml"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def xlsx_bytes(rows: list[list[object]], sheets: int = 1, merge: str | None = None, title: str = "Лист1") -> bytes:
    """A workbook written by openpyxl (fixed dates, so the bytes repeat)."""
    import datetime as dt
    import io

    import openpyxl
    wb = openpyxl.Workbook()
    for k in range(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title if k == 0 else f"{title[:25]} {k + 1}"
        for r in rows:
            ws.append(r)
        if merge and k == 0:
            ws.merge_cells(merge)
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return rezip(buf.getvalue())


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None,
          method: int | None = None) -> bytes:
    """The archive rewritten with fixed dates; members replaced, removed (None) or added."""
    import io
    import warnings
    import zipfile
    replace = replace or {}
    method = zipfile.ZIP_DEFLATED if method is None else method
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", method) as dst:
        warnings.simplefilter("ignore")  # "Duplicate name": a member twice is one of the attacks
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), body, method)
        for name, body in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, ZIP_DATE), body, method)
    return buf.getvalue()


def _xlsx_cell(rng: random.Random) -> object:
    """A hostile cell value openpyxl can write (illegal XML characters become their repr)."""
    import datetime as dt
    value = hostile_values(rng)
    if rng.random() < 0.15:
        value = rng.choice([dt.datetime(1900, 1, 1), dt.date(9999, 12, 31), dt.time(23, 59), dt.timedelta(days=-3),
                            float("inf"), float("nan"), 10**20, -(10**16), 1e-320, True, "=1/0", "=SUM(A1:A9)",
                            "=HYPERLINK(\"http://x\")", "'=quoted", " 1 200 000 ", "1,5", "43,25"])
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    if isinstance(value, str):
        value = expand_sentinels(json.dumps(value))[1:-1] if "__" in value else value
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value.encode("utf-8", "replace").decode("utf-8"))
        value = value[:32_000]
    return value


def _xlsx_cells(rng: random.Random, rows: list[list[object]]) -> bytes:
    rows = [list(r) for r in rows]
    for _ in range(rng.randint(1, 4)):
        r = rng.randrange(len(rows))
        c = rng.randrange(len(rows[r]) + 1)
        value = _xlsx_cell(rng)
        if c < len(rows[r]):
            rows[r][c] = value
        else:
            rows[r].append(value)
    op = rng.random()
    merge = None
    sheets = 1
    if op < 0.1:  # a merged header, as many municipal sheets have
        head = 1 if len(rows[0]) > 2 else 2
        merge = f"A{head}:{rng.choice('BCD')}{head + rng.randint(0, 1)}"
    elif op < 0.15:
        sheets = rng.choice([2, 3, 40])
    elif op < 0.25:
        rows.insert(rng.randrange(len(rows) + 1), [None] * rng.randint(0, 3))
    elif op < 0.3:
        rows = [list(reversed(r)) for r in rows]
    elif op < 0.35:
        rows = rows[: rng.randint(0, len(rows))]
    try:
        return xlsx_bytes(rows, sheets, merge, title=rng.choice(["Лист1", "Опоры", "x" * 31, "Бюджет [1]"]))
    except (ValueError, TypeError):  # a value openpyxl refuses to write: the plain workbook then
        return xlsx_bytes(rows[:1], sheets)


XLSX_XML_ATTACKS = [
    ('<sheetData>', '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sheetData>'),
    ('t="inlineStr"', 't="s"'), ('t="inlineStr"', 't="e"'), ('t="inlineStr"', 't="b"'), ('t="inlineStr"', 't="d"'),
    ('t="n"', 't="str"'), ('t="n"', 't="inlineStr"'), ('<v>4</v>', '<v>' + "9" * 400 + '</v>'),
    ('<v>4</v>', '<v>inf</v>'), ('<v>6</v>', '<v>nan</v>'), ('<v>150</v>', '<v>1e400</v>'), ('<v>4</v>', '<v></v>'),
    ('<v>4</v>', '<f>SUM(A1:A3)</f><v>4</v>'), ('r="A1"', 'r="XFE1"'), ('r="A2"', 'r="A0"'),
    ('<row r="3"', '<row r="1048577"'), ('<row r="2"', '<row r="-5"'), ('<row r="3"', '<row r="3" spans="9:1"'),
    ('<dimension ref="', '<dimension ref="A1:XFD1048576" x="'), ('</sheetData>', '</sheetData><mergeCells count="1">'
     '<mergeCell ref="A1:C2"/></mergeCells>'), ('<t>', '<t xml:space="preserve">' + "ы" * 3000), ('</t>', '\x01</t>'),
    ('<sheetData>', '<sheetData>' + '<row><c><v>1</v></c></row>' * 50), ('<c ', '<c s="999" '),
]
XLSX_PARTS = [XLSX_SHEET] * 6 + ["xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml",
                                 "xl/_rels/workbook.xml.rels", "_rels/.rels", "docProps/core.xml"]


def _xlsx_part(rng: random.Random, seed: bytes) -> bytes:
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(seed))
    part = rng.choice(XLSX_PARTS)
    body = src.read(part)
    r = rng.random()
    if r < 0.5 and part == XLSX_SHEET:
        text = body.decode("utf-8")
        for _ in range(rng.randint(1, 3)):
            old, new = rng.choice(XLSX_XML_ATTACKS)
            text = text.replace(old, new, rng.choice([1, -1]))
        body = text.encode("utf-8")
    elif r < 0.6:  # the same part in a wide encoding (the byte scan must not be fooled)
        text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + body.decode("utf-8")
        body = text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32"]))
    elif r < 0.65:
        body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body
    elif r < 0.7:
        return rezip(seed, {part: None})
    else:
        body = mutate_bytes(rng, body, rng.randint(1, 5))
    return rezip(seed, {part: body}, method=rng.choice([None, None, 0]))


_ZIP_FIELDS = {b"PK\x03\x04": [(4, "H"), (6, "H"), (8, "H"), (14, "I"), (18, "I"), (22, "I"), (26, "H"), (28, "H")],
               b"PK\x01\x02": [(8, "H"), (10, "H"), (16, "I"), (20, "I"), (24, "I"), (28, "H"), (30, "H"),
                               (34, "H"), (42, "I")],
               b"PK\x05\x06": [(8, "H"), (10, "H"), (12, "I"), (16, "I"), (20, "H")]}


def _xlsx_zip(rng: random.Random, seed: bytes) -> bytes:
    """Damage at the zip level: header fields (sizes, offsets, methods, flags, counts), raw bytes, structure."""
    r = rng.random()
    buf = bytearray(seed)
    if r < 0.45:
        for _ in range(rng.randint(1, 3)):
            sig = rng.choice(list(_ZIP_FIELDS))
            spots = [i for i in range(len(buf) - 4) if buf[i:i + 4] == sig]
            if not spots:
                continue
            at = rng.choice(spots)
            off, fmt = rng.choice(_ZIP_FIELDS[sig])
            top = 0xFFFF if fmt == "H" else 0xFFFFFFFF
            value = rng.choice([0, 1, top, top - 1, rng.randrange(top + 1), 99, 12, 14, 8])
            if at + off + struct.calcsize(fmt) <= len(buf):
                struct.pack_into("<" + fmt, buf, at + off, value)
        return bytes(buf)
    if r < 0.75:
        return mutate_bytes(rng, seed, rng.randint(1, 6))
    import io
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(seed))
    names = src.namelist()
    if r < 0.8:
        return rezip(seed, add={rng.choice(names): b"<x/>"})  # a member twice (the later one wins, or not)
    if r < 0.85:
        return rezip(seed, add={rng.choice(["../../evil.xml", "/etc/x.xml", "xl/worksheets/", "C:\\\\x.xml"]): b"x"})
    if r < 0.9:
        sheet = src.read(XLSX_SHEET)
        pad = b" " * rng.choice([1 << 20, 20 << 20])
        return rezip(seed, {XLSX_SHEET: sheet.replace(b"</sheetData>", pad + b"</sheetData>")})
    # the deflate stream of the sheet damaged inside (CRC and decompressor errors)
    i = seed.find(b"PK\x03\x04" if rng.random() < 0.5 else XLSX_SHEET.encode())
    j = i + 60 + rng.randrange(200)
    for k in range(j, min(j + rng.randint(1, 8), len(buf))):
        buf[k] ^= 1 << rng.randrange(8)
    return bytes(buf)


def gen_xlsx(rng: random.Random, seed: bytes, rows: list[list[object]]) -> bytes:
    r = rng.random()
    if r < 0.3:
        return _xlsx_cells(rng, rows)
    if r < 0.6:
        return _xlsx_part(rng, seed)
    return _xlsx_zip(rng, seed)


# ----- project files: SQL-level damage and page-level damage

PROJECT_ATTACKS = [
    "UPDATE segments SET extra = '{not json' WHERE fid = 1",
    "UPDATE segments SET extra = '[1,2]' WHERE fid = 1",
    "UPDATE segments SET lamps = 'many' WHERE fid = 1",
    "UPDATE segments SET length_m = 'x' WHERE fid = 2",
    "UPDATE segments SET geom = x'00112233' WHERE fid = 1",
    "UPDATE segments SET geom = NULL WHERE fid = 1",
    "UPDATE segments SET geom = 'text' WHERE fid = 2",
    "UPDATE segments SET id = NULL WHERE fid = 1",
    "UPDATE segments SET id = 'S1' WHERE fid = 2",
    "UPDATE segments SET lit = 'perhaps' WHERE fid = 1",
    "UPDATE segments SET residents = 1e300 WHERE fid = 1",
    "UPDATE segments SET name = x'80ff' WHERE fid = 1",
    "UPDATE lp_settings SET value = '{bad' WHERE key = 'metadata'",
    "UPDATE lp_settings SET value = '\"text\"' WHERE key = 'parameters'",
    "UPDATE lp_settings SET value = '99' WHERE key = 'format_version'",
    "UPDATE lp_settings SET value = 'null' WHERE key = 'format_version'",
    "UPDATE lp_scenarios SET data = 'garbage'",
    "UPDATE lp_scenarios SET data = '{\"result\": 5}'",
    "UPDATE lp_locks SET state = 'sideways'",
    "UPDATE budget_lines SET cost = 'a lot'",
    "UPDATE budget_lines SET programme = NULL",
    "UPDATE facilities SET geom = (SELECT geom FROM segments LIMIT 1)",
    "UPDATE districts SET geom = NULL",
    "DROP TABLE lp_locks",
    "DROP TABLE segments",
    "DROP TABLE lp_settings",
    "ALTER TABLE lp_scenarios RENAME TO x; CREATE VIEW lp_scenarios AS SELECT * FROM x",
    "ALTER TABLE lp_settings RENAME TO s2; CREATE VIEW lp_settings AS WITH RECURSIVE c(x) AS "
    "(SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT 'k' AS key, '1' AS value, x AS fid FROM c",
    "UPDATE gpkg_contents SET table_name = 'segments\" UNION SELECT * FROM budget_lines --' "
    "WHERE table_name = 'segments'",
    "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c; "
    "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('slow', 'features', 'slow'); "
    "INSERT INTO gpkg_geometry_columns VALUES ('slow', 'geom', 'POINT', 4326, 0, 0)",
    "CREATE TABLE \"we\"\"ird\" (fid INTEGER PRIMARY KEY, geom BLOB, id TEXT); "
    "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('we\"ird', 'features', 'w'); "
    "INSERT INTO gpkg_geometry_columns VALUES ('we\"ird', 'geom', 'POINT', 4326, 0, 0)",
    "UPDATE gpkg_geometry_columns SET srs_id = 'abc' WHERE table_name = 'segments'",
    "UPDATE gpkg_geometry_columns SET srs_id = 999999 WHERE table_name = 'segments'",
    "UPDATE gpkg_geometry_columns SET column_name = 'nope' WHERE table_name = 'segments'",
]


def gen_project(rng: random.Random, seed: bytes, folder: Path) -> bytes:
    """A damaged project: SQL-level changes (as a careless tool would make) or page-level damage."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "mutating.gpkg"
    tmp.write_bytes(seed)
    if rng.random() < 0.75:
        conn = sqlite3.connect(tmp)
        try:
            for stmt in rng.sample(PROJECT_ATTACKS, rng.randint(1, 3)):
                if rng.random() < 0.5 and "lp_settings" not in stmt and stmt.startswith("UPDATE"):
                    stmt = stmt + " OR 1"
                try:
                    conn.executescript(stmt)
                except sqlite3.Error:
                    continue
            if rng.random() < 0.3:
                try:
                    conn.execute("DELETE FROM lp_settings")  # now a plain GeoPackage of layers
                except sqlite3.Error:
                    pass
            conn.commit()
        finally:
            conn.close()
        data = tmp.read_bytes()
    else:
        data = mutate_bytes(rng, seed, rng.randint(1, 6))
    tmp.unlink()
    return data


# ----------------------------------------------------------------------------- the harness

class Generator:
    """Makes the cases of one format from ``random.Random(seed)``."""

    def __init__(self, fmt: str, folder: Path):
        self.fmt = fmt
        self.folder = folder
        self.pbf = osm_pbf_seed() if fmt == "osm_pbf" else b""
        self.project = project_seed(folder / "seed") if fmt == "project" else b""
        self.rows = XLSX_BUDGET_ROWS if fmt == "xlsx_budget" else XLSX_POLE_ROWS
        self.xlsx = xlsx_bytes(self.rows) if fmt.startswith("xlsx") else b""

    def case(self, seed: int) -> tuple[bytes, str]:
        """(file bytes, file suffix) of case ``seed``."""
        rng = random.Random(f"{self.fmt}:{seed}")
        if self.fmt == "geojson":
            return gen_geojson(rng), ".geojson"
        if self.fmt == "csv":
            return gen_csv(rng), ".csv"
        if self.fmt.startswith("xlsx"):
            return gen_xlsx(rng, self.xlsx, self.rows), SUFFIX[self.fmt]
        if self.fmt == "osm_xml":
            data = gen_osm_xml(rng)
            data, kind = wrap_compressed(rng, data)
            return data, ".osm" + kind
        if self.fmt == "osm_pbf":
            return gen_osm_pbf(rng, self.pbf), ".osm.pbf"
        return gen_project(rng, self.project, self.folder / "work"), ".gpkg"


def write_map_for_csv(folder: Path) -> Path:
    path = folder / "map_for_budget.geojson"
    if not path.exists():
        path.write_text(json.dumps(geojson_seed(), ensure_ascii=False), encoding="utf-8")
    return path


def exercise(data: bytes, suffix: str, folder: Path, isolate_osm: bool = False) -> tuple[str, str]:
    """Run one case as a user would; ('ok' | 'clean' | 'crash', detail)."""
    from lighting_planner.core.audit import run_audit
    from lighting_planner.core.errors import ImportReport, LightingPlannerError
    from lighting_planner.core.io import load as load_mod
    from lighting_planner.core.io.load import load_inputs
    from lighting_planner.core.project_store import open_project, save_project

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("case*"):
        old.unlink()
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    inputs = [write_map_for_csv(folder), path] if suffix in (".csv", ".budget.xlsx") else [path]
    options = None
    if suffix == ".poles.xlsx":  # a pole inventory goes with the street map, as `import MAP --poles FILE`
        from lighting_planner.core.io.inventory_import import ImportOptions
        inputs, options = [write_map_for_csv(folder)], ImportOptions(poles=str(path))
    report = ImportReport()
    try:
        if not isolate_osm and suffix.startswith(".osm"):
            from lighting_planner.core.io import osm as osm_mod
            real = osm_mod.read_osm

            def in_process(*a, **k):
                return real(*a, **{**k, "isolate": False})
            osm_mod.read_osm = in_process
            try:
                project = load_mod.load_inputs(inputs, report)
            finally:
                osm_mod.read_osm = real
        else:
            project = load_inputs(inputs, report, options=options)
        out = folder / "case_out.gpkg"
        save_project(project, out)
        back = open_project(out)
        run_audit(back)
        for w in report.warnings:
            if INTERNALS.search(w.message):
                return "crash", f"warning with Python internals: {w}"
        return "ok", ""
    except LightingPlannerError as exc:
        if INTERNALS.search(str(exc)):
            return "crash", f"message with Python internals: {exc}"
        return "clean", str(exc)
    except RecursionError:
        return "crash", traceback.format_exc(limit=3)[-600:]
    except Exception:  # that is what the harness looks for
        return "crash", traceback.format_exc(limit=8)[-1500:]


def minimise(data: bytes, still_fails: Callable[[bytes], bool], tries: int = 200) -> bytes:
    """Shrink ``data`` by cutting chunks while ``still_fails`` holds (a bounded ddmin)."""
    chunk = max(1, len(data) // 2)
    budget = tries
    while chunk >= 1 and budget > 0:
        i = 0
        shrunk = False
        while i < len(data) and budget > 0:
            candidate = data[:i] + data[i + chunk:]
            budget -= 1
            if candidate and still_fails(candidate):
                data = candidate
                shrunk = True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    return data


def corpus_files() -> list[Path]:
    """Every reproducer in the corpus (``tests/data/fuzz_corpus/<format>/<name><suffix>``)."""
    if not CORPUS.exists():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for s in (".osm.pbf", ".osm.gz", ".osm.bz2", ".osm", ".geojson", ".csv", ".budget.xlsx", ".poles.xlsx", ".gpkg"):
        if name.endswith(s):
            return s
    return path.suffix




# ----------------------------------------------------------------------------- batches in a worker

WORKER = """
import json, sys
sys.path.insert(0, sys.argv[1])
import fuzzing
from pathlib import Path
fmt, start, stop, folder = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
gen = fuzzing.Generator(fmt, folder)
for i in range(start, stop):
    data, suffix = gen.case(i)
    print(json.dumps({"start": i}), flush=True)
    outcome, detail = fuzzing.exercise(data, suffix, folder / "run")
    print(json.dumps({"done": i, "outcome": outcome, "detail": detail[-1500:]}), flush=True)
"""


def run_format(fmt: str, cases: int, folder: Path, first: int = 0, timeout_s: float = 60.0, workers: int = 1) -> dict:
    """Run cases ``first … first+cases-1`` of ``fmt`` in ``workers`` worker processes at once.

    A case that kills a worker (a segfault in a C library) is run again through the
    production path — for OSM the reader in its child process — and counts as *contained*
    when that gives a clean error, as a crash otherwise. Returns the figures and crashes.
    """
    if workers <= 1:
        return _run_range(fmt, first, first + cases, folder)
    from concurrent.futures import ThreadPoolExecutor
    bounds = [first + cases * k // workers for k in range(workers + 1)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(lambda k: _run_range(fmt, bounds[k], bounds[k + 1], folder / f"w{k}"), range(workers)))
    stats = parts[0]
    for part in parts[1:]:
        for key, value in part.items():
            if isinstance(value, int):
                stats[key] += value
            elif isinstance(value, list):
                stats[key].extend(value)
    return stats


def _run_range(fmt: str, start: int, stop: int, folder: Path) -> dict:
    """Cases ``start … stop-1`` of ``fmt`` in one worker process (restarted after a worker death)."""
    import subprocess
    import sys
    stats = {"format": fmt, "cases": 0, "ok": 0, "clean": 0, "crash": 0, "contained": 0, "crashes": [],
             "contained_cases": []}
    i = start
    gen: Generator | None = None
    while i < stop:
        proc = subprocess.Popen([sys.executable, "-c", WORKER, str(Path(__file__).parent), fmt, str(i),
                                 str(stop), str(folder)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        current = None
        for line in proc.stdout:
            msg = json.loads(line)
            if "start" in msg:
                current = msg["start"]
                continue
            stats["cases"] += 1
            stats[msg["outcome"]] += 1
            if msg["outcome"] == "crash":
                stats["crashes"].append((msg["done"], msg["detail"]))
            current = None
            i = msg["done"] + 1
        proc.wait()
        proc.stdout.close()
        if current is None:
            if proc.returncode != 0 and i < stop:
                raise RuntimeError(f"fuzz worker for {fmt} failed at case {i} (exit {proc.returncode})")
            continue
        # The worker died inside case ``current``: replay it the way the app reads it.
        gen = gen or Generator(fmt, folder)
        data, suffix = gen.case(current)
        outcome, detail = exercise(data, suffix, folder / "replay", isolate_osm=True)
        stats["cases"] += 1
        if outcome == "clean":
            stats["clean"] += 1
            stats["contained"] += 1
            stats["contained_cases"].append(current)
        else:
            stats["crash"] += 1
            stats["crashes"].append((current, f"worker died (exit {proc.returncode}); app path: {outcome} {detail}"))
        i = current + 1
    return stats
