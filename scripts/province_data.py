"""A deterministic province-scale database for the benchmark (issue 14).

``build_province(engine)`` starts from the demo data and grows it to ``agencies`` evaluated
agencies per round, ``rounds`` rounds (older rounds copy the earliest demo round's tree and
configuration) and ``respondents`` accepted respondents per agency and questionnaire (plus a
few duplicates and too-fast submissions), by bulk insert: 60 × 10 × 300 gives ≈ 3.6 M survey
answers. The same arguments always give the same database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from data_access.audit import record_write
from data_access.models import (
    Agency,
    AnnualAssessment,
    City,
    CityPopulation,
    EvaluationRound,
    ExternalRating,
    Finding,
    Indicator,
    IndividualIndicator,
    PeerStaffing,
    Personnel,
    RecruitmentPlan,
    Rectification,
    RetirementForecast,
    RoundAgency,
    Score,
    Staffing,
    SurveyAnswer,
    SurveyImport,
    SurveyResponse,
    Workload,
)
from data_access.seed import seed_demo

__all__ = ["build_province", "SCALES"]

# name -> (agencies, rounds, respondents)
SCALES: dict[str, tuple[int, int, int]] = {
    "small": (12, 4, 40),
    "province": (60, 10, 300),
}
_ANSWERS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
_YEAR_TABLES = (Staffing, Personnel, Workload, AnnualAssessment, PeerStaffing, CityPopulation)
_AGENCY_TABLES = (
    Staffing,
    Personnel,
    Workload,
    AnnualAssessment,
    RetirementForecast,
    RecruitmentPlan,
)


def _rows(conn: Connection, table: Any, *where: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(table).where(*where))]


def _without_id(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "id"}
    out.update(changes)
    return out


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT just wrote."""
    return int(result.inserted_primary_key[0])


def _shift(day: Any, years: int) -> Any:
    if day is None:
        return None
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _backfill_years(conn: Connection, first_year: int) -> None:
    """Copy each yearly table's earliest year back to ``first_year``."""
    for model in _YEAR_TABLES:
        table: Any = model.__table__
        earliest = conn.execute(select(func.min(table.c.year))).scalar()
        if earliest is None or earliest <= first_year:
            continue
        rows = _rows(conn, table, table.c.year == earliest)
        for year in range(first_year, earliest):
            conn.execute(insert(table), [_without_id(r, year=year) for r in rows])


def _clone_agencies(conn: Connection, wanted: int, template_round: int) -> list[int]:
    """Evaluated agencies of ``template_round`` plus copies up to ``wanted``; their ids."""
    base = [
        r[0]
        for r in conn.execute(
            select(RoundAgency.agency_id)
            .where(RoundAgency.round_id == template_round)
            .order_by(RoundAgency.agency_id)
        )
    ]
    ids = list(base[:wanted])
    copy = 0
    while len(ids) < wanted:
        source = base[copy % len(base)]
        copy += 1
        row = _rows(conn, Agency.__table__, Agency.id == source)[0]
        suffix = f"（{copy}）"
        new = _without_id(
            row,
            name=row["name"] + suffix,
            short_name=row["short_name"] + suffix,
            name_en=(row["name_en"] or "") + f" ({copy})",
            short_name_en=(row["short_name_en"] or "") + f" ({copy})",
            parent_id=None,
        )
        agency_id = _new_id(conn.execute(insert(Agency).values(**new)))
        for model in _AGENCY_TABLES:
            table: Any = model.__table__
            rows = _rows(conn, table, table.c.agency_id == source)
            if rows:
                conn.execute(insert(table), [_without_id(r, agency_id=agency_id) for r in rows])
        ids.append(agency_id)
    return ids


def _add_rounds(conn: Connection, wanted: int) -> list[tuple[int, int]]:
    """(round id, year) for ``wanted`` rounds: the demo's and earlier copies of its first."""
    existing = [
        (int(r.id), int(r.year))
        for r in conn.execute(select(EvaluationRound.id, EvaluationRound.year))
    ]
    existing.sort(key=lambda r: r[1])
    first_id, first_year = existing[0]
    template = _rows(conn, EvaluationRound.__table__, EvaluationRound.id == first_id)[0]
    tree = _rows(conn, Indicator.__table__, Indicator.round_id == first_id)
    individual = _rows(
        conn, IndividualIndicator.__table__, IndividualIndicator.round_id == first_id
    )
    rounds = list(existing)
    year = first_year
    while len(rounds) < wanted:
        year -= 1
        shift = year - first_year
        rid = _new_id(
            conn.execute(
                insert(EvaluationRound).values(
                    **_without_id(
                        template,
                        year=year,
                        name=f"{year}年度机构编制执行情况和使用效益评估",
                        name_en=f"{year} evaluation",
                        created_at=_shift(template["created_at"], shift),
                        completed_at=_shift(template["completed_at"], shift),
                    )
                )
            )
        )
        conn.execute(insert(Indicator), [_without_id(r, round_id=rid) for r in tree])
        conn.execute(
            insert(IndividualIndicator), [_without_id(r, round_id=rid) for r in individual]
        )
        rounds.append((rid, year))
    return sorted(rounds[:wanted], key=lambda r: r[1])


def _scores_and_ratings(
    conn: Connection,
    rng: np.random.Generator,
    rounds: Sequence[tuple[int, int]],
    agencies: Sequence[int],
    quality: dict[int, float],
) -> None:
    types = dict(conn.execute(select(Agency.id, Agency.agency_type)).all())
    pairs = conn.execute(
        select(ExternalRating.rater, ExternalRating.matter)
        .distinct()
        .order_by(ExternalRating.rater, ExternalRating.matter)
    ).all()
    conn.execute(delete(Score))
    conn.execute(delete(ExternalRating))
    for rid, year in rounds:
        leaves = conn.execute(
            select(Indicator.code, Indicator.max_points)
            .where(Indicator.round_id == rid, Indicator.source == "team")
            .order_by(Indicator.sort_order)
        ).all()
        individual = conn.execute(
            select(IndividualIndicator.agency_type, IndividualIndicator.code).where(
                IndividualIndicator.round_id == rid
            )
        ).all()
        score_rows: list[dict[str, Any]] = []
        rating_rows: list[dict[str, Any]] = []
        when = dt.datetime(year, 12, 1, 10)
        for agency in agencies:
            q = float(np.clip(quality[agency] + rng.normal(0, 0.025), 0.6, 0.96))
            for code, top in leaves:
                ratio = float(np.clip(q + rng.normal(0, 0.06), 0.45, 1.0))
                team = round(top * ratio, 1)
                own = round(min(top, top * (ratio + rng.uniform(-0.02, 0.09))), 1)
                score_rows.append(
                    dict(
                        round_id=rid,
                        agency_id=agency,
                        code=code,
                        team_score=team,
                        self_score=own,
                        note=None,
                        updated_at=when,
                        updated_by="staff",
                    )
                )
            for kind, code in individual:
                if kind != types[agency]:
                    continue
                team_x = float(round(np.clip(100 * q + rng.normal(0, 6), 55, 98)))
                score_rows.append(
                    dict(
                        round_id=rid,
                        agency_id=agency,
                        code=code,
                        team_score=team_x,
                        self_score=min(100.0, team_x + int(rng.integers(0, 8))),
                        note=None,
                        updated_at=when,
                        updated_by="staff",
                    )
                )
            draws = rng.random(len(pairs))
            p_good = float(np.clip(0.25 + (q - 0.72) * 2.5, 0.15, 0.8))
            p_fair = float(np.clip(0.20 - (q - 0.72) * 0.9, 0.03, 0.25))
            for (rater, matter), draw in zip(pairs, draws, strict=True):
                rating = "好" if draw < p_good else "一般" if draw > 1 - p_fair else "较好"
                rating_rows.append(
                    dict(
                        round_id=rid,
                        agency_id=agency,
                        rater=rater,
                        matter=matter,
                        rating=rating,
                        entered_at=when,
                    )
                )
        conn.execute(insert(Score), score_rows)
        conn.execute(insert(ExternalRating), rating_rows)


def _findings(conn: Connection, rounds: Sequence[tuple[int, int]], agencies: Sequence[int]) -> None:
    """Every agency of every round gets the findings (and rectifications) of a demo one."""
    demo = conn.execute(select(Finding.round_id, Finding.agency_id).distinct()).all()
    demo_round_year = dict(conn.execute(select(EvaluationRound.id, EvaluationRound.year)).all())
    templates = sorted({(int(r), int(a)) for r, a in demo})
    have = set(templates)
    k = 0
    for rid, year in rounds:
        for agency in agencies:
            if (rid, agency) in have:
                continue
            src_round, src_agency = templates[k % len(templates)]
            k += 1
            shift = year - demo_round_year[src_round]
            for f in _rows(
                conn,
                Finding.__table__,
                Finding.round_id == src_round,
                Finding.agency_id == src_agency,
            ):
                fid = _new_id(
                    conn.execute(
                        insert(Finding).values(
                            **_without_id(
                                f,
                                round_id=rid,
                                agency_id=agency,
                                found_date=_shift(f["found_date"], shift),
                            )
                        )
                    )
                )
                for r in _rows(conn, Rectification.__table__, Rectification.finding_id == f["id"]):
                    conn.execute(
                        insert(Rectification).values(
                            **_without_id(
                                r,
                                finding_id=fid,
                                issued_date=_shift(r["issued_date"], shift),
                                deadline=_shift(r["deadline"], shift),
                                closed_date=_shift(r["closed_date"], shift),
                            )
                        )
                    )


def _surveys(
    conn: Connection,
    rng: np.random.Generator,
    rounds: Sequence[tuple[int, int]],
    agencies: Sequence[int],
    quality: dict[int, float],
    respondents: int,
) -> int:
    """Replace every survey: ``respondents`` accepted per agency, questionnaire and round."""
    questions = {
        q: [
            r[0]
            for r in conn.execute(
                select(SurveyAnswer.question)
                .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
                .where(SurveyResponse.questionnaire == q)
                .group_by(SurveyAnswer.item, SurveyAnswer.question)
                .order_by(SurveyAnswer.item)
            )
        ]
        for q in ("评估调查问卷", "满意度调查问卷")
    }
    conn.execute(delete(SurveyAnswer))
    conn.execute(delete(SurveyResponse))
    conn.execute(delete(SurveyImport))
    extra_dup, extra_fast = max(1, respondents // 30), max(1, respondents // 50)
    per_group = respondents + extra_dup + extra_fast
    response_id = 0
    answers_total = 0
    cut = np.array([0.92, 0.74, 0.55, 0.35])
    for rid, year in rounds:
        responses: list[tuple[Any, ...]] = []
        answers: list[tuple[Any, ...]] = []
        for agency in agencies:
            for questionnaire, items in questions.items():
                import_id = _new_id(
                    conn.execute(
                        insert(SurveyImport).values(
                            round_id=rid,
                            agency_id=agency,
                            questionnaire=questionnaire,
                            filename=f"{year}_{agency}_{questionnaire}.xlsx",
                            imported_at=dt.datetime(year, 11, 20, 15),
                            imported_by="staff",
                            counts={"total": per_group, "accepted": respondents},
                        )
                    )
                )
                level = quality[agency] + (0.04 if questionnaire == "满意度调查问卷" else 0.0)
                person = rng.normal(0, 0.08, size=(per_group, 1))
                z = level + person + rng.normal(0, 0.12, size=(per_group, len(items)))
                idx = np.searchsorted(-cut, -z, side="right")
                draw = rng.random((per_group, len(items)))
                status = ["accepted"] * respondents + ["duplicate"] * extra_dup
                status += ["too_fast"] * extra_fast
                for i in range(per_group):
                    response_id += 1
                    responses.append(
                        (
                            response_id,
                            rid,
                            agency,
                            questionnaire,
                            import_id,
                            i + 1,
                            f"WJX{year}{agency:04d}{questionnaire[0]}{i:05d}",
                            status[i],
                            False,
                        )
                    )
                    for j, question in enumerate(items):
                        answer: str | None
                        if draw[i, j] < 0.015:
                            answer = None
                        elif draw[i, j] < 0.045:
                            answer = "不了解"
                        else:
                            answer = _ANSWERS[int(idx[i, j])]
                        answers.append((response_id, rid, j + 1, question, answer))
        _bulk(
            conn,
            "survey_response",
            (
                "id",
                "round_id",
                "agency_id",
                "questionnaire",
                "import_id",
                "seq",
                "submission_id",
                "status",
                "straightlined",
            ),
            responses,
        )
        _bulk(
            conn,
            "survey_answer",
            ("response_id", "round_id", "item", "question", "answer"),
            answers,
        )
        answers_total += len(answers)
    return answers_total


def _bulk(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite."""
    raw: Any = conn.connection.driver_connection
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def build_province(
    engine: Engine,
    agencies: int = 60,
    rounds: int = 10,
    respondents: int = 300,
    seed: int = 14,
) -> dict[str, int]:
    """Seed the demo, then grow it to the given size (see the module docstring)."""
    seed_demo(engine)
    rng = np.random.default_rng(seed)
    with engine.begin() as conn:
        template_round = conn.execute(
            select(EvaluationRound.id).order_by(EvaluationRound.year.desc()).limit(1)
        ).scalar_one()
        round_list = _add_rounds(conn, rounds)
        _backfill_years(conn, round_list[0][1])
        agency_ids = _clone_agencies(conn, agencies, template_round)
        conn.execute(delete(RoundAgency))
        conn.execute(
            insert(RoundAgency),
            [{"round_id": rid, "agency_id": a} for rid, _ in round_list for a in agency_ids],
        )
        quality = {a: float(rng.uniform(0.62, 0.93)) for a in agency_ids}
        _scores_and_ratings(conn, rng, round_list, agency_ids, quality)
        _findings(conn, round_list, agency_ids)
        answers = _surveys(conn, rng, round_list, agency_ids, quality, respondents)
        if conn.dialect.name == "postgresql":
            for table in ("agency", "evaluation_round", "finding", "rectification"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('survey_response', 'id'), "
                    "(SELECT max(id) FROM survey_response))"
                )
            )
        cities = conn.execute(select(func.count()).select_from(City)).scalar_one()
        record_write(
            conn,
            "system",
            "bench-province",
            "database",
            None,
            after={"agencies": agencies, "rounds": rounds, "respondents": respondents},
        )
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return {
        "agencies": len(agency_ids),
        "rounds": len(round_list),
        "survey_answers": answers,
        "cities": int(cities),
    }
