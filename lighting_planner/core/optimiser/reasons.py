"""Why each work is in the plan: codes and data, and the English wording in one place.

The plan keeps every reason as data (``PlannedWork.reason_data``) so the app and the
report can word it in the user's language; :data:`TEMPLATES` holds the English sentences
(named placeholders, values passed separately), marked for the translation catalogue:
``lighting_planner.i18n.reasons.work_reason`` words the same data in any language.

Besides what a segment is worth on its own (kind, length, residents, facilities nearby,
district priority), a reason says

* ``connector``: the work carries power to other works — taking it out would leave them
  without a supply (they are fed through it from the energised network or from their
  group's new feeder); the count and up to three of their names;
* ``survey_first``: the segment's lighting status is unknown, so the survey must
  confirm it is dark before the work is ordered;
* ``feeder``: its group pays a new feeder (price and the district charged).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from ..messages import N_
from .problem import Evaluation, Instance

TEMPLATES = {
    "length": N_("{length_m} m"),
    "residents": N_("~{residents} residents"),
    "facility": N_("{distance_m} m from \u201c{name}\u201d"),
    "place": N_("{district}, priority {priority}"),
    "no_district": N_("no district"),
    # "connector" is the plural form, "connector_one" the singular: the catalogue holds them as one
    # plural message (``i18n/reasons.py`` asks for it with ``ngettext``)
    "connector_one": "carries power to {count} other work ({examples})",
    "connector": "carries power to {count} other works ({examples})",
    "connector_more": N_("{names} and {more} more"),
    "survey_first": N_("lighting status unknown: survey first"),
    "feeder": N_("needs a new feeder ({cost} {currency}, charged to {district})"),
    "locked": N_("locked in by the user"),
}

#: English words for an unnamed facility in the English reason (other languages: the catalogue).
FACILITY_WORDS = {"school": "school", "kindergarten": "kindergarten", "clinic": "clinic",
                  "hospital": "hospital", "bus_stop": "bus stop"}

EXAMPLES = 3  # names listed for a connector


def reason_text(data: dict[str, Any], currency: str = "KZT") -> str:
    """The English reason from ``reason_data``, e.g. "courtyard, 87 m, ~522 residents,
    18 m from “School No. 1”; Alatau, priority 1.5; carries power to 2 other works (…)"."""
    t = TEMPLATES
    parts = [str(data["kind"]), t["length"].format(length_m=data["length_m"])]
    if data.get("residents"):
        parts.append(t["residents"].format(residents=data["residents"]))
    for f in data.get("facilities", [])[:2]:
        name = f["name"] or "a " + FACILITY_WORDS.get(f.get("type", ""), "facility")
        parts.append(t["facility"].format(distance_m=f["distance_m"], name=name))
    place = (t["place"].format(district=data["district"], priority=f"{data['priority']:g}") if data.get("district")
             else t["place"].format(district=t["no_district"], priority=f"{data['priority']:g}"))
    more = [place]
    conn = data.get("connector")
    if conn:
        names = ", ".join(f"\u201c{n}\u201d" for n in conn["examples"])
        if conn["count"] > len(conn["examples"]):
            names = t["connector_more"].format(names=names, more=conn["count"] - len(conn["examples"]))
        more.append(t["connector_one" if conn["count"] == 1 else "connector"].format(count=conn["count"],
                                                                                    examples=names))
    if data.get("survey_first"):
        more.append(t["survey_first"])
    if data.get("locked"):
        more.append(t["locked"])
    if data.get("feeder"):
        more.append(t["feeder"].format(cost=f"{data.get('feeder_cost', 0.0):,.0f}", currency=currency,
                                       district=data.get("feeder_district") or t["no_district"]))
    return ", ".join(parts) + "; " + "; ".join(more)


def carried(inst: Instance, ev: Evaluation) -> dict[int, tuple[int, list[int]]]:
    """Per chosen candidate: how many other chosen candidates would lose their supply
    without it, and up to :data:`EXAMPLES` of them, nearest first (zero counts left out).

    The chosen segments are edges of a graph whose supply is a root joined to every
    energised node and, for a group paying a feeder, to the near end of its member where
    the feeder enters (the cheapest one). A segment carries the works beyond it when it
    is a bridge on their only way to the root: the part cut off by removing it.
    """
    chosen = np.flatnonzero(ev.chosen)
    if not len(chosen):
        return {}
    g = nx.Graph()
    root = ("root",)
    g.add_node(root)
    for i in chosen.tolist():
        mid = ("seg", i)
        for w in (int(inst.u[i]), int(inst.v[i])):
            g.add_edge(mid, ("node", w))
            if inst.energised[w]:
                g.add_edge(("node", w), root)
    for members, _, _ in ev.feeder_groups:
        entry = int(members[np.argmin(inst.feeder_price[members])])
        g.add_edge(("seg", entry), root)
    # spanning tree from the root; subtree counts of segments
    parent: dict[Any, Any] = {root: None}
    order: list[tuple[Any, ...]] = [root]  # nodes: ("root",), ("seg", i) or ("node", w)
    for a, b in nx.bfs_edges(g, root):
        parent[b] = a
        order.append(b)
    count = {n: int(n[0] == "seg") for n in order}
    examples: dict[Any, list[int]] = {n: ([n[1]] if n[0] == "seg" else []) for n in order}
    for n in reversed(order[1:]):
        p = parent[n]
        count[p] += count[n]
        room = EXAMPLES - len(examples[p]) + (1 if p[0] == "seg" else 0)
        if room > 0:
            examples[p].extend(examples[n][:room])
    bridges = set()
    for a, b in nx.bridges(g):
        bridges.add((a, b))
        bridges.add((b, a))
    out: dict[int, tuple[int, list[int]]] = {}
    for i in chosen.tolist():
        mid = ("seg", i)
        if mid not in parent:
            continue
        # the segments hanging from this one in the tree, each part through a bridge
        n_cut, ex = 0, []
        for child in g.neighbors(mid):
            if parent.get(child) == mid and (mid, child) in bridges:
                n_cut += count[child]
                ex.extend(examples[child])
        if n_cut:
            out[i] = (n_cut, ex[:EXAMPLES])
    return out
