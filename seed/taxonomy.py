"""Build the bilingual skill taxonomy (``seed/data/taxonomy.json``) from CSCO 2022.

Inputs, all in ``seed/data/``:

* ``csco22.csv`` — the CSCO 2022 classification (1,632 distinct level-4 occupations);
* ``skills_curated.yaml`` — hand-written bilingual skills that Shenyang's firms hire for;
* ``occupations_en.yaml`` — ``{code: English name}`` for the occupations that matter here;
* ``glossary.yaml`` — ``{english term: [chinese, ...]}`` used to bridge languages.

The output is the contract with the matcher and the seed generator (see
``docs/taxonomy.md``). The build is deterministic: the same inputs give a
byte-identical file, and the version string carries a hash of the content.

Run ``python -m seed.taxonomy build [--out PATH]`` or ``python -m seed.taxonomy check``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import typer
import yaml

from backend.errors import AllianceError, InvalidInput

DATA_DIR = Path(__file__).resolve().parent / "data"
CSCO_FILE = "csco22.csv"
CURATED_FILE = "skills_curated.yaml"
OCCUPATIONS_EN_FILE = "occupations_en.yaml"
GLOSSARY_FILE = "glossary.yaml"
TAXONOMY_FILE = "taxonomy.json"

SPECIALTIES = frozenset(
    {
        "electromechanical",
        "transportation",
        "construction",
        "inspection",
        "information_communication",
        "testing",
    }
)
INDUSTRIES = frozenset(
    {
        "equipment_manufacturing",
        "automotive",
        "aerospace",
        "robotics",
        "ic_equipment",
        "petrochemicals",
        "digital_economy",
        "general",
    }
)
CURATED_KEYS = frozenset(
    {"id", "zh", "en", "synonyms_zh", "synonyms_en", "occupations", "specialty", "industry"}
    | {"related"}
)

# Links kept per skill (curated links are always kept; see ``compute_links``).
LINK_CAP = 15
# Task skills must share this many occupations to be linked: tasks of a single
# occupation are already tied together by their occupation edges.
COOCCURRENCE_MIN = 2
# Reasons, strongest evidence first; also the tie-break order.
REASONS = ("curated", "shared_occupation", "same_unit_group", "cooccurrence")

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")
_DATE_RE = re.compile(r"^#\s*curated_date:\s*(\d{4})-(\d{2})-(\d{2})\s*$", re.MULTILINE)
# CSCO marks green occupations "L", digital ones "S" (both: "L/S") at the end of the name.
_MARK_RE = re.compile(r"(L/S|L|S)$")
# libyaml's loader is four times faster; both are the safe loader.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EDGE_PUNCT = " \t\r\n\u3000。．.；;，,、：:！!？?"


class TaxonomyError(InvalidInput):
    """The taxonomy inputs are invalid; the message names the file, entry and field."""

    code = "invalid_taxonomy"


@dataclass(frozen=True)
class Occupation:
    code: str
    name_zh: str
    unit_group: str
    major_group: str
    definition: str
    tasks: tuple[str, ...]
    aliases: tuple[str, ...]
    green: bool
    digital: bool


# --------------------------------------------------------------------------- tasks


def split_tasks(text: str) -> list[str]:
    """Split CSCO's numbered task string ("1.… 2.… 3.…") into clean phrases.

    Markers are searched in sequence (1, then 2, ...) and must start the text or
    follow whitespace or punctuation, so numbers inside a task ("0.5 mm",
    "2.5米") are never taken for markers.
    """
    text = text.strip()
    if not text:
        return []
    starts: list[tuple[int, int]] = []  # (marker start, phrase start)
    pos, n = 0, 1
    while True:
        marker = re.compile(rf"(?:^|(?<=[\s；;。，,]))0*{n}[.．、](?!\d)")
        m = marker.search(text, pos)
        if m is None:
            break
        starts.append((m.start(), m.end()))
        pos, n = m.end(), n + 1
    if not starts:
        phrase = clean_phrase(text)
        return [phrase] if phrase else []
    phrases = []
    for i, (_, begin) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        phrase = clean_phrase(text[begin:end])
        if phrase:
            phrases.append(phrase)
    return phrases


def clean_phrase(phrase: str) -> str:
    """Trim whitespace and leading/trailing punctuation; collapse inner whitespace."""
    return re.sub(r"\s+", " ", phrase).strip(_EDGE_PUNCT)


def phrase_key(phrase: str) -> str:
    """Key under which two task phrases count as the same skill.

    NFKC folds full-width forms ("，" and ","), whitespace is dropped, Latin
    letters are lower-cased and clauses are sorted, so "PLC编程" and "plc 编程"
    are one skill.
    """
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", phrase)).lower()
    # Clause order carries no meaning in CSCO tasks: "维护保养设备,处理故障" and
    # "处理故障,维护保养设备" are the same duty.
    clauses = sorted(c for c in re.split(r"[,;、]", folded.strip(_EDGE_PUNCT)) if c)
    return ",".join(clauses)


# --------------------------------------------------------------------------- CSCO


def load_csco(path: Path) -> tuple[dict[str, Occupation], dict[str, str]]:
    """Level-4 occupations by code, and unit-group names by 3-part code ("6-18-01").

    The CSV repeats two occupations verbatim (4-12-04-02, 6-20-05-03); the
    repeats are dropped. A conflicting repeat is an error.
    """
    if not path.is_file():
        raise TaxonomyError(f"{path}: CSCO file not found")
    occupations: dict[str, Occupation] = {}
    unit_groups: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code, level = row["code"].strip(), row["level"].strip()
            if level == "3":
                unit_groups[unit_group_of(code)] = strip_mark(row["name"].strip())[0]
            if level != "4":
                continue
            name, green, digital = strip_mark(row["name"].strip())
            aliases = sorted(
                {
                    strip_mark(a.strip())[0]
                    for a in row["alias"].split(",")
                    if a.strip() and strip_mark(a.strip())[0] != name
                }
            )
            occ = Occupation(
                code=code,
                name_zh=name,
                unit_group=unit_group_of(code),
                major_group=code[0],
                definition=row["definition"].strip(),
                tasks=tuple(split_tasks(row["tasks"])),
                aliases=tuple(aliases),
                green=green,
                digital=digital,
            )
            if code in occupations and occupations[code] != occ:
                raise TaxonomyError(f"{path.name}: occupation {code} appears twice, differently")
            occupations[code] = occ
    # An occupation alone in its unit group has no level-3 row: the group takes its name.
    for occ in occupations.values():
        unit_groups.setdefault(occ.unit_group, occ.name_zh)
    return occupations, unit_groups


def unit_group_of(code: str) -> str:
    return "-".join(code.split("-")[:3])


def strip_mark(name: str) -> tuple[str, bool, bool]:
    """Drop CSCO's trailing green (L) / digital (S) mark from a Chinese name."""
    m = _MARK_RE.search(name)
    # Only a mark when it follows a CJK character ("焊接工程技术人员S", not "CTO").
    if m is None or m.start() == 0 or not _is_cjk(name[m.start() - 1]):
        return name, False, False
    mark = m.group(1)
    return name[: m.start()], "L" in mark, "S" in mark


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------- yaml inputs


def _load_yaml(path: Path) -> Any:
    if not path.is_file():
        raise TaxonomyError(f"{path}: file not found")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path.name}: not valid YAML: {exc}") from exc


def curated_date(path: Path) -> str:
    """The ``# curated_date: YYYY-MM-DD`` header of the curated file, as yyyymmdd."""
    m = _DATE_RE.search(path.read_text(encoding="utf-8"))
    if m is None:
        raise TaxonomyError(f"{path.name}: missing header line '# curated_date: YYYY-MM-DD'")
    return "".join(m.groups())


def _str_list(value: Any, where: str, errors: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{where}: must be a list")
        return []
    out = []
    for item in value:
        # YAML turns bare yes/no/on/off/null and numbers into non-strings: refuse them.
        if not isinstance(item, str) or not item.strip():
            errors.append(f"{where}: {item!r} is not a non-empty string (quote it in YAML)")
            continue
        out.append(item.strip())
    return out


def _raise_if(errors: list[str], source: str) -> None:
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise TaxonomyError(f"{source}: {len(errors)} problem(s):\n  {shown}{more}", details=errors)


def load_curated(path: Path, occupations: Mapping[str, Occupation]) -> list[dict[str, Any]]:
    """Validate and normalise the curated skills; every problem is reported by entry and field."""
    raw = _load_yaml(path)
    if not isinstance(raw, list):
        raise TaxonomyError(f"{path.name}: must be a list of skills")
    errors: list[str] = []
    skills: list[dict[str, Any]] = []
    seen: set[str] = set()
    all_ids = {e.get("id") for e in raw if isinstance(e, dict)}
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            errors.append(f"entry {index}: must be a mapping with id, zh, en, ...")
            continue
        sid = entry.get("id")
        label = f"skill {sid!r} (entry {index})"
        if not isinstance(sid, str) or not _ID_RE.match(sid):
            errors.append(f"{label}: field 'id' must be snake_case ASCII, e.g. cnc_lathe_operation")
            continue
        if sid in seen:
            errors.append(f"{label}: field 'id' is a duplicate")
        seen.add(sid)
        for key in sorted(set(entry) - CURATED_KEYS):
            errors.append(f"{label}: unknown field {key!r}")
        names = {}
        for lang in ("zh", "en"):
            value = entry.get(lang)
            if not isinstance(value, str) or not value.strip():
                errors.append(f"{label}: field {lang!r} is missing or empty")
            else:
                names[lang] = value.strip()
        codes = _str_list(entry.get("occupations"), f"{label}: field 'occupations'", errors)
        if not codes:
            errors.append(f"{label}: field 'occupations' needs at least one CSCO code")
        for code in codes:
            if code not in occupations:
                kind = "not a level-4 occupation" if _CODE_RE.match(code) else "not a CSCO code"
                errors.append(f"{label}: field 'occupations': {code!r} is {kind}")
        specialty = entry.get("specialty")
        if specialty is not None and specialty not in SPECIALTIES:
            errors.append(
                f"{label}: field 'specialty' is {specialty!r}; "
                f"use one of {sorted(SPECIALTIES)} or null"
            )
        industry = entry.get("industry")
        if industry not in INDUSTRIES:
            errors.append(
                f"{label}: field 'industry' is {industry!r}; use one of {sorted(INDUSTRIES)}"
            )
        related_raw = entry.get("related") or {}
        related: dict[str, float] = {}
        if not isinstance(related_raw, dict):
            errors.append(f"{label}: field 'related' must be a mapping {{skill_id: weight}}")
            related_raw = {}
        for other, weight in related_raw.items():
            if other not in all_ids:
                errors.append(f"{label}: field 'related': unknown skill id {other!r}")
            elif other == sid:
                errors.append(f"{label}: field 'related': a skill cannot relate to itself")
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 < weight <= 1
            ):
                errors.append(f"{label}: field 'related': weight of {other!r} must be in (0, 1]")
            else:
                related[str(other)] = float(weight)
        skills.append(
            {
                "id": sid,
                "zh": names.get("zh", ""),
                "en": names.get("en", ""),
                "synonyms_zh": _str_list(
                    entry.get("synonyms_zh"), f"{label}: field 'synonyms_zh'", errors
                ),
                "synonyms_en": _str_list(
                    entry.get("synonyms_en"), f"{label}: field 'synonyms_en'", errors
                ),
                "occupations": sorted(set(codes)),
                "specialty": specialty,
                "industry": industry,
                "related": related,
            }
        )
    _raise_if(errors, path.name)
    return skills


def load_occupations_en(path: Path, occupations: Mapping[str, Occupation]) -> dict[str, str]:
    """``{code: English name}``; every code must be a level-4 occupation."""
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{path.name}: must be a mapping {{code: English name}}")
    errors: list[str] = []
    names: dict[str, str] = {}
    for code, name in raw.items():
        code = str(code)
        if code not in occupations:
            errors.append(f"{code!r}: not a level-4 CSCO occupation")
        elif not isinstance(name, str) or not name.strip():
            errors.append(f"{code!r}: English name is missing or empty")
        else:
            names[code] = name.strip()
    _raise_if(errors, path.name)
    return names


def load_glossary(path: Path) -> list[dict[str, Any]]:
    """``{english term: [chinese, ...]}`` as a list sorted by the English term."""
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{path.name}: must be a mapping {{english term: [chinese, ...]}}")
    errors: list[str] = []
    merged: dict[str, list[str]] = {}
    for term, zh in raw.items():
        if not isinstance(term, str) or not term.strip():
            errors.append(f"{term!r}: the English term must be a non-empty string")
            continue
        key = " ".join(term.lower().split())
        values = _str_list(zh if isinstance(zh, list) else [zh], f"term {term!r}", errors)
        if not values:
            errors.append(f"term {term!r}: needs at least one Chinese term")
        merged.setdefault(key, [])
        merged[key] += [v for v in values if v not in merged[key]]
    _raise_if(errors, path.name)
    return [{"en": en, "zh": merged[en]} for en in sorted(merged)]


# --------------------------------------------------------------------------- skills


def derive_task_skills(occupations: Mapping[str, Occupation]) -> list[dict[str, Any]]:
    """One skill per distinct normalised CSCO task phrase.

    The id ``csco.<code>.<n>`` names the first occupation (in code order) whose
    n-th task is the phrase, so ids stay stable when later occupations share it.
    """
    by_key: dict[str, dict[str, Any]] = {}
    for code in sorted(occupations):
        for n, phrase in enumerate(occupations[code].tasks, start=1):
            key = phrase_key(phrase)
            if not key:
                continue
            skill = by_key.get(key)
            if skill is None:
                skill = {
                    "id": f"csco.{code}.{n}",
                    "zh": phrase,
                    "en": "",
                    "synonyms_zh": [],
                    "synonyms_en": [],
                    "occupations": [],
                    "specialty": None,
                    "industry": None,
                    "curated": False,
                    "source": "csco_task",
                }
                by_key[key] = skill
            if code not in skill["occupations"]:
                skill["occupations"].append(code)
    return list(by_key.values())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def compute_links(
    curated: list[dict[str, Any]],
    derived: list[dict[str, Any]],
    occupations: Mapping[str, Occupation],
    cap: int = LINK_CAP,
) -> list[dict[str, Any]]:
    """Weighted, undirected RELATED_TO links, each pair once with ``a < b``.

    Weights (all in (0, 1], rounded to 3 places):

    * ``curated``: the yaml weight; if both sides name each other, the larger one.
    * ``shared_occupation`` (two curated skills with a common occupation):
      ``0.3 + 0.4 * J(occupations)`` — between 0.3 and 0.7.
    * ``same_unit_group`` (curated skills in the same level-3 unit group but with
      no common occupation, and with the same specialty or the same non-general
      industry): ``0.1 + 0.25 * J(unit groups)`` — at most 0.35.
    * ``cooccurrence`` (task skills listed together in occupations):
      ``0.5 * |A∩B| / sqrt(|A|·|B|)`` over their occupation sets — at most 0.5;
      only for pairs sharing at least ``COOCCURRENCE_MIN`` occupations.

    J is the Jaccard index. A pair keeps only its strongest reason (ties go to
    the earlier reason in ``REASONS``). Curated links are always kept; any other
    link is kept only if it is within the top ``cap`` of both of its skills, so
    generic tasks shared by hundreds of occupations cannot flood the file.
    """
    candidates: dict[tuple[str, str], tuple[float, str]] = {}

    def offer(x: str, y: str, weight: float, why: str) -> None:
        pair = (x, y) if x < y else (y, x)
        weight = max(0.001, min(1.0, round(weight, 3)))
        current = candidates.get(pair)
        if current is None or _link_rank(weight, why) < _link_rank(*current):
            candidates[pair] = (weight, why)

    for skill in curated:
        for other, weight in skill["related"].items():
            a, b = sorted((skill["id"], other))
            current = candidates.get((a, b))
            if current is None or weight > current[0]:
                candidates[(a, b)] = (round(weight, 3), "curated")

    occ_sets = {s["id"]: set(s["occupations"]) for s in curated}
    ug_sets = {sid: {occupations[c].unit_group for c in codes} for sid, codes in occ_sets.items()}
    for a, b in _pairs_sharing(occ_sets):
        offer(a, b, 0.3 + 0.4 * _jaccard(occ_sets[a], occ_sets[b]), "shared_occupation")
    by_id = {s["id"]: s for s in curated}
    for a, b in _pairs_sharing(ug_sets):
        if not occ_sets[a] & occ_sets[b] and _same_field(by_id[a], by_id[b]):
            offer(a, b, 0.1 + 0.25 * _jaccard(ug_sets[a], ug_sets[b]), "same_unit_group")

    task_sets = {s["id"]: set(s["occupations"]) for s in derived}
    for a, b in _pairs_sharing(task_sets):
        shared = len(task_sets[a] & task_sets[b])
        if shared < COOCCURRENCE_MIN:
            continue
        cosine = shared / math.sqrt(len(task_sets[a]) * len(task_sets[b]))
        offer(a, b, 0.5 * cosine, "cooccurrence")

    per_skill: dict[str, list[tuple[tuple[float, int, str], tuple[str, str]]]] = defaultdict(list)
    for (a, b), (weight, why) in candidates.items():
        rank = _link_rank(weight, why)
        per_skill[a].append(((*rank, b), (a, b)))
        per_skill[b].append(((*rank, a), (a, b)))
    top: dict[str, set[tuple[str, str]]] = {
        sid: {pair for _, pair in sorted(items)[:cap]} for sid, items in per_skill.items()
    }
    links = []
    for (a, b), (weight, why) in sorted(candidates.items()):
        if why == "curated" or ((a, b) in top[a] and (a, b) in top[b]):
            links.append({"a": a, "b": b, "weight": weight, "why": why})
    return links


def _same_field(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same specialty, or same industry other than "general".

    Unit groups can be broad (2-02-38 holds AI, big data and 3D printing
    engineers alike); this keeps the weak unit-group links between related trades.
    """
    if a["specialty"] is not None and a["specialty"] == b["specialty"]:
        return True
    return bool(a["industry"] == b["industry"] != "general")


def _link_rank(weight: float, why: str) -> tuple[float, int]:
    """Sort key: heavier first, then the stronger reason."""
    return (-weight, REASONS.index(why))


def _pairs_sharing(sets: Mapping[str, set[str]]) -> Iterable[tuple[str, str]]:
    """Each unordered pair of ids whose sets intersect, once, in sorted order."""
    index: dict[str, list[str]] = defaultdict(list)
    for sid in sorted(sets):
        for member in sets[sid]:
            index[member].append(sid)
    pairs: set[tuple[str, str]] = set()
    for members in index.values():
        pairs.update(combinations(sorted(members), 2))
    return sorted(pairs)


def neighbours(taxonomy: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Symmetric adjacency ``{skill: {other: weight}}`` from the undirected link list."""
    adjacency: dict[str, dict[str, float]] = defaultdict(dict)
    for link in taxonomy["related"]:
        adjacency[link["a"]][link["b"]] = link["weight"]
        adjacency[link["b"]][link["a"]] = link["weight"]
    return dict(adjacency)


# --------------------------------------------------------------------------- build


def build(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Read and validate every input in ``data_dir`` and return the taxonomy."""
    occupations, unit_groups = load_csco(data_dir / CSCO_FILE)
    curated = load_curated(data_dir / CURATED_FILE, occupations)
    date = curated_date(data_dir / CURATED_FILE)
    names_en = load_occupations_en(data_dir / OCCUPATIONS_EN_FILE, occupations)
    glossary = load_glossary(data_dir / GLOSSARY_FILE)

    missing = sorted({c for s in curated for c in s["occupations"] if c not in names_en})
    if missing:
        raise TaxonomyError(
            f"{OCCUPATIONS_EN_FILE}: no English name for occupation(s) used by curated "
            f"skills: {', '.join(missing)}",
            details=missing,
        )

    derived = derive_task_skills(occupations)
    links = compute_links(curated, derived, occupations)

    curated_out = [
        {**{k: v for k, v in s.items() if k != "related"}, "curated": True, "source": "curated"}
        for s in sorted(curated, key=lambda s: s["id"])
    ]
    derived_out = sorted(derived, key=_derived_order)
    taxonomy: dict[str, Any] = {
        "occupations": [
            {
                "code": o.code,
                "name_zh": o.name_zh,
                "name_en": names_en.get(o.code, ""),
                "unit_group": o.unit_group,
                "major_group": o.major_group,
                "definition": o.definition,
                "tasks": list(o.tasks),
                "aliases": list(o.aliases),
                "green": o.green,
                "digital": o.digital,
            }
            for o in (occupations[c] for c in sorted(occupations))
        ],
        "unit_groups": [{"code": c, "name_zh": unit_groups[c]} for c in sorted(unit_groups)],
        "skills": curated_out + derived_out,
        "related": links,
        "glossary": glossary,
    }
    digest = hashlib.sha256(dumps(taxonomy).encode("utf-8")).hexdigest()[:10]
    taxonomy["version"] = f"csco2022-{date}-{digest}"
    return taxonomy


def _derived_order(skill: Mapping[str, Any]) -> tuple[str, int]:
    _, code, n = skill["id"].split(".")
    return code, int(n)


def dumps(taxonomy: Mapping[str, Any]) -> str:
    """Stable JSON: sorted keys, one record per line (small, and readable in a diff)."""
    lines = ["{"]
    keys = sorted(taxonomy)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = taxonomy[key]
        if isinstance(value, list):
            lines.append(f"{json.dumps(key)}: [")
            for j, item in enumerate(value):
                sep = "," if j < len(value) - 1 else ""
                lines.append(_compact(item) + sep)
            lines.append("]" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load(path: Path = DATA_DIR / TAXONOMY_FILE) -> dict[str, Any]:
    """Read a built taxonomy file (what the matcher and the seed generator call)."""
    if not path.is_file():
        raise TaxonomyError(f"{path}: not built yet; run `python -m seed.taxonomy build`")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def summary(taxonomy: Mapping[str, Any]) -> dict[str, int]:
    skills = taxonomy["skills"]
    counts = {
        "occupations": len(taxonomy["occupations"]),
        "occupations_with_english_name": sum(1 for o in taxonomy["occupations"] if o["name_en"]),
        "unit_groups": len(taxonomy["unit_groups"]),
        "skills_curated": sum(1 for s in skills if s["curated"]),
        "skills_derived": sum(1 for s in skills if not s["curated"]),
        "glossary_terms": len(taxonomy["glossary"]),
        "links": len(taxonomy["related"]),
    }
    for reason in REASONS:
        counts[f"links_{reason}"] = sum(1 for r in taxonomy["related"] if r["why"] == reason)
    return counts


# --------------------------------------------------------------------------- CLI

cli = typer.Typer(add_completion=False, help="Build or check the bilingual skill taxonomy.")


def _report(counts: Mapping[str, int]) -> None:
    for key, value in counts.items():
        typer.echo(f"{key:32} {value:>8,}")


@cli.command("build")
def build_command(
    out: Path = typer.Option(DATA_DIR / TAXONOMY_FILE, "--out", help="Where to write the JSON."),
    data_dir: Path = typer.Option(DATA_DIR, "--data-dir", help="Folder with the inputs."),
) -> None:
    """Validate the inputs and write taxonomy.json."""
    try:
        taxonomy = build(data_dir)
        text = dumps(taxonomy)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except (AllianceError, OSError) as exc:
        typer.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
        raise typer.Exit(1) from None
    _report(summary(taxonomy))
    typer.echo(f"{'size_bytes':32} {len(text.encode('utf-8')):>8,}")
    typer.echo(f"version  {taxonomy['version']}")
    typer.echo(f"wrote    {out}")


@cli.command("check")
def check_command(
    data_dir: Path = typer.Option(DATA_DIR, "--data-dir", help="Folder with the inputs."),
) -> None:
    """Validate the yaml inputs against CSCO without writing anything."""
    try:
        taxonomy = build(data_dir)
    except (AllianceError, OSError) as exc:
        typer.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
        raise typer.Exit(1) from None
    counts = summary(taxonomy)
    typer.echo(
        f"ok: {counts['skills_curated']} curated skills, "
        f"{counts['occupations_with_english_name']} English occupation names, "
        f"{counts['glossary_terms']} glossary terms; version {taxonomy['version']}"
    )


if __name__ == "__main__":
    cli()
