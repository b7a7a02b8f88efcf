"""The demo goes in the way the office's own data does: the generated registry, each round's
tree and its scores are written as import files (CSV, Chinese headers) and loaded through the
import framework, ``round create`` / ``round agencies`` / ``round status`` and the score-sheet
importer, each round's external ratings through the ``ratings`` kind — so every demo load
proves them. What no import kind can express yet (surveys, findings with their rectification
histories, proposals) is inserted in bulk by ``seed.py`` afterwards.

The imports must give each agency, city and round the id the generator gave it (rows of the
bulk part refer to them): they run in the generator's order on an empty database, and
``check_ids`` verifies it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, bindparam, select, update

from data_access.imports import KINDS
from data_access.imports.engine import ImportResult, run_import
from data_access.imports.kind import Kind
from data_access.models import Agency, AgencyType, City, EvaluationRound, ExternalRating, Score
from data_access.round_admin import change_round_agencies, change_round_status, create_round
from data_access.scope import Principal
from data_access.score_sheets import import_score_sheet
from domain.vocab import PostType, Role, RoundStatus

__all__ = [
    "DEMO_LOADER",
    "DemoLoadError",
    "load_registry",
    "load_round",
    "finish_round",
    "check_ids",
]

#: The imports of the demo are recorded under this name (an administrator: rounds need one).
DEMO_LOADER = Principal("seed-demo", Role.ADMIN)

Rows = dict[str, list[dict[str, Any]]]


class DemoLoadError(RuntimeError):
    """An import of the demo data was refused: the generator and the importers disagree."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv(kind: Kind, rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A UTF-8 CSV with the kind's Chinese headers, one line per row (column key → value)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.zh for c in kind.columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.key)) for c in kind.columns])
    return out.getvalue().encode("utf-8")


def _load(engine: Engine, name: str, rows: Sequence[Mapping[str, Any]], **kw: Any) -> ImportResult:
    kind = KINDS[name]
    result = run_import(engine, DEMO_LOADER, kind, _csv(kind, rows), f"demo-{name}.csv", **kw)
    if result.errors:
        raise DemoLoadError(f"demo {name}: " + "; ".join(result.errors[:5]))
    return result


def load_registry(engine: Engine, rows: Rows) -> None:
    """Cities (with the home city), agencies, staffing, history, personnel and workload, each through its import kind."""
    city = {c["id"]: c for c in rows["city"]}
    _load(
        engine,
        "cities",
        [
            {
                "city": city[p["city_id"]]["name"],
                "year": p["year"],
                "population": p["population"],
                "home": city[p["city_id"]]["is_home"],
            }
            for p in sorted(rows["city_population"], key=lambda p: (p["city_id"], p["year"]))
        ],
    )
    agencies = rows["agency"]
    name = {a["id"]: a["name"] for a in agencies}
    _load(
        engine,
        "agencies",
        [
            {
                **{k: a[k] for k in ("name", "short_name", "name_en", "short_name_en")},
                **{k: a[k] for k in ("agency_type", "nature", "rank", "sanding_doc_no")},
                "sanding_date": a["sanding_date"],
                "parent": name.get(a["parent_id"]),  # a row above: parents come first
            }
            for a in agencies
        ],
    )
    with engine.begin() as conn:  # the types' English names: no import kind carries them yet
        for t in rows["agency_type"]:
            conn.execute(
                update(AgencyType).where(AgencyType.name == t["name"]).values(name_en=t["name_en"])
            )
    _load(
        engine,
        "staffing",
        [{"agency": name[s["agency_id"]], **s} for s in rows["staffing"]],
    )
    _load(
        engine,
        "history",
        [
            {"agency": name[h["agency_id"]], "date": h["event_date"], **h}
            for h in rows["history_event"]
        ],
    )
    _load(engine, "personnel", _personnel_rows(rows, name))
    grade = {(g["agency_id"], g["year"]): g["grade"] for g in rows["annual_assessment"]}
    graded: set[tuple[int, int]] = set()
    workload = []
    for w in rows["workload"]:
        pair = (w["agency_id"], w["year"])
        workload.append(
            {
                "agency": name[w["agency_id"]],
                **w,
                "grade": None if pair in graded else grade.get(pair),
            }
        )
        graded.add(pair)
    _load(engine, "workload", workload)
    _load(
        engine,
        "peers",
        [{"city": city[p["city_id"]]["name"], **p} for p in rows["peer_staffing"]],
    )


def _personnel_rows(rows: Rows, name: Mapping[int, str]) -> list[dict[str, Any]]:
    """One row per agency × year: the headcounts, and in the years that have them the next
    five years' retirements and the recruitment plan by post type."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    for p in rows["personnel"]:
        out[(p["agency_id"], p["year"])] = {"agency": name[p["agency_id"]], **p}
    for f in rows["retirement_forecast"]:
        row = out[(f["agency_id"], f["base_year"])]
        row[f"retire_{f['year'] - f['base_year']}"] = f["retirements"]
    for q in rows["recruitment_plan"]:
        row = out[(q["agency_id"], q["plan_year"])]
        post = PostType(q["post_type"])
        row[f"plan_{post.code}_{q['year'] - q['plan_year']}"] = q["planned_hires"]
    return list(out.values())


def load_round(engine: Engine, rows: Rows, round_row: Mapping[str, Any]) -> None:
    """One round as the office runs it: create it, choose its agencies, import its tree and
    individual indicators, open it and import the team's score sheet (its status and dates
    are set by ``finish_round`` once the rest of its data is in)."""
    rid, year = round_row["id"], round_row["year"]
    create_round(
        engine, year, round_row["name"], principal=DEMO_LOADER, name_en=round_row["name_en"]
    )
    name = {a["id"]: a["name"] for a in rows["agency"]}
    chosen = [name[r["agency_id"]] for r in rows["round_agency"] if r["round_id"] == rid]
    change_round_agencies(engine, year, principal=DEMO_LOADER, replace=chosen)
    tree = [{**r, "parent": r["parent_code"]} for r in rows["indicator"] if r["round_id"] == rid]
    _load(engine, "indicators", tree, round_year=year)
    individual = [r for r in rows["individual_indicator"] if r["round_id"] == rid]
    _load(engine, "individual", individual, round_year=year)
    change_round_status(engine, year, RoundStatus.IN_PROGRESS.value, principal=DEMO_LOADER)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["单位", "指标代码", "组评分", "自评分", "佐证说明"])
    for s in rows["score"]:
        if s["round_id"] == rid:
            row = (name[s["agency_id"]], s["code"], s["team_score"], s["self_score"], s["note"])
            writer.writerow([_cell(v) for v in row])
    import_score_sheet(engine, rid, out.getvalue().encode("utf-8"), DEMO_LOADER.username)
    scored = {s["updated_at"] for s in rows["score"] if s["round_id"] == rid}
    with engine.begin() as conn:  # the demo's scores were entered on its (past) dates
        conn.execute(update(Score).where(Score.round_id == rid).values(updated_at=max(scored)))
    _load_ratings(engine, rows, rid, year)


def _load_ratings(engine: Engine, rows: Rows, rid: int, year: int) -> None:
    """The round's external ratings through the ``ratings`` kind (long layout), each keeping
    the generator's id and the (past) time it was entered."""
    ratings = [r for r in rows.get("external_rating", []) if r["round_id"] == rid]
    if not ratings:
        return
    name = {a["id"]: a["name"] for a in rows["agency"]}
    _load(
        engine,
        "ratings",
        [{**r, "agency": name[r["agency_id"]]} for r in ratings],
        round_year=year,
    )
    e = ExternalRating
    with engine.begin() as conn:
        stored = conn.execute(
            select(e.id, e.agency_id, e.rater, e.matter).where(e.round_id == rid).order_by(e.id)
        ).all()
        wanted = [(r["id"], r["agency_id"], r["rater"], r["matter"]) for r in ratings]
        if [tuple(s) for s in stored] != wanted:
            raise DemoLoadError(f"demo ratings of round {year}: ids differ from the generator's")
        conn.execute(
            update(e).where(e.id == bindparam("k_id")).values(entered_at=bindparam("v_at")),
            [{"k_id": r["id"], "v_at": r["entered_at"]} for r in ratings],
        )


def finish_round(engine: Engine, round_row: Mapping[str, Any]) -> None:
    """The round's status (a completed round is frozen: last) and its historical dates."""
    year = round_row["year"]
    if round_row["status"] != RoundStatus.IN_PROGRESS.value:
        change_round_status(engine, year, round_row["status"], principal=DEMO_LOADER)
    with engine.begin() as conn:
        conn.execute(
            update(EvaluationRound)
            .where(EvaluationRound.year == year)
            .values(created_at=round_row["created_at"], completed_at=round_row["completed_at"])
        )


def check_ids(engine: Engine, rows: Rows) -> None:
    """The imports gave each agency, city and round the generator's id."""
    with engine.connect() as conn:
        checks: list[tuple[str, dict[Any, Any], dict[Any, Any]]] = [
            (
                "agency",
                dict(conn.execute(select(Agency.name, Agency.id)).all()),
                {r["name"]: r["id"] for r in rows["agency"]},
            ),
            (
                "city",
                dict(conn.execute(select(City.name, City.id)).all()),
                {r["name"]: r["id"] for r in rows["city"]},
            ),
            (
                "round",
                dict(conn.execute(select(EvaluationRound.year, EvaluationRound.id)).all()),
                {r["year"]: r["id"] for r in rows["evaluation_round"]},
            ),
        ]
    for table, stored, wanted in checks:
        if stored != wanted:
            raise DemoLoadError(f"demo {table} ids differ from the generator's")
