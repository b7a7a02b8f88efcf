"""English names of the demo data: agencies, agency types and workload metrics (seed.py stores
them beside the Chinese ones; English mode shows them). Kept apart from seed_data.py so that
module stays about the Chinese source data."""

from __future__ import annotations

__all__ = ["AGENCY_NAMES_EN", "AGENCY_TYPES_EN", "WORKLOAD_METRICS_EN"]

# Agency name → (English name, English short name for charts).
AGENCY_NAMES_EN: dict[str, tuple[str, str]] = {
    "市委组织部": ("Organization Department of the Municipal Party Committee",
               "Organization Dept."),
    "市委宣传部": ("Publicity Department of the Municipal Party Committee", "Publicity Dept."),
    "市委统战部": ("United Front Work Department of the Municipal Party Committee",
               "United Front Dept."),
    "市委政法委员会": ("Political and Legal Affairs Commission of the Municipal Party Committee",
                 "Political & Legal Commission"),
    "市委网信办": ("Cyberspace Affairs Office of the Municipal Party Committee",
               "Cyberspace Office"),
    "市外事办公室": ("Municipal Foreign Affairs Office", "Foreign Affairs Office"),
    "市发展和改革委员会": ("Municipal Development and Reform Commission",
                   "Development & Reform Commission"),
    "市教育局": ("Municipal Education Bureau", "Education Bureau"),
    "市科学技术局": ("Municipal Science and Technology Bureau", "Science & Technology Bureau"),
    "市工业和信息化局": ("Municipal Bureau of Industry and Information Technology",
                  "Industry & IT Bureau"),
    "市民政局": ("Municipal Civil Affairs Bureau", "Civil Affairs Bureau"),
    "市司法局": ("Municipal Justice Bureau", "Justice Bureau"),
    "市财政局": ("Municipal Finance Bureau", "Finance Bureau"),
    "市人力资源和社会保障局": ("Municipal Human Resources and Social Security Bureau",
                     "HR & Social Security Bureau"),
    "市自然资源和规划局": ("Municipal Natural Resources and Planning Bureau",
                   "Natural Resources & Planning Bureau"),
    "市生态环境局": ("Municipal Ecology and Environment Bureau", "Ecology & Environment Bureau"),
    "市住房和城乡建设局": ("Municipal Housing and Urban-Rural Development Bureau",
                   "Housing & Construction Bureau"),
    "市交通运输局": ("Municipal Transport Bureau", "Transport Bureau"),
    "市水务局": ("Municipal Water Affairs Bureau", "Water Affairs Bureau"),
    "市农业农村局": ("Municipal Agriculture and Rural Affairs Bureau",
                "Agriculture & Rural Affairs Bureau"),
    "市商务局": ("Municipal Commerce Bureau", "Commerce Bureau"),
    "市文化和旅游局": ("Municipal Culture and Tourism Bureau", "Culture & Tourism Bureau"),
    "市卫生健康委员会": ("Municipal Health Commission", "Health Commission"),
    "市退役军人事务局": ("Municipal Veterans Affairs Bureau", "Veterans Affairs Bureau"),
    "市应急管理局": ("Municipal Emergency Management Bureau", "Emergency Management Bureau"),
    "市审计局": ("Municipal Audit Bureau", "Audit Bureau"),
    "市国有资产监督管理委员会": ("Municipal State-owned Assets Supervision and Administration "
                     "Commission", "State Assets Commission"),
    "市市场监督管理局": ("Municipal Market Supervision Administration",
                  "Market Supervision Administration"),
    "市体育局": ("Municipal Sports Bureau", "Sports Bureau"),
    "市统计局": ("Municipal Statistics Bureau", "Statistics Bureau"),
    "市医疗保障局": ("Municipal Healthcare Security Bureau", "Healthcare Security Bureau"),
    "市行政审批服务局": ("Municipal Administrative Approval Service Bureau",
                  "Administrative Approval Bureau"),
    "市信访局": ("Municipal Petitions Bureau", "Petitions Bureau"),
    "市城市管理局": ("Municipal Urban Management Bureau", "Urban Management Bureau"),
    "市机关事务服务中心": ("Municipal Government Offices Service Center",
                   "Government Offices Center"),
    "市公共资源交易中心": ("Municipal Public Resources Trading Center",
                   "Public Resources Trading Center"),
    "市大数据中心": ("Municipal Big Data Center", "Big Data Center"),
    "市城市管理综合执法支队": ("Municipal Urban Management Comprehensive Law Enforcement "
                     "Detachment", "Urban Law Enforcement Detachment"),
    "市社会保险事业中心": ("Municipal Social Insurance Center", "Social Insurance Center"),
    "市疾病预防控制中心": ("Municipal Center for Disease Control and Prevention", "CDC"),
    "市科技创新服务中心": ("Municipal Science and Technology Innovation Service Center",
                   "S&T Innovation Center"),
    "济宁高新技术产业开发区管委会": ("Administrative Committee of the Jining High-tech Industrial "
                       "Development Zone", "Jining High-tech Zone"),
    "济宁经济技术开发区管委会": ("Administrative Committee of the Jining Economic and "
                     "Technological Development Zone", "Jining Economic Development Zone"),
    "济宁太白湖新区管委会": ("Administrative Committee of the Jining Taibai Lake New District",
                    "Taibai Lake New District"),
}

# Agency types as stored (agency.agency_type) → English; the same words the leadership pages
# used (domain/texts/leadership.py), now stored in the agency_type table.
AGENCY_TYPES_EN: dict[str, str] = {
    "组织": "Organization", "宣传": "Publicity", "统战": "United Front", "政法": "Political & legal",
    "网信": "Cyberspace", "外事": "Foreign affairs", "发改": "Development & reform",
    "教育": "Education", "科技": "Science & technology", "工信": "Industry & IT",
    "民政": "Civil affairs", "司法": "Justice", "财政": "Finance", "人社": "Human resources",
    "自然资源": "Natural resources", "生态环境": "Ecology & environment",
    "住建": "Housing & construction", "交通": "Transport", "水务": "Water",
    "农业农村": "Agriculture", "商务": "Commerce", "文旅": "Culture & tourism",
    "卫健": "Health", "退役军人": "Veterans affairs", "应急": "Emergency management",
    "审计": "Audit", "国资": "State assets", "市场监管": "Market regulation", "体育": "Sports",
    "统计": "Statistics", "医保": "Healthcare security", "行政审批": "Administrative approval",
    "信访": "Petitions", "城管": "Urban management", "机关事务": "Government offices",
    "公共资源交易": "Public resources trading", "大数据": "Big data",
    "城管执法": "Urban law enforcement", "社保经办": "Social insurance services",
    "疾控": "Disease control", "科技服务": "S&T services", "高新区": "High-tech zone",
    "经开区": "Economic development zone", "新区": "New district",
}

# Workload metrics as stored (workload.metric) → English.
WORKLOAD_METRICS_EN: dict[str, str] = {
    "干部监督事项数": "Cadre supervision matters", "宣传活动场次": "Publicity events",
    "联络服务对象数": "Liaison contacts served", "协调督办案件数": "Cases coordinated",
    "网络舆情处置件数": "Online opinion incidents handled", "外事批次": "Foreign affairs visits",
    "项目数": "Projects", "办件量": "Cases handled", "技改项目数": "Technical upgrade projects",
    "救助对象人次": "Assistance recipients (person-times)", "法律援助案件数": "Legal aid cases",
    "资金支付笔数": "Fund payments", "业务经办量": "Transactions handled",
    "用地审批件数": "Land-use approvals", "环评审批件数": "Environmental impact approvals",
    "施工许可项目数": "Construction permits", "交通建设项目数": "Transport construction projects",
    "水利工程项目数": "Water projects", "农业项目数": "Agricultural projects",
    "招商项目数": "Investment projects", "文旅活动场次": "Culture and tourism events",
    "医疗机构监管户数": "Medical institutions supervised",
    "服务对象人次": "People served (person-times)", "执法检查企业数": "Enterprises inspected",
    "审计项目数": "Audit projects", "监管企业数": "Supervised enterprises",
    "赛事活动场次": "Sports events", "统计调查项目数": "Statistical surveys",
    "医保结算笔数": "Medical insurance settlements", "信访事项办理件数": "Petitions handled",
    "案件办理量": "Cases processed", "保障单位数": "Units served",
    "交易项目数": "Trading projects", "数据共享调用量": "Data-sharing calls",
    "执法案件数": "Enforcement cases", "检测样本数": "Samples tested",
    "服务企业数": "Enterprises served", "招商引资项目数": "Investment attraction projects",
    "高新技术企业数": "High-tech enterprises", "重点项目数": "Key projects",
    "即办件量": "Instant-approval cases", "接待外宾人次": "Foreign visitors received",
    "新登记市场主体数": "New market entities registered",
    "中小学在校生数": "Primary and secondary school pupils",
}
