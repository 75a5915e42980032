"""Index an instance once for the solvers: integer ids and every feasible (task, group) pair.

Rule 4 (fit) depends only on a task and a group, so it is evaluated here once, vectorised
per organisation with numpy; everything downstream (greedy, LP bound, CP-SAT, LNS) works
on pair indices. The validator still rechecks every answer with the scalar code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geo import EARTH_RADIUS_KM
from .instance import Instance, Package


@dataclass
class Prepared:
    instance: Instance
    # tasks
    task_hours: np.ndarray  # float, per task
    task_company: np.ndarray  # int company index, per task
    company_ids: list[str]
    company_tasks: list[np.ndarray]  # task indices of each company
    # groups (flattened over organisations)
    group_ids: list[str]
    group_org: np.ndarray  # int org index, per group
    group_cap: np.ndarray
    group_ratio: np.ndarray
    org_ids: list[str]
    org_sup: np.ndarray
    org_groups: list[list[int]]
    # feasible pairs
    pair_task: np.ndarray
    pair_group: np.ndarray
    pair_value: np.ndarray  # score contribution of the task in that group
    pair_pkg: np.ndarray  # package index (company, group) of each pair
    pkg_company: np.ndarray
    pkg_group: np.ndarray
    task_pairs: list[np.ndarray]  # pair indices per task
    group_pairs: list[np.ndarray]  # pair indices per group
    org_latlon: np.ndarray  # (n_orgs, 2) degrees

    @property
    def n_tasks(self) -> int:
        return len(self.task_hours)

    @property
    def n_groups(self) -> int:
        return len(self.group_ids)

    def packages(self, assign: np.ndarray) -> list[Package]:
        """Packages of an assignment (task index -> group index, -1 = not placed)."""
        buckets: dict[tuple[int, int], list[int]] = {}
        for t in np.flatnonzero(assign >= 0):
            key = (int(self.task_company[t]), int(assign[t]))
            buckets.setdefault(key, []).append(int(t))
        tasks = self.instance.tasks
        out = []
        for (c, g), ts in sorted(buckets.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            out.append(
                Package(
                    company=self.company_ids[c],
                    organisation=self.org_ids[self.group_org[g]],
                    group=self.group_ids[g],
                    tasks=tuple(tasks[t].id for t in ts),
                )
            )
        return out


def _haversine_np(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    phi1, phi2 = np.radians(lat), np.radians(lat0)
    dphi = phi2 - phi1
    dlam = np.radians(lon0 - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def prepare(instance: Instance, *, reduce: bool = True) -> Prepared:
    """Index `instance`. With `reduce`, drop the pairs of a (company, group) whose fitting
    tasks together stay below min_package_hours: no valid package can use them."""
    tasks = instance.tasks
    params = instance.params
    company_ids = list(instance.companies)
    company_index = {c: i for i, c in enumerate(company_ids)}
    lat = np.array([t.lat for t in tasks], dtype=float)
    lon = np.array([t.lon for t in tasks], dtype=float)
    hours = np.array([t.hours for t in tasks], dtype=float)
    level = np.array([t.level for t in tasks], dtype=np.int64)
    tp = np.array([t.time_pressure for t in tasks], dtype=np.int64)
    pl = np.array([t.physical_load for t in tasks], dtype=np.int64)
    # Categories and modes as small integer codes: comparing object arrays per
    # organisation costs seconds on instances with a thousand organisations.
    cat_codes: dict[str, int] = {}
    cat = np.array(
        [cat_codes.setdefault(t.category, len(cat_codes)) for t in tasks], dtype=np.int64
    )
    mode_codes = {"either": 0, "onsite": 1, "inhouse": 2}
    mode = np.array([mode_codes[t.mode] for t in tasks], dtype=np.int64)
    lat_order = np.argsort(lat, kind="stable")
    lat_sorted = lat[lat_order]
    company = np.array([company_index[t.company] for t in tasks], dtype=np.int64)

    group_ids: list[str] = []
    group_org: list[int] = []
    group_cap: list[float] = []
    group_ratio: list[float] = []
    org_groups: list[list[int]] = []
    pt: list[np.ndarray] = []
    pg: list[np.ndarray] = []
    pv: list[np.ndarray] = []
    for oi, org in enumerate(instance.organisations):
        # Great-circle distance is at least R·|Δφ|, so only tasks in a latitude band
        # around the organisation can be in reach; the rest is never looked at.
        reach = np.degrees(org.radius_km / EARTH_RADIUS_KM) + 1e-9
        lo = np.searchsorted(lat_sorted, org.lat - reach, side="left")
        hi = np.searchsorted(lat_sorted, org.lat + reach, side="right")
        band = lat_order[lo:hi]
        cat_ok = np.zeros(len(cat_codes) + 1, dtype=bool)
        for c in org.categories:
            if c in cat_codes:
                cat_ok[cat_codes[c]] = True
        mode_ok = np.array([org.onsite or org.inhouse, org.onsite, org.inhouse], dtype=bool)
        band = band[mode_ok[mode[band]] & cat_ok[cat[band]]]
        band.sort()  # pairs in task order, as before the band
        dist_band = _haversine_np(lat[band], lon[band], org.lat, org.lon)
        ok_band = dist_band <= org.radius_km
        idx = band[ok_band]
        dist = dist_band[ok_band]  # aligned with idx
        members = []
        for g in org.groups:
            gi = len(group_ids)
            members.append(gi)
            group_ids.append(g.id)
            group_org.append(oi)
            group_cap.append(g.capacity_hours)
            group_ratio.append(g.supervision_ratio)
            ok = (
                (level[idx] <= g.max_level)
                & (tp[idx] <= g.max_time_pressure)
                & (pl[idx] <= g.max_physical_load)
            )
            sel = idx[ok]
            per_hour = (
                1.0
                - params.level_fit_weight * (g.max_level - level[sel]) / 4.0
                - params.distance_weight * dist[ok] / org.radius_km
            )
            pt.append(sel)
            pg.append(np.full(len(sel), gi, dtype=np.int64))
            pv.append(hours[sel] * per_hour)
        org_groups.append(members)

    pair_task = np.concatenate(pt) if pt else np.zeros(0, dtype=np.int64)
    pair_group = np.concatenate(pg) if pg else np.zeros(0, dtype=np.int64)
    pair_value = np.concatenate(pv) if pv else np.zeros(0, dtype=float)
    n_groups = len(group_ids)
    key = company[pair_task] * max(n_groups, 1) + pair_group
    if reduce and len(key):
        uniq, inv = np.unique(key, return_inverse=True)
        totals = np.bincount(inv, weights=hours[pair_task], minlength=len(uniq))
        keep = totals[inv] >= params.min_package_hours - 1e-9
        pair_task, pair_group, pair_value = pair_task[keep], pair_group[keep], pair_value[keep]
        key = key[keep]
    uniq, pair_pkg = np.unique(key, return_inverse=True)
    order_t = np.argsort(pair_task, kind="stable")
    splits_t = np.searchsorted(pair_task[order_t], np.arange(1, len(tasks)))
    order_g = np.argsort(pair_group, kind="stable")
    splits_g = np.searchsorted(pair_group[order_g], np.arange(1, max(n_groups, 1)))
    company_tasks = [np.zeros(0, dtype=np.int64) for _ in company_ids]
    if len(tasks):
        order_c = np.argsort(company, kind="stable")
        splits_c = np.searchsorted(company[order_c], np.arange(1, len(company_ids)))
        company_tasks = list(np.split(order_c, splits_c))
    return Prepared(
        instance=instance,
        task_hours=hours,
        task_company=company,
        company_ids=company_ids,
        company_tasks=company_tasks,
        group_ids=group_ids,
        group_org=np.array(group_org, dtype=np.int64),
        group_cap=np.array(group_cap, dtype=float),
        group_ratio=np.array(group_ratio, dtype=float),
        org_ids=[o.id for o in instance.organisations],
        org_sup=np.array([o.supervision_hours for o in instance.organisations], dtype=float),
        org_groups=org_groups,
        pair_task=pair_task,
        pair_group=pair_group,
        pair_value=pair_value,
        pair_pkg=pair_pkg.astype(np.int64),
        pkg_company=(uniq // max(n_groups, 1)).astype(np.int64),
        pkg_group=(uniq % max(n_groups, 1)).astype(np.int64),
        task_pairs=list(np.split(order_t, splits_t)) if len(tasks) else [],
        group_pairs=list(np.split(order_g, splits_g)) if n_groups else [],
        org_latlon=np.array([[o.lat, o.lon] for o in instance.organisations], dtype=float).reshape(
            -1, 2
        ),
    )
