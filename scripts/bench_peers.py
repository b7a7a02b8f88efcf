"""Benchmark of peer comparison (issue 10): the 横向对比 page for 16 cities × 40 agency types ×
10 years, cold and warm in AppTest, and the staffing page beside it.

Run with `make bench` (or `.venv/bin/python scripts/bench_peers.py [--repeat N]`). Builds a
fresh SQLite file: the demo data, its peer figures replaced by 15 other cities × 40 types ×
10 years (2015–2024, with population for every year). Prints medians; nothing is asserted.
*cold*: the process caches cleared (as after a server start); *warm*: a rerun.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import _clear_process_caches, _signed_in  # noqa: E402
from sqlalchemy import Engine, delete, insert, select  # noqa: E402

from data_access.db import make_engine  # noqa: E402
from data_access.migrate import upgrade_to_head  # noqa: E402
from data_access.models import Agency, City, CityPopulation, PeerStaffing  # noqa: E402
from data_access.round_inputs import primary_metric  # noqa: E402
from data_access.seed import seed_demo  # noqa: E402

TYPES, YEARS = 40, range(2015, 2025)
PAGES = (("peers", "leader"), ("peers", "agency"), ("staffing", "leader"))


def grow_peers(engine: Engine) -> int:
    """Replace the peer figures by 15 other cities × 40 types × 10 years; rows written."""
    rng = random.Random(20261202)
    with engine.begin() as conn:
        types = list(conn.execute(select(Agency.agency_type).distinct().order_by(Agency.id)))
        kinds = [str(t[0]) for t in types][:TYPES]
        kinds += [f"类型{i}" for i in range(TYPES - len(kinds))]
        cities = conn.execute(select(City.id, City.is_home)).all()
        have = {(r.city_id, r.year) for r in conn.execute(select(CityPopulation))}
        conn.execute(
            insert(CityPopulation),
            [
                {"city_id": c.id, "year": y, "population": 300.0 + 40 * c.id}
                for c in cities
                for y in YEARS
                if (c.id, y) not in have
            ],
        )
        conn.execute(delete(PeerStaffing))
        rows = []
        for kind in kinds:
            scale = rng.uniform(20, 150)
            for c in cities:
                if c.is_home:
                    continue
                size = math.exp(rng.gauss(0, 0.4))
                for year in YEARS:
                    posts = max(3, round(scale * size))
                    rows.append(
                        {
                            "city_id": c.id,
                            "agency_type": kind,
                            "year": year,
                            "authorized_xz": posts * 6 // 10,
                            "authorized_sy": posts * 3 // 10,
                            "authorized_gq": posts - posts * 9 // 10,
                            "actual_total": round(posts * 0.92),
                            "internal_sections": max(3, posts // 8),
                            "workload_metric": primary_metric(kind),
                            "workload_value": float(round(posts * 40 * size**0.3)),
                        }
                    )
        conn.execute(insert(PeerStaffing), rows)
    return len(rows)


def bench(url: str, repeat: int) -> None:
    import os

    os.environ["DATABASE_URL"] = url
    os.environ["DASHBOARD_DEMO"] = "1"
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    print(f"\n## Peer pages in AppTest (median of {repeat}, ms; targets cold ≤ 1000, warm ≤ 150)")
    print("page | role | cold | warm")
    for page, role in PAGES:
        cold, warm = [], []
        for _ in range(repeat):
            at = _signed_in(app, role)
            at.switch_page(f"pages/{page}.py")
            at.run()
            _clear_process_caches()
            start = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
            if at.exception:
                print(f"{page} raised: {at.exception[0].value}")
        print(
            f"{page} | {role} | {statistics.median(cold) * 1000:.0f} | "
            f"{statistics.median(warm) * 1000:.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'peers.db'}"
        engine = make_engine(url)
        upgrade_to_head(engine)
        start = time.perf_counter()
        seed_demo(engine)
        n = grow_peers(engine)
        engine.dispose()
        print(
            f"demo data + {n} peer rows (16 cities × {TYPES} types × {len(YEARS)} years) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        bench(url, args.repeat)


if __name__ == "__main__":
    main()
