"""What the generated records are made of: the agency, the date range, topics, kinds of document,
power categories, laws, and how the records are shared between the types."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 27)
FIRST_YEAR, LAST_YEAR = 2005, 2026
AGENCY = "河南省机关事务管理局"
CREDIT_CODE = "11410000MB1234567X"
PROACTIVE = "主动公开"

# Share of the records (before the few annual reports) per type.
TYPE_SHARES = {"documents": 0.36, "interpretations": 0.20, "powers": 0.24, "decisions": 0.08, "consultations": 0.12}
ROL_YEARS = list(range(2016, 2026))  # 法治政府建设年度报告, published in the first quarter of the next year
DISCLOSURE_YEARS = list(range(2008, 2026))  # 政府信息公开工作年度报告 (条例 in force since 2008)

# (Chinese topic, slug for ids, subjects)
TOPICS = [
    ("公务用车", "vehicle", "公务用车"),
    ("办公用房", "office-space", "办公用房"),
    ("公共机构节能", "energy-saving", "公共机构节能"),
    ("国有资产", "state-asset", "国有资产"),
    ("政府采购", "procurement", "政府采购"),
    ("后勤服务", "logistics", "后勤服务"),
    ("会议费", "meeting-expenses", "会议管理"),
    ("物业服务", "property-service", "物业管理"),
    ("机关食堂", "canteen", "后勤服务"),
    ("公务接待", "reception", "公务接待"),
    ("机关运行经费", "running-costs", "财务管理"),
    ("节约用水", "water-saving", "公共机构节能"),
    ("垃圾分类", "waste-sorting", "公共机构节能"),
    ("新能源汽车充电设施", "ev-charging", "公务用车"),
    ("集中办公区", "office-park", "办公用房"),
    ("房产处置", "property-disposal", "国有资产"),
]
SCOPES = ["省直机关", "省级党政机关", "全省公共机构", "省直单位", "省直机关集中办公区", ""]
DOC_KINDS = [
    ("管理办法", "measures"),
    ("实施细则", "rules"),
    ("暂行办法", "interim"),
    ("管理规定", "provisions"),
    ("工作规程", "procedures"),
    ("试行办法", "trial"),
    ("实施办法", "implementation"),
    ("标准", "standard"),
]
NOTICE_KINDS = [("的通知", "notice"), ("的实施意见", "opinions"), ("的工作方案", "plan"), ("的决定", "decision")]
DOC_CODES = [
    ("豫管", AGENCY, 70),
    ("豫管办", AGENCY, 14),
    ("豫管财", AGENCY, 8),
    ("豫管资", AGENCY, 5),
    ("豫管联", f"{AGENCY} 河南省财政厅", 3),
]
FILED_WITH = ["河南省人民政府办公厅", "河南省司法厅"]
INTERPRETATION_FORMS = [
    ("文字", "explained", 45),
    ("问答", "qa", 30),
    ("图解", "illustrated", 20),
    ("音视频", "video", 5),
]
INTERPRETERS = ["政策法规处", "公务用车管理处", "办公用房管理处", "公共机构节能管理处", "资产管理处", "办公室"]
POWER_CATEGORIES = [
    ("行政检查", "JC", "inspection", "对{x}的监督检查", 30),
    ("行政许可", "XK", "licence", "{x}审批", 8),
    ("行政确认", "QR", "confirmation", "{x}的确认", 14),
    ("行政奖励", "JL", "award", "对{x}先进单位的表彰奖励", 10),
    ("行政处罚", "CF", "penalty", "对违反{x}管理规定行为的处罚", 10),
    ("行政裁决", "CJ", "ruling", "{x}权属争议的裁决", 4),
    ("行政给付", "JF", "subsidy", "{x}补助资金的给付", 5),
    ("行政强制", "QZ", "coercion", "对{x}的查封", 2),
    ("行政征收", "ZS", "levy", "{x}收入的征收", 2),
    ("其他行政权力", "QT", "other", "{x}的审核", 15),
]
RESPONSIBILITY_STAGES = ["受理", "审查", "决定", "送达", "监管"]
LAWS = [
    "《中华人民共和国政府信息公开条例》",
    "《党政机关公务用车管理办法》",
    "《党政机关办公用房管理办法》",
    "《公共机构节能条例》",
    "《机关事务管理条例》",
    "《行政事业性国有资产管理条例》",
    "《中华人民共和国政府采购法》",
    "《中华人民共和国节约能源法》",
    "《党政机关厉行节约反对浪费条例》",
    "《中华人民共和国行政许可法》",
]
NUMERALS = "一二三四五六七八九十"
WITHHELD_BASIS = "《中华人民共和国政府信息公开条例》第十六条"
