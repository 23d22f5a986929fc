"""OpenStreetMap import benchmark: whole-city Almaty 2012 and Helsinki centre.

    python benchmarks/bench_osm.py [--repeat 5]

For each extract prints the median import time (``load_inputs``: read, split at
junctions, lamps, residents, lengths, districts), the median time of a bare pyosmium
pass over the same file as the baseline (the least any importer must spend), their
ratio, the same import from OSM XML (.osm.bz2, including the entity scan), and the
peak memory of an import in a fresh process (RSS growth over the process with the
libraries already loaded).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import osmium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_time  # noqa: E402

from lighting_planner.core.errors import ImportReport  # noqa: E402
from lighting_planner.core.io.load import load_inputs  # noqa: E402
from lighting_planner.core.project_store import open_project  # noqa: E402

OSM_DIR = ROOT / "tests" / "data" / "osm"
FILES = ("almaty_2012.osm.pbf", "helsinki_center.osm.pbf")

MEMORY_CHILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.load import load_inputs
import lighting_planner.core.io.osm, osmium, shapely, pyproj

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])

Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS (VmHWM) to the current RSS
before = status("VmRSS")
p = load_inputs([sys.argv[1]], ImportReport())
print(json.dumps({"before_kb": before, "after_kb": status("VmHWM"), "segments": len(p.segments)}))
"""



def bare_pass(path: Path) -> int:
    n = 0
    for _ in osmium.FileProcessor(str(path)).with_locations():
        n += 1
    return n


def to_xml_bz2(src: Path, dst: Path) -> None:
    writer = osmium.SimpleWriter(str(dst))
    try:
        for obj in osmium.FileProcessor(str(src)):
            if obj.is_node():
                writer.add_node(obj)
            elif obj.is_way():
                writer.add_way(obj)
            elif obj.is_relation():
                writer.add_relation(obj)
    finally:
        writer.close()


def tile(src: Path, copies: int, dst: Path) -> None:
    """A synthetic bigger city: ``copies`` copies of ``src`` side by side (ids offset, 0.7° apart)."""
    offset = 10**10
    writer = osmium.SimpleWriter(str(dst))
    try:
        for k in range(copies):
            for o in osmium.FileProcessor(str(src)):
                if o.is_node():
                    loc = osmium.osm.Location(o.location.lon + 0.7 * k, o.location.lat) if o.location.valid() \
                        else o.location
                    writer.add_node(o.replace(id=o.id + k * offset, location=loc))
                elif o.is_way():
                    writer.add_way(o.replace(id=o.id + k * offset, nodes=[n.ref + k * offset for n in o.nodes]))
                else:
                    writer.add_relation(o.replace(id=o.id + k * offset,
                                                  members=[(m.type, m.ref + k * offset, m.role) for m in o.members]))
    finally:
        writer.close()


def peak_memory(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(path), str(ROOT)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rows = []
    tmpdir = tempfile.TemporaryDirectory()
    tiled = Path(tmpdir.name, "almaty_x4_synthetic.osm.pbf")
    tile(OSM_DIR / FILES[0], 4, tiled)
    for path in [OSM_DIR / name for name in FILES] + [tiled]:
        name = path.name
        load_inputs([path], ImportReport())  # warm the file cache and imports
        t_base, n_obj = median_time(lambda p=path: bare_pass(p), args.repeat)
        t_imp, project = median_time(lambda p=path: load_inputs([p], ImportReport()), args.repeat)
        with tempfile.TemporaryDirectory() as tmp:
            xml = Path(tmp, name.replace(".pbf", ".bz2"))
            to_xml_bz2(path, xml)
            t_xml, _ = median_time(lambda p=xml: load_inputs([p], ImportReport()), args.repeat)
            xml_mb = xml.stat().st_size / 1e6
        mem = peak_memory(path)
        stats = project.metadata["osm_import"][name]
        rows.append((name, path.stat().st_size / 1e6, n_obj, stats["highway_ways"], len(project.segments),
                     t_base, t_imp, t_xml, xml_mb, (mem["after_kb"] - mem["before_kb"]) / 1024,
                     mem["after_kb"] / 1024))
    tmpdir.cleanup()
    print(f"median of {args.repeat} runs each; almaty_x4_synthetic = four copies of the Almaty file "
          "side by side (scaling check)\n")
    head = (f"{'file':30} {'MB':>5} {'objects':>8} {'ways':>6} {'segments':>8} {'bare s':>7} "
            f"{'import s':>8} {'ratio':>6} {'xml.bz2 s':>9} {'MB':>5} {'peak +MB':>8} {'RSS MB':>7}")
    print(head)
    for r in rows:
        print(f"{r[0]:30} {r[1]:5.2f} {r[2]:8,} {r[3]:6,} {r[4]:8,} {r[5]:7.3f} {r[6]:8.3f} "
              f"{r[6] / r[5]:6.1f} {r[7]:9.3f} {r[8]:5.2f} {r[9]:8.1f} {r[10]:7.0f}")
    print("\nbare s: one pyosmium pass with node locations, no work; ratio = import / bare;"
          "\npeak +MB: growth of the process's peak RSS during one import (fresh process).")
    sample = ROOT / "sample_maps" / "almaty_sample.gpkg"
    if sample.exists():
        t_open, project = median_time(lambda: open_project(sample), args.repeat)
        builder = _load_builder()
        t_build, _ = median_time(lambda: builder.build(OSM_DIR / FILES[0]), args.repeat)
        print(f"\nAlmaty sample ({len(project.segments):,} segments): open {t_open:.3f} s, "
              f"rebuild from the OSM file {t_build:.3f} s (medians)")


def _load_builder():
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_almaty_sample", ROOT / "scripts" / "build_almaty_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


if __name__ == "__main__":
    main()
