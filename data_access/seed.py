"""Demo data: a deterministic, realistic Jining dataset for the dashboard (manage.py seed-demo).

The same rows on every run and on every engine: one ``random.Random`` with a fixed seed and
fixed dates ("today" is 2026-11-30). The registry, the rounds, their indicator trees and scores
go in through the importers and round commands, as the office's own data would (demo_load.py);
the rest with bulk Core inserts. The numbers carry stories a leader should notice (see ``DEMO_STORIES``). Every stored
name has its English name beside it (seed_data_en.py, scoring.tree_en) for English mode.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, delete, func, insert, select

from data_access import demo_load
from data_access import seed_data as sd
from data_access.audit import data_version, record_write
from data_access.models import Agency, Base, DataVersion
from data_access.round_inputs import primary_metric
from data_access.seed_data_en import AGENCY_NAMES_EN, AGENCY_TYPES_EN, WORKLOAD_METRICS_EN
from data_access.self_evaluation_writes import add_demo_self_evaluations
from data_access.users import create_user
from scoring.config import RoundConfig
from scoring.surveys import screen_submissions
from scoring.tree import (
    DEFAULT_COMMON_TREE,
    DEFAULT_INDIVIDUAL_INDICATORS,
    DEFAULT_PRIMARY_WORKLOAD,
)

__all__ = [
    "DEMO_USERS",
    "DEMO_STORIES",
    "DEMO_TODAY",
    "HOME_CITY",
    "SeedError",
    "is_empty",
    "seed_demo",
]

HOME_CITY = "济宁"
DEMO_TODAY = dt.date(2026, 11, 30)
DEMO_USERS: list[tuple[str, str, str]] = [
    ("leader", "demo-leader", "leader"),
    ("staff", "demo-staff", "staff"),
    ("agency", "demo-agency", "agency"),
    ("admin", "demo-admin", "admin"),
]
_USER_DETAILS = {
    "leader": ("王主任", None),
    "staff": ("李科长", None),
    "agency": ("科技局联络员", "市科学技术局"),
    "admin": ("系统管理员", None),
}
# What the numbers are made to show (agency names).
DEMO_STORIES: dict[str, str] = {
    "self_overrated": "市外事办公室",  # self − team > 15 % of max on team leaves, every round
    "over_staffed_2023": "市行政审批服务局",  # usage ≈ 1.05 in 2023 and a 严重 finding
    "closed_loop": "市发展和改革委员会",  # 2022 findings closed; those leaves rise 2023, 2024
    "insufficient_2024": "市大数据中心",  # no surveys, ratings, several team scores → 数据不足
    "open_findings_2024": "市住房和城乡建设局",  # ≥ 3 open findings in 2024
}
YEARS = range(2018, 2025)
_SEED = 20221017
_POSTS = ("xz", "sy", "gq")
_POST_NAMES = {"xz": "行政", "sy": "事业", "gq": "工勤"}
_GRADE_VALUE = {"优秀": 1.0, "良好": 0.86, "一般": 0.68, "较差": 0.45}
_LEDGER_CODES = ("A2a", "B1a", "C1a", "D1a")  # the closed-loop agency's 2022 findings
_CLOSED = "已销号"


class SeedError(RuntimeError):
    """The demo data cannot be written; the message says why."""


def is_empty(engine: Engine) -> bool:
    """True when the database holds no agency."""
    with engine.connect() as conn:
        return conn.execute(select(Agency.id).limit(1)).first() is None


def seed_demo(engine: Engine, reset: bool = False) -> dict[str, int]:
    """Load the demo data; returns row counts per table.

    The registry, the rounds, their trees and scores go through the importers and the round
    commands (``demo_load``), the rest in bulk. Should any step fail, the database is emptied
    again. Raises SeedError when the database already holds data and ``reset`` is False; with
    ``reset`` every table is emptied first (the data version keeps counting up).
    """
    tables = Base.metadata.sorted_tables
    with engine.begin() as conn:
        version = data_version(conn)
        if _has_data(conn, tables):
            if not reset:
                raise SeedError("database not empty; use --reset")
            _clear(conn, tables, version)
    rows = _DemoBuilder().build()
    try:
        _load(engine, rows, tables)
    except BaseException:
        with engine.begin() as conn:
            _clear(conn, tables, data_version(conn))
        raise
    with engine.connect() as conn:
        return _counts(conn, tables)


#: Tables the demo fills through the importers and round commands (demo_load).
_IMPORTED = {
    "city",
    "city_population",
    "agency",
    "agency_type",
    "staffing",
    "history_event",
    "personnel",
    "retirement_forecast",
    "recruitment_plan",
    "workload",
    "annual_assessment",
    "evaluation_round",
    "round_agency",
    "indicator",
    "individual_indicator",
    "score",
    "peer_staffing",
    "external_rating",  # through the ratings kind (demo_load._load_ratings)
}


def _load(engine: Engine, rows: dict[str, list[dict[str, Any]]], tables: Sequence[Table]) -> None:
    rounds = sorted(rows["evaluation_round"], key=lambda r: r["id"])
    demo_load.load_registry(engine, rows)
    for spec in rounds:
        demo_load.load_round(engine, rows, spec)
    demo_load.check_ids(engine, rows)
    with engine.begin() as conn:
        for table in tables:
            if table.name not in _IMPORTED and rows.get(table.name):
                conn.execute(insert(table), rows[table.name])
        by_name = {a["name"]: a["id"] for a in rows["agency"]}
        for username, password, role in DEMO_USERS:
            display, agency = _USER_DETAILS[username]
            create_user(
                conn,
                username,
                display,
                role,
                password,
                agency_id=by_name[agency] if agency else None,
                is_demo=True,
                actor="system",
            )
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, tables)
    for spec in rounds:
        demo_load.finish_round(engine, spec)
    add_demo_self_evaluations(engine)  # drafts and submissions of the open round
    with engine.begin() as conn:
        record_write(conn, "system", "seed-demo", "database", None, after=_counts(conn, tables))


def _clear(conn: Connection, tables: Sequence[Table], version: int) -> None:
    """Empty every table; the data version keeps counting and ids start again at 1."""
    for table in reversed(tables):
        conn.execute(delete(table))
    if version:
        conn.execute(insert(DataVersion).values(id=1, version=version))
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn, tables)


def _counts(conn: Connection, tables: Sequence[Table]) -> dict[str, int]:
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables
    }


def _has_data(conn: Connection, tables: Sequence[Table]) -> bool:
    quiet = {"audit_log", "data_version"}
    return any(
        conn.execute(select(1).select_from(t).limit(1)).first() is not None
        for t in tables
        if t.name not in quiet
    )


def _reset_sequences(conn: Connection, tables: Sequence[Table]) -> None:
    """After explicit ids, move each serial sequence past the largest id."""
    for t in tables:
        if "id" in t.c and t.c.id.primary_key and t.c.id.autoincrement:
            conn.execute(
                select(
                    func.setval(
                        func.pg_get_serial_sequence(t.name, "id"),
                        func.coalesce(select(func.max(t.c.id)).scalar_subquery(), 0) + 1,
                        False,
                    )
                )
            )


def _split(total: int, shares: Sequence[float]) -> list[int]:
    """Integers summing to ``total`` in proportion to ``shares`` (largest remainder)."""
    weights = [max(s, 0.0) for s in shares]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _clamp(x: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, x))


def _workload_value(kind: str, year: int, spec: tuple[str, float, float]) -> float:
    """Jining's value of a metric in a year: the 2023 value, a trend, epidemic dips."""
    factor = sd.EPIDEMIC.get(kind, {}).get(year, 1.0)
    return spec[1] * (1 + spec[2]) ** (year - 2023) * factor


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


class _DemoBuilder:
    """Generates every table's rows in memory; ids are assigned here so rows can refer."""

    def __init__(self) -> None:
        self.rng = random.Random(_SEED)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.config = RoundConfig()
        self.agency: dict[str, dict[str, Any]] = {}
        self.staff: dict[tuple[str, int], dict[str, int]] = {}
        self.people: dict[tuple[str, int], dict[str, int]] = {}
        self.grades: dict[tuple[str, int], str] = {}
        self.quality: dict[str, float] = {}
        self.round_id: dict[int, int] = {}
        self.doc_count: dict[int, int] = {}
        self.population: dict[tuple[str, int], float] = {}
        self.home_workload: dict[tuple[str, int], float] = {}

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        rows = self.rows.setdefault(table, [])
        if "id" not in row and table not in (
            "agency_type",
            "city_population",
            "round_agency",
            "survey_answer",
        ):
            row["id"] = len(rows) + 1
        rows.append(row)
        return row

    def build(self) -> dict[str, list[dict[str, Any]]]:
        self._cities()
        self._agencies()
        self._staffing()
        self._personnel()
        self._workload()
        self._peers()
        for spec in sd.ROUNDS:
            self._round(spec)
        self._proposals()
        return self.rows

    # -- reference data ------------------------------------------------------------------
    def _cities(self) -> None:
        for i, (name, pop, drift) in enumerate(sd.CITIES, start=1):
            self.add("city", id=i, name=name, province="山东", is_home=name == HOME_CITY)
            for year in YEARS:
                value = round(pop * (1 + drift) ** (year - 2023), 2)
                self.population[(name, year)] = value
                self.add("city_population", city_id=i, year=year, population=value)

    def _agencies(self) -> None:
        rng = self.rng
        for i, a in enumerate(sd.AGENCIES, start=1):
            (
                name,
                short,
                kind,
                nature,
                rank,
                parent,
                doc,
                doc_date,
                posts,
                sections,
                leaders,
                first,
            ) = a
            self.agency[name] = {
                "id": i,
                "name": name,
                "short": short,
                "type": kind,
                "posts": posts,
                "sections": sections,
                "leaders": leaders,
                "first": first,
                "doc": doc,
                "doc_date": doc_date,
            }
            name_en, short_en = AGENCY_NAMES_EN[name]
            self.add(
                "agency",
                id=i,
                name=name,
                short_name=short,
                agency_type=kind,
                name_en=name_en,
                short_name_en=short_en,
                nature=nature,
                rank=rank,
                parent_id=self.agency[parent]["id"] if parent else None,
                sanding_doc_no=doc,
                sanding_date=doc_date,
            )
            self.quality[name] = round(rng.uniform(0.75, 0.96), 3)
        for kind in sorted({a[2] for a in sd.AGENCIES}):
            self.add("agency_type", name=kind, name_en=AGENCY_TYPES_EN[kind])
        self.quality.update(
            {
                "市外事办公室": 0.72,
                "市行政审批服务局": 0.80,
                "市科学技术局": 0.87,
                "市住房和城乡建设局": 0.76,
                "市大数据中心": 0.80,
            }
        )

    def _staffing(self) -> None:
        rng = self.rng
        events: dict[str, list[tuple]] = {}
        for e in sd.EVENTS:
            events.setdefault(e[0], []).append(e)
        for name, a in self.agency.items():
            own = events.get(name, [])
            if all(e[4] != a["doc"] for e in own):  # the in-force "三定" is an event too
                own.append(
                    (
                        name,
                        a["doc_date"],
                        "三定修订",
                        f"印发《{name}职能配置、内设机构和人员编制规定》",
                        a["doc"],
                        (0, 0, 0),
                        0,
                    )
                )
            for e in sorted(own, key=lambda e: e[1]):
                self.add(
                    "history_event",
                    agency_id=a["id"],
                    event_date=e[1],
                    kind=e[2],
                    description=e[3],
                    doc_no=e[4],
                )
            usage = rng.uniform(0.88, 0.97)
            for year in YEARS:
                if year < a["first"]:
                    continue
                later = [e for e in own if e[1].year > year]
                auth = {
                    p: a["posts"][k] - sum(e[5][k] for e in later) for k, p in enumerate(_POSTS)
                }
                sections = a["sections"] - sum(e[6] for e in later)
                u = _clamp(usage + rng.gauss(0, 0.02), 0.84, 0.99)
                actual = {p: min(auth[p], round(auth[p] * u)) for p in _POSTS}
                if auth["gq"] and rng.random() < 0.5:
                    actual["gq"] = auth["gq"]
                if name == DEMO_STORIES["over_staffed_2023"] and year in (2022, 2023, 2024):
                    # 2022 nearly full after the new posts, 2023 over (usage 1.05), 2024 corrected
                    extra = {2022: (-1, 0), 2023: (3, 4), 2024: (-1, -2)}[year]
                    actual = {
                        "xz": auth["xz"] + extra[0],
                        "sy": auth["sy"] + extra[1],
                        "gq": auth["gq"],
                    }
                leaders = a["leaders"] - (1 if year < 2019 and a["leaders"] > 4 else 0)
                filled = leaders if rng.random() < 0.6 else leaders - 1
                if name == DEMO_STORIES["open_findings_2024"] and year == 2024:
                    filled = leaders + 1  # 超职数配备, a 2024 finding
                row = {f"authorized_{p}": auth[p] for p in _POSTS}
                row.update({f"actual_{p}": actual[p] for p in _POSTS})
                self.staff[(name, year)] = row
                self.add(
                    "staffing",
                    agency_id=a["id"],
                    year=year,
                    **row,
                    leader_posts_authorized=leaders,
                    leader_posts_filled=filled,
                    internal_sections=sections,
                )

    def _personnel(self) -> None:
        rng = self.rng
        for name, a in self.agency.items():
            young, old = rng.uniform(0.14, 0.30), rng.uniform(0.06, 0.16)
            mid = rng.uniform(0.24, 0.34)
            postgrad = rng.uniform(0.08, 0.30) + (0.12 if a["type"] in ("疾控", "科技") else 0)
            college = rng.uniform(0.04, 0.15)
            for year in YEARS:
                if (name, year) not in self.staff:
                    continue
                s = self.staff[(name, year)]
                total = s["actual_xz"] + s["actual_sy"] + s["actual_gq"]
                k = year - 2018
                ages = _split(total, [young + 0.006 * k, mid, 1 - young - mid - old, old])
                pg = postgrad + 0.012 * k
                cb = max(0.01, college - 0.008 * k)
                edu = _split(total, [pg, 1 - pg - cb, cb])
                self.people[(name, year)] = {"a46": ages[2], "a56": ages[3]}
                self.add(
                    "personnel",
                    agency_id=a["id"],
                    year=year,
                    age_35_below=ages[0],
                    age_36_45=ages[1],
                    age_46_55=ages[2],
                    age_56_above=ages[3],
                    edu_postgrad=edu[0],
                    edu_bachelor=edu[1],
                    edu_college_below=edu[2],
                )
            for base in (2022, 2023, 2024):
                if (name, base) not in self.people:
                    continue
                p, s = self.people[(name, base)], self.staff[(name, base)]
                weights = [rng.uniform(0.6, 1.4) for _ in range(4)]
                due = _split(p["a56"], weights) + [round(p["a46"] * rng.uniform(0.07, 0.12))]
                for i, n in enumerate(due, start=1):
                    self.add(
                        "retirement_forecast",
                        agency_id=a["id"],
                        base_year=base,
                        year=base + i,
                        retirements=n,
                    )
                horizon = rng.choice((3, 5))
                total_due = sum(due[:horizon])
                total_actual = sum(s[f"actual_{q}"] for q in _POSTS) or 1
                for q in _POSTS:
                    if not s[f"authorized_{q}"]:
                        continue
                    vacant = max(0, s[f"authorized_{q}"] - s[f"actual_{q}"])
                    need = vacant + total_due * s[f"actual_{q}"] / total_actual
                    if q == "gq":
                        need = 0.3 * need  # 工勤 posts are filled by purchase of services
                    per_year = _split(round(need), [rng.uniform(0.5, 1.5) for _ in range(horizon)])
                    for i, n in enumerate(per_year, start=1):
                        self.add(
                            "recruitment_plan",
                            agency_id=a["id"],
                            plan_year=base,
                            year=base + i,
                            post_type=_POST_NAMES[q],
                            planned_hires=n,
                        )

    def _workload(self) -> None:
        rng = self.rng
        for name, a in self.agency.items():
            kind = a["type"]
            spec = sd.WORKLOAD[kind]
            metrics = [(primary_metric(kind), spec)]
            if kind in sd.SECOND_WORKLOAD:
                metrics.append((sd.SECOND_WORKLOAD[kind][0], sd.SECOND_WORKLOAD[kind]))
            elif kind not in DEFAULT_PRIMARY_WORKLOAD:
                # Types without a configured metric compare 办件量 (all matters handled);
                # the type's own headline metric is kept beside it.
                metrics = [
                    (primary_metric(kind), (spec[0], spec[1] * rng.uniform(1.6, 3.0), spec[2])),
                    (spec[0], spec),
                ]
            q = self.quality[name]
            for year in YEARS:
                if (name, year) not in self.staff:
                    continue
                for i, (metric, m_spec) in enumerate(metrics):
                    value = round(_workload_value(kind, year, m_spec) * rng.gauss(1, 0.03))
                    if i == 0:
                        self.home_workload[(kind, year)] = value
                    self.add(
                        "workload",
                        agency_id=a["id"],
                        year=year,
                        metric=metric,
                        metric_en=WORKLOAD_METRICS_EN[metric],
                        value=float(value),
                    )
                p_top = _clamp((q - 0.74) * 2.6, 0.05, 0.6)
                p_low = _clamp((0.80 - q) * 1.2, 0.0, 0.12)
                draw = rng.random()
                grade = "优秀" if draw < p_top else "一般" if draw > 1 - p_low else "良好"
                if name == DEMO_STORIES["closed_loop"]:
                    grade = "优秀" if year >= 2023 else "良好"
                if name == DEMO_STORIES["over_staffed_2023"] and year == 2023:
                    grade = "一般"
                self.grades[(name, year)] = grade
                self.add("annual_assessment", agency_id=a["id"], year=year, grade=grade)

    def _peers(self) -> None:
        rng = self.rng
        city_id = {c[0]: i for i, c in enumerate(sd.CITIES, start=1)}
        others = [c[0] for c in sd.CITIES if c[0] != HOME_CITY]
        lean = {"行政审批": 1.35, "外事": 1.12, "发改": 0.97, "科技": 0.93}
        few = {
            ("网信", 2018),
            ("网信", 2019),
            ("网信", 2024),
            ("大数据", 2019),
            ("大数据", 2020),
            ("机关事务", 2022),
        } | {("新区", y) for y in YEARS}
        for name, a in self.agency.items():
            kind = a["type"]
            # Home posts and workload relative to the province-wide relation (log-log line).
            home_over = lean.get(kind, rng.uniform(0.80, 1.30))
            work_off = math.exp(rng.gauss(0, 0.22))
            noise = {
                c: (math.exp(rng.gauss(0, 0.18)), math.exp(rng.gauss(0, 0.08))) for c in others
            }
            two = rng.sample(others, 2)
            for year in YEARS:
                if (name, year) not in self.staff:
                    continue
                s = self.staff[(name, year)]
                posts = [s[f"authorized_{p}"] for p in _POSTS]
                home_total = sum(posts)
                work = self.home_workload[(kind, year)]
                pop = self.population[(HOME_CITY, year)]
                for city in two if (kind, year) in few else others:
                    ew, ep = noise[city]
                    ratio = self.population[(city, year)] / pop
                    w = work / work_off * ratio**0.95 * ew * rng.gauss(1, 0.02)
                    total = home_total / home_over * (w * work_off / work) ** 0.85 * ep
                    by_type = _split(max(3, round(total)), posts)
                    actual = round(sum(by_type) * rng.uniform(0.86, 0.98))
                    sections = max(3, round(a["sections"] * (total / home_total) ** 0.5))
                    self.add(
                        "peer_staffing",
                        city_id=city_id[city],
                        agency_type=kind,
                        year=year,
                        authorized_xz=by_type[0],
                        authorized_sy=by_type[1],
                        authorized_gq=by_type[2],
                        actual_total=actual,
                        internal_sections=sections,
                        workload_metric=primary_metric(kind),
                        workload_value=float(round(w)),
                    )

    # -- one evaluation round ------------------------------------------------------------
    def _round(self, spec: dict[str, Any]) -> None:
        year = spec["year"]
        rid = len(self.round_id) + 1
        self.round_id[year] = rid
        self.add(
            "evaluation_round",
            id=rid,
            year=year,
            name=spec["name"],
            name_en=spec["name_en"],
            status=spec["status"],
            config=self.config.to_dict(),
            created_at=spec["created"],
            completed_at=spec["completed"],
        )
        names = sd.ROUND_AGENCIES[year]
        for name in names:
            self.add("round_agency", round_id=rid, agency_id=self.agency[name]["id"])
        for i, row in enumerate(DEFAULT_COMMON_TREE):
            self.add(
                "indicator",
                round_id=rid,
                code=row["code"],
                parent_code=row["parent"],
                level=row["level"],
                name=row["name"],
                name_en=row["name_en"],
                max_points=row["max_points"],
                source=row["source"],
                eval_point=row["eval_point"],
                eval_point_en=row["eval_point_en"],
                eval_method=row["eval_method"],
                eval_method_en=row["eval_method_en"],
                sort_order=i,
            )
        kinds = sorted({self.agency[n]["type"] for n in names} & set(DEFAULT_INDIVIDUAL_INDICATORS))
        for kind in kinds:
            for ind in DEFAULT_INDIVIDUAL_INDICATORS[kind]:
                self.add(
                    "individual_indicator",
                    round_id=rid,
                    agency_type=kind,
                    code=ind["code"],
                    name=ind["name"],
                    name_en=ind["name_en"],
                    weight=ind["weight"],
                    eval_point=ind["eval_point"],
                    eval_point_en=ind["eval_point_en"],
                )
        for name in names:
            q = self._round_quality(name, year)
            self._scores(spec, rid, name, q)
            if year == 2024 and name == DEMO_STORIES["insufficient_2024"]:
                continue  # fieldwork not finished: no ratings, no surveys yet
            self._ratings(spec, rid, name, q)
            for questionnaire in (sd.Q_STAFF, sd.Q_PUBLIC):
                self._survey(spec, rid, name, q, questionnaire)
        for name in names:
            self._findings(spec, rid, name)

    def _round_quality(self, name: str, year: int) -> float:
        if name == DEMO_STORIES["closed_loop"]:
            return {2022: 0.79, 2023: 0.86, 2024: 0.91}[year]
        return _clamp(self.quality[name] + self.rng.gauss(0, 0.025), 0.6, 0.96)

    def _scores(self, spec: dict[str, Any], rid: int, name: str, q: float) -> None:
        rng, year = self.rng, spec["year"]
        a = self.agency[name]
        overrated = name == DEMO_STORIES["self_overrated"]
        gaps = ("B2a", "C2a", "C2b", "D4a", "E1b")  # leaves the team has not scored yet
        for row in DEFAULT_COMMON_TREE:
            if row["source"] != "team":
                continue
            code, top = row["code"], row["max_points"]
            ratio = _clamp(q + rng.gauss(0, 0.06), 0.45, 1.0)
            if code == "B2b":
                recent = [
                    self.grades[(name, y)]
                    for y in (year - 2, year - 1, year)
                    if (name, y) in self.grades
                ]
                ratio = sum(_GRADE_VALUE[g] for g in recent) / len(recent)
            if name == DEMO_STORIES["closed_loop"] and code in _LEDGER_CODES + ("A2b",):
                ratio = {2022: 0.55, 2023: 0.78, 2024: 0.93}[year]
            team: float | None = round(top * ratio, 1)
            if overrated:
                own = round(top * rng.uniform(0.95, 1.0), 1)
            else:
                own = round(min(top, top * (ratio + rng.uniform(-0.02, 0.09))), 1)
            if year == 2024 and name == DEMO_STORIES["insufficient_2024"] and code in gaps:
                team = None
            band = 0 if ratio >= 0.85 else 1 if ratio >= 0.70 else 2
            note = sd.TEAM_NOTES[code][band] if team is not None else sd.SELF_NOTE
            self.add(
                "score",
                round_id=rid,
                agency_id=a["id"],
                code=code,
                team_score=team,
                self_score=own,
                note=note,
                updated_at=spec["scored"],
                updated_by="staff",
            )
        for ind in DEFAULT_INDIVIDUAL_INDICATORS.get(a["type"], []):
            team_x = round(_clamp(100 * q + rng.gauss(0, 6), 55, 98))
            own_x = 98 if overrated else min(100, team_x + rng.randint(0, 7))
            self.add(
                "score",
                round_id=rid,
                agency_id=a["id"],
                code=ind["code"],
                team_score=float(team_x),
                self_score=float(own_x),
                note=sd.INDIVIDUAL_NOTE,
                updated_at=spec["scored"],
                updated_by="staff",
            )

    def _ratings(self, spec: dict[str, Any], rid: int, name: str, q: float) -> None:
        rng = self.rng
        a = self.agency[name]
        p_good = _clamp(0.25 + (q - 0.72) * 2.5, 0.15, 0.8)
        p_fair = _clamp(0.20 - (q - 0.72) * 0.9, 0.03, 0.25)
        for i, rater in enumerate(sd.RATERS):
            if rater in (name, a["short"]):
                continue  # an agency does not rate itself
            entered = _at(spec["ratings"] + dt.timedelta(days=i // 2), 9 + i % 8, 30)
            for matter in sd.MATTERS:
                draw = rng.random()
                rating = "好" if draw < p_good else "一般" if draw > 1 - p_fair else "较好"
                problems = rng.choice(sd.RATING_PROBLEMS[matter]) if rating == "一般" else None
                self.add(
                    "external_rating",
                    round_id=rid,
                    agency_id=a["id"],
                    rater=rater,
                    matter=matter,
                    rating=rating,
                    problems=problems,
                    entered_at=entered,
                )

    def _respondents(self, year: int, name: str, questionnaire: str) -> int:
        rng = self.rng
        fixed = {
            (2022, "市外事办公室", sd.Q_STAFF): 5,
            (2023, "市外事办公室", sd.Q_STAFF): 3,
            (2022, "市行政审批服务局", sd.Q_PUBLIC): 318,
            (2023, "市行政审批服务局", sd.Q_PUBLIC): 386,
            (2024, "市行政审批服务局", sd.Q_PUBLIC): 352,
            (2023, "市市场监督管理局", sd.Q_PUBLIC): 305,
        }
        if (year, name, questionnaire) in fixed:
            return fixed[(year, name, questionnaire)]
        if questionnaire == sd.Q_STAFF:
            s = self.staff[(name, year)]
            headcount = s["actual_xz"] + s["actual_sy"] + s["actual_gq"]
            return max(8, min(120, round(headcount * rng.uniform(0.55, 0.85))))
        return rng.randint(20, 120)

    def _answers(self, level: float, questionnaire: str) -> dict[int, str | None]:
        rng = self.rng
        weak = sd.SURVEY_WEAK_ITEMS[questionnaire]
        person = rng.gauss(0, 0.08)
        out: dict[int, str | None] = {}
        for j in range(len(sd.SURVEY_ITEMS[questionnaire])):
            draw = rng.random()
            if draw < 0.015:
                out[j + 1] = None
                continue
            if draw < 0.045:
                out[j + 1] = "不了解"
                continue
            z = level + person - (0.08 if j in weak else 0.0) + rng.gauss(0, 0.12)
            out[j + 1] = (
                "非常满意"
                if z >= 0.92
                else "满意"
                if z >= 0.74
                else "基本满意"
                if z >= 0.55
                else "不满意"
                if z >= 0.35
                else "非常不满意"
            )
        return out

    def _survey(
        self, spec: dict[str, Any], rid: int, name: str, q: float, questionnaire: str
    ) -> None:
        rng, year = self.rng, spec["year"]
        a = self.agency[name]
        n = self._respondents(year, name, questionnaire)
        level = q + (0.04 if questionnaire == sd.Q_PUBLIC else 0.0)
        start = _at(spec["survey"], 8)
        stamps = sorted(start + dt.timedelta(minutes=rng.randrange(14 * 24 * 60)) for _ in range(n))
        code = "S" if questionnaire == sd.Q_STAFF else "P"
        subs: list[dict[str, Any]] = []
        for seq, at in enumerate(stamps, start=1):
            subs.append(
                {
                    "seq": seq,
                    "submission_id": f"WJX{year}{a['id']:03d}{code}{seq:04d}",
                    "duration_seconds": float(
                        round(_clamp(rng.lognormvariate(math.log(95), 0.45), 25, 900))
                    ),
                    "answers": self._answers(level, questionnaire),
                    "submitted_at": at,
                    "source": rng.choices(
                        [s for s, _ in sd.SURVEY_SOURCES], [w for _, w in sd.SURVEY_SOURCES]
                    )[0],
                }
            )
        if n >= 20:  # the import checks have something to find
            for sub in rng.sample(subs, rng.choice((1, 1, 2))):
                answer = rng.choice(("满意", "非常满意"))
                sub["answers"] = {k: answer for k in sub["answers"]}
                sub["duration_seconds"] = float(rng.randint(21, 45))
            for sub in rng.sample(subs, rng.choice((0, 1, 2, 3))):
                sub["duration_seconds"] = float(rng.randint(6, 19))
            for k in range(rng.choice((1, 1, 2))):
                twin = dict(rng.choice(subs))  # k == 0: the same submission exported twice
                if k > 0:  # a second submission under the same id
                    twin["seq"] = len(subs) + 1
                    twin["answers"] = self._answers(level, questionnaire)
                    twin["submitted_at"] = twin["submitted_at"] + dt.timedelta(minutes=7)
                subs.append(twin)
        frame = pd.DataFrame(
            {
                "row": range(1, len(subs) + 1),
                "seq": [s["seq"] for s in subs],
                "submission_id": [s["submission_id"] for s in subs],
                "duration_seconds": [s["duration_seconds"] for s in subs],
                "answers": [s["answers"] for s in subs],
            }
        )
        screened = screen_submissions(frame, self.config)
        import_row = self.add(
            "survey_import",
            round_id=rid,
            agency_id=a["id"],
            questionnaire=questionnaire,
            filename=f"{year}年度_{a['short']}_{questionnaire}.xlsx",
            imported_at=_at(spec["survey"] + dt.timedelta(days=15), 15),
            imported_by="staff",
            counts=dict(screened.counts),
        )
        questions = sd.SURVEY_ITEMS[questionnaire]
        for sub, status, straight in zip(
            subs, screened.submissions["status"], screened.submissions["straightlined"]
        ):
            resp = self.add(
                "survey_response",
                round_id=rid,
                agency_id=a["id"],
                questionnaire=questionnaire,
                import_id=import_row["id"],
                seq=sub["seq"],
                submission_id=sub["submission_id"],
                submitted_at=sub["submitted_at"],
                duration_seconds=sub["duration_seconds"],
                source=sub["source"],
                status=str(status),
                straightlined=bool(straight),
            )
            for item, answer in sub["answers"].items():
                self.add(
                    "survey_answer",
                    response_id=resp["id"],
                    round_id=rid,
                    item=item,
                    question=f"{item}、{questions[item - 1]}",
                    answer=answer,
                )

    # -- findings and rectifications -----------------------------------------------------
    def _story_findings(self, year: int, name: str) -> list[tuple] | None:
        """Fixed findings for the story agencies: (code, template index or text, state)."""
        t = sd.FINDINGS
        if name == DEMO_STORIES["closed_loop"]:
            return {
                2022: [
                    ("A2a", t["A2a"][0], _CLOSED),
                    ("B1a", t["B1a"][0], _CLOSED),
                    ("C1a", t["C1a"][0], _CLOSED),
                    ("D1a", t["D1a"][0], _CLOSED),
                ],
                2023: [("C3a", t["C3a"][0], _CLOSED)],
                2024: [],
            }[year]
        if name == DEMO_STORIES["over_staffed_2023"] and year == 2023:
            over = ("超编进人7名，实有人数超出核定编制总数", "违反机构编制纪律", "严重", "监督检查")
            return [("D1a", over, "failed"), ("B3a", t["B3a"][0], _CLOSED)]
        if name == DEMO_STORIES["open_findings_2024"] and year == 2024:
            return [
                ("D2a", t["D2a"][0], "整改中"),
                ("C2a", t["C2a"][0], "待验收"),
                ("C1a", t["C1a"][0], "待整改"),
                ("B1a", t["B1a"][0], _CLOSED),
            ]
        if name == DEMO_STORIES["insufficient_2024"] and year == 2024:
            return []
        if name == DEMO_STORIES["self_overrated"] and year == 2024:
            inflated = ("自评材料与实际履职情况不符，自评分明显偏高", "其他", "一般", "实地")
            return [("B2a", inflated, "整改中")]
        if name == "市应急管理局" and year == 2023:  # an old item still open: long overdue
            return [("D1a", t["D1a"][1], "整改中"), ("C3a", t["C3a"][0], _CLOSED)]
        if name == "市科学技术局" and year == 2024:
            return [("C2a", t["C2a"][0], "整改中"), ("C2b", t["C2b"][0], "待整改")]
        return None

    def _findings(self, spec: dict[str, Any], rid: int, name: str) -> None:
        rng, year = self.rng, spec["year"]
        planned = self._story_findings(year, name)
        if planned is None:
            q = self.quality[name]
            k = rng.choices(
                (0, 1, 2, 3),
                (0.55, 0.35, 0.1, 0.0)
                if q >= 0.88
                else (0.25, 0.4, 0.25, 0.1)
                if q >= 0.8
                else (0.05, 0.35, 0.35, 0.25),
            )[0]
            codes = list(sd.FINDINGS)
            weights = [3 if c in ("A1b", "D1a", "D2a") else 1 for c in codes]
            chosen: list[str] = []
            while len(chosen) < k:
                c = rng.choices(codes, weights)[0]
                if c not in chosen:
                    chosen.append(c)
            planned = [(c, rng.choice(sd.FINDINGS[c]), None) for c in chosen]
        for i, (code, (text, category, severity, source), state) in enumerate(planned):
            ledger = severity in ("严重", "较重") and rng.random() < 0.85 or rng.random() < 0.15
            found = spec["found"] + dt.timedelta(days=3 * i + rng.randint(0, 6))
            # 立行立改: a minor finding fixed on the spot, with no rectification opinion
            on_the_spot = state is None and severity == "轻微" and rng.random() < 0.5
            f = self.add(
                "finding",
                round_id=rid,
                agency_id=self.agency[name]["id"],
                description=text,
                category=category,
                severity=severity,
                source=source,
                indicator_code=code,
                in_ledger=ledger,
                found_date=found,
                on_the_spot=on_the_spot,
            )
            if on_the_spot:
                continue
            self._rectification(spec, f, name, state)

    def _rectification(
        self, spec: dict[str, Any], finding: dict[str, Any], name: str, state: str | None
    ) -> None:
        """A rectification opinion for the finding, moved to ``state`` ("failed": closed
        after one failed verification), with an event for every transition."""
        rng, year = self.rng, spec["year"]
        issued = spec["issued"] + dt.timedelta(days=rng.randint(0, 20))
        if year < 2024:
            deadline = issued + dt.timedelta(days=rng.choice((90, 120, 150, 180)))
            state = state or rng.choices((_CLOSED, "整改中", "待验收"), (0.86, 0.07, 0.07))[0]
        else:
            deadline = rng.choice(sd.DEADLINES_2024)
            state = state or rng.choices(("待整改", "整改中", "待验收", _CLOSED), (3, 4, 2, 2))[0]
        if finding["indicator_code"] == "D2a" and name == DEMO_STORIES["open_findings_2024"]:
            deadline = dt.date(2026, 10, 31)  # overdue
        failed = state == "failed"
        final = _CLOSED if failed else state
        self.doc_count[issued.year] = self.doc_count.get(issued.year, 2) + 1
        doc_no = f"济编办字〔{issued.year}〕{self.doc_count[issued.year]}号"
        evidence = rng.choice(sd.EVIDENCE[1:])
        verification = rng.choice(sd.VERIFICATION) if final == _CLOSED else None
        agent = "agency" if name == "市科学技术局" else f"{self.agency[name]['short']}联络员"
        steps: list[tuple[str | None, str, str, str]] = [
            (None, "待整改", "staff", f"下达整改意见（{doc_no}）")
        ]
        if final != "待整改":
            steps.append(("待整改", "整改中", agent, sd.EVIDENCE[0]))
        if final in ("待验收", _CLOSED):
            steps.append(("整改中", "待验收", agent, evidence))
        if failed:
            steps += [
                ("待验收", "整改中", "staff", sd.FAILED_VERIFICATION[0]),
                ("整改中", "待验收", agent, sd.FAILED_VERIFICATION[1]),
            ]
        if final == _CLOSED:
            steps.append(("待验收", _CLOSED, "staff", verification or ""))
        times = self._transition_times(issued, len(steps), year)
        rect = self.add(
            "rectification",
            finding_id=finding["id"],
            opinion_doc_no=doc_no,
            section=(
                "监督检查科"
                if finding["category"] == "违反机构编制纪律"
                else "职能运行监管科"
                if finding["category"] == sd.SANDING_CAT
                else rng.choice(sd.SECTIONS)
            ),
            owner=f"{rng.choice(sd.OWNER_TITLES)} {rng.choice(sd.SURNAMES)}某",
            issued_date=issued,
            deadline=deadline,
            state=final,
            evidence=evidence if final in ("待验收", _CLOSED) else None,
            verification_note=verification,
            closed_date=times[-1].date() if final == _CLOSED else None,
        )
        for (before, after, who, note), when in zip(steps, times):
            self.add(
                "rectification_event",
                rectification_id=rect["id"],
                from_state=before,
                to_state=after,
                actor=who,
                at=when,
                note=note,
            )

    def _transition_times(self, issued: dt.date, n: int, year: int) -> list[dt.datetime]:
        """Increasing times from the issue date, never after the demo's today."""
        limit = _at(DEMO_TODAY - dt.timedelta(days=2), 17)
        at = _at(issued, 9, 30)
        spread = (limit - at) / max(1, n - 1)
        times = []
        for _ in range(n):
            times.append(at)
            step = (
                dt.timedelta(days=self.rng.randint(10, 45))
                if year < 2024
                else spread * self.rng.uniform(0.5, 0.9)
            )
            at = min(at + step, limit)
        return times

    def _proposals(self) -> None:
        for year, name, kind, content, section, state, created in sd.PROPOSALS:
            self.add(
                "adjustment_proposal",
                agency_id=self.agency[name]["id"],
                round_id=self.round_id[year],
                kind=kind,
                content=content,
                section=section,
                state=state,
                created_at=_at(created),
            )
