from __future__ import annotations

from pathlib import Path

import pytest

from matching.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.from_file(ROOT / "seed" / "data" / "taxonomy.json")


@pytest.fixture(scope="session")
def small_taxonomy() -> Taxonomy:
    """Real skills, hand-picked, so tests read like the domain."""
    return Taxonomy.from_dict(
        {
            "version": "test",
            "occupations": [
                {
                    "code": "6-18-01-01",
                    "name_zh": "车工",
                    "name_en": "Lathe operator",
                    "unit_group": "6-18-01",
                    "definition": "操作车床加工零件的人员。",
                    "tasks": ["操作数控车床车削零件"],
                    "aliases": ["数控车工"],
                },
                {
                    "code": "6-18-02-04",
                    "name_zh": "焊工",
                    "name_en": "Welder",
                    "unit_group": "6-18-02",
                    "definition": "操作焊接设备连接金属的人员。",
                    "tasks": ["进行氩弧焊焊接"],
                    "aliases": ["电焊工"],
                },
            ],
            "skills": [
                {
                    "id": "cnc_lathe",
                    "zh": "数控车床操作",
                    "en": "CNC lathe operation",
                    "synonyms_zh": ["会开数控车床"],
                    "synonyms_en": ["CNC turning"],
                    "occupations": ["6-18-01-01"],
                    "curated": True,
                },
                {
                    "id": "blueprint",
                    "zh": "机械识图",
                    "en": "Blueprint reading",
                    "synonyms_zh": ["看图纸"],
                    "synonyms_en": ["reading drawings"],
                    "occupations": ["6-18-01-01"],
                    "curated": True,
                },
                {
                    "id": "tig",
                    "zh": "氩弧焊",
                    "en": "TIG welding",
                    "synonyms_zh": ["氩弧焊接"],
                    "synonyms_en": ["argon arc welding"],
                    "occupations": ["6-18-02-04"],
                    "curated": True,
                },
                {
                    "id": "mig",
                    "zh": "二氧化碳气体保护焊",
                    "en": "MIG welding",
                    "synonyms_zh": ["二保焊"],
                    "synonyms_en": [],
                    "occupations": ["6-18-02-04"],
                    "curated": True,
                },
            ],
            "related": [{"a": "tig", "b": "mig", "weight": 0.7, "why": "curated"}],
            "glossary": [{"en": "welding", "zh": ["焊接"]}, {"en": "lathe", "zh": ["车床"]}],
        }
    )
