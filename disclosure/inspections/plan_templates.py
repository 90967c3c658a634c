"""The three ready "双随机、一公开" plan templates, as plain data (R11, R12, R14, R15).

Sources (../shared/seeds, the specification):

- 000 — 2023年母婴保健技术服务机构随机监督抽查计划 and its 附件1 工作计划表;
- 001 — 2024 年医疗卫生随机监督抽查计划 (a county plan), only its MCH part: 一（四）,
  一（五）“回头看” and 附表 4;
- 003 — 2025年人类辅助生殖技术机构广西随机监督抽查计划 and its 附表1 工作计划表.

Check items are taken from each plan's 工作计划表 (the table that also carries the
sampling ratio and the 备注 “检查内容可合理缺项”), split at “；” as the table lists
them, word for word — the seeds' own slips included (000/001 “技术服务技术服务”,
003 “是个否”), because the tests compare every text with the seed. Item codes are
``{prefix}-{group number}-{item number}`` in the seed's order and never change.

No Django imports: the app's models load these as data (vocabulary strings match
``licensing.choices.Service``, ``licensing.choices.Level`` and
``licensing.models.Institution.Category`` values).
"""

from __future__ import annotations

from .plan_types import (  # noqa: F401 (re-exported: the templates' vocabulary)
    ANNUAL_REPORT,
    ART,
    CITY,
    CITY_LEVEL,
    CITY_REPORT,
    COMPLIANCE,
    COUNTY,
    INFO_SUBMISSION,
    INSPECTIONS_DONE,
    INTERIM_REPORT,
    KINDS,
    MCH_INSTITUTION,
    MCH_SERVICES,
    NATIONAL,
    OMISSION_NOTE,
    OTHER_INSTITUTIONS,
    PROVINCE,
    QUALIFICATION,
    REGION_REPORT,
    REGIONAL,
    RULES,
    SPECIAL,
    SPERM_BANK,
    CheckGroup,
    CheckItem,
    Deadline,
    FollowUp,
    ObjectCategory,
    PlanTemplate,
    Sampling,
    report_dates,
)


def _groups(prefix: str, spec) -> tuple[CheckGroup, ...]:
    return tuple(
        CheckGroup(
            number=number, name=name, kind=kind,
            items=tuple(
                CheckItem(f"{prefix}-{number}-{index}", text)
                for index, text in enumerate(texts, start=1)
            ),
        )
        for number, (name, kind, texts) in enumerate(spec, start=1)
    )


# --- 000: 2023 母婴保健技术服务机构 (国家双随机) ------------------------------------

_MCH_2023_ITEMS = (
    ("机构及人员资质情况", QUALIFICATION, (
        "开展母婴保健技术服务技术服务的机构执业资质和人员执业资格情况",
        "开展人类辅助生殖技术等服务的机构执业资质情况",
        "开展人类精子库的机构执业资质情况",
    )),
    ("法律法规执行情况", COMPLIANCE, (
        "机构是否按照批准的业务范围和服务项目执业",
        "人员是否按照批准的服务项目执业",
        "机构是否符合开展技术服务设置标准",
        "开展终止中期以上妊娠手术是否进行查验登记",
        "开展孕妇外周血胎儿游离DNA产前筛查与诊断是否规范",
        "开展人类辅助生殖技术是否查验身份证、结婚证",
        "相关技术服务是否遵守知情同意的原则",
        "出具医学证明文件和诊断报告是否符合相关规定",
        "病历、记录、档案等医疗文书是否符合相关规定",
        "是否设置禁止“两非”的警示标志",
        "是否依法发布母婴保健技术服务广告",
        "开展产前诊断、人类辅助生殖技术等服务是否符合相关要求",
    )),
    ("制度建立及实施情况", RULES, (
        "是否建立禁止胎儿性别鉴定的管理制度情况",
        "是否建立终止中期以上妊娠查验登记制度情况",
        "建立健全技术档案管理、转诊、追踪观察制度情况",
        "是否建立孕产妇死亡、婴儿死亡以及新生儿出生缺陷报告制度情况",
        "是否建立出生医学证明管理制度并按要求实施情况",
        "是否存在出具虚假出生医学证明情况",
        "是否具有保证技术服务安全和服务质量的其他管理制度情况",
    )),
    ("规范应用人类辅助生殖技术专项检查", SPECIAL, (
        "是否符合国家生育政策、伦理原则和基本标准",
        "是否遵守临床、实验室等操作规范",
        "是否存在非法采供精、非法采供卵、参与实施代孕、伪造或买卖出生医学证明、"
        "滥用性别鉴定技术等行为",
        "是否存在无相应技术资质开展人类辅助生殖技术的行为",
    )),
)

MCH_2023 = PlanTemplate(
    key="2023MCH",
    schedule_key="2023_mch",
    name="2023年母婴保健技术服务机构随机监督抽查计划",
    year=2023,
    # Reports go to the region's 执法局 (四、完成时限); the plan is the region's (附件7 of
    # a region document), though its text addresses “各地（州、市）”.
    issuing_level=PROVINCE,
    reports_to=("自治区卫生健康综合监督执法局计划生育监督科",),
    source="000 附件1 2023年母婴保健技术服务机构国家随机监督抽查工作计划表",
    objects_text="妇幼保健院、妇幼保健计划生育技术服务机构、其它医疗保健机构",
    categories=(
        ObjectCategory(
            key="mch", name="妇幼保健机构",
            samplings=(Sampling(NATIONAL, "0.5", "50%"),),
            institution_categories=(MCH_INSTITUTION,),
        ),
        ObjectCategory(
            key="other", name="其他医疗、保健机构",
            samplings=(Sampling(NATIONAL, "0.5", "50%"),),
            institution_categories=OTHER_INSTITUTIONS,
            services=MCH_SERVICES,
        ),
    ),
    groups=_groups("2023MCH", _MCH_2023_ITEMS),
    omission_allowed=True,
    omission_note=OMISSION_NOTE,
    deadlines=(
        # “并于2023年6月15日、11月15日前将母婴保健技术服务机构国家随机监督抽查工作阶段性
        # 工作总结和全年工作总结……报自治区卫生健康综合监督执法局计划生育监督科”
        Deadline(INTERIM_REPORT, 6, 15, "阶段性工作总结",
                 "并于2023年6月15日、11月15日前将母婴保健技术服务机构国家随机监督抽查工作"
                 "阶段性工作总结和全年工作总结"),
        # “各地（州、市）于10月31日前完成本级母婴保健技术服务机构国家抽查信息报送工作”
        Deadline(INFO_SUBMISSION, 10, 31, "国家抽查信息报送",
                 "各地（州、市）于10月31日前完成本级母婴保健技术服务机构国家抽查信息报送工作"),
        # same sentence as the interim report: the second date, 11月15日
        Deadline(ANNUAL_REPORT, 11, 15, "全年工作总结",
                 "并于2023年6月15日、11月15日前将母婴保健技术服务机构国家随机监督抽查工作"
                 "阶段性工作总结和全年工作总结"),
    ),
    report_notes=(
        "工作报告中应包含2023年国家双随机监督抽查被行政处罚的单位整改落实情况，"
        "并写明查处案件数、罚设款金额数等行政处罚数据",
    ),
)


# --- 001: 2024 县级计划, 附表4 母婴保健技术服务机构 (国家 + 市级双随机) ------------------

_MCH_2024_ITEMS = (
    ("机构及人员资质情况", QUALIFICATION, (
        "开展母婴保健技术服务技术服务的机构执业资质和人员执业资格情况",
        "开展人类辅助生殖技术等服务的机构执业资质情况",
        "开展人类精子库的机构执业资质情况",
    )),
    ("法律法规执行情况", COMPLIANCE, (
        "机构是否按照批准的业务范围和服务项目执业",
        "人员是否按照批准的服务项目执业",
        "机构是否符合开展技术服务设置标准",
        "开展终止中期以上妊娠手术是否进行查验登记",
        "开展孕妇外周血胎儿游离DNA产前筛查与诊断是否规范",
        "开展人类辅助生殖技术是否查验身份证、结婚证",
        "相关技术服务是否遵守知情同意的原则",
        "出具医学证明文件和诊断报告是否符合相关规定",
        "病历、记录、档案等医疗文书是否符合相关规定",
        "是否设置禁止“两非”的警示标志",
        "是否依法发布母婴保健技术服务广告",
        "开展产前诊断、人类辅助生殖技术服务是否符合相关要求",  # 001 drops “等”
    )),
    ("制度建立及实施情况", RULES, (
        "是否建立禁止胎儿性别鉴定的管理制度情况",
        "是否建立终止中期以上妊娠查验登记制度情况",
        "建立健全技术档案管理、转诊、追踪观察制度情况",
        "是否建立孕产妇死亡、婴儿死亡以及新生儿出生缺陷报告制度情况",
        "是否建立出生医学证明管理制度并按要求实施情况",
        "是否存在出具虚假出生医学证明情况",
        "是否具有保证技术服务安全和服务质量的其他管理制度情况",
    )),
    ("规范应用人类辅助生殖技术专项检查", SPECIAL, (
        "是否符合国家生育政策、伦理原则和基本标准",
        "是否遵守临床、实验室等操作规范",
        "是否存在非法采供精、非法采供卵、参与实施代孕、伪造或买卖出生医学证明、"
        "滥用性别鉴定技术等行为",
        "是否存在无相应技术资质开展人类辅助生殖技术的行为",
    )),
)

MCH_2024_COUNTY = PlanTemplate(
    key="2024MCH",
    schedule_key="2024_county",
    name="2024年母婴保健技术服务机构随机监督抽查工作计划表",
    year=2024,
    issuing_level=COUNTY,  # “抽查全县……”
    reports_to=("市卫生健康委医疗应急处医疗监督执法工作专班",),
    source="001 附表 4 2024 年母婴保健技术服务机构随机监督检查工作计划表",
    objects_text="抽查全县50%的妇幼保健院，60%的其他医疗、保健机构",
    categories=(
        ObjectCategory(
            key="mch", name="妇幼保健机构",
            # 市级双随机: “/” — none.
            samplings=(Sampling(NATIONAL, "0.5", "50%"),),
            institution_categories=(MCH_INSTITUTION,),
        ),
        ObjectCategory(
            key="other", name="其他医疗、保健机构",
            samplings=(
                Sampling(NATIONAL, "0.5", "50%"),
                # “10%（每个区县抽 2 家，可合理缺项）”: 一（四） adds them up to 60%.
                Sampling(CITY, "0.1", "10%", min_per_county=2,
                         note="每个区县抽2家，可合理缺项"),
            ),
            institution_categories=OTHER_INSTITUTIONS,
            services=MCH_SERVICES,
        ),
    ),
    groups=_groups("2024MCH", _MCH_2024_ITEMS),
    omission_allowed=True,
    omission_note=OMISSION_NOTE,
    deadlines=(
        # “于6月10日前报送医疗卫生随机抽查工作阶段性工作总结”
        Deadline(INTERIM_REPORT, 6, 10, "阶段性工作总结",
                 "于6月10日前报送医疗卫生随机抽查工作阶段性工作总结"),
        # “于10月30日前，完成全部医疗卫生随机监督抽查工作并报送工作总结”
        Deadline(INSPECTIONS_DONE, 10, 30, "完成全部随机监督抽查工作",
                 "于10月30日前，完成全部医疗卫生随机监督抽查工作并报送工作总结"),
        Deadline(ANNUAL_REPORT, 10, 30, "报送工作总结",
                 "于10月30日前，完成全部医疗卫生随机监督抽查工作并报送工作总结"),
    ),
    follow_up=FollowUp(
        penalty_year=2023,
        campaigns=(
            "医疗机构依法执业专项检查",
            "医疗卫生随机监督抽查",
            "母婴保健技术服务机构随机监督抽查",
            "打击非法医疗美容服务和非法应用人类辅助生殖技术专项整治",
        ),
        focus="整改落实情况",
        # 一（五）“回头看”监督检查.
        text="对2023年医疗机构依法执业专项检查、医疗卫生随机监督抽查、母婴保健技术服务机构"
             "随机监督抽查、打击非法医疗美容服务和非法应用人类辅助生殖技术专项整治中受到行政"
             "处罚的单位和个人开展“回头看”，重点查看其整改落实情况，巩固专项整治工作成效",
    ),
    report_notes=("监督抽查情况汇总表通过市执法平台在线填报模块填报",),
)


# --- 003: 2025 人类辅助生殖技术机构 (广西随机, 100%) ----------------------------------

_ART_2025_ITEMS = (
    ("机构及人员资质情况", QUALIFICATION, (
        # 附表1 joins these two with “，”; the summary table (附表2) counts them apart.
        "检查开展人类辅助生殖技术服务和设置人类精子库的机构执业活动是个否与卫生健康行政部门"
        "许可内容一致",
        "执业人员是否取得相应执业资格",
        "检查开展辅助生殖技术服务的机构是否符合设置标准",
    )),
    ("制度建立情况", RULES, (
        "检查机构是否建立严格的内部管理制度，明确岗位职责和服务流程",
        "检查机构是否严格落实医疗质量安全核心制度，遵守临床、实验室等操作规范",
        "检查机构是否开展依法执业自查工作制度，是否组织开展依法执业自查自纠工作",
    )),
    ("法律法规执行情况", COMPLIANCE, (
        "开展人类辅助生殖技术是否遵守知情同意的原则",
        "开展人类辅助生殖技术是否查验身份证、结婚证",
        "开展人类辅助生殖技术是否严格掌握适应证和禁忌证",
        "开展供精人工授精的人类辅助生殖技术是否使用具有《人类精子库批准证书》机构提供的精子",
        "实施辅助生殖技术的病历档案资料是否健全",
        "人类辅助生殖技术分娩的新生儿性别比是否严重失衡",
        "对配子、合子和胚胎的处理、转移、保存、使用等关键环节是否由2人以上同时现场核对",
        "对胚胎实验室等关键区域是否进行实时监控，监控录像至少保存30天",
        "开展相关辅助生殖技术医学研究的资质资格、登记备案、伦理审查是否符合相关要求",
        "检查机构的生殖医学伦理委员会是否对辅助生殖技术开展的全过程和研究活动进行审查和监督",
    )),
)

ART_2025 = PlanTemplate(
    key="2025ART",
    schedule_key="2025_art",
    name="2025年人类辅助生殖技术机构广西随机监督抽查计划",
    year=2025,
    issuing_level=PROVINCE,
    reports_to=("自治区卫生监督所", "自治区卫生健康委"),
    source="003 附表1 2025年人类辅助生殖技术服务机构广西随机监督抽查工作计划表",
    objects_text="辖区人类辅助生殖技术服务机构、人类精子库，抽取比例为100%",
    categories=(
        ObjectCategory(
            key="art", name="辅助生殖技术服务机构、人类精子库",
            samplings=(Sampling(REGIONAL, "1", "100%"),),
            services=(ART, SPERM_BANK),
        ),
    ),
    groups=_groups("2025ART", _ART_2025_ITEMS),
    omission_allowed=True,
    omission_note=OMISSION_NOTE,
    deadlines=(
        # “各地要于2025年11月30日前完成人类辅助生殖技术服务机构广西随机监督抽查工作”
        Deadline(INSPECTIONS_DONE, 11, 30, "完成随机监督抽查工作",
                 "各地要于2025年11月30日前完成人类辅助生殖技术服务机构广西随机监督抽查工作"),
        # “纸质及电子版监督抽检工作总结请各市于12月10日前报送至自治区卫生监督所”
        Deadline(CITY_REPORT, 12, 10, "各市报送工作总结",
                 "纸质及电子版监督抽检工作总结请各市于12月10日前报送至自治区卫生监督所"),
        # “自治区卫生监督所审核汇总后，于12月20日前报送自治区卫生健康委”
        Deadline(REGION_REPORT, 12, 20, "自治区卫生监督所汇总报送",
                 "自治区卫生监督所审核汇总后，于12月20日前报送自治区卫生健康委"),
    ),
    report_notes=("在广西卫生健康执法监督综合管理平台上以“日常监督”形式填报数据信息",),
)


TEMPLATES: tuple[PlanTemplate, ...] = (MCH_2023, MCH_2024_COUNTY, ART_2025)


def get_template(key: str) -> PlanTemplate:
    for template in TEMPLATES:
        if template.key == key:
            return template
    raise KeyError(key)
