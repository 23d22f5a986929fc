"""Synthetic cities of any size, deterministic by seed, for tests and benchmarks.

The city is a street grid around Almaty's coordinates with courtyard drives reaching
into the blocks and a few footpaths. Two central districts (Medeu, Almaly) are well
lit; six outskirts districts much less so. LED-retrofit budget lines sit mostly on
lit central streets, as in the story this tool was made for.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from .geo import to_lonlat_transformer
from .io.features import finish_project
from .model import BudgetLine, District, Facility, Project, Segment

CENTRE_LONLAT = (76.92, 43.24)
EPSG = 32643  # UTM 43N
BLOCK_M = 220.0
CENTRE_DISTRICTS = ("Medeu", "Almaly")
OUTER_DISTRICTS = ("Bostandyk", "Auezov", "Alatau", "Nauryzbay", "Turksib", "Zhetysu")
PRIORITY = {"Medeu": 1.0, "Almaly": 1.0, "Bostandyk": 1.1, "Auezov": 1.2, "Zhetysu": 1.2,
            "Turksib": 1.4, "Alatau": 1.5, "Nauryzbay": 1.5}
FACILITY_MIX = (("school", 0.25), ("kindergarten", 0.25), ("clinic", 0.1),
                ("hospital", 0.03), ("bus_stop", 0.37))
STREET_NAMES = ("Abay Ave", "Tole Bi St", "Zhibek Zholy St", "Raiymbek Ave", "Satpayev St",
                "Timiryazev St", "Zhandosov St", "Rozybakiev St", "Momyshuly St", "Sain St",
                "Suyunbay Ave", "Seifullin Ave", "Furmanov St", "Dostyk Ave", "Baitursynov St")


def _district_polygons(half_m: float, centre_r: float, x0: float, y0: float) -> list[tuple[str, Polygon]]:
    """Metric polygons: a central disc split in two, six sectors around it."""
    square = shapely.box(x0 - half_m, y0 - half_m, x0 + half_m, y0 + half_m)
    disc = Point(x0, y0).buffer(centre_r, 64)
    big = half_m * 3
    out = [
        (CENTRE_DISTRICTS[0], disc.intersection(shapely.box(x0, y0 - big, x0 + big, y0 + big))),
        (CENTRE_DISTRICTS[1], disc.intersection(shapely.box(x0 - big, y0 - big, x0, y0 + big))),
    ]
    ring = square.difference(disc)
    for k, name in enumerate(OUTER_DISTRICTS):
        a0, a1 = 2 * math.pi * k / 6, 2 * math.pi * (k + 1) / 6
        fan = Polygon([(x0, y0)] + [(x0 + big * math.cos(a), y0 + big * math.sin(a))
                                    for a in np.linspace(a0, a1, 12)])
        out.append((name, ring.intersection(fan)))
    return out


def _district_of(x: np.ndarray, y: np.ndarray, x0: float, y0: float, centre_r: float) -> np.ndarray:
    """District index for points, consistent with :func:`_district_polygons`."""
    dx, dy = x - x0, y - y0
    r = np.hypot(dx, dy)
    ang = np.mod(np.arctan2(dy, dx), 2 * math.pi)
    sector = np.minimum((ang / (2 * math.pi / 6)).astype(int), 5)
    return np.where(r < centre_r, np.where(dx >= 0, 0, 1), 2 + sector)


def generate_city(n_segments: int, seed: int = 0) -> Project:
    """A synthetic project with exactly ``n_segments`` segments (at least 10)."""
    n_segments = max(10, int(n_segments))
    rng = np.random.default_rng(seed)
    # Grid with g x g nodes has 2*g*(g-1) street edges; courtyards add ~0.6 per block edge.
    g = max(3, int(math.ceil(math.sqrt(n_segments / 3.2))) + 1)
    half = (g - 1) * BLOCK_M / 2.0
    tr = to_lonlat_transformer(EPSG)
    fwd_x, fwd_y = tr.transform(CENTRE_LONLAT[0], CENTRE_LONLAT[1], direction="INVERSE")
    x0, y0 = float(fwd_x), float(fwd_y)
    centre_r = half * 0.4
    xs = x0 - half + BLOCK_M * np.arange(g)
    ys = y0 - half + BLOCK_M * np.arange(g)
    # Street edges: horizontal then vertical.
    ii, jj = np.meshgrid(np.arange(g - 1), np.arange(g), indexing="ij")
    h = np.column_stack([xs[ii.ravel()], ys[jj.ravel()], xs[ii.ravel() + 1], ys[jj.ravel()]])
    v = np.column_stack([xs[jj.ravel()], ys[ii.ravel()], xs[jj.ravel()], ys[ii.ravel() + 1]])
    streets = np.vstack([h, v])
    rng.shuffle(streets)
    n_streets = min(len(streets), int(n_segments * 0.6))
    n_rest = n_segments - n_streets
    n_foot = n_rest // 10
    n_yards = n_rest - n_foot
    # Courtyard drives and footpaths: from a grid node diagonally into a block; about a
    # third continue from the end of an earlier drive, so dark courtyards form chains.
    n_spurs = n_yards + n_foot
    n_first = max(1, int(n_spurs * 0.65))
    n_second = n_spurs - n_first
    node_x = xs[rng.integers(0, g, n_first)]
    node_y = ys[rng.integers(0, g, n_first)]
    ang = rng.integers(0, 4, n_spurs) * (math.pi / 2) + math.pi / 4 + rng.uniform(-0.3, 0.3, n_spurs)
    spur_len = rng.uniform(50, 100, n_spurs)
    fx1 = node_x + spur_len[:n_first] * np.cos(ang[:n_first])
    fy1 = node_y + spur_len[:n_first] * np.sin(ang[:n_first])
    parent = rng.integers(0, n_first, n_second)
    sx2, sy2 = fx1[parent], fy1[parent]
    fx2 = sx2 + spur_len[n_first:] * np.cos(ang[n_first:])
    fy2 = sy2 + spur_len[n_first:] * np.sin(ang[n_first:])
    spurs = np.vstack([np.column_stack([node_x, node_y, fx1, fy1]),
                       np.column_stack([sx2, sy2, fx2, fy2])])
    rng.shuffle(spurs)
    edges = np.vstack([streets[:n_streets], spurs])
    kinds = np.array(["street"] * n_streets + ["courtyard"] * n_yards + ["footpath"] * n_foot)
    lon0, lat0 = tr.transform(edges[:, 0], edges[:, 1])
    lon1, lat1 = tr.transform(edges[:, 2], edges[:, 3])
    coords = np.stack([np.column_stack([lon0, lat0]), np.column_stack([lon1, lat1])], axis=1)
    lines = shapely.linestrings(coords)
    midx, midy = (edges[:, 0] + edges[:, 2]) / 2, (edges[:, 1] + edges[:, 3]) / 2
    names_all = CENTRE_DISTRICTS + OUTER_DISTRICTS
    didx = _district_of(midx, midy, x0, y0, centre_r)
    central = didx < 2
    # Lighting status by place and kind.
    p_lit = np.where(kinds == "street", np.where(central, 0.9, 0.45), np.where(central, 0.35, 0.08))
    u = rng.random(len(edges))
    unknown = rng.random(len(edges)) < 0.12
    lit = np.where(unknown, "unknown", np.where(u < p_lit, "yes", "no"))
    lamp_u = rng.random(len(edges))
    lamp = np.where(lit == "yes", np.where(lamp_u < 0.7, "hps", np.where(lamp_u < 0.9, "led", "mh")),
                    np.where(lit == "no", "none", "unknown"))
    failing = (lit == "yes") & (rng.random(len(edges)) < 0.1)
    residents = np.where(kinds == "courtyard", rng.integers(80, 600, len(edges)),
                         rng.integers(10, 200, len(edges)))
    project = Project(metric_epsg=EPSG)
    project.metadata = {"name": f"Synthetic city ({n_segments} segments, seed {seed})",
                        "city": "Synthetic city", "synthetic": True, "seed": seed,
                        "data_date": "synthetic", "attribution": "generated by lighting_planner"}
    for i in range(len(edges)):
        k = kinds[i]
        lit_i = str(lit[i])
        length = float(np.hypot(edges[i, 2] - edges[i, 0], edges[i, 3] - edges[i, 1]))
        n_lamps = max(1, round(length / 35)) if lit_i == "yes" else None
        name = (STREET_NAMES[i % len(STREET_NAMES)] if k == "street"
                else f"Courtyard {i}" if k == "courtyard" else f"Footpath {i}")
        project.segments[f"S{i}"] = Segment(
            id=f"S{i}", geometry=lines[i], name=name, kind=str(k), district=names_all[didx[i]],
            lit=lit_i, lamp=str(lamp[i]), lamps=n_lamps,
            watts=(150.0 if lamp[i] == "hps" else 80.0 if lamp[i] == "led" else 250.0) if n_lamps else None,
            condition="failing" if failing[i] else "ok", residents=int(residents[i]))
    for name, poly in _district_polygons(half, centre_r, x0, y0):
        ring = shapely.transform(poly, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
        project.districts.append(District(name, ring, PRIORITY[name]))
    # Facilities at random grid nodes.
    n_fac = max(4, n_segments // 40)
    fx = xs[rng.integers(0, g, n_fac)] + rng.uniform(-20, 20, n_fac)
    fy = ys[rng.integers(0, g, n_fac)] + rng.uniform(-20, 20, n_fac)
    flon, flat = tr.transform(fx, fy)
    types = rng.choice([t for t, _ in FACILITY_MIX], n_fac, p=[w for _, w in FACILITY_MIX])
    counters: dict[str, int] = {}
    for i in range(n_fac):
        t = str(types[i])
        counters[t] = counters.get(t, 0) + 1
        label = {"school": "School No. {}", "kindergarten": "Kindergarten No. {}", "clinic": "Clinic No. {}",
                 "hospital": "Hospital No. {}", "bus_stop": "Bus stop {}"}[t].format(counters[t])
        project.facilities.append(Facility(f"F{i}", t, Point(flon[i], flat[i]), label))
    # Budget: LED retrofit on ~45% of lit streets (more in the centre), some on unknown or
    # unlit ones (data errors), new lighting and repairs elsewhere.
    retrofit_p = np.where(central, 0.6, 0.25)
    pick = rng.random(len(edges))
    item = 0
    for i in range(len(edges)):
        lit_i = lit[i]
        sid = f"S{i}"
        length = float(np.hypot(edges[i, 2] - edges[i, 0], edges[i, 3] - edges[i, 1]))
        lum = max(1, round(length / 35))
        prog = None
        if kinds[i] == "street" and lit_i == "yes" and pick[i] < retrofit_p[i]:
            prog = "led_retrofit"
        elif kinds[i] == "street" and lit_i != "yes" and pick[i] < 0.04:
            prog = "led_retrofit"
        elif lit_i == "no" and pick[i] > 0.99:
            prog = "new_lighting"
        elif failing[i] and pick[i] > 0.8:
            prog = "repair"
        if prog:
            unit = {"led_retrofit": 180_000, "new_lighting": 900_000, "repair": 60_000}[prog]
            item += 1
            project.budget_lines.append(BudgetLine(f"B{item}", sid, prog, lum, float(lum * unit)))
    finish_project(project)
    return project


def generate_grid(k: int, seed: int = 0, block_m: float = 110.0) -> Project:
    """A plain ``k`` x ``k`` street grid (``2 k (k-1)`` street segments, all the same length):
    well lit at the centre, long unlit chains towards the outskirts — the hard pattern for
    the optimiser (near-identical costs, long pieces). Deterministic by seed."""
    k = max(3, int(k))
    rng = np.random.default_rng(seed)
    tr = to_lonlat_transformer(EPSG)
    fwd_x, fwd_y = tr.transform(CENTRE_LONLAT[0], CENTRE_LONLAT[1], direction="INVERSE")
    x0, y0 = float(fwd_x), float(fwd_y)
    half = (k - 1) * block_m / 2.0
    xs = x0 - half + block_m * np.arange(k)
    ys = y0 - half + block_m * np.arange(k)
    ii, jj = np.meshgrid(np.arange(k - 1), np.arange(k), indexing="ij")
    h = np.column_stack([xs[ii.ravel()], ys[jj.ravel()], xs[ii.ravel() + 1], ys[jj.ravel()]])
    v = np.column_stack([xs[jj.ravel()], ys[ii.ravel()], xs[jj.ravel()], ys[ii.ravel() + 1]])
    edges = np.vstack([h, v])
    midx, midy = (edges[:, 0] + edges[:, 2]) / 2, (edges[:, 1] + edges[:, 3]) / 2
    r = np.hypot(midx - x0, midy - y0) / max(half * math.sqrt(2), 1.0)
    p_lit = np.clip(1.1 - 1.3 * r, 0.03, 0.95)
    u = rng.random(len(edges))
    lit = np.where(u < p_lit, "yes", np.where(rng.random(len(edges)) < 0.1, "unknown", "no"))
    residents = rng.integers(20, 220, len(edges))
    centre_r = half * 0.4
    names_all = CENTRE_DISTRICTS + OUTER_DISTRICTS
    didx = _district_of(midx, midy, x0, y0, centre_r)
    lon0, lat0 = tr.transform(edges[:, 0], edges[:, 1])
    lon1, lat1 = tr.transform(edges[:, 2], edges[:, 3])
    lines = shapely.linestrings(np.stack([np.column_stack([lon0, lat0]), np.column_stack([lon1, lat1])], axis=1))
    project = Project(metric_epsg=EPSG)
    project.metadata = {"name": f"Synthetic street grid ({k} x {k}, seed {seed})", "city": "Synthetic grid",
                        "synthetic": True, "seed": seed, "data_date": "synthetic",
                        "attribution": "generated by lighting_planner"}
    lum = max(1, round(block_m / 35))
    item = 0
    for i in range(len(edges)):
        lit_i = str(lit[i])
        project.segments[f"G{i}"] = Segment(
            id=f"G{i}", geometry=lines[i], name=STREET_NAMES[i % len(STREET_NAMES)], kind="street",
            district=names_all[didx[i]], lit=lit_i, lamp="hps" if lit_i == "yes" else "none" if lit_i == "no"
            else "unknown", lamps=lum if lit_i == "yes" else None, watts=150.0 if lit_i == "yes" else None,
            residents=int(residents[i]))
        if lit_i == "yes" and rng.random() < 0.5:
            item += 1
            project.budget_lines.append(BudgetLine(f"B{item}", f"G{i}", "led_retrofit", lum, float(lum * 180_000)))
    for name, poly in _district_polygons(half, centre_r, x0, y0):
        ring = shapely.transform(poly, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
        project.districts.append(District(name, ring, PRIORITY[name]))
    n_fac = max(4, len(edges) // 40)
    fx = xs[rng.integers(0, k, n_fac)] + rng.uniform(-15, 15, n_fac)
    fy = ys[rng.integers(0, k, n_fac)] + rng.uniform(-15, 15, n_fac)
    flon, flat = tr.transform(fx, fy)
    types = rng.choice([t for t, _ in FACILITY_MIX], n_fac, p=[w for _, w in FACILITY_MIX])
    for i in range(n_fac):
        project.facilities.append(Facility(f"F{i}", str(types[i]), Point(flon[i], flat[i]), f"{types[i]} {i + 1}"))
    finish_project(project)
    return project
