"""The two ladders, their order and their names in Chinese and English.

The level names are part of the public contract (profile and result), so they
live in code as ``Literal`` types; the rules and the correspondence only refer
to them.
"""

from __future__ import annotations

from typing import Literal, get_args

TitleLevel = Literal["assistant", "intermediate", "deputy_senior", "senior"]
SkillLevel = Literal[
    "junior_worker",
    "intermediate_worker",
    "senior_worker",
    "technician",
    "senior_technician",
    "special_technician",
    "chief_technician",
]
Track = Literal["title", "skill_level"]
Route = Literal["regular", "green_channel", "competition"]
Status = Literal["eligible", "eligible_later", "not_eligible"]
Exemption = Literal[
    "theory_test",
    "academic_degree",
    "papers",
    "foreign_language_test",
    "computer_test",
]
Region = Literal["national", "shenyang", "guangzhou", "shenzhen"]
Honor = Literal[
    "china_skills_award",
    "national_technical_expert",
    "skill_master_studio_leader",
    "special_government_allowance",
    "provincial_recognized",
    "worldskills_medal",
    "national_skills_competition_winner",
]

TITLE_LEVELS: tuple[str, ...] = get_args(TitleLevel)
SKILL_LEVELS: tuple[str, ...] = get_args(SkillLevel)
LADDERS: dict[str, tuple[str, ...]] = {"title": TITLE_LEVELS, "skill_level": SKILL_LEVELS}

LABELS: dict[str, dict[str, str]] = {
    "assistant": {"zh": "助理级职称", "en": "assistant-level title"},
    "intermediate": {"zh": "中级职称", "en": "intermediate title"},
    "deputy_senior": {"zh": "副高级职称", "en": "deputy-senior title"},
    "senior": {"zh": "正高级职称", "en": "senior title"},
    "junior_worker": {"zh": "初级工（五级）", "en": "junior worker (level 5)"},
    "intermediate_worker": {"zh": "中级工（四级）", "en": "intermediate worker (level 4)"},
    "senior_worker": {"zh": "高级工（三级）", "en": "senior worker (level 3)"},
    "technician": {"zh": "技师（二级）", "en": "technician (level 2)"},
    "senior_technician": {"zh": "高级技师（一级）", "en": "senior technician (level 1)"},
    "special_technician": {"zh": "特级技师", "en": "special technician"},
    "chief_technician": {"zh": "首席技师", "en": "chief technician"},
    "regular": {"zh": "常规评价", "en": "regular evaluation"},
    "green_channel": {"zh": "绿色通道", "en": "green channel"},
    "competition": {"zh": "以赛代评", "en": "competition instead of evaluation"},
    "theory_test": {"zh": "理论知识考试", "en": "theory test"},
    "academic_degree": {"zh": "学历要求", "en": "academic degree requirement"},
    "papers": {"zh": "论文要求", "en": "paper requirement"},
    "foreign_language_test": {"zh": "外语考试", "en": "foreign-language test"},
    "computer_test": {"zh": "计算机考试", "en": "computer test"},
    "china_skills_award": {"zh": "中华技能大奖", "en": "China Skills Award"},
    "national_technical_expert": {"zh": "全国技术能手", "en": "National Technical Expert"},
    "skill_master_studio_leader": {
        "zh": "国家级技能大师工作室领办人",
        "en": "leader of a national skill-master studio",
    },
    "special_government_allowance": {
        "zh": "享受省级以上政府特殊津贴",
        "en": "special government allowance (provincial level or above)",
    },
    "provincial_recognized": {
        "zh": "省级人民政府认定的高技能人才",
        "en": "high-skilled talent recognised by a provincial government",
    },
    "worldskills_medal": {"zh": "世界技能大赛获奖", "en": "WorldSkills medal"},
    "national_skills_competition_winner": {
        "zh": "全国技能大赛获奖",
        "en": "National Skills Competition winner",
    },
}


def rank(track: str, level: str) -> int:
    """Position of ``level`` on its ladder (0 is the lowest)."""
    return LADDERS[track].index(level)


def label(key: str, lang: str) -> str:
    return LABELS.get(key, {}).get(lang, key)
