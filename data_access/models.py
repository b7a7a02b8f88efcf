"""SQLAlchemy models: everything DOMAIN.md §2 stores.

Design notes (why, not what):
- Staffing, personnel and workload are aggregates per agency and year; no personal data.
- Indicators are copied per round so an admin can edit names and points for an open round
  while a completed round keeps the tree it was scored with.
- Scores hold both common-tree leaves and individual ("X") indicators, keyed by code.
- Every column a page filters or joins on is indexed.
- Stored names carry an optional English name beside them (``*_en``; agency types in
  ``agency_type``); English mode shows it, else the Chinese one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "CLOSED_STATE",
    "RECTIFICATION_STATES",
    "Base",
    "City",
    "CityPopulation",
    "Agency",
    "AgencyType",
    "Staffing",
    "HistoryEvent",
    "Personnel",
    "RetirementForecast",
    "RecruitmentPlan",
    "Workload",
    "AnnualAssessment",
    "PeerStaffing",
    "EvaluationRound",
    "RoundAgency",
    "Indicator",
    "IndividualIndicator",
    "Score",
    "ExternalRating",
    "SurveyImport",
    "SurveyResponse",
    "SurveyAnswer",
    "Finding",
    "Rectification",
    "RectificationEvent",
    "AdjustmentProposal",
    "SelfEvaluation",
    "SelfEvaluationEntry",
    "AppUser",
    "AuditLog",
    "ImportBatch",
    "ImportChange",
    "DataVersion",
    "RoundDataVersion",
    "StoredRoundResult",
    "Briefing",
    "BriefingSnapshot",
]


# Rectification states (DOMAIN §7); 逾期 is derived (deadline passed, not closed).
RECTIFICATION_STATES = ("待整改", "整改中", "待验收", "已销号")
CLOSED_STATE = "已销号"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    province: Mapped[str] = mapped_column(String(32), default="山东")
    is_home: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class CityPopulation(Base):
    """Resident population (常住人口) in units of 10,000."""

    __tablename__ = "city_population"
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    population: Mapped[float] = mapped_column(Float)


class Agency(Base):
    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    short_name: Mapped[str] = mapped_column(String(32), index=True)
    # English names are optional: English mode falls back to the Chinese name.
    name_en: Mapped[str | None] = mapped_column(String(128))
    short_name_en: Mapped[str | None] = mapped_column(String(64))
    agency_type: Mapped[str] = mapped_column(String(32), index=True)
    nature: Mapped[str] = mapped_column(String(16), index=True)
    rank: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    sanding_doc_no: Mapped[str | None] = mapped_column(String(64))
    sanding_date: Mapped[dt.date | None] = mapped_column(Date)


class AgencyType(Base):
    """The English name of an agency type (agency.agency_type and peer_staffing.agency_type
    hold the Chinese word; no foreign key, so a type never needs a row here)."""

    __tablename__ = "agency_type"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str | None] = mapped_column(String(64))


class Staffing(Base):
    """编制台账: authorized posts and actual headcount by type, per agency and year."""

    __tablename__ = "staffing"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    authorized_xz: Mapped[int] = mapped_column(Integer, default=0)
    authorized_sy: Mapped[int] = mapped_column(Integer, default=0)
    authorized_gq: Mapped[int] = mapped_column(Integer, default=0)
    actual_xz: Mapped[int] = mapped_column(Integer, default=0)
    actual_sy: Mapped[int] = mapped_column(Integer, default=0)
    actual_gq: Mapped[int] = mapped_column(Integer, default=0)
    leader_posts_authorized: Mapped[int] = mapped_column(Integer, default=0)
    leader_posts_filled: Mapped[int] = mapped_column(Integer, default=0)
    internal_sections: Mapped[int] = mapped_column(Integer, default=0)


class HistoryEvent(Base):
    """历史沿革: 设立 / 更名 / 合并 / 职责划转 / 三定修订."""

    __tablename__ = "history_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    event_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    doc_no: Mapped[str | None] = mapped_column(String(64))


class Personnel(Base):
    """人员结构 aggregates by age band and education."""

    __tablename__ = "personnel"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    age_35_below: Mapped[int] = mapped_column(Integer, default=0)
    age_36_45: Mapped[int] = mapped_column(Integer, default=0)
    age_46_55: Mapped[int] = mapped_column(Integer, default=0)
    age_56_above: Mapped[int] = mapped_column(Integer, default=0)
    edu_postgrad: Mapped[int] = mapped_column(Integer, default=0)
    edu_bachelor: Mapped[int] = mapped_column(Integer, default=0)
    edu_college_below: Mapped[int] = mapped_column(Integer, default=0)


class RetirementForecast(Base):
    """Expected retirements in `year`, as reported in `base_year`."""

    __tablename__ = "retirement_forecast"
    __table_args__ = (UniqueConstraint("agency_id", "base_year", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    base_year: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    retirements: Mapped[int] = mapped_column(Integer)


class RecruitmentPlan(Base):
    """用编进人规划: planned hires per year and post type, from the plan of `plan_year`."""

    __tablename__ = "recruitment_plan"
    __table_args__ = (UniqueConstraint("agency_id", "plan_year", "year", "post_type"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    plan_year: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    post_type: Mapped[str] = mapped_column(String(8))  # 行政 / 事业 / 工勤
    planned_hires: Mapped[int] = mapped_column(Integer)


class Workload(Base):
    __tablename__ = "workload"
    __table_args__ = (UniqueConstraint("agency_id", "year", "metric"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    metric: Mapped[str] = mapped_column(String(32))
    metric_en: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    is_primary: Mapped[bool] = mapped_column(Boolean, server_default=false())  # 是否主要指标


class AnnualAssessment(Base):
    """履职考核等次 per agency and year."""

    __tablename__ = "annual_assessment"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    grade: Mapped[str] = mapped_column(String(8))


class PeerStaffing(Base):
    """The same agency type in another city of the province (horizontal comparison). A count
    the city did not report is NULL, never 0 (a 0 would count the city as a peer at x = 0)."""

    __tablename__ = "peer_staffing"
    __table_args__ = (
        UniqueConstraint("city_id", "agency_type", "year"),
        Index("ix_peer_staffing_type_year", "agency_type", "year"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    agency_type: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    authorized_xz: Mapped[int | None] = mapped_column(Integer)
    authorized_sy: Mapped[int | None] = mapped_column(Integer)
    authorized_gq: Mapped[int | None] = mapped_column(Integer)
    actual_total: Mapped[int | None] = mapped_column(Integer)
    internal_sections: Mapped[int | None] = mapped_column(Integer)
    workload_metric: Mapped[str | None] = mapped_column(String(32))
    workload_value: Mapped[float | None] = mapped_column(Float)


class EvaluationRound(Base):
    __tablename__ = "evaluation_round"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str | None] = mapped_column(String(256))
    status: Mapped[str] = mapped_column(String(8), index=True)  # 准备中 / 评估中 / 已完成
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The agencies' self-evaluation window (自评填报), inclusive dates; None: no limit.
    self_eval_opens: Mapped[dt.date | None] = mapped_column(Date)
    self_eval_closes: Mapped[dt.date | None] = mapped_column(Date)


class RoundAgency(Base):
    __tablename__ = "round_agency"
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True, index=True)


class Indicator(Base):
    """The common tree, copied per round (L1..L3; the root is implicit)."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("round_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str | None] = mapped_column(String(256))
    max_points: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(128))
    eval_point: Mapped[str | None] = mapped_column(Text)
    eval_point_en: Mapped[str | None] = mapped_column(Text)
    eval_method: Mapped[str | None] = mapped_column(Text)  # 评估方法
    eval_method_en: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class IndividualIndicator(Base):
    __tablename__ = "individual_indicator"
    __table_args__ = (UniqueConstraint("round_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    agency_type: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str | None] = mapped_column(String(256))
    weight: Mapped[float] = mapped_column(Float)
    eval_point: Mapped[str | None] = mapped_column(Text)
    eval_point_en: Mapped[str | None] = mapped_column(Text)


class Score(Base):
    """Team and self score per round, agency and leaf or individual indicator."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("round_id", "agency_id", "code"),
        Index("ix_score_round_agency", "round_id", "agency_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    team_score: Mapped[float | None] = mapped_column(Float)
    self_score: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))


class ExternalRating(Base):
    """外部评价: a department's 好/较好/一般 on one matter of one agency."""

    __tablename__ = "external_rating"
    __table_args__ = (Index("ix_external_rating_round_agency", "round_id", "agency_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    rater: Mapped[str] = mapped_column(String(64), index=True)
    matter: Mapped[str] = mapped_column(String(32), index=True)
    rating: Mapped[str] = mapped_column(String(8))
    problems: Mapped[str | None] = mapped_column(Text)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class SurveyImport(Base):
    """One imported file and its screening counts (the import report)."""

    __tablename__ = "survey_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    imported_by: Mapped[str | None] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The agency whose submissions these are (one row per file × agency) and the import
    # batch that wrote them (undo); empty for data loaded before issue 9.
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", name="fk_survey_import_agency_id")
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", name="fk_survey_import_batch_id"),
        index=True,
    )


class SurveyResponse(Base):
    """One submission; status is accepted / duplicate / too_fast."""

    __tablename__ = "survey_response"
    __table_args__ = (
        Index("ix_survey_response_round_agency_q", "round_id", "agency_id", "questionnaire"),
        # A round's accepted responses straight from the index, then their answers by the
        # answer table's key (response_id, item): a round reads only its own rows (issue 14).
        Index(
            "ix_survey_response_round_status",
            "round_id",
            "status",
            "agency_id",
            "questionnaire",
            "id",
        ),
        # One stored submission per round, agency, questionnaire and 序号: a corrected file
        # replaces it (rows dropped as duplicates are kept for the report only).
        Index(
            "ux_survey_response_submission",
            "round_id",
            "agency_id",
            "questionnaire",
            "seq",
            unique=True,
            sqlite_where=text("status <> 'duplicate'"),
            postgresql_where=text("status <> 'duplicate'"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(16))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("survey_import.id"), index=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    submission_id: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), index=True)
    straightlined: Mapped[bool] = mapped_column(Boolean, default=False)
    # Answers to questions that are not scored (item number → text), kept as imported.
    other_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SurveyAnswer(Base):
    """One answer of a submission; ``round_id`` repeats the response's round so a round's
    GROUP BY reads only its own answers (``ix_survey_answer_round``, issue 9)."""

    __tablename__ = "survey_answer"
    __table_args__ = (Index("ix_survey_answer_round", "round_id", "response_id", "item", "answer"),)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(String(64))
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", name="fk_survey_answer_round_id")
    )


class Finding(Base):
    __tablename__ = "finding"
    __table_args__ = (Index("ix_finding_round_agency", "round_id", "agency_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(8), index=True)
    source: Mapped[str] = mapped_column(String(8))
    indicator_code: Mapped[str | None] = mapped_column(String(16), index=True)
    in_ledger: Mapped[bool] = mapped_column(Boolean, default=False)
    found_date: Mapped[dt.date] = mapped_column(Date)
    # 立行立改: fixed on the spot, no rectification, not open (issue 11).
    on_the_spot: Mapped[bool] = mapped_column(Boolean, server_default=false())


class Rectification(Base):
    __tablename__ = "rectification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"), unique=True)
    opinion_doc_no: Mapped[str | None] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(32), index=True)
    owner: Mapped[str | None] = mapped_column(String(64))
    issued_date: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(8), index=True)  # 待整改/整改中/待验收/已销号
    evidence: Mapped[str | None] = mapped_column(Text)
    verification_note: Mapped[str | None] = mapped_column(Text)
    closed_date: Mapped[dt.date | None] = mapped_column(Date)
    # Bumped by every move: a move names the version it saw (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, server_default="0")


class RectificationEvent(Base):
    __tablename__ = "rectification_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectification.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(8))
    to_state: Mapped[str] = mapped_column(String(8))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str | None] = mapped_column(Text)


class AdjustmentProposal(Base):
    """调整意见: 增编 / 减编 / 职责调整 / 机构调整 / 领导职数调整."""

    __tablename__ = "adjustment_proposal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(Text)  # 办理情况 / why not adopted


class SelfEvaluation(Base):
    """An agency's self-evaluation of a round (自评填报): 草稿 → 已提交, reopened (已退回) by
    the office. Its entries are the draft; submitting copies the scores to ``score.self_score``
    (which feeds the self-vs-team gap), so a draft never counts."""

    __tablename__ = "self_evaluation"
    __table_args__ = (UniqueConstraint("round_id", "agency_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    state: Mapped[str] = mapped_column(String(8), index=True)  # 草稿 / 已提交 / 已退回
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(64))
    reopen_note: Mapped[str | None] = mapped_column(Text)


class SelfEvaluationEntry(Base):
    """One leaf (or individual indicator) of a self-evaluation: score and evidence note."""

    __tablename__ = "self_evaluation_entry"
    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # leader / staff / agency / admin
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(128))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Sign-in cookies issued before this moment no longer sign in (sign-out, new password).
    sessions_revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # A disabled account cannot sign in and its sessions end (issue 15); None: enabled.
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # A one-time password (users page) must be changed at the next sign-in (issue 13).
    must_change_password: Mapped[bool] = mapped_column(Boolean, server_default=false())
    last_signin_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # form sign-ins


class SigninThrottle(Base):
    """Failed sign-ins counted by name (``name:…``, whether or not the account exists, so a
    lock-out reveals nothing) and by client (``client:…``): a name or client over its limit
    within the window is refused until ``locked_until`` (issue 15)."""

    __tablename__ = "signin_throttle"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure: Mapped[dt.datetime] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ImportBatch(Base):
    """One import (data_access.imports): who, when, what kind, which file, what it did."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))


class ImportChange(Base):
    """One row an import inserted or changed: enough to undo it exactly."""

    __tablename__ = "import_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    row_key: Mapped[str] = mapped_column(String(255))  # JSON of the natural key
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_import_change_entity_key", "entity", "row_key"),)


class DataVersion(Base):
    """A single counter bumped by every data write; caches key on it. ``registry_version``
    is the counter's value at the last write that may change every round's scores (the
    registry); see ``RoundDataVersion`` and ``data_access.audit`` (issue 14)."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    registry_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RoundDataVersion(Base):
    """The data version's value at the last write to one round's own data (its scores,
    findings, self-evaluation, surveys, ratings, tree, agencies, status): a round's scored
    result is valid while neither this nor ``DataVersion.registry_version`` moves."""

    __tablename__ = "round_data_version"
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)


class StoredRoundResult(Base):
    """A round's scored result at one data version (issue 14), so every app process and the
    next cold start read it instead of scoring again. Derived data: written by whoever scores
    the round first at that version, never audited, and only the newest versions are kept."""

    __tablename__ = "stored_round_result"
    __table_args__ = (UniqueConstraint("round_id", "data_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True
    )
    data_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class Briefing(Base):
    """A committee briefing (汇报材料) of a round: its name and ``config`` (the ordered slide
    list and the chosen agencies, ``views.briefing.BriefingConfig.as_json``)."""

    __tablename__ = "briefing"
    __table_args__ = (UniqueConstraint("round_id", "name", name="uq_briefing_round_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class BriefingSnapshot(Base):
    """A briefing frozen as presented or exported (``kind`` presented / exported): the whole
    slide payload (figures, generated text, configuration) as it was, with who and when.
    Later imports never change it; it outlives its briefing (``briefing_id`` then NULL)."""

    __tablename__ = "briefing_snapshot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    briefing_id: Mapped[int | None] = mapped_column(
        ForeignKey("briefing.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True
    )
    briefing_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    lang: Mapped[str] = mapped_column(String(4))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
