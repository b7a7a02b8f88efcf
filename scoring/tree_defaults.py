"""The shipped default indicator tree (DOMAIN §3) and individual indicators ("X") per agency
type, with their English names; editable per round by an administrator. Pure data."""

from __future__ import annotations

from typing import Any

from scoring.tree_en import INDIVIDUAL_NAMES_EN, TREE_NAMES_EN

__all__ = ["DEFAULT_COMMON_TREE", "DEFAULT_INDIVIDUAL_INDICATORS", "DEFAULT_PRIMARY_WORKLOAD"]


# How each kind of leaf is evaluated (评估方法), after the seed's 评估程序: on-site forums,
# interviews and document review; ratings by municipal departments; WeChat questionnaires.
_METHODS = {
    "team": (
        "实地跟评：座谈交流、个别访谈、查阅资料",
        "On-site: forums, interviews, document review",
    ),
    "deduct": (
        "查阅资料、核实问题，按问题扣分",
        "Document review and checks; points off per problem",
    ),
    "external": (
        "外部评价：市直部门（单位）按“好”“较好”“一般”评价",
        "External: municipal departments rate good / fairly good / average",
    ),
    "survey": ("民意测评：微信扫码问卷", "Opinion survey: WeChat questionnaire"),
    "computed": (
        "数据比对：机构编制台账、工作量与省内同类机构",
        "Data: staffing records, workload and the same agency in other cities",
    ),
}


def _row(
    code: str,
    parent: str | None,
    level: int,
    name: str,
    pts: float,
    source: str | None = None,
    eval_point: str | None = None,
) -> dict[str, Any]:
    name_en, eval_point_en = TREE_NAMES_EN[code]
    method, method_en = _METHODS[source.split("[")[0]] if source else (None, None)
    return {
        "code": code,
        "parent": parent,
        "level": level,
        "name": name,
        "max_points": float(pts),
        "source": source,
        "eval_point": eval_point,
        "name_en": name_en,
        "eval_point_en": eval_point_en,
        "eval_method": method,
        "eval_method_en": method_en,
    }


# DOMAIN §3 verbatim (sources and evaluation points); L3 names are short labels for tables.
DEFAULT_COMMON_TREE: list[dict[str, Any]] = [
    _row("A", None, 1, "党的领导与党管机构编制", 10),
    _row("A1", "A", 2, "党管原则", 5),
    _row("A1a", "A1", 3, "重大事项报批", 3, "team", "重大机构编制事项经党组研究、按程序报批"),
    _row("A1b", "A1", 3, "机构编制纪律", 2, "deduct", "执行机构编制纪律,无违规"),
    _row("A2", "A", 2, "重大改革落实", 5),
    _row("A2a", "A2", 3, "改革任务落实", 3, "team", "改革方案职责划转、机构整合到位"),
    _row("A2b", "A2", 3, "问题整改销号", 2, "team", "上轮评估、督查问题整改销号"),
    _row("B", None, 1, "职能履行", 30),
    _row("B1", "B", 2, '"三定"职责落实', 12),
    _row("B1a", "B1", 3, "主要职责承接", 6, "team", "主要职责均有承接科室和工作成果,无缺位越位"),
    _row(
        "B1b", "B1", 3, "重点领域职责分工", 3, "external[重点领域职责分工]", "重点领域职责分工清晰"
    ),
    _row(
        "B1c",
        "B1",
        3,
        "议事协调机构运行",
        3,
        "external[议事协调机构]",
        "牵头或参与的议事协调机构规范运行",
    ),
    _row("B2", "B", 2, "履职效果", 12),
    _row("B2a", "B2", 3, "年度重点任务", 6, "team", "年度重点任务完成情况"),
    _row("B2b", "B2", 3, "履职考核等次", 6, "team", "近三年履职考核等次"),
    _row("B3", "B", 2, "服务对象评价", 6),
    _row("B3a", "B3", 3, "服务对象满意度", 6, "survey[满意度调查问卷]", "服务对象满意度"),
    _row("C", None, 1, "机构设置与运行", 20),
    _row("C1", "C", 2, "内设机构", 8),
    _row("C1a", "C1", 3, "内设机构设置", 4, "team", '内设机构数量、名称、规格与"三定"一致'),
    _row("C1b", "C1", 3, "科室职责配置", 4, "team", "科室职责配置合理"),
    _row("C2", "C", 2, "所属事业单位", 6),
    _row("C2a", "C2", 3, "事业单位公益定位", 3, "team", "不承担行政职能,公益定位清晰"),
    _row("C2b", "C2", 3, "事业单位年报与履职", 3, "team", "年度报告公示、履职达标"),
    _row("C3", "C", 2, "内部运行", 6),
    _row("C3a", "C3", 3, "内部制度与协同", 3, "team", "制度、流程、内部协同"),
    _row(
        "C3b", "C3", 3, "共性事项管理", 3, "external[党建,人事,财务,信访事项办理]", "共性事项管理"
    ),
    _row("D", None, 1, "编制和领导职数使用", 25),
    _row("D1", "D", 2, "编制使用规范", 10),
    _row("D1a", "D1", 3, "编制使用合规", 5, "deduct", "无超编进人、混编混岗"),
    _row("D1b", "D1", 3, "编制使用率", 5, "computed[usage]", "编制使用率"),
    _row("D2", "D", 2, "领导职数", 6),
    _row("D2a", "D2", 3, "领导职数配备", 4, "deduct", "无超职数、超规格配备"),
    _row("D2b", "D2", 3, "内设机构职数", 2, "team", "内设机构职数配备合规"),
    _row("D3", "D", 2, "人员结构", 5),
    _row("D3a", "D3", 3, "年龄结构", 2, "team", "年龄梯队"),
    _row("D3b", "D3", 3, "学历专业结构", 3, "team", "学历与专业匹配"),
    _row("D4", "D", 2, "用编进人规划", 4),
    _row("D4a", "D4", 3, "用编进人规划", 4, "team", "3–5 年规划与退休高峰、职能需求匹配"),
    _row("E", None, 1, "使用效益", 15),
    _row("E1", "E", 2, "工作量", 7),
    _row(
        "E1a",
        "E1",
        3,
        "人均业务量对标",
        4,
        "computed[workload-peer]",
        "人均业务量与省内同类机构比较",
    ),
    _row("E1b", "E1", 3, "业务量与编制变化", 3, "team", "业务量变化与编制变化比较"),
    _row("E2", "E", 2, "配置对标", 4),
    _row(
        "E2a",
        "E2",
        3,
        "每万人编制数对标",
        4,
        "computed[staffing-peer]",
        "每万常住人口编制数与同类机构中位数比较",
    ),
    _row("E3", "E", 2, "内部评价", 4),
    _row("E3a", "E3", 3, "内部人员评价", 4, "survey[评估调查问卷]", "内部人员评价"),
]


def _ind(code: str, name: str, weight: float, eval_point: str) -> dict[str, Any]:
    name_en, eval_point_en = INDIVIDUAL_NAMES_EN[code]
    return {
        "code": code,
        "name": name,
        "weight": float(weight),
        "eval_point": eval_point,
        "name_en": name_en,
        "eval_point_en": eval_point_en,
    }


# Individual indicators ("X"), scored 0–100 by the team; weights are relative.
DEFAULT_INDIVIDUAL_INDICATORS: dict[str, list[dict[str, Any]]] = {
    "科技": [
        _ind("X-KJ-1", "研发投入强度", 1.0, "全社会研发经费投入占地区生产总值比重及年度增幅"),
        _ind("X-KJ-2", "高新技术企业数增长", 1.0, "高新技术企业数量年度净增长及培育工作成效"),
        _ind("X-KJ-3", "科技成果转化", 1.0, "技术合同成交额、科技成果转化项目落地情况"),
        _ind("X-KJ-4", "科技项目管理", 0.5, "科技项目立项、过程监管和验收规范,资金使用合规"),
    ],
    "外事": [
        _ind("X-WS-1", "因公出国(境)审批办理", 1.0, "因公出国(境)审批依规、及时,无违规审批"),
        _ind("X-WS-2", "外事接待保障", 1.0, "重要外事活动接待保障周到、安全,无差错"),
        _ind("X-WS-3", "国际交流合作项目", 1.0, "国际友城交流、合作项目数量与落地成效"),
    ],
    "发改": [
        _ind("X-FG-1", "重点项目投资完成率", 1.5, "市级重点项目年度计划投资完成比例"),
        _ind("X-FG-2", "核准备案办理", 1.0, "投资项目核准、备案按时限办结,程序规范"),
        _ind("X-FG-3", "规划编制与实施", 1.0, "发展规划按期编制,年度实施评估到位"),
        _ind("X-FG-4", "县域经济发展", 1.0, "推动县域经济高质量发展的举措与成效"),
    ],
    "行政审批": [
        _ind("X-SP-1", "办件量", 1.0, "年度政务服务办件量及同比变化"),
        _ind("X-SP-2", "即办件比例", 1.0, "即来即办事项占全部事项比例"),
        _ind("X-SP-3", "承诺时限压缩率", 1.0, "承诺办结时限较法定时限压缩比例"),
        _ind("X-SP-4", '"好差评"满意率', 1.5, '政务服务"好差评"好评率及差评整改情况'),
    ],
    "市场监管": [
        _ind("X-SJ-1", "市场主体登记效率", 1.0, "企业开办全流程时限与网办比例"),
        _ind("X-SJ-2", "双随机抽查覆盖率", 1.0, '"双随机、一公开"抽查计划完成及覆盖情况'),
        _ind("X-SJ-3", "投诉举报处置", 1.0, "投诉举报按时办结率与群众满意度"),
    ],
    "教育": [
        _ind("X-JY-1", "学位供给保障", 1.0, "新增学位数与入学需求匹配情况"),
        _ind("X-JY-2", "教师编制统筹", 1.0, "中小学教职工编制统筹使用与缺编补充"),
        _ind("X-JY-3", "教育质量提升", 1.0, "义务教育优质均衡发展主要指标完成情况"),
    ],
}

# The workload metric used for the workload-peer leaf, per agency type (DOMAIN §6).
DEFAULT_PRIMARY_WORKLOAD: dict[str, str] = {
    "科技": "项目数",
    "外事": "外事批次",
    "发改": "项目数",
    "行政审批": "办件量",
    "市场监管": "办件量",
    "教育": "办件量",
}
