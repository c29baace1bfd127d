"""The default catalog: every item of the seed plan's four lists, and the township items of Art. 21.

The seed text came through a converter that swapped words for near-synonyms; the items below
use the standard terms (发展, 计划生育, 规范, 工程项目, 服务, 及时, 办事程序).

`load` is idempotent: it creates the items a county's catalog lacks (matched by `key`) and
never overwrites what the county has edited. The data migration and the signal on a new
county both call it, so every county starts with the whole default.
"""

from __future__ import annotations

from typing import Any

REGULATION = "《中华人民共和国政府信息公开条例》"
PLAN = "乡政务公开工作实施方案"
ART26 = "信息形成或者变更之日起20个工作日内"
TOWNSHIP = "乡（镇）人民政府"
OFFICES = "乡（镇）各站所"
WEB_BOARD = ["website", "board", "service_station"]
ENFORCEMENT = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的"
    "指导意见》（国办发〔2018〕118号）"
)
DECISION_LIMIT = "作出行政执法决定之日起7个工作日内"

# Defaults of every item, overridden per item below.
BASE: dict[str, Any] = {
    "time_limit": ART26,
    "subject": TOWNSHIP,
    "channels": WEB_BOARD,
    "audience": "public",
    "mode": "proactive",
    "level": "township",
    "approval": "review",
    "cadence": "timely",
    "unit_kind": "township",
    "service_guide": False,
}


def _item(
    key: str, group: str, level1: str, level2: str, content: str, basis: str, **extra: Any
) -> dict:
    return {
        **BASE,
        "key": key,
        "group": group,
        "level1": level1,
        "level2": level2,
        "content": content,
        "basis": basis,
        **extra,
    }


ITEMS: list[dict[str, Any]] = [
    # 一、乡政府公开的内容
    _item(
        "T01",
        "township",
        "机构职能",
        "党政领导职务、职责权限",
        "党政领导班子成员姓名、职务、分工及职责权限；机构设置、办公地址、办公时间、联系方式",
        f"{REGULATION}第二十条第（二）项；{PLAN}",
        cadence="standing",
    ),
    _item(
        "T02",
        "township",
        "规划计划",
        "经济和社会发展规划的制定和完成情况",
        "本乡经济和社会发展规划、年度计划及其完成情况",
        f"{REGULATION}第二十条第（三）项；{PLAN}“标准公开程序”",
        cadence="annual",
        approval="congress",
        time_limit="经乡人民代表大会审议通过后20个工作日内",
    ),
    _item(
        "T03",
        "township",
        "规划计划",
        "政府年度工作目标及完成情况",
        "年度工作目标、责任分解、完成情况",
        f"{REGULATION}第十九条；{PLAN}",
        cadence="annual",
        approval="collective",
    ),
    _item(
        "T04",
        "township",
        "财政资金",
        "年度财政预算和财政收支情况",
        "年度财政预算、预算调整、决算及说明；财政收支情况；“三公”经费",
        f"{REGULATION}第二十条第（七）项；《中华人民共和国预算法》第十四条；{PLAN}",
        cadence="annual",
        approval="congress",
        time_limit="经乡人民代表大会批准后20日内",
    ),
    _item(
        "T05",
        "township",
        "财政资金",
        "上级政府或政府部门下拨的专项经费及使用情况",
        "专项经费名称、来源、金额、用途、使用进度及结果",
        f"{REGULATION}第十九条；{PLAN}",
        cadence="half_yearly",
        approval="collective",
    ),
    _item(
        "T06",
        "township",
        "集体资产",
        "乡直属企业及其他经济实体承发包、租赁、拍卖等情况",
        "项目名称、方式、程序、承包（租赁、买受）人、价格及期限",
        f"{REGULATION}第十九条；{PLAN}",
        approval="collective",
    ),
    _item(
        "T07",
        "township",
        "财政资金",
        "债权债务及支付转移情况",
        "政府债权债务的形成、余额、偿还情况及转移支付情况",
        f"{REGULATION}第十九条；{PLAN}",
        cadence="half_yearly",
        approval="collective",
    ),
    _item(
        "T08",
        "township",
        "重点项目",
        "工程项目招投标及社会公益事业建设情况",
        "项目名称、批准文件、招标方式、中标单位、中标金额、建设进度及验收情况",
        f"{REGULATION}第二十条第（十）项；{PLAN}",
        approval="collective",
    ),
    _item(
        "T09",
        "township",
        "财政资金",
        "向农民集资的项目、依据、标准、结果及使用情况",
        "集资项目、依据、标准、对象、金额及使用情况",
        f"{REGULATION}第二十一条；{PLAN}",
        approval="collective",
    ),
    _item(
        "T10",
        "township",
        "规划计划",
        "年度乡政府向社会承诺的大事、要事、实事完成情况",
        "承诺事项、责任单位、完成时限及完成情况",
        f"{PLAN}",
        cadence="annual",
        approval="collective",
    ),
    _item(
        "T11",
        "township",
        "作风建设",
        "工作纪律和廉政规定情况",
        "工作纪律、廉政规定及执行情况",
        f"{PLAN}",
        cadence="standing",
    ),
    _item(
        "T12",
        "township",
        "其他",
        "其他临时性重大事项情况",
        "重大事项的内容、决策过程及结果",
        f"{REGULATION}第十九条；{PLAN}",
        cadence="immediate",
        approval="collective",
    ),
    # 二、与村务公开相对应的公开内容
    _item(
        "V01",
        "village",
        "乡村财务",
        "乡村税费的收缴、使用情况",
        "收费项目、依据、标准、收缴金额及使用情况",
        f"{REGULATION}第二十条第（八）项；《中华人民共和国村民委员会组织法》第三十条；{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    _item(
        "V02",
        "village",
        "乡村财务",
        "各村由乡代管资金的收支情况",
        "各村代管资金的收入、支出、结余情况",
        f"《中华人民共和国村民委员会组织法》第三十条；{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    _item(
        "V03",
        "village",
        "人口服务",
        "计划生育情况",
        "计划生育政策、奖励扶助对象及资金发放情况（不公开个人生育措施等隐私信息）",
        f"《中华人民共和国村民委员会组织法》第三十条；{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    _item(
        "V05",
        "village",
        "宅基地",
        "各村宅基地审批情况",
        "申请条件、审核程序、申请人、审批面积、位置、审批结果",
        f"{REGULATION}第二十一条；{PLAN}",
        # Approved in batches: each batch within 20 working days (Art. 26), as Art. 21 asks.
        cadence="timely",
    ),
    _item(
        "V06",
        "village",
        "公共服务",
        "水电费价格及收缴情况",
        "水电价格标准、收费依据及收缴情况",
        f"{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    _item(
        "V08",
        "village",
        "人事管理",
        "干部任免、招聘的条件、程序、结果等情况",
        "任免、招聘的条件、程序、结果",
        f"{REGULATION}第二十条第（十四）项；{PLAN}",
        cadence="with_village",
        approval="collective",
        time_limit="与村务公开同步",
    ),
    _item(
        "V09",
        "village",
        "建议提案",
        "乡人大代表的建议、议案办理情况",
        "建议、议案内容摘要、承办单位、办理结果",
        f"{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    _item(
        "V10",
        "village",
        "其他",
        "其他需要公开的政务情况",
        "其他需要公开的政务事项",
        f"{PLAN}",
        cadence="with_village",
        time_limit="与村务公开同步",
    ),
    # The Art. 20 items that table 2 of the annual report counts (国办公开办函〔2021〕30号):
    # (一) rules and normative documents, (五) licences, (六) penalties and enforcement,
    # (八) administrative fees. A township makes no 规章; its row is then 0.
    _item(
        "N01",
        "township",
        "政策文件",
        "规章",
        "规章文本、制定机关、文号、施行日期及修改、废止情况",
        f"{REGULATION}第二十条第（一）项",
    ),
    _item(
        "N02",
        "township",
        "政策文件",
        "行政规范性文件",
        "行政规范性文件文本、文号、成文日期、施行日期、有效性（修改、废止、失效）及政策解读",
        f"{REGULATION}第二十条第（一）项；《国务院办公厅关于加强行政规范性文件制定和监督管理工作"
        "的通知》（国办发〔2018〕37号）",
        approval="collective",
    ),
    _item(
        "N03",
        "township",
        "行政执法",
        "行政许可决定",
        "许可事项、许可决定书文号、被许可人（依法需要保护的个人信息除外）、许可内容、决定日期、"
        "决定机关",
        f"{REGULATION}第二十条第（五）项；{ENFORCEMENT}",
        time_limit=DECISION_LIMIT,
    ),
    _item(
        "N04",
        "township",
        "行政执法",
        "行政处罚决定",
        "处罚决定书文号、违法事实、处罚依据、处罚结果、决定日期、决定机关（个人信息依法处理）",
        f"{REGULATION}第二十条第（六）项；{ENFORCEMENT}；《中华人民共和国行政处罚法》第四十八条",
        time_limit=DECISION_LIMIT,
    ),
    _item(
        "N05",
        "township",
        "行政执法",
        "行政强制决定",
        "行政强制决定书文号、强制措施或者强制执行的依据、内容、决定日期、决定机关",
        f"{REGULATION}第二十条第（六）项；{ENFORCEMENT}",
        time_limit=DECISION_LIMIT,
    ),
    _item(
        "N06",
        "township",
        "收费罚款",
        "行政事业性收费",
        "收费项目、收费依据、收费标准及本年收费金额",
        f"{REGULATION}第二十条第（八）项",
        cadence="annual",
    ),
    # 三、各站所公开的内容
    _item(
        "O01",
        "office",
        "办事服务",
        "办事指南（工作职责、办事依据、办事程序、办事纪律、办事期限、监督方法和办事结果）",
        "办事依据、办事职责、办事条件、办事程序、办事纪律、办事结果（六要素），以及办事期限、监督方法",
        f"{REGULATION}第二十条第（五）项；{PLAN}“六个要素”",
        subject=OFFICES,
        unit_kind="office",
        cadence="standing",
        service_guide=True,
        channels=["website", "service_centre", "service_station", "board"],
    ),
    _item(
        "O02",
        "office",
        "收费罚款",
        "执收执罚部门的收费、罚款标准和收缴情况",
        "收费、罚款项目、依据、标准及收缴情况",
        f"{REGULATION}第二十条第（六）项、第（八）项；{PLAN}",
        subject=OFFICES,
        unit_kind="office",
        cadence="half_yearly",
        channels=["website", "service_centre", "board"],
    ),
    _item(
        "O03",
        "office",
        "其他",
        "上级主管部门明确要求的必须公开的其他事项",
        "上级主管部门要求公开的事项",
        f"{REGULATION}第二十条第（十五）项；{PLAN}",
        subject=OFFICES,
        unit_kind="office",
    ),
    # The annual report column (条例第四十九、五十条): townships and their offices alike.
    _item(
        "R01",
        "township",
        "政务公开",
        "政府信息公开工作年度报告",
        "上一年度政府信息公开工作年度报告：总体情况、主动公开政府信息情况、收到和处理政府信息"
        "公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要"
        "报告的事项",
        f"{REGULATION}第四十九条、第五十条；国办公开办函〔2021〕30号",
        time_limit="每年县政府规定的日期前（通常为2月）",
        cadence="annual",
        channels=["website", "board"],
    ),
    # 四、乡政府对本机关干部职工公开的内容
    _item(
        "I01",
        "internal",
        "内部事务",
        "党政领导干部履行工作职责及廉洁自律情况",
        "述职述廉、履职情况",
        f"{PLAN}",
        audience="internal",
        cadence="annual",
        channels=["board", "other"],
    ),
    _item(
        "I02",
        "internal",
        "内部事务",
        "机关内部的财务收支情况",
        "机关经费收入、支出及结余情况",
        f"{PLAN}",
        audience="internal",
        cadence="half_yearly",
        channels=["board", "other"],
    ),
    _item(
        "I03",
        "internal",
        "内部事务",
        "招待费、差旅费的开支使用情况",
        "公务接待费、差旅费的支出明细及合计",
        f"{PLAN}",
        audience="internal",
        cadence="half_yearly",
        channels=["board", "other"],
    ),
    _item(
        "I04",
        "internal",
        "内部事务",
        "干部交流、考核、奖惩情况",
        "干部交流、年度考核结果、奖励和处分情况",
        f"{PLAN}",
        audience="internal",
        channels=["board", "other"],
    ),
    _item(
        "I05",
        "internal",
        "内部事务",
        "机关干部职工关心的其他重要事项",
        "干部职工关心的其他重要事项",
        f"{PLAN}",
        audience="internal",
        channels=["board", "other"],
    ),
    # 条例第二十一条：乡（镇）人民政府还应当主动公开的政府信息
    _item(
        "A01",
        "art21",
        "农业农村",
        "贯彻落实农业农村政策",
        "惠农政策、补贴项目、标准、对象及发放情况",
        f"{REGULATION}第二十一条",
    ),
    _item(
        "A02",
        "art21",
        "农业农村",
        "农田水利工程建设运营",
        "项目名称、资金来源、建设内容、施工单位、进度及管护情况",
        f"{REGULATION}第二十一条",
    ),
    _item(
        "A03",
        "art21",
        "农业农村",
        "农村土地承包经营权流转",
        "流转面积、方式、价格、合同期限",
        f"{REGULATION}第二十一条",
    ),
    _item(
        "A05",
        "art21",
        "征收补偿",
        "土地征收",
        "征收范围、土地现状、征收目的、补偿标准、安置方式、社会保障；"
        "征地补偿费、安置补助费的发放使用情况",
        f"{REGULATION}第二十一条；《中华人民共和国土地管理法》第四十七条；{PLAN}",
        approval="collective",
    ),
    _item(
        "A06",
        "art21",
        "征收补偿",
        "房屋征收",
        "征收决定、补偿方案、补偿结果",
        f"{REGULATION}第二十一条",
        approval="collective",
    ),
    _item(
        "A07",
        "art21",
        "财政资金",
        "筹资筹劳",
        "筹资筹劳的项目、标准、对象、数额及使用情况",
        f"{REGULATION}第二十一条",
        approval="collective",
    ),
    _item(
        "A08",
        "art21",
        "社会救助",
        "社会救助",
        "救助政策、对象（低保仅公开姓名、家庭人口和保障金额）、标准、资金发放情况；"
        "扶贫救灾款物发放、优待抚恤情况",
        f"{REGULATION}第二十一条；《最低生活保障审核确认办法》（民发〔2021〕57号）第二十四条；"
        f"{PLAN}",
        cadence="quarterly",
    ),
]

# Three matters were listed twice, once in the seed plan's village list and once among the
# Art. 21 items, under different names; each pair is one item now (the key kept on the right).
# The data migration moved the other item's publications, adoptions and obligations, and
# logged each merge as MERGE_EVENT.
MERGE_EVENT = "catalog_item:merged"
MERGED = {
    "V04": "A05",  # 征用土地情况及补偿费、安置补助费 → 征收补偿 · 土地征收
    "V07": "A08",  # 扶贫救灾款物发放、优待抚恤 → 社会救助
    "A04": "V05",  # 宅基地使用情况审核 → 宅基地 · 各村宅基地审批情况
}

CATALOG_NAME = "{county}乡镇政务公开目录"


def load(
    county_id: int, *, catalog_model: Any, item_model: Any, county_name: str
) -> tuple[Any, int]:
    """Create the county's catalog and the default items it lacks; return (catalog, created).

    Takes the model classes so the data migration can pass its historical models.
    """
    catalog, _created = catalog_model.objects.get_or_create(
        county_id=county_id, defaults={"name": CATALOG_NAME.format(county=county_name)}
    )
    have = set(item_model.objects.filter(catalog=catalog).values_list("key", flat=True))
    new = [
        item_model(catalog=catalog, position=(index + 1) * 10, **fields)
        for index, fields in enumerate(ITEMS)
        if fields["key"] not in have
    ]
    item_model.objects.bulk_create(new)
    return catalog, len(new)


def load_every_county(apps: Any) -> None:
    """For data migrations: every existing county gets the default items it lacks."""
    for county in apps.get_model("core", "Unit").objects.filter(kind="county"):
        load(
            county.pk,
            catalog_model=apps.get_model("catalog", "Catalog"),
            item_model=apps.get_model("catalog", "CatalogItem"),
            county_name=county.short_name,
        )
