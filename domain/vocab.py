"""The domain vocabulary, said once: every stored word with a fixed set of values (round
status, rectification states, questionnaires, post types, roles, severities, sources, grades …)
as a StrEnum whose value is what the database stores, with its zh/en label and colour.

Pure: imports nothing outside the standard library. Grade names and bands of a round come from
its ``RoundConfig``; ``Grade`` only gives the default names their English labels, and
``grade_colour`` colours a grade by its position in the round's bands.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

__all__ = [
    "PALETTE",
    "GREY",
    "Lang",
    "LANGS",
    "Term",
    "Role",
    "OFFICE_ROLES",
    "ALL_ROLES",
    "RoundStatus",
    "RectState",
    "OVERDUE",
    "ON_THE_SPOT",
    "Questionnaire",
    "PostType",
    "Severity",
    "FindingSource",
    "FindingCategory",
    "Grade",
    "Rating",
    "Answer",
    "Nature",
    "EventKind",
    "SourceKind",
    "ComputedRule",
    "Matter",
    "Flag",
    "Issue",
    "MissingReason",
    "KeyTargetReason",
    "AdjustmentType",
    "AdjustmentState",
    "SelfEvalState",
    "term_label",
    "grade_label",
    "grade_colour",
    "grade_order",
]

_THEME = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
_theme: dict[str, Any] = tomllib.loads(_THEME.read_text(encoding="utf-8")).get("theme", {})
#: The chart palette of .streamlit/config.toml [theme]: alarm red, amber, blue, green, violet,
#: grey — so charts, the PDF and Streamlit's own elements share one set of colours.
PALETTE: list[str] = list(
    _theme.get(
        "chartCategoricalColors", ["#B22222", "#D98C2B", "#2F6B9A", "#5B8C5A", "#7A5C99", "#8C8C8C"]
    )
)
GREY = PALETTE[5]

Lang = str  # "zh" or "en"
LANGS: tuple[str, ...] = ("zh", "en")


class Term(StrEnum):
    """A stored word. ``label(lang)``: the stored (Chinese) value in zh, its English label in
    en; ``colour``: its colour where the vocabulary has one."""

    @property
    def en(self) -> str:
        return _EN[_key(self)]

    @property
    def zh(self) -> str:
        return _ZH.get(_key(self), self.value)

    def label(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.zh

    @property
    def colour(self) -> str:
        return _COLOUR.get(_key(self), GREY)


# Keyed by (vocabulary, value): members of different vocabularies with the same stored word
# (一般 is a grade, a rating and a severity) are equal strings and would share a dict key.
_EN: dict[tuple[type, str], str] = {}
_ZH: dict[tuple[type, str], str] = {}
_COLOUR: dict[tuple[type, str], str] = {}


def _key(term: Term) -> tuple[type, str]:
    return type(term), term.value


def _labels(pairs: dict[Any, str | tuple[str, str]], colours: Iterable[str] = ()) -> None:
    """Register English labels (or (zh, en) pairs for values that are codes) and colours."""
    for (member, text), colour in zip(pairs.items(), [*colours, *([None] * len(pairs))]):
        key = _key(member)
        if isinstance(text, tuple):
            _ZH[key], _EN[key] = text
        else:
            _EN[key] = text
        if colour:
            _COLOUR[key] = colour


class Role(Term):
    LEADER = "leader"
    STAFF = "staff"
    AGENCY = "agency"
    ADMIN = "admin"


_labels(
    {
        Role.LEADER: ("领导", "Leader"),
        Role.STAFF: ("编办工作人员", "Office staff"),
        Role.AGENCY: ("评估对象", "Evaluated agency"),
        Role.ADMIN: ("管理员", "Administrator"),
    }
)
ALL_ROLES: tuple[Role, ...] = tuple(Role)
OFFICE_ROLES: tuple[Role, ...] = (Role.LEADER, Role.STAFF, Role.ADMIN)


class RoundStatus(Term):
    PREPARING = "准备中"
    IN_PROGRESS = "评估中"
    COMPLETED = "已完成"


_labels(
    {
        RoundStatus.PREPARING: "Preparing",
        RoundStatus.IN_PROGRESS: "In progress",
        RoundStatus.COMPLETED: "Completed",
    }
)


class RectState(Term):
    """Rectification lifecycle (DOMAIN §7), in order; 逾期 is derived, see ``OVERDUE``."""

    ISSUED = "待整改"
    IN_PROGRESS = "整改中"
    AWAITING = "待验收"
    CLOSED = "已销号"


_labels(
    {
        RectState.ISSUED: "Issued",
        RectState.IN_PROGRESS: "In progress",
        RectState.AWAITING: "Awaiting verification",
        RectState.CLOSED: "Closed",
    },
    [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]],
)


class _Derived(Term):
    OVERDUE = "逾期"
    ON_THE_SPOT = "立行立改"


_labels(
    {_Derived.OVERDUE: "Overdue", _Derived.ON_THE_SPOT: "Fixed on the spot"},
    [PALETTE[0], PALETTE[5]],
)
#: 逾期: derived (deadline passed, not closed), never stored as a state.
OVERDUE = _Derived.OVERDUE
#: 立行立改: a finding fixed on the spot (finding.on_the_spot); it has no rectification and
#: is not open.
ON_THE_SPOT = _Derived.ON_THE_SPOT


class Questionnaire(Term):
    """The two questionnaires of DOMAIN §5, satisfaction (those served) first."""

    SATISFACTION = "满意度调查问卷"
    STAFF = "评估调查问卷"


_labels({Questionnaire.SATISFACTION: "Satisfaction survey", Questionnaire.STAFF: "Staff survey"})


class PostType(Term):
    """Post types: the stored short word; ``code`` is the column suffix (authorized_xz …)."""

    ADMINISTRATIVE = "行政"
    PUBLIC = "事业"
    LOGISTICS = "工勤"

    @property
    def code(self) -> str:
        return {"行政": "xz", "事业": "sy", "工勤": "gq"}[self.value]

    def posts_label(self, lang: Lang) -> str:
        """'行政编制' / 'Administrative posts'."""
        return f"{self.zh}编制" if lang == "zh" else f"{self.en.capitalize()} posts"


_labels(
    {
        PostType.ADMINISTRATIVE: "administrative",
        PostType.PUBLIC: "public institution",
        PostType.LOGISTICS: "logistics",
    },
    [PALETTE[2], PALETTE[3], PALETTE[4]],
)


class Severity(Term):
    SEVERE = "严重"
    SERIOUS = "较重"
    MODERATE = "一般"
    MINOR = "轻微"


_labels(
    {
        Severity.SEVERE: "Severe",
        Severity.SERIOUS: "Serious",
        Severity.MODERATE: "Moderate",
        Severity.MINOR: "Minor",
    },
    [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[5]],
)


class FindingSource(Term):
    SELF = "自评"
    ON_SITE = "实地"
    EXTERNAL = "外评"
    SURVEY = "民意"
    INSPECTION = "监督检查"


_labels(
    {
        FindingSource.SELF: "Self-evaluation",
        FindingSource.ON_SITE: "On-site",
        FindingSource.EXTERNAL: "External",
        FindingSource.SURVEY: "Survey",
        FindingSource.INSPECTION: "Inspection",
    }
)


class FindingCategory(Term):
    REFORM = "重大改革落实不彻底"
    SANDING = "“三定”规定执行不到位"
    MANAGEMENT = "机构编制管理不规范"
    DISCIPLINE = "违反机构编制纪律"
    OTHER = "其他"


_labels(
    {
        FindingCategory.REFORM: "Major reform not fully implemented",
        FindingCategory.SANDING: "Three-determination provisions not carried out",
        FindingCategory.MANAGEMENT: "Irregular staffing management",
        FindingCategory.DISCIPLINE: "Breach of staffing discipline",
        FindingCategory.OTHER: "Other",
    }
)


class Grade(Term):
    """The default grade names (DOMAIN §4); a round's own names are in its RoundConfig."""

    EXCELLENT = "优秀"
    GOOD = "良好"
    FAIR = "一般"
    POOR = "较差"
    INSUFFICIENT = "数据不足"


_labels(
    {
        Grade.EXCELLENT: "Excellent",
        Grade.GOOD: "Good",
        Grade.FAIR: "Fair",
        Grade.POOR: "Poor",
        Grade.INSUFFICIENT: "Insufficient data",
    }
)


class Rating(Term):
    GOOD = "好"
    FAIRLY_GOOD = "较好"
    AVERAGE = "一般"


_labels(
    {Rating.GOOD: "Good", Rating.FAIRLY_GOOD: "Fairly good", Rating.AVERAGE: "Average"},
    [PALETTE[3], PALETTE[2], PALETTE[1]],
)


class Answer(Term):
    VERY_SATISFIED = "非常满意"
    SATISFIED = "满意"
    FAIRLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"
    VERY_DISSATISFIED = "非常不满意"
    UNKNOWN = "不了解"


_labels(
    {
        Answer.VERY_SATISFIED: "Very satisfied",
        Answer.SATISFIED: "Satisfied",
        Answer.FAIRLY_SATISFIED: "Fairly satisfied",
        Answer.DISSATISFIED: "Dissatisfied",
        Answer.VERY_DISSATISFIED: "Very dissatisfied",
        Answer.UNKNOWN: "Don't know",
    },
    [PALETTE[3], PALETTE[2], "#9DB8CF", PALETTE[1], PALETTE[0], PALETTE[5]],
)


class Nature(Term):
    PARTY = "党委工作机关"
    GOVERNMENT = "政府工作部门"
    PUBLIC_INSTITUTION = "事业单位"
    ZONE = "开发区"


_labels(
    {
        Nature.PARTY: "Party committee body",
        Nature.GOVERNMENT: "Government department",
        Nature.PUBLIC_INSTITUTION: "Public institution",
        Nature.ZONE: "Development zone",
    }
)


class EventKind(Term):
    ESTABLISHED = "设立"
    RENAMED = "更名"
    MERGED = "合并"
    TRANSFERRED = "职责划转"
    REVISED = "三定修订"


_labels(
    {
        EventKind.ESTABLISHED: "Established",
        EventKind.RENAMED: "Renamed",
        EventKind.MERGED: "Merged",
        EventKind.TRANSFERRED: "Functions transferred",
        EventKind.REVISED: "Provisions revised",
    }
)


class SourceKind(Term):
    """Where a leaf's score comes from (DOMAIN §3 ``src``)."""

    TEAM = "team"
    EXTERNAL = "external"
    SURVEY = "survey"
    COMPUTED = "computed"
    DEDUCT = "deduct"


_labels(
    {
        SourceKind.TEAM: ("评估组评分", "Team score"),
        SourceKind.EXTERNAL: ("外部评价", "External rating"),
        SourceKind.SURVEY: ("民意测评", "Survey"),
        SourceKind.COMPUTED: ("计算指标", "Computed"),
        SourceKind.DEDUCT: ("扣分项", "Deduction"),
    }
)


class ComputedRule(Term):
    USAGE = "usage"
    STAFFING_PEER = "staffing-peer"
    WORKLOAD_PEER = "workload-peer"


_labels(
    {
        ComputedRule.USAGE: ("编制使用率", "staffing usage rate"),
        ComputedRule.STAFFING_PEER: ("每万人编制数对标", "posts per 10,000 residents vs peers"),
        ComputedRule.WORKLOAD_PEER: ("人均业务量对标", "workload per staff member vs peers"),
    }
)


class Matter(Term):
    """The matters external raters rate (DOMAIN §3 ``external[...]``) in the shipped tree."""

    KEY_AREAS = "重点领域职责分工"
    COORDINATION = "议事协调机构"
    PARTY_BUILDING = "党建"
    PERSONNEL = "人事"
    FINANCE = "财务"
    PETITIONS = "信访事项办理"


_labels(
    {
        Matter.KEY_AREAS: "division of duties in key areas",
        Matter.COORDINATION: "coordination bodies",
        Matter.PARTY_BUILDING: "party building",
        Matter.PERSONNEL: "personnel",
        Matter.FINANCE: "finance",
        Matter.PETITIONS: "petition handling",
    }
)


class Flag(Term):
    """Flags of an agency in a scored round (scoring.FLAG_ORDER)."""

    SELF_OVERRATED = "self_overrated"
    KEY_TARGET = "key_target"
    INSUFFICIENT_DATA = "insufficient_data"
    NO_INDIVIDUAL = "no_individual"


_labels(
    {
        Flag.SELF_OVERRATED: ("自评偏高", "Self-rated too high"),
        Flag.KEY_TARGET: ("重点监管对象", "Key oversight target"),
        Flag.INSUFFICIENT_DATA: ("数据不足", "Insufficient data"),
        Flag.NO_INDIVIDUAL: ("无个性指标", "No individual indicators"),
    },
    [PALETTE[1], PALETTE[0], PALETTE[5], PALETTE[5]],
)


class Issue(Term):
    """The kinds of row in the overview's "needs attention" list, in their order."""

    KEY_TARGET = "key_target"
    SELF_OVERRATED = "self_overrated"
    OVERDUE = "overdue"
    INSUFFICIENT_DATA = "insufficient_data"


_labels(
    {
        Issue.KEY_TARGET: ("重点监管对象", "Key oversight target"),
        Issue.SELF_OVERRATED: ("自评偏高", "Self-rated too high"),
        Issue.OVERDUE: ("整改逾期", "Overdue rectification"),
        Issue.INSUFFICIENT_DATA: ("数据不足", "Insufficient data"),
    }
)


class KeyTargetReason(Term):
    SEVERE_FINDING = "severe_finding"
    OPEN_FINDINGS = "open_findings"
    LOW_COMPOSITE = "low_composite"


_labels(
    {
        KeyTargetReason.SEVERE_FINDING: ("存在严重问题", "a severe finding"),
        KeyTargetReason.OPEN_FINDINGS: ("未销号问题较多", "many open findings"),
        KeyTargetReason.LOW_COMPOSITE: ("综合得分偏低", "low composite score"),
    }
)


class MissingReason(Term):
    """Why a leaf has no score (scoring's ``missing_reason``)."""

    NO_TEAM_SCORE = "no_team_score"
    NO_RATINGS = "no_ratings"
    NO_SURVEY_INDEX = "no_survey_index"
    NO_STAFFING = "no_staffing"
    NO_OWN_VALUE = "no_own_value"
    TOO_FEW_PEERS = "too_few_peers"
    ZERO_MEDIAN = "zero_median"


_labels(
    {
        MissingReason.NO_TEAM_SCORE: ("评估组未评分", "no team score yet"),
        MissingReason.NO_RATINGS: ("没有外部评价", "no external ratings"),
        MissingReason.NO_SURVEY_INDEX: ("没有有效问卷", "no survey responses"),
        MissingReason.NO_STAFFING: ("没有编制台账数据", "no staffing data"),
        MissingReason.NO_OWN_VALUE: ("缺少本单位数据", "no figure for this agency"),
        MissingReason.TOO_FEW_PEERS: ("可比城市少于 3 个", "fewer than 3 peer cities"),
        MissingReason.ZERO_MEDIAN: ("可比城市中位数为 0", "peer median is 0"),
    }
)


class AdjustmentType(Term):
    ADD_POSTS = "增编"
    CUT_POSTS = "减编"
    FUNCTIONS = "职责调整"
    BODIES = "机构调整"
    LEADER_POSTS = "领导职数调整"


_labels(
    {
        AdjustmentType.ADD_POSTS: "More posts",
        AdjustmentType.CUT_POSTS: "Fewer posts",
        AdjustmentType.FUNCTIONS: "Functions",
        AdjustmentType.BODIES: "Bodies",
        AdjustmentType.LEADER_POSTS: "Leadership posts",
    }
)


class AdjustmentState(Term):
    TO_STUDY = "待研究"
    STUDYING = "研究中"
    DONE = "已办理"
    DECLINED = "不予采纳"


_labels(
    {
        AdjustmentState.TO_STUDY: "To be studied",
        AdjustmentState.STUDYING: "Under study",
        AdjustmentState.DONE: "Handled",
        AdjustmentState.DECLINED: "Not adopted",
    }
)


class SelfEvalState(Term):
    """A self-evaluation's state (not started is no row); 已退回: reopened by the office."""

    DRAFT = "草稿"
    SUBMITTED = "已提交"
    REOPENED = "已退回"


_labels(
    {
        SelfEvalState.DRAFT: "Draft",
        SelfEvalState.SUBMITTED: "Submitted",
        SelfEvalState.REOPENED: "Reopened",
    },
    [PALETTE[1], PALETTE[3], PALETTE[2]],
)


def term_label(vocabulary: type[Term], value: Any, lang: Lang) -> str:
    """The label of a stored ``value`` of ``vocabulary``; a value the vocabulary does not know
    (a custom matter, an old state) is shown as stored; None or '' → '—'."""
    if value is None or value == "" or value != value:
        return "—"
    try:
        return vocabulary(str(value)).label(lang)
    except ValueError:
        return str(value)


def grade_order(bands: Sequence[tuple[str, float]], lowest: str, insufficient: str) -> list[str]:
    """A round's grade names best first, then the lowest grade and the insufficient label."""
    return [label for label, _ in bands] + [lowest, insufficient]


def grade_label(grade: Any, lang: Lang) -> str:
    """A grade name in ``lang``: the default names have English labels, a round's own names
    are shown as configured."""
    return term_label(Grade, grade, lang)


def grade_colour(grade: Any, order: Sequence[str]) -> str:
    """Colour a grade by its place in the round's order (``grade_order``): the best bands in
    calm colours, the lowest grade in the alarm colour, insufficient data grey."""
    names = list(order)
    if grade not in names:
        return GREY
    i, n = names.index(grade), len(names)
    if i == n - 1:
        return GREY
    if i == n - 2:
        return PALETTE[0]
    calm = [PALETTE[3], PALETTE[2], PALETTE[1], PALETTE[4]]
    return calm[min(i, len(calm) - 1)]
