"""The Shenyang alliance, generated deterministically (same seed, same graph).

A first slice: the alliance, its government member and its parks. The seed-data
issue grows this into the full alliance (schools, firms, people, history)."""

from __future__ import annotations

from seed.model import SeedGraph

ALLIANCE_ID = "alliance-shenyang"

PARKS = [
    ("park-hunnan", "沈阳浑南科技城", "Shenyang Hunnan Science City", "浑南区"),
    ("park-tiexi", "沈阳铁西装备制造业聚集区", "Shenyang Tiexi Equipment Manufacturing Zone", "铁西区"),
    ("park-shenbei", "沈北新区道义经济开发区", "Shenbei Daoyi Economic Development Zone", "沈北新区"),
]


def generate(scale: float = 1.0, seed: int = 20240817) -> SeedGraph:
    g = SeedGraph()
    g.add_node(
        "Alliance",
        {
            "id": ALLIANCE_ID,
            "name_zh": "沈阳市“政校企园”高技能人才培养联盟",
            "name_en": 'Shenyang "Government-School-Enterprise-Park" High-Skill Talent Training Alliance',
            "city": "沈阳",
            "founded_on": "2024-08-17",
            "source": "seed 004",
        },
    )
    g.add_node(
        "GovernmentBody",
        {
            "id": "gov-shenyang-hrss",
            "name_zh": "沈阳市人力资源和社会保障局",
            "name_en": "Shenyang Human Resources and Social Security Bureau",
            "kind": "hrss_bureau",
            "status": "active",
            "district": "沈河区",
            "joined_on": "2024-08-17",
        },
    )
    g.add_rel("MEMBER_OF", "GovernmentBody", "gov-shenyang-hrss", "Alliance", ALLIANCE_ID,
              since="2024-08-17", role="convenor")
    for pid, zh, en, district in PARKS:
        g.add_node("Park", {"id": pid, "name_zh": zh, "name_en": en, "district": district,
                            "status": "active", "joined_on": "2024-08-17",
                            "administration_zh": f"{zh}管理委员会",
                            "administration_en": f"{en} Administrative Committee"})
        g.add_rel("MEMBER_OF", "Park", pid, "Alliance", ALLIANCE_ID, since="2024-08-17",
                  role="park")
    return g
