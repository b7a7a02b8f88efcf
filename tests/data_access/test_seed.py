"""The demo data: the facts the pages and the stories rely on, determinism, reset."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from data_access.db import make_engine
from data_access.models import (
    AdjustmentProposal,
    Agency,
    Base,
    City,
    CityPopulation,
    EvaluationRound,
    ExternalRating,
    Finding,
    Indicator,
    PeerStaffing,
    Personnel,
    Rectification,
    RectificationEvent,
    RoundAgency,
    Score,
    Staffing,
    SurveyImport,
    SurveyResponse,
)
from data_access.round_inputs import score_round_from_db
from data_access.seed import (
    DEMO_STORIES,
    DEMO_TODAY,
    DEMO_USERS,
    HOME_CITY,
    SeedError,
    is_empty,
    seed_demo,
)
from data_access.users import check_password, list_users

# Tables whose rows carry wall-clock times or random salts (user hashes, audit times), or
# versions that keep counting across a reset (round_data_version: issue 14).
_VOLATILE = {
    "app_user",
    "audit_log",
    "data_version",
    "round_data_version",
    "stored_round_result",
    "signin_throttle",
}
_VOLATILE_COLUMNS = {
    "import_batch": {"at"},  # when the demo's import batches ran
    # A new round holds every type's individual indicators until the import removes those
    # of types it does not evaluate: SQLite reuses the freed ids, a PostgreSQL sequence not.
    "individual_indicator": {"id"},
}


def _rows(engine: Engine, stmt: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(stmt))


def _scalar(engine: Engine, stmt: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(stmt).scalar()


def _agency_id(engine: Engine, name: str) -> int:
    return int(_scalar(engine, select(Agency.id).where(Agency.name == name)))


def _round_id(engine: Engine, year: int) -> int:
    return int(_scalar(engine, select(EvaluationRound.id).where(EvaluationRound.year == year)))


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every stable table, rows in primary-key order, JSON as canonical text."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in _VOLATILE:
                continue
            skip = _VOLATILE_COLUMNS.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [
                tuple(
                    json.dumps(v, sort_keys=True, ensure_ascii=False)
                    if isinstance(v, (dict, list))
                    else v
                    for v in row
                )
                for row in rows
            ]
    return out


def test_cities_have_jining_as_home_with_its_2023_population(demo_engine: Engine) -> None:
    cities = _rows(demo_engine, select(City.name, City.is_home))
    assert len(cities) == 16
    assert [name for name, home in cities if home] == [HOME_CITY]
    pop = _scalar(
        demo_engine,
        select(CityPopulation.population)
        .join(City)
        .where(City.name == "济宁", CityPopulation.year == 2023),
    )
    assert pop == pytest.approx(824.05)  # DOMAIN §2 table
    years = _rows(demo_engine, select(CityPopulation.year).distinct())
    assert sorted(y for (y,) in years) == list(range(2018, 2025))


def test_agencies_cover_the_municipal_departments(demo_engine: Engine) -> None:
    rows = _rows(
        demo_engine, select(Agency.name, Agency.nature, Agency.parent_id, Agency.sanding_doc_no)
    )
    assert len(rows) >= 40
    names = {r.name for r in rows}
    assert {"市科学技术局", "市外事办公室", "市发展和改革委员会", "市行政审批服务局"} <= names
    assert {r.nature for r in rows} == {"党委工作机关", "政府工作部门", "事业单位", "开发区"}
    assert any(r.nature == "事业单位" and r.parent_id is not None for r in rows)
    assert all(r.sanding_doc_no for r in rows)


def test_staffing_and_personnel_agree(demo_engine: Engine) -> None:
    staffing = {
        (r.agency_id, r.year): r.actual_xz + r.actual_sy + r.actual_gq
        for r in _rows(demo_engine, select(Staffing))
    }
    people = _rows(demo_engine, select(Personnel))
    assert len(people) == len(staffing)
    for p in people:
        ages = p.age_35_below + p.age_36_45 + p.age_46_55 + p.age_56_above
        edu = p.edu_postgrad + p.edu_bachelor + p.edu_college_below
        assert ages == edu == staffing[(p.agency_id, p.year)]


def test_rounds_and_the_2022_pilot(demo_engine: Engine) -> None:
    rounds = _rows(
        demo_engine,
        select(EvaluationRound.year, EvaluationRound.status, EvaluationRound.config).order_by(
            EvaluationRound.year
        ),
    )
    assert [(r.year, r.status) for r in rounds] == [
        (2022, "已完成"),
        (2023, "已完成"),
        (2024, "评估中"),
    ]
    assert all(r.config["weight_common"] == 0.8 for r in rounds)
    r22 = _round_id(demo_engine, 2022)
    members = _rows(
        demo_engine,
        select(Agency.name)
        .join(RoundAgency, RoundAgency.agency_id == Agency.id)
        .where(RoundAgency.round_id == r22),
    )
    assert len(members) == 7  # the source document: 7 evaluated agencies in 2022
    assert {"市科学技术局", "市外事办公室", "市发展和改革委员会", "市行政审批服务局"} <= {
        m for (m,) in members
    }
    raters = _scalar(
        demo_engine,
        select(func.count(func.distinct(ExternalRating.rater))).where(
            ExternalRating.round_id == r22
        ),
    )
    assert raters == 20  # 18 departments + 2 development zones
    # An agency does not rate itself: the 发改委 rates others but not itself.
    self_rated = _scalar(
        demo_engine,
        select(func.count())
        .select_from(ExternalRating)
        .where(
            ExternalRating.round_id == r22,
            ExternalRating.rater == "市发展和改革委员会",
            ExternalRating.agency_id == _agency_id(demo_engine, "市发展和改革委员会"),
        ),
    )
    assert self_rated == 0


def test_every_team_leaf_is_scored_for_every_agency_in_2022(demo_engine: Engine) -> None:
    r22 = _round_id(demo_engine, 2022)
    leaves = {
        code: top
        for code, top in _rows(
            demo_engine,
            select(Indicator.code, Indicator.max_points).where(
                Indicator.round_id == r22, Indicator.source == "team"
            ),
        )
    }
    assert len(leaves) == 16  # DOMAIN §3: 16 team leaves
    agencies = [
        a
        for (a,) in _rows(
            demo_engine, select(RoundAgency.agency_id).where(RoundAgency.round_id == r22)
        )
    ]
    scores = {
        (s.agency_id, s.code): s
        for s in _rows(demo_engine, select(Score).where(Score.round_id == r22))
    }
    for agency in agencies:
        for code, top in leaves.items():
            s = scores[(agency, code)]
            assert s.team_score is not None and 0 <= s.team_score <= top
            assert s.self_score is not None and 0 <= s.self_score <= top
            assert s.note


def test_surveys_carry_the_import_checks(demo_engine: Engine) -> None:
    statuses = dict(
        _rows(
            demo_engine, select(SurveyResponse.status, func.count()).group_by(SurveyResponse.status)
        )
    )
    assert set(statuses) == {"accepted", "duplicate", "too_fast"}
    straight = _scalar(
        demo_engine,
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.straightlined.is_(True), SurveyResponse.status == "accepted"),
    )
    assert straight > 0
    # Each import's report matches the stored responses.
    imports = _rows(demo_engine, select(SurveyImport.id, SurveyImport.counts))
    stored = {
        (i, s): n
        for i, s, n in _rows(
            demo_engine,
            select(SurveyResponse.import_id, SurveyResponse.status, func.count()).group_by(
                SurveyResponse.import_id, SurveyResponse.status
            ),
        )
    }
    for import_id, counts in imports:
        for status in ("accepted", "duplicate", "too_fast"):
            assert counts[status] == stored.get((import_id, status), 0)
    # Sample sizes from under 5 (suppressed) to several hundred.
    accepted = [
        n
        for *_, n in _rows(
            demo_engine,
            select(
                SurveyResponse.round_id,
                SurveyResponse.agency_id,
                SurveyResponse.questionnaire,
                func.count(),
            )
            .where(SurveyResponse.status == "accepted")
            .group_by(
                SurveyResponse.round_id, SurveyResponse.agency_id, SurveyResponse.questionnaire
            ),
        )
    ]
    assert min(accepted) == 3 and 5 in accepted and max(accepted) >= 300


def test_rectifications_in_every_state_with_their_history(demo_engine: Engine) -> None:
    recs = _rows(demo_engine, select(Rectification))
    assert {r.state for r in recs} == {"待整改", "整改中", "待验收", "已销号"}
    overdue = [r for r in recs if r.state != "已销号" and r.deadline < DEMO_TODAY]
    assert len(overdue) >= 3
    events: dict[int, list[Any]] = {}
    for e in _rows(
        demo_engine,
        select(RectificationEvent).order_by(
            RectificationEvent.rectification_id, RectificationEvent.at, RectificationEvent.id
        ),
    ):
        events.setdefault(e.rectification_id, []).append(e)
    for r in recs:
        chain = events[r.id]
        assert chain[0].from_state is None and chain[0].to_state == "待整改"
        assert chain[-1].to_state == r.state
        assert all(a.to_state == b.from_state for a, b in zip(chain, chain[1:]))
        assert all(e.at.date() <= DEMO_TODAY for e in chain)
        if r.state == "已销号":
            assert r.verification_note and r.closed_date
    failed = [
        e
        for chain in events.values()
        for e in chain
        if (e.from_state, e.to_state) == ("待验收", "整改中")
    ]
    assert len(failed) == 1


def test_peer_data_leaves_some_types_short_of_peers(demo_engine: Engine) -> None:
    counts = _rows(
        demo_engine,
        select(PeerStaffing.agency_type, PeerStaffing.year, func.count()).group_by(
            PeerStaffing.agency_type, PeerStaffing.year
        ),
    )
    assert {n for *_, n in counts} == {2, 15}
    assert ("网信", 2024, 2) in [tuple(c) for c in counts]
    home = _scalar(
        demo_engine,
        select(func.count()).select_from(PeerStaffing).join(City).where(City.is_home.is_(True)),
    )
    assert home == 0


def test_demo_users(demo_engine: Engine) -> None:
    users = {u.username: u for u in list_users(demo_engine)}
    assert set(users) == {u for u, _, _ in DEMO_USERS}
    for username, password, role in DEMO_USERS:
        assert users[username].role == role and users[username].is_demo
        assert check_password(password, users[username].password_hash)
    assert users["agency"].agency_name == "市科学技术局"
    assert users["leader"].agency_id is None


def test_the_stories_show_in_the_data(demo_engine: Engine) -> None:
    r22, r23, r24 = (_round_id(demo_engine, y) for y in (2022, 2023, 2024))
    # Over-staffing in 2023: usage 139 / 132 ≈ 1.05, and a 严重 finding.
    approval = _agency_id(demo_engine, DEMO_STORIES["over_staffed_2023"])
    s = _rows(
        demo_engine, select(Staffing).where(Staffing.agency_id == approval, Staffing.year == 2023)
    )[0]
    usage = (s.actual_xz + s.actual_sy + s.actual_gq) / (
        s.authorized_xz + s.authorized_sy + s.authorized_gq
    )
    assert usage == 139 / 132
    assert "严重" in {
        sev
        for (sev,) in _rows(
            demo_engine,
            select(Finding.severity).where(Finding.agency_id == approval, Finding.round_id == r23),
        )
    }
    # Closed loop: the 2022 findings of the 发改委 are closed, those leaves rise afterwards.
    ndrc = _agency_id(demo_engine, DEMO_STORIES["closed_loop"])
    states = _rows(
        demo_engine,
        select(Finding.indicator_code, Rectification.state)
        .join(Rectification, Rectification.finding_id == Finding.id)
        .where(Finding.agency_id == ndrc, Finding.round_id == r22),
    )
    assert len(states) >= 3 and all(state == "已销号" for _, state in states)
    for code in ("A2a", "B1a", "C1a"):
        series = [
            _scalar(
                demo_engine,
                select(Score.team_score).where(
                    Score.agency_id == ndrc, Score.round_id == r, Score.code == code
                ),
            )
            for r in (r22, r23, r24)
        ]
        assert series[0] < series[1] < series[2]
    # ≥ 3 open findings in 2024.
    housing = _agency_id(demo_engine, DEMO_STORIES["open_findings_2024"])
    open_2024 = _rows(
        demo_engine,
        select(Finding.id)
        .outerjoin(Rectification, Rectification.finding_id == Finding.id)
        .where(
            Finding.agency_id == housing,
            Finding.round_id == r24,
            func.coalesce(Rectification.state, "") != "已销号",
        ),
    )
    assert len(open_2024) >= 3
    # Too little data in 2024: no survey, no rating, team scores missing.
    thin = _agency_id(demo_engine, DEMO_STORIES["insufficient_2024"])
    for model in (SurveyResponse, ExternalRating):
        assert (
            _scalar(
                demo_engine,
                select(func.count())
                .select_from(model)
                .where(model.agency_id == thin, model.round_id == r24),
            )
            == 0
        )
    missing = _scalar(
        demo_engine,
        select(func.count())
        .select_from(Score)
        .where(Score.agency_id == thin, Score.round_id == r24, Score.team_score.is_(None)),
    )
    assert missing >= 3


def test_the_stories_show_in_the_scores(demo_engine: Engine) -> None:
    """Through the real scoring path: the flags a leader would see."""
    by_year = {}
    for year in (2022, 2023, 2024):
        summary = score_round_from_db(demo_engine, _round_id(demo_engine, year)).summary
        by_year[year] = summary.set_index("name")
    for year in (2022, 2023, 2024):
        assert by_year[year].loc[DEMO_STORIES["self_overrated"], "self_gap_share"] > 0.15
        assert by_year[year]["grade"].isin(["优秀", "良好"]).sum() >= 4
    assert by_year[2023].loc[DEMO_STORIES["over_staffed_2023"], "key_target"]
    s24 = by_year[2024]
    assert s24.loc[DEMO_STORIES["insufficient_2024"], "grade"] == "数据不足"
    assert s24.loc[DEMO_STORIES["insufficient_2024"], "coverage"] < 0.8
    assert s24.loc[DEMO_STORIES["open_findings_2024"], "key_target"]
    ndrc = [by_year[y].loc[DEMO_STORIES["closed_loop"], "common"] for y in (2022, 2023, 2024)]
    assert ndrc[0] < ndrc[1] < ndrc[2]


def test_seeding_is_deterministic_across_runs_and_engines(
    demo_engine: Engine, sqlite_demo_url: str
) -> None:
    reference = make_engine(sqlite_demo_url)
    try:
        assert _dump(demo_engine) == _dump(reference)
    finally:
        reference.dispose()


def test_seed_refuses_a_full_database_and_resets(fresh_engine: Engine, demo_engine: Engine) -> None:
    assert is_empty(fresh_engine)
    first = seed_demo(fresh_engine)
    assert not is_empty(fresh_engine)
    with pytest.raises(SeedError, match="use --reset"):
        seed_demo(fresh_engine)
    again = seed_demo(fresh_engine, reset=True)
    assert again == first
    assert _dump(fresh_engine) == _dump(demo_engine)
    # Ids were set explicitly: later inserts must still get fresh ones (PostgreSQL sequences).
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(AdjustmentProposal).values(
                agency_id=1,
                kind="增编",
                content="测试",
                section="机构编制科",
                state="待研究",
                created_at=dt.datetime(2026, 11, 30, 9, 0),
            )
        )
        conn.execute(
            insert(Finding).values(
                round_id=1,
                agency_id=1,
                description="测试",
                category="其他",
                severity="轻微",
                source="自评",
                found_date=dt.date(2026, 11, 30),
            )
        )


def test_the_demo_came_in_through_the_importers(demo_engine: Engine) -> None:
    """The registry and each round's tree went through the import kinds as batches (so the
    demo proves them), the rounds through the round commands and the scores through the
    score-sheet importer, all recorded under the demo loader."""
    from data_access.models import AuditLog, ImportBatch

    with demo_engine.connect() as conn:
        kinds = set(conn.execute(select(ImportBatch.kind)).scalars())
        users = set(conn.execute(select(ImportBatch.username)).scalars())
        actions = set(
            conn.execute(select(AuditLog.action).where(AuditLog.username == "seed-demo")).scalars()
        )
    assert {"cities", "agencies", "staffing", "history", "personnel", "workload"} <= kinds
    assert "individual" in kinds  # each round keeps only the types it evaluates
    assert users == {"seed-demo"}
    assert {"round.create", "round.agencies", "round.status", "import.batch"} <= actions
    assert any(a.startswith("score") for a in actions), actions
