"""Pole inventory and GIS street-layer benchmark.

    python benchmarks/bench_poles.py [--segments 200000] [--poles 200000] [--repeat 3] [--only …]

1. **Poles onto streets:** ``match_poles`` (metric index of the segments, duplicate
   check, one bulk nearest-segment query, per-segment aggregates, coverage) for N poles
   onto M segments of a synthetic city (a street grid in Almaty, UTM 43N). Target ≤ 5 s.
2. **Shapefile import:** a Shapefile with M segments and ten DBF fields; the median of
   a bare ``pyogrio.raw.read`` of the file (the baseline) and a bare ``pyogrio.raw.read_arrow``
   (the read that ``read_streets`` itself does) against ``read_streets`` with a
   field and a value mapping (read, reproject, map, build segments), and against the
   whole ``load_inputs`` (plus lengths and districts), timed in this run in alternating
   rounds (bare, arrow, ours, whole, bare, …), wall and CPU. Target: read_streets ≤ 1.5 × the
   bare read, both as the ratio of the medians and as the median of the rounds' ratios.

``--only matching|shapefile`` runs one of the two. ``--named`` also times the matching with
each pole's street named (``street`` field: the nearest segment of that name wins), against
the plain matching in alternating rounds of the same run.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from lighting_planner.core.errors import ImportReport  # noqa: E402
from lighting_planner.core.geo import to_lonlat_transformer  # noqa: E402
from lighting_planner.core.io.field_mapping import FieldMapping  # noqa: E402
from lighting_planner.core.io.inventory_import import ImportOptions  # noqa: E402
from lighting_planner.core.io.load import load_inputs  # noqa: E402
from lighting_planner.core.io.ogr_layers import read_streets  # noqa: E402
from lighting_planner.core.model import Pole, Project, Segment  # noqa: E402
from lighting_planner.core.pole_matching import match_poles  # noqa: E402

EPSG = 32643
X0, Y0 = 620000.0, 4760000.0
BLOCK = 80.0  # metres between parallel streets
LAMPS = ("hps", "led", "mercury", "mh", "unknown")


def grid_metric(n_segments: int, seed: int = 1) -> np.ndarray:
    """``n_segments`` straight segments (BLOCK m long) of a street grid, metric UTM 43N."""
    side = int(np.ceil(np.sqrt(n_segments / 2)))
    i, j = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    i, j = i.ravel(), j.ravel()
    x, y = X0 + i * BLOCK, Y0 + j * BLOCK
    horiz = shapely.linestrings(np.stack([np.column_stack([x, y]), np.column_stack([x + BLOCK, y])], axis=1))
    vert = shapely.linestrings(np.stack([np.column_stack([x, y]), np.column_stack([x, y + BLOCK])], axis=1))
    return np.concatenate([horiz, vert])[:n_segments]


def to_lonlat(geoms: np.ndarray) -> np.ndarray:
    tr = to_lonlat_transformer(EPSG)
    return shapely.transform(geoms, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))


def synthetic_project(n_segments: int) -> Project:
    metric = grid_metric(n_segments)
    lonlat = to_lonlat(metric)
    project = Project(metric_epsg=EPSG)
    for k, g in enumerate(lonlat.tolist()):
        project.segments[f"S{k}"] = Segment(f"S{k}", g, lit="unknown" if k % 3 else "yes")
    return project


def synthetic_poles(n_poles: int, n_segments: int, seed: int = 2) -> list[Pole]:
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_segments / 2)))
    extent = side * BLOCK
    x = X0 + rng.uniform(0, extent, n_poles)
    y = Y0 + rng.uniform(0, extent, n_poles)
    pts = to_lonlat(shapely.points(x, y))
    lamps = rng.choice(LAMPS, n_poles)
    watts = rng.choice([80.0, 150.0, 250.0], n_poles)
    return [Pole(f"P{k}", g, str(lamps[k]), float(watts[k]), 1, "failing" if k % 7 == 0 else "ok")
            for k, g in enumerate(pts.tolist())]


def bench_matching(n_segments: int, n_poles: int, repeat: int, named: bool = False) -> None:
    t0 = time.perf_counter()
    template = synthetic_project(n_segments)
    poles_template = synthetic_poles(n_poles, n_segments)
    print(f"synthetic city: {len(template.segments)} segments, {len(poles_template)} poles "
          f"(built in {time.perf_counter() - t0:.1f} s)")

    def once(with_names: bool = False):
        project = Project(metric_epsg=EPSG)
        project.segments = {k: Segment(s.id, s.geometry, name=f"ул. Улица {i % 997}" if with_names else "",
                                       lit=s.lit) for i, (k, s) in enumerate(template.segments.items())}
        poles = [Pole(p.id, p.geometry, p.lamp, p.watts, p.count, p.condition,
                      extra={"street": f"Улица {i % 997}"} if with_names else {})
                 for i, p in enumerate(poles_template)]
        t, c = time.perf_counter(), time.process_time()
        summary = match_poles(project, poles, 30.0)
        return time.perf_counter() - t, time.process_time() - c, summary

    if named:
        plain, with_names = [], []
        for _ in range(max(1, repeat)):
            plain.append(once()[0])
            dt, _, summary = once(True)
            with_names.append(dt)
        mp, mn = statistics.median(plain), statistics.median(with_names)
        print(f"match_poles plain: median {mp:.2f} s; with each pole's street named: median {mn:.2f} s "
              f"= {mn / mp:.2f}x (load average {os.getloadavg()[0]:.1f}) — on the named street "
              f"{summary.on_named_street} of {summary.named_street}")
        return

    times, cpus = [], []
    summary = None
    for _ in range(max(1, repeat)):
        dt, cpu, summary = once()
        times.append(dt)
        cpus.append(cpu)
    med = statistics.median(times)
    print(f"match_poles {n_poles} poles onto {n_segments} segments: median {med:.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU (wall runs {', '.join(f'{t:.2f}' for t in times)}; target ≤ 5 s; "
          f"load average {os.getloadavg()[0]:.1f}) — matched {summary.matched}, "
          f"beyond tolerance {summary.beyond_tolerance}, duplicates {summary.duplicates}, "
          f"segments with poles {summary.segments_with_poles}")


def write_shapefile(path: Path, n_segments: int) -> None:
    metric = grid_metric(n_segments)
    n = len(metric)
    rng = np.random.default_rng(3)
    fields = {
        "SRC_ID": np.array([f"G{k}" for k in range(n)], dtype=object),
        "NAIM": np.array([f"ул. Улица {k % 997}" for k in range(n)], dtype=object),
        "TIP": rng.integers(1, 4, n).astype(np.int32),
        "SVET": rng.choice(np.array(["Y", "N", ""], dtype=object), n),
        "RAION": rng.choice(np.array(["Алмалинский", "Бостандыкский", "Медеуский"], dtype=object), n),
        "LAMP": rng.choice(np.array(["ДНаТ", "ДРЛ", "LED", ""], dtype=object), n),
        "KOL": rng.integers(0, 6, n).astype(np.int32),
        "WATT": rng.choice(np.array([0.0, 150.0, 250.0]), n),
        "OWNER": rng.choice(np.array(["akimat", "KSK", "private"], dtype=object), n),
        "YEAR": rng.integers(1960, 2024, n).astype(np.int32),
    }
    pyogrio.raw.write(str(path), shapely.to_wkb(metric), list(fields.values()), list(fields), driver="ESRI Shapefile",
                      geometry_type="LineString", crs=f"EPSG:{EPSG}", encoding="cp1251",
                      layer_options={"RESIZE": "YES"})


def timed(fn) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call of ``fn``, and its result."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def bench_shapefile(n_segments: int, repeat: int) -> None:
    """Bare read and ``read_streets`` (and ``load_inputs``) timed in alternating rounds.

    Rounds alternate so that the load of a shared machine falls on both alike. Each call's
    result is dropped, and a full collection run, before the next clock starts (freeing
    200,000 segments is not part of the next import).
    """
    mapping = FieldMapping.parse("id=SRC_ID,name=NAIM,kind=TIP,lit=SVET,district=RAION,lamp=LAMP,lamps=KOL,watts=WATT",
                                 "kind:1=street,2=courtyard,3=footpath;lit:Y=yes,N=no")
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "arrow": [], "ours": [], "whole": []}
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "streets.shp"
        write_shapefile(shp, n_segments)
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        calls = {"bare": lambda: pyogrio.raw.read(str(shp)),
                 "arrow": lambda: pyogrio.raw.read_arrow(str(shp)),
                 "ours": lambda: read_streets(shp, mapping, ImportReport()),
                 "whole": lambda: load_inputs([shp], ImportReport(), options=ImportOptions(fields=mapping))}
        n_segs = n_project = 0
        loads = []
        for _ in range(max(1, repeat)):
            loads.append(os.getloadavg()[0])
            for name, fn in calls.items():
                gc.collect()  # every call starts from the same heap: no garbage of the one before
                wall, cpu, out = timed(fn)
                runs[name].append((wall, cpu))
                if name == "ours":
                    n_segs = len(out)
                elif name == "whole":
                    n_project = len(out.segments)
                del out
        loads.append(os.getloadavg()[0])
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}

    def per_round(name: str, base: str, i: int) -> float:
        """Median over the rounds of ``name``'s time / ``base``'s time in the same round (wall or CPU)."""
        return statistics.median(o[i] / b[i] for o, b in zip(runs[name], runs[base]))

    def listed(name: str) -> str:
        return ", ".join(f"{w:.2f}" for w, _ in runs[name])

    print(f"Shapefile {n_segs} segments, 10 fields ({size:.1f} MB), {repeat} alternating rounds "
          f"(load average {min(loads):.1f}–{max(loads):.1f} over the rounds):")
    print(f"  bare pyogrio.raw.read: median {wall['bare']:.2f} s wall, {cpu['bare']:.2f} s CPU (runs {listed('bare')})")
    print(f"  bare pyogrio.raw.read_arrow (the read read_streets does, to a pyarrow table): median "
          f"{wall['arrow']:.2f} s wall, {cpu['arrow']:.2f} s CPU (runs {listed('arrow')})")
    print(f"  read_streets (read + reproject + map + segments): median {wall['ours']:.2f} s wall, "
          f"{cpu['ours']:.2f} s CPU (runs {listed('ours')})")
    print(f"    against the bare read (target ≤ 1.5×): wall {wall['ours'] / wall['bare']:.2f}× by medians, "
          f"{per_round('ours', 'bare', 0):.2f}× median of the rounds' ratios; CPU {cpu['ours'] / cpu['bare']:.2f}× "
          f"by medians, {per_round('ours', 'bare', 1):.2f}× median of the rounds' ratios")
    print(f"    against the bare Arrow read (what the import adds to its own read): wall "
          f"{wall['ours'] / wall['arrow']:.2f}× by medians, {per_round('ours', 'arrow', 0):.2f}× median of the "
          f"rounds' ratios")
    print(f"  load_inputs (also lengths, districts): median {wall['whole']:.2f} s = "
          f"{wall['whole'] / wall['bare']:.2f}× the bare read; {n_project} segments")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--poles", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("matching", "shapefile"), help="run one of the two benchmarks")
    ap.add_argument("--named", action="store_true", help="also time matching with each pole's street named")
    args = ap.parse_args()
    if args.only != "shapefile":
        bench_matching(args.segments, args.poles, args.repeat, args.named)
    if args.only != "matching":
        bench_shapefile(args.segments, args.repeat)


if __name__ == "__main__":
    main()
