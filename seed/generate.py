"""The Shenyang alliance, generated deterministically: same seed and scale, same graph.

``generate_chunks(scale, seed)`` yields ``SeedGraph`` chunks: first the alliance
itself (organisations, taxonomy, courses, vacancies, ...), then people in blocks
of ``PEOPLE_CHUNK``, so a million people never sit in memory at once. Each chunk
is loadable on its own: every relationship is owned by a node of the same chunk
(the loader's idempotency rule) and points only at nodes of the same or an
earlier chunk.

Dates are relative to ``REFERENCE_DATE`` (never the clock) and the twelve months
of history run up to it. Randomness comes only from ``random.Random`` instances
seeded from ``seed``: the alliance from ``seed``, each person from ``(seed, i)``,
so a person is the same whatever the chunking.

A person's basic facts (track, role, age, school, experience) are a cheap function
of their index (``_Core``), which lets the first chunk pre-assign course
enrolments, competition entries and assessment sittings to people generated
later, so course seats and results agree with the people who hold them.
"""

from __future__ import annotations

import json
import math
import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from backend.errors import InvalidInput
from backend.pathways.ladders import LABELS, SKILL_LEVELS, TITLE_LEVELS
from seed import uscc
from seed.alliance_data import Industry, School, Static, static
from seed.model import SeedGraph
from seed.names import person_name
from seed.vocab import Skill, Vocabulary
from seed.vocab import load as load_vocabulary

ALLIANCE_ID = "alliance-shenyang"
GOV_ID = "gov-shenyang-hrss"
FOUNDED = "2024-08-17"
REFERENCE_DATE = date(2026, 11, 1)
HISTORY_START = REFERENCE_DATE - timedelta(days=365)
SHENYANG_S1 = date(2024, 6, 26)  # seed 000: titled engineers may take skill assessments
PEOPLE_CHUNK = 20_000
MAX_SCALE = 1000.0

# Person ↔ track assignment: person i follows track SLOTS[i % SLOT_COUNT].
SLOT_COUNT = 4093

SKILL_RANK = {lvl: i for i, lvl in enumerate(SKILL_LEVELS)}
# Years of work usually behind each skill level (national standards ask roughly
# 1, 4-6, 5 more, 4 more, 4 more); used for plausible histories, not as rules.
LEVEL_YEARS = {
    "junior_worker": 0.5,
    "intermediate_worker": 3.0,
    "senior_worker": 6.0,
    "technician": 10.0,
    "senior_technician": 14.0,
}
TITLE_YEARS = {"assistant": 1.0, "intermediate": 5.0, "deputy_senior": 10.0, "senior": 15.0}
# N5's mirror: the usual title <-> skill level correspondence (DOMAIN.md, vague point).
TITLE_TO_SKILL = {
    "assistant": "senior_worker",
    "intermediate": "technician",
    "deputy_senior": "senior_technician",
}
SKILL_TO_TITLE = {v: k for k, v in TITLE_TO_SKILL.items()}
LEVEL_NAMES_ZH = {"1": "入门", "2": "中级", "3": "高级", "4": "技师研修"}
LEVEL_NAMES_EN = {"1": "foundation", "2": "intermediate", "3": "advanced", "4": "master class"}
SHIFTS = ("day", "day", "two_shifts", "three_shifts", "flexible")
N4_METHODS = ("theory_exam", "skill_operation", "performance_review", "interview_defence")
SPECIALTIES = (
    "electromechanical",
    "transportation",
    "construction",
    "inspection",
    "information_communication",
    "testing",
)


# --------------------------------------------------------------------------- sizes


@dataclass(frozen=True)
class Sizes:
    """What the scale knob grows: people, vacancies and courses linearly; teachers,
    bookings, training needs and assessment sessions with them; organisations stay."""

    people: int
    vacancies: int
    courses: int
    teachers: int
    facilities: int
    bookings: int
    training_needs: int
    assessments: int
    competition_entrants: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        if not isinstance(scale, int | float) or math.isnan(scale) or scale <= 0:
            raise InvalidInput(f"scale must be a positive number, got {scale!r}", field="scale")
        if scale > MAX_SCALE:
            raise InvalidInput(f"scale must be at most {MAX_SCALE:g}, got {scale:g}", field="scale")
        return cls(
            people=max(60, round(10_500 * scale)),
            vacancies=max(30, round(1_200 * scale)),
            courses=max(16, round(360 * scale)),
            teachers=max(50, round(60 * scale)),
            facilities=24,
            bookings=max(20, round(400 * scale)),
            training_needs=max(10, round(120 * scale)),
            assessments=max(6, round(48 * scale)),
            competition_entrants=min(200, max(8, round(40 * scale))),
        )


# --------------------------------------------------------------------------- helpers


_CSCO_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(L/S|L|S)$")


def plain_name(name_zh: str) -> str:
    """An occupation name without CSCO 2022's green (L) / digital (S) markers: 焊工, not 焊工S."""
    return _CSCO_MARK.sub("", name_zh)


def _d(day: date) -> str:
    return day.isoformat()


def _ts(day: date, rng: random.Random) -> str:
    return f"{day.isoformat()}T{rng.randint(8, 18):02d}:{rng.randrange(60):02d}:00"


def _add_years(day: date, years: float) -> date:
    return day + timedelta(days=round(years * 365.25))


def _between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------- tracks


@dataclass
class Track:
    """An occupation people train for and firms hire for, with the curated skills it uses."""

    code: str
    industry: str
    skills: list[str]  # direct skills first, then related ones
    direct: int  # how many of ``skills`` name the occupation themselves
    engineer: bool  # CSCO major group 2: professional technical personnel (title ladder)
    specialty: str | None


def build_tracks(vocab: Vocabulary, industries: tuple[Industry, ...]) -> list[Track]:
    keys = {i.key for i in industries}
    by_occ: dict[str, list[Skill]] = defaultdict(list)
    for s in vocab.curated:
        for code in s.occupations:
            by_occ[code].append(s)
    tracks: list[Track] = []
    for code in sorted(by_occ):
        occ = vocab.occupation(code)
        if occ is None:
            continue
        skills = by_occ[code]
        votes = Counter(s.industry for s in skills if s.industry in keys)
        if not votes:
            continue
        industry = min(votes, key=lambda k: (-votes[k], k))
        chosen = [s.id for s in sorted(skills, key=lambda s: s.id)]
        for sid in list(chosen):
            for other, weight in vocab.neighbours.get(sid, []):
                if weight >= 0.5 and other not in chosen and len(chosen) < 9:
                    chosen.append(other)
        if len(chosen) < 3:
            continue
        spec = Counter(s.specialty for s in skills if s.specialty)
        tracks.append(
            Track(
                code=code,
                industry=industry,
                skills=chosen,
                direct=len(skills),
                engineer=occ.major_group == "2",
                specialty=min(spec, key=lambda k: (-spec[k], k)) if spec else None,
            )
        )
    if not tracks:
        raise InvalidInput("the taxonomy has no curated skills linked to Shenyang's industries")
    return tracks


def _slot_table(tracks: list[Track], rng: random.Random) -> list[int]:
    """Track index per slot; skilled-worker occupations are commoner than engineering ones."""
    weights = [(1.0 if t.engineer else 2.5) * (1 + 0.25 * min(t.direct, 6)) for t in tracks]
    total = sum(weights)
    slots: list[int] = []
    for ti, w in enumerate(weights):
        slots.extend([ti] * max(1, round(w / total * SLOT_COUNT)))
    rng.shuffle(slots)
    return (slots * 2)[:SLOT_COUNT] if len(slots) < SLOT_COUNT else slots[:SLOT_COUNT]


# --------------------------------------------------------------------------- context


@dataclass
class Firm:
    id: str
    zh: str
    en: str
    industry: str
    park: str
    district: str
    address: str
    size: str
    tracks: list[int]
    self_titles: bool
    self_skills: bool


@dataclass
class VacancyDoc:
    id: str
    firm: int
    track: int
    kind: str
    created: date
    closing: date
    places: int
    reqs: list[tuple[str, float, int]]
    address: str


@dataclass
class Event:
    """Something pre-assigned to a person in the first chunk."""

    kind: str  # enrol | compete | took
    target: str
    on: date
    props: dict[str, Any]


@dataclass
class Context:
    seed: int
    sizes: Sizes
    vocab: Vocabulary
    data: Static
    tracks: list[Track]
    slots: list[int]
    slots_of_track: dict[int, list[int]]
    schools_by_industry: dict[str, list[School]]
    firms: list[Firm] = field(default_factory=list)
    firms_by_industry: dict[str, list[int]] = field(default_factory=dict)
    vacancies: list[VacancyDoc] = field(default_factory=list)
    vac_by_track: dict[int, list[int]] = field(default_factory=dict)
    vac_by_industry: dict[str, list[int]] = field(default_factory=dict)
    events: dict[int, list[Event]] = field(default_factory=dict)
    hires: Counter[str] = field(default_factory=Counter)
    centres: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Core:
    """What the first chunk may know about person ``i`` without generating them."""

    index: int
    track: int
    role: str
    gender: str
    birth_year: int
    school: School
    study_start: date
    study_years: int
    work_start: date | None

    @property
    def experience(self) -> float:
        if self.work_start is None:
            return 0.0
        return max(0.0, (REFERENCE_DATE - self.work_start).days / 365.25)


def _core(ctx: Context, i: int) -> _Core:
    rng = random.Random(ctx.seed * 1_000_003 + i)
    ti = ctx.slots[i % SLOT_COUNT]
    track = ctx.tracks[ti]
    role = "student" if rng.random() < 0.42 else "worker"
    gender = (
        "male"
        if rng.random() < (0.72 if track.industry != "digital_economy" else 0.6)
        else "female"
    )
    schools = ctx.schools_by_industry[track.industry]
    school = rng.choices(schools, weights=[s.students for s in schools])[0]
    study_years = {"university": 4, "higher_vocational": 3}.get(school.kind, 3)
    if role == "student":
        year_in = rng.randint(0, study_years - 1)
        study_start = date(
            REFERENCE_DATE.year - year_in - (0 if REFERENCE_DATE.month >= 9 else 1), 9, 1
        )
        entry_age = 18 if school.kind in ("university", "higher_vocational") else 15
        birth_year = study_start.year - entry_age - rng.randint(0, 1)
        return _Core(i, ti, role, gender, birth_year, school, study_start, study_years, None)
    entry_age = 18 if school.kind in ("university", "higher_vocational") else 15
    # Old enough to have finished school a year ago, at the least.
    age = min(60, max(entry_age + study_years + 1, round(rng.triangular(20, 58, 30))))
    birth_year = REFERENCE_DATE.year - age
    study_start = date(birth_year + entry_age, 9, 1)
    work_start = date(study_start.year + study_years, 7, 1) + timedelta(days=rng.randrange(120))
    if work_start > REFERENCE_DATE - timedelta(days=60):
        work_start = REFERENCE_DATE - timedelta(days=60 + rng.randrange(200))
    return _Core(i, ti, role, gender, birth_year, school, study_start, study_years, work_start)


def _between_jobs(ctx: Context, core: _Core, last_start: date) -> date | None:
    """The day a worker's last job ended when they are out of work or still looking
    on the reference date, else None. As in real data, not every graduate is working:
    the share differs from school to school (3-15 % of its graduates, twice that in the
    first three years after leaving) and nobody leaves a job in its first four months.
    Drawn from a generator of its own, so the person's other facts stay the same."""
    rng = random.Random(ctx.seed * 2_000_003 + core.index)
    share = 0.03 + 0.12 * (zlib.crc32(core.school.id.encode()) % 1000) / 1000
    left_school = date(core.study_start.year + core.study_years, 6, 30)
    if (REFERENCE_DATE - left_school).days < 3 * 365:
        share *= 2
    first = max(last_start + timedelta(days=120), REFERENCE_DATE - timedelta(days=400))
    last = REFERENCE_DATE - timedelta(days=14)
    if rng.random() >= share or first > last:
        return None
    return _between(rng, first, last)


def _person_id(i: int) -> str:
    return f"person-{i + 1:06d}"


def _sample_people(ctx: Context, ti: int, rng: random.Random) -> int | None:
    """A random person index on track ``ti`` (or None when the scale leaves it empty)."""
    n = ctx.sizes.people
    slots = [s for s in ctx.slots_of_track.get(ti, []) if s < n]
    if not slots:
        return None
    s = rng.choice(slots)
    return s + SLOT_COUNT * rng.randrange((n - 1 - s) // SLOT_COUNT + 1)


# --------------------------------------------------------------------------- entry points


def make_context(scale: float, seed: int, vocab: Vocabulary | None = None) -> Context:
    sizes = Sizes.for_scale(scale)
    data = static()
    vocab = vocab or load_vocabulary()
    tracks = build_tracks(vocab, data.industries)
    rng = random.Random(seed)
    slots = _slot_table(tracks, rng)
    slots_of_track: dict[int, list[int]] = defaultdict(list)
    for s, ti in enumerate(slots):
        slots_of_track[ti].append(s)
    by_ind: dict[str, list[School]] = {}
    for ind in data.industries:
        by_ind[ind.key] = [s for s in data.schools if ind.key in s.industries] or list(data.schools)
    return Context(seed, sizes, vocab, data, tracks, slots, dict(slots_of_track), by_ind)


def generate_chunks(
    scale: float = 1.0, seed: int = 20240817, vocab: Vocabulary | None = None
) -> Iterator[SeedGraph]:
    """The alliance first, then its people in blocks of ``PEOPLE_CHUNK``."""
    ctx = make_context(scale, seed, vocab)
    yield _alliance(ctx)
    for start in range(0, ctx.sizes.people, PEOPLE_CHUNK):
        yield _people(ctx, start, min(ctx.sizes.people, start + PEOPLE_CHUNK))


def chunk_count(scale: float) -> int:
    return 1 + math.ceil(Sizes.for_scale(scale).people / PEOPLE_CHUNK)


def skeleton() -> SeedGraph:
    """The alliance, its bureau and three parks: a tiny fixed graph for tests of other
    modules that need members but not a whole alliance."""
    g = SeedGraph()
    full = _alliance_members_only()
    for label in ("Alliance", "GovernmentBody", "Park"):
        for row in full.nodes[label]:
            if label != "Park" or row["id"] in ("park-hunnan", "park-tiexi", "park-shenbei"):
                g.add_node(label, row)
    for row in full.rels[("MEMBER_OF", "GovernmentBody", "Alliance")].rows:
        g.add_rel(
            "MEMBER_OF",
            "GovernmentBody",
            row["src"],
            "Alliance",
            row["dst"],
            since=row["since"],
            role=row["role"],
        )
    for row in full.rels[("MEMBER_OF", "Park", "Alliance")].rows:
        if row["src"] in ("park-hunnan", "park-tiexi", "park-shenbei"):
            g.add_rel(
                "MEMBER_OF",
                "Park",
                row["src"],
                "Alliance",
                row["dst"],
                since=row["since"],
                role=row["role"],
            )
    return g


def _alliance_members_only() -> SeedGraph:
    g = SeedGraph()
    ctx = Context(0, Sizes.for_scale(0.01), Vocabulary("", [], [], []), static(), [], [], {}, {})
    _organisations(ctx, g, random.Random(0))
    return g


def generate(
    scale: float = 1.0, seed: int = 20240817, vocab: Vocabulary | None = None
) -> SeedGraph:
    """The whole alliance as one graph (small scales and tests; large ones use chunks)."""
    out = SeedGraph()
    for chunk in generate_chunks(scale, seed, vocab):
        for label, rows in chunk.nodes.items():
            out.nodes.setdefault(label, []).extend(rows)
        for key, batch in chunk.rels.items():
            if key in out.rels:
                out.rels[key].rows.extend(batch.rows)
            else:
                out.rels[key] = batch
    return out


# --------------------------------------------------------------------------- the alliance


def _alliance(ctx: Context) -> SeedGraph:
    g = SeedGraph()
    rng = random.Random(ctx.seed)
    _organisations(ctx, g, rng)
    _taxonomy(ctx, g)
    _qualifications(g)
    teachers = _teachers(ctx, g, rng)
    facilities = _facilities(ctx, g, rng)
    needs = _training_needs(ctx, g, rng)
    courses = _courses(ctx, g, rng, teachers, needs)
    _policies(ctx, g, courses)
    _vacancies(ctx, g, rng)
    _bookings(ctx, g, rng, facilities, teachers)
    _competitions(ctx, g, rng)
    _assessments(ctx, g, rng)
    _projects(ctx, g, rng)
    return g


def _member(g: SeedGraph, label: str, oid: str, role: str, since: str = FOUNDED) -> None:
    g.add_rel("MEMBER_OF", label, oid, "Alliance", ALLIANCE_ID, since=since, role=role)


def _organisations(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    data = ctx.data
    g.add_node(
        "Alliance",
        {
            "id": ALLIANCE_ID,
            "name_zh": "沈阳市“政校企园”高技能人才培养联盟",
            "name_en": 'Shenyang "Government-School-Enterprise-Park" High-Skill Talent '
            "Training Alliance",
            "city": "沈阳",
            "founded_on": FOUNDED,
            "source": "seed 004",
        },
    )
    g.add_node(
        "GovernmentBody",
        {
            "id": GOV_ID,
            "name_zh": "沈阳市人力资源和社会保障局",
            "name_en": "Shenyang Human Resources and Social Security Bureau",
            "kind": "hrss_bureau",
            "status": "active",
            "district": "沈河区",
            "address": "沈阳市沈河区市府大路",
            "joined_on": FOUNDED,
        },
    )
    _member(g, "GovernmentBody", GOV_ID, "convenor")
    for p in data.parks:
        g.add_node(
            "Park",
            {
                "id": p.id,
                "name_zh": p.zh,
                "name_en": p.en,
                "district": p.district,
                "address": p.address,
                "status": "active",
                "joined_on": FOUNDED,
                "administration_zh": f"{p.zh}管理委员会",
                "administration_en": f"{p.en} Administrative Committee",
            },
        )
        _member(g, "Park", p.id, "park")
    for s in data.schools:
        g.add_node(
            "School",
            {
                "id": s.id,
                "name_zh": s.zh,
                "name_en": s.en,
                "kind": s.kind,
                "students": s.students,
                "district": s.district,
                "address": f"沈阳市{s.district}",
                "status": "active",
                "joined_on": FOUNDED,
            },
        )
        _member(g, "School", s.id, "school")
        if s.park:
            g.add_rel("LOCATED_IN", "School", s.id, "Park", s.park)
    for c in data.centres:
        g.add_node(
            "TrainingCentre",
            {
                "id": c["id"],
                "name_zh": c["zh"],
                "name_en": c["en"],
                "kind": c["kind"],
                "district": c["district"],
                "address": f"沈阳市{c['district']}",
                "status": "active",
                "joined_on": FOUNDED,
            },
        )
        ctx.centres.append(c["id"])
        _member(g, "TrainingCentre", c["id"], "training_centre")
        g.add_rel("LOCATED_IN", "TrainingCentre", c["id"], "Park", c["park"])
    _firms(ctx, g, rng)


def _firms(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    brands = list(ctx.data.brands)
    rng.shuffle(brands)
    tracks_by_ind: dict[str, list[int]] = defaultdict(list)
    for ti, t in enumerate(ctx.tracks):
        tracks_by_ind[t.industry].append(ti)
    n = 0
    for ind in ctx.data.industries:
        for k in range(ind.firms):
            brand_zh, brand_en = brands[n]
            business_zh, business_en = ind.businesses[k % len(ind.businesses)]
            size = rng.choices(["large", "medium", "small"], weights=[2, 4, 4])[0]
            suffix_zh, suffix_en = (
                ("股份有限公司", "Co., Ltd.") if size == "large" else ("有限公司", "Co., Ltd.")
            )
            park = ctx.data.park(rng.choice(ind.parks))
            fid = f"firm-{n + 1:04d}"
            pool = tracks_by_ind.get(ind.key) or list(range(len(ctx.tracks)))
            hires = rng.sample(pool, min(len(pool), rng.randint(3, 6)))
            self_titles = size == "large" and rng.random() < 0.5
            self_skills = size == "large" and rng.random() < 0.7
            street = rng.choice(["路", "街", "大街", "大路"])
            address = f"{park.address.split('区')[0]}区{brand_zh}{street}{rng.randint(1, 199)}号"
            firm = Firm(
                fid,
                f"沈阳{brand_zh}{business_zh}{suffix_zh}",
                f"Shenyang {brand_en} {business_en} {suffix_en}",
                ind.key,
                park.id,
                park.district,
                address,
                size,
                hires,
                self_titles,
                self_skills,
            )
            ctx.firms.append(firm)
            ctx.firms_by_industry.setdefault(ind.key, []).append(n)
            g.add_node(
                "Firm",
                {
                    "id": fid,
                    "name_zh": firm.zh,
                    "name_en": firm.en,
                    "uscc": uscc.make(rng, park.division),
                    "industry": ind.key,
                    "size": size,
                    "self_assessment_titles": self_titles,
                    "self_assessment_skills": self_skills,
                    "verified": rng.random() < 0.9,
                    "district": park.district,
                    "address": address,
                    "status": "active",
                    "joined_on": FOUNDED,
                },
            )
            _member(g, "Firm", fid, "enterprise")
            g.add_rel("LOCATED_IN", "Firm", fid, "Park", park.id)
            n += 1


def _taxonomy(ctx: Context, g: SeedGraph) -> None:
    vocab = ctx.vocab
    for o in vocab.occupations:
        g.add_node(
            "Occupation",
            {
                "id": o.code,
                "name_zh": o.name_zh,
                "name_en": o.name_en,
                "unit_group": o.unit_group,
                "major_group": o.major_group,
                "definition": o.definition,
                "aliases": list(o.aliases),
            },
        )
    known = {o.code for o in vocab.occupations}
    for s in vocab.skills:
        g.add_node(
            "Skill",
            {
                "id": s.id,
                "zh": s.zh,
                "en": s.en,
                "synonyms_zh": list(s.synonyms_zh),
                "synonyms_en": list(s.synonyms_en),
                "specialty": s.specialty,
                "industry": s.industry,
                "curated": s.curated,
            },
        )
        for code in s.occupations:
            if code in known:
                g.add_rel("SKILL_OF", "Skill", s.id, "Occupation", code)
    ids = vocab.skill_by_id
    for r in vocab.related:
        if r.a in ids and r.b in ids:
            g.add_rel("RELATED_TO", "Skill", r.a, "Skill", r.b, weight=r.weight, why=r.why)


def _qual_id(ladder: str, level: str) -> str:
    return f"qual-{ladder}-{level}"


def _qualifications(g: SeedGraph) -> None:
    for ladder, levels in (("title", TITLE_LEVELS), ("skill_level", SKILL_LEVELS)):
        for rank, level in enumerate(levels):
            grade = 5 - rank if ladder == "skill_level" and rank < 5 else None
            g.add_node(
                "Qualification",
                {
                    "id": _qual_id(ladder, level),
                    "ladder": ladder,
                    "level": level,
                    "rank": rank,
                    "name_zh": LABELS[level]["zh"],
                    "name_en": LABELS[level]["en"],
                    "grade": grade,
                },
            )
            if rank:
                g.add_rel(
                    "NEXT",
                    "Qualification",
                    _qual_id(ladder, levels[rank - 1]),
                    "Qualification",
                    _qual_id(ladder, level),
                )


_TEACHER_TITLES = (
    ("高级讲师", "senior lecturer"),
    ("讲师", "lecturer"),
    ("一级实习指导教师", "first-grade practical instructor"),
    ("高级技师", "senior technician"),
    ("技师", "technician"),
    ("高级工程师", "senior engineer"),
    ("工程师", "engineer"),
)


def _teachers(ctx: Context, g: SeedGraph, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """Teachers: (id, home label, expertise skill ids)."""
    out: list[tuple[str, str, list[str]]] = []
    schools = ctx.data.schools
    for k in range(ctx.sizes.teachers):
        tid = f"teacher-{k + 1:04d}"
        home_kind = rng.choices(["School", "TrainingCentre", "Firm"], weights=[6, 2, 2])[0]
        if home_kind == "School":
            school = rng.choice(schools)
            home, industry = school.id, rng.choice(school.industries)
        elif home_kind == "TrainingCentre":
            home, industry = rng.choice(ctx.centres), rng.choice(ctx.data.industries).key
        else:
            firm = rng.choice(ctx.firms)
            home, industry = firm.id, firm.industry
        pool = [t for t in ctx.tracks if t.industry == industry] or ctx.tracks
        track = rng.choice(pool)
        expertise = rng.sample(track.skills, min(len(track.skills), rng.randint(2, 4)))
        title_zh, title_en = rng.choice(_TEACHER_TITLES)
        name, _ = person_name(rng, rng.choice(["male", "male", "female"]))
        years = rng.randint(5, 30)
        skills_zh = "、".join(ctx.vocab.skill_by_id[s].zh for s in expertise)
        skills_en = ", ".join(ctx.vocab.skill_by_id[s].en for s in expertise)
        g.add_node(
            "Teacher",
            {
                "id": tid,
                "name": name,
                "title": title_zh,
                "bio": f"{title_zh}，从事相关教学与生产实践{years}年，擅长{skills_zh}。"
                f" / {title_en.capitalize()} with {years} years of teaching and shop-floor "
                f"practice; strong in {skills_en}.",
                "available": rng.random() < 0.8,
                "hourly_rate": float(rng.randrange(150, 650, 10)),
            },
        )
        g.add_rel("TEACHES_AT", "Teacher", tid, home_kind, home)
        for sid in expertise:
            g.add_rel("EXPERT_IN", "Teacher", tid, "Skill", sid, level=rng.randint(4, 5))
        out.append((tid, home_kind, expertise))
    return out


_FACILITIES = (
    (
        "equipment_manufacturing",
        "数控加工实训中心",
        "CNC Machining Training Centre",
        "workshop",
        ["数控车床", "加工中心", "三坐标测量机"],
    ),
    (
        "equipment_manufacturing",
        "焊接实训基地",
        "Welding Training Base",
        "workshop",
        ["氩弧焊机", "二氧化碳气体保护焊机", "焊接烟尘净化器"],
    ),
    (
        "automotive",
        "汽车维修实训车间",
        "Automotive Maintenance Workshop",
        "workshop",
        ["举升机", "汽车故障诊断仪", "四轮定位仪"],
    ),
    (
        "automotive",
        "新能源汽车实训室",
        "New Energy Vehicle Lab",
        "lab",
        ["动力电池拆装台", "绝缘检测仪", "充电桩"],
    ),
    (
        "robotics",
        "工业机器人实训室",
        "Industrial Robot Lab",
        "lab",
        ["六轴工业机器人", "视觉检测系统", "PLC实训台"],
    ),
    (
        "aerospace",
        "航空发动机拆装实训室",
        "Aero-Engine Assembly Lab",
        "lab",
        ["涡扇发动机教学件", "扭力扳手组", "孔探仪"],
    ),
    (
        "aerospace",
        "飞机铆接装配实训区",
        "Aircraft Riveting and Assembly Bay",
        "workshop",
        ["铆枪", "装配型架", "钻孔工装"],
    ),
    (
        "ic_equipment",
        "集成电路洁净实训室",
        "Integrated-Circuit Clean-Room Lab",
        "clean_room",
        ["晶圆检测显微镜", "真空镀膜设备", "洁净工作台"],
    ),
    (
        "petrochemicals",
        "化工仿真实训室",
        "Chemical Process Simulation Lab",
        "simulation",
        ["DCS仿真系统", "精馏装置", "反应釜实训装置"],
    ),
    (
        "digital_economy",
        "大数据与云计算实训机房",
        "Big Data and Cloud Computing Lab",
        "computer_lab",
        ["服务器集群", "网络交换机", "图形工作站"],
    ),
    (
        "equipment_manufacturing",
        "电工电子实训室",
        "Electrical and Electronics Lab",
        "lab",
        ["电工实训台", "变频器", "示波器"],
    ),
    (
        "equipment_manufacturing",
        "智能制造生产线实训中心",
        "Smart Manufacturing Line Centre",
        "workshop",
        ["柔性生产线", "AGV小车", "MES系统"],
    ),
)


def _facilities(ctx: Context, g: SeedGraph, rng: random.Random) -> list[str]:
    out: list[str] = []
    for k in range(ctx.sizes.facilities):
        industry, zh, en, kind, equipment = _FACILITIES[k % len(_FACILITIES)]
        owner_kind = rng.choices(["School", "TrainingCentre", "Firm"], weights=[5, 3, 2])[0]
        park: str | None
        if owner_kind == "School":
            cands = [s for s in ctx.data.schools if industry in s.industries] or list(
                ctx.data.schools
            )
            school = rng.choice(cands)
            owner, owner_zh, park = school.id, school.zh, school.park
        elif owner_kind == "TrainingCentre":
            c = rng.choice(ctx.data.centres)
            owner, owner_zh, park = c["id"], c["zh"], c["park"]
        else:
            firm = ctx.firms[rng.choice(ctx.firms_by_industry.get(industry) or [0])]
            owner, owner_zh, park = firm.id, firm.zh, firm.park
        fid = f"facility-{k + 1:03d}"
        g.add_node(
            "Facility",
            {
                "id": fid,
                "name_zh": f"{owner_zh}{zh}",
                "name_en": en,
                "kind": kind,
                "capacity": rng.choice([20, 24, 30, 40, 50, 60]),
                "equipment": equipment,
                "address": owner_zh,
            },
        )
        g.add_rel("OWNED_BY", "Facility", fid, owner_kind, owner)
        if park:
            g.add_rel("LOCATED_IN", "Facility", fid, "Park", park)
        out.append(fid)
    return out


def _training_needs(ctx: Context, g: SeedGraph, rng: random.Random) -> list[tuple[str, str, date]]:
    out: list[tuple[str, str, date]] = []
    for k in range(ctx.sizes.training_needs):
        firm = rng.choice(ctx.firms)
        track = ctx.tracks[rng.choice(firm.tracks)]
        skills = rng.sample(track.skills, min(len(track.skills), rng.randint(1, 3)))
        created = _between(rng, HISTORY_START, REFERENCE_DATE - timedelta(days=10))
        deadline = created + timedelta(days=rng.randint(30, 120))
        seats = rng.randint(5, 40)
        names = "、".join(ctx.vocab.skill_by_id[s].zh for s in skills)
        nid = f"need-{k + 1:05d}"
        g.add_node(
            "TrainingNeed",
            {
                "id": nid,
                "title": f"{names}培训需求（{seats}人）",
                "description": f"{firm.zh}需为{seats}名员工开展{names}培训，"
                f"希望在{_d(deadline)}前开班。",
                "seats": seats,
                "deadline": _d(deadline),
                "status": "open" if deadline > REFERENCE_DATE else "closed",
                "created_at": _ts(created, rng),
            },
        )
        g.add_rel("RAISED_BY", "TrainingNeed", nid, "Firm", firm.id)
        for sid in skills:
            g.add_rel("NEEDS", "TrainingNeed", nid, "Skill", sid, level=rng.randint(2, 4))
        out.append((nid, skills[0], created))
    return out


def _courses(
    ctx: Context,
    g: SeedGraph,
    rng: random.Random,
    teachers: list[tuple[str, str, list[str]]],
    needs: list[tuple[str, str, date]],
) -> list[tuple[str, str, bool]]:
    """Courses with their enrolments pre-assigned to people. Returns (id, industry, subsidised)."""
    vocab = ctx.vocab
    track_of_skill: dict[str, list[int]] = defaultdict(list)
    for ti, t in enumerate(ctx.tracks):
        for sid in t.skills:
            track_of_skill[sid].append(ti)
    teacher_of_skill: dict[str, list[str]] = defaultdict(list)
    for tid, _, expertise in teachers:
        for sid in expertise:
            teacher_of_skill[sid].append(tid)
    need_of_skill: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for nid, sid, created in needs:
        need_of_skill[sid].append((nid, created))
    providers: list[tuple[str, str, tuple[str, ...]]] = [
        ("School", s.id, s.industries) for s in ctx.data.schools
    ] + [("TrainingCentre", c, tuple(i.key for i in ctx.data.industries)) for c in ctx.centres]
    by_skill_level: dict[str, list[tuple[int, str, date]]] = defaultdict(list)
    out: list[tuple[str, str, bool]] = []
    for k in range(ctx.sizes.courses):
        p_label, p_id, p_inds = rng.choices(
            providers, weights=[3] * len(ctx.data.schools) + [5] * len(ctx.centres)
        )[0]
        industry = rng.choice(p_inds)
        pool = [t for t in ctx.tracks if t.industry == industry] or ctx.tracks
        track = rng.choice(pool)
        main = rng.choice(track.skills[: max(1, track.direct)])
        extra = [s for s, w in vocab.neighbours.get(main, []) if w >= 0.5][: rng.randint(0, 2)]
        skills = [main, *extra]
        level = rng.choices([1, 2, 3, 4], weights=[3, 4, 3, 1])[0]
        hours = rng.choice(
            {1: [16, 24, 32, 40], 2: [40, 48, 64, 80], 3: [64, 80, 96, 120], 4: [96, 120, 160]}[
                level
            ]
        )
        seats = rng.choice([20, 24, 30, 36, 40, 50])
        start = _between(
            rng, HISTORY_START - timedelta(days=30), REFERENCE_DATE + timedelta(days=90)
        )
        weeks = max(1, hours // rng.choice([8, 16, 24]))
        end = start + timedelta(days=7 * weeks - 1)
        if end < REFERENCE_DATE:
            status = "completed"
        elif start <= REFERENCE_DATE:
            status = "running"
        else:
            status = "open"
        main_skill = vocab.skill_by_id[main]
        cost = float(round(hours * rng.uniform(25, 45), -1))
        subsidised = rng.random() < 0.6
        subsidy = float(round(min(cost * 0.8, 1500.0), -1)) if subsidised else 0.0
        schedule = rng.choice(
            [
                "每周六、周日 09:00-16:00 / Sat and Sun 09:00-16:00",
                "周一至周五 18:30-21:00 / Weekday evenings 18:30-21:00",
                "周一至周五 全天脱产 / Full-time, Monday to Friday",
                "每周二、四 14:00-17:30 / Tue and Thu 14:00-17:30",
            ]
        )
        mode = (
            "online"
            if industry == "digital_economy" and rng.random() < 0.4
            else rng.choices(["in_person", "blended"], weights=[4, 1])[0]
        )
        cid = f"course-{k + 1:05d}"
        extra_zh = "、".join(vocab.skill_by_id[s].zh for s in extra)
        extra_en = ", ".join(vocab.skill_by_id[s].en for s in extra)
        # Enrolments: people whose track uses one of the course's skills.
        want = seats if status != "open" else round(seats * rng.uniform(0.2, 0.8))
        want = min(seats, max(0, round(want * rng.uniform(0.6, 1.0))))
        candidates = sorted({ti for s in skills for ti in track_of_skill.get(s, [])})
        chosen: set[int] = set()
        taken = 0
        for _ in range(want * 3):
            if len(chosen) >= want or not candidates:
                break
            person = _sample_people(ctx, rng.choice(candidates), rng)
            if person is None or person in chosen:
                continue
            chosen.add(person)
            enrolled_on = start - timedelta(days=rng.randint(3, 40))
            if status == "completed":
                dropped = rng.random() < 0.12
                st, done = ("dropped", None) if dropped else ("completed", end)
            else:
                st, done = "enrolled", None
            taken += st != "dropped"
            ctx.events.setdefault(person, []).append(
                Event(
                    "enrol",
                    cid,
                    enrolled_on,
                    {
                        "status": st,
                        "completed_on": done,
                        "skills": skills,
                        "level": level,
                        "hours": hours,
                        "title": f"{main_skill.zh}（{LEVEL_NAMES_ZH[str(level)]}）",
                        "provider": (p_label, p_id),
                    },
                )
            )
        g.add_node(
            "Course",
            {
                "id": cid,
                "title_zh": f"{main_skill.zh}（{LEVEL_NAMES_ZH[str(level)]}）",
                "title_en": f"{main_skill.en} ({LEVEL_NAMES_EN[str(level)]})",
                "description": f"{hours}学时，讲授{main_skill.zh}"
                + (f"，兼顾{extra_zh}" if extra else "")
                + f"。 / {hours} hours of {main_skill.en}"
                + (f", with {extra_en}" if extra else "")
                + ".",
                "hours": hours,
                "seats": seats,
                "seats_taken": taken,
                "schedule": schedule,
                "start_date": _d(start),
                "end_date": _d(end),
                "cost": cost,
                "subsidy": subsidy,
                "mode": mode,
                "status": status,
                "shared": rng.random() < 0.7,
            },
        )
        g.add_rel("OFFERED_BY", "Course", cid, p_label, p_id)
        for i, sid in enumerate(skills):
            g.add_rel(
                "TEACHES", "Course", cid, "Skill", sid, level=level if i == 0 else max(1, level - 1)
            )
        tutors = teacher_of_skill.get(main) or [t[0] for t in teachers]
        g.add_rel("TAUGHT_BY", "Course", cid, "Teacher", rng.choice(tutors))
        for nid, created in need_of_skill.get(main, []):
            if created < start and rng.random() < 0.5:
                g.add_rel("ANSWERS", "Course", cid, "TrainingNeed", nid)
                break
        for lower_level, lower_id, lower_start in by_skill_level[main]:
            if lower_level == level - 1 and lower_start < start:
                g.add_rel("PREREQUISITE_OF", "Course", lower_id, "Course", cid)
                break
        by_skill_level[main].append((level, cid, start))
        out.append((cid, industry, subsidised))
    return out


def _policies(ctx: Context, g: SeedGraph, courses: list[tuple[str, str, bool]]) -> None:
    for p in ctx.data.policies:
        g.add_node(
            "SubsidyPolicy",
            {
                "id": p["id"],
                "name_zh": p["zh"],
                "name_en": p["en"],
                "region": p["region"],
                "kind": p["kind"],
                "amount": float(p["amount"]),
                "conditions": p["conditions"],
                "valid_from": str(p["valid_from"]),
                "valid_until": None,
                "source": p["source"],
            },
        )
        g.add_rel("ISSUED_POLICY", "GovernmentBody", GOV_ID, "SubsidyPolicy", p["id"])
        for cid, industry, subsidised in courses:
            if not subsidised:
                continue
            if p["id"] == "policy-training-subsidy" or (
                p["id"] == "policy-digital-skills" and industry == "digital_economy"
            ):
                g.add_rel("SUBSIDISES", "SubsidyPolicy", p["id"], "Course", cid)


_KIND_WORDS = {
    "job": ("", ""),
    "placement": ("实习生", " intern"),
    "apprenticeship": ("学徒", " apprentice"),
}


def _vacancies(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    vocab = ctx.vocab
    weights = [{"large": 5, "medium": 2, "small": 1}[f.size] for f in ctx.firms]
    for k in range(ctx.sizes.vacancies):
        fi = rng.choices(range(len(ctx.firms)), weights=weights)[0]
        firm = ctx.firms[fi]
        ti = rng.choice(firm.tracks)
        track = ctx.tracks[ti]
        occ = vocab.occupation(track.code)
        assert occ is not None
        kind = rng.choices(["job", "placement", "apprenticeship"], weights=[13, 4, 3])[0]
        created = _between(rng, HISTORY_START, REFERENCE_DATE - timedelta(days=7))
        closing = created + timedelta(days=rng.randint(30, 90))
        start = closing + timedelta(days=rng.randint(7, 45))
        n_req = rng.randint(3, min(6, len(track.skills)))
        core = track.skills[: max(2, track.direct)]
        chosen = rng.sample(core, min(len(core), rng.randint(2, 3)))
        rest = [s for s in track.skills if s not in chosen]
        chosen += rng.sample(rest, min(len(rest), n_req - len(chosen)))
        base_level = {"job": 3, "placement": 1, "apprenticeship": 1}[kind]
        reqs = [
            (
                sid,
                round(rng.uniform(0.75, 1.0) if i < 2 else rng.uniform(0.3, 0.7), 2),
                max(1, min(5, base_level + rng.choice([-1, 0, 0, 1]))),
            )
            for i, sid in enumerate(chosen)
        ]
        if kind == "job":
            low = rng.randrange(4500, 9000, 500) + (2000 if track.engineer else 0)
            pay = (float(low), float(low + rng.randrange(1000, 5000, 500)), "month")
            duration = None
        elif kind == "placement":
            low = rng.randrange(1800, 3200, 100)
            pay = (float(low), float(low + rng.randrange(0, 1000, 100)), "stipend_month")
            duration = rng.choice([3, 4, 6])
        else:
            low = rng.randrange(3000, 4800, 100)
            pay = (float(low), float(low + rng.randrange(500, 1500, 100)), "month")
            duration = rng.choice([12, 18, 24, 36])
        word_zh, word_en = _KIND_WORDS[kind]
        title = f"{plain_name(occ.name_zh)}{word_zh}"
        title_en = f"{occ.name_en or plain_name(occ.name_zh)}{word_en}"
        places = rng.choice([1, 1, 2, 2, 3, 4, 5, 8, 10])
        skills_zh = "、".join(vocab.skill_by_id[s].zh for s, _, _ in reqs)
        vid = f"vac-{k + 1:06d}"
        park = ctx.data.park(firm.park)
        g.add_node(
            "Vacancy",
            {
                "id": vid,
                "title": title,
                "title_en": title_en,
                "description": f"{firm.zh}招聘{title}{places}名。{occ.definition}"
                f"要求掌握：{skills_zh}。",
                "kind": kind,
                "pay_min": pay[0],
                "pay_max": pay[1],
                "pay_unit": pay[2],
                "shifts": rng.choice(SHIFTS),
                "accommodation": rng.random() < (0.6 if kind != "job" else 0.35),
                "duration_months": duration,
                "start_date": _d(start),
                "closing_date": _d(closing),
                "places": places,
                "location": f"{park.zh}，{firm.address}",
                "status": "open" if closing >= REFERENCE_DATE else "closed",
                "created_at": _ts(created, rng),
            },
        )
        g.add_rel("POSTED_BY", "Vacancy", vid, "Firm", firm.id)
        g.add_rel("FOR_OCCUPATION", "Vacancy", vid, "Occupation", track.code)
        for sid, importance, level in reqs:
            g.add_rel("REQUIRES", "Vacancy", vid, "Skill", sid, importance=importance, level=level)
        doc = VacancyDoc(vid, fi, ti, kind, created, closing, places, reqs, firm.address)
        ctx.vacancies.append(doc)
        ctx.vac_by_track.setdefault(ti, []).append(k)
        ctx.vac_by_industry.setdefault(track.industry, []).append(k)


def _org_of(ctx: Context, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["School", "Firm", "TrainingCentre"])
    if kind == "School":
        return kind, rng.choice(ctx.data.schools).id
    if kind == "Firm":
        return kind, rng.choice(ctx.firms).id
    return kind, rng.choice(ctx.centres)


def _bookings(
    ctx: Context,
    g: SeedGraph,
    rng: random.Random,
    facilities: list[str],
    teachers: list[tuple[str, str, list[str]]],
) -> None:
    for k in range(ctx.sizes.bookings):
        bid = f"booking-{k + 1:05d}"
        kind = "facility" if rng.random() < 0.7 else "teacher"
        created = _between(rng, HISTORY_START, REFERENCE_DATE - timedelta(days=1))
        slot_day = created + timedelta(days=rng.randint(3, 45))
        hour = rng.choice([8, 9, 13, 14])
        length = rng.choice([2, 3, 4, 8])
        if slot_day < REFERENCE_DATE:
            status = rng.choices(["approved", "declined"], weights=[5, 1])[0]
        else:
            status = rng.choices(["requested", "approved", "declined"], weights=[3, 4, 1])[0]
        g.add_node(
            "Booking",
            {
                "id": bid,
                "kind": kind,
                "slot_start": f"{_d(slot_day)}T{hour:02d}:00:00",
                "slot_end": f"{_d(slot_day)}T{min(hour + length, 21):02d}:00:00",
                "seats": rng.choice([10, 20, 24, 30, 40]),
                "status": status,
                "created_at": _ts(created, rng),
            },
        )
        if kind == "facility":
            g.add_rel("BOOKS", "Booking", bid, "Facility", rng.choice(facilities))
        else:
            g.add_rel("BOOKS", "Booking", bid, "Teacher", rng.choice(teachers)[0])
        org_kind, org = _org_of(ctx, rng)
        g.add_rel("REQUESTED_BY", "Booking", bid, org_kind, org)


_AWARDS = (
    (1, "一等奖 / First prize"),
    (3, "二等奖 / Second prize"),
    (6, "三等奖 / Third prize"),
    (15, "优秀奖 / Honourable mention"),
)


def _tracks_for(ctx: Context, code: str) -> list[int]:
    exact = [ti for ti, t in enumerate(ctx.tracks) if t.code == code]
    if exact:
        return exact
    occ = ctx.vocab.occupation(code)
    group = occ.unit_group if occ else code[:7]
    return [ti for ti, t in enumerate(ctx.tracks) if t.code.startswith(group)] or [0]


def _competitions(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    for c in ctx.data.competitions:
        year, month = (int(x) for x in str(c["month"]).split("-"))
        held = date(year, month, rng.randint(5, 25))
        g.add_node(
            "Competition",
            {
                "id": c["id"],
                "name_zh": c["zh"],
                "name_en": c["en"],
                "level": c["level"],
                "held_on": _d(held),
            },
        )
        if ctx.vocab.occupation(c["occupation"]):
            g.add_rel("FOR_OCCUPATION", "Competition", c["id"], "Occupation", c["occupation"])
        if c["level"] == "enterprise":
            firm = next((f for f in ctx.firms if f.size == "large"), ctx.firms[0])
            g.add_rel("ORGANISED_BY", "Competition", c["id"], "Firm", firm.id)
        else:
            g.add_rel("ORGANISED_BY", "Competition", c["id"], "GovernmentBody", GOV_ID)
        pool = _tracks_for(ctx, c["occupation"])
        entrants: list[int] = []
        for _ in range(ctx.sizes.competition_entrants * 4):
            if len(entrants) >= ctx.sizes.competition_entrants:
                break
            i = _sample_people(ctx, rng.choice(pool), rng)
            if i is None or i in entrants:
                continue
            core = _core(ctx, i)
            if core.role == "student" and c["level"] == "enterprise":
                continue
            entrants.append(i)
        for rank, i in enumerate(entrants, start=1):
            award = next((a for cut, a in _AWARDS if rank <= cut), "参赛 / Participant")
            ctx.events.setdefault(i, []).append(
                Event(
                    "compete",
                    c["id"],
                    held,
                    {
                        "rank": rank,
                        "award": award,
                        "level": c["level"],
                        "name": c["zh"],
                        "track": pool[0],
                    },
                )
            )


def _assessments(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    """Skill evaluation sessions (N4 methods) and who sat them; a pass becomes the
    person's skill-level credential on that day."""
    self_assessing = [f for f in ctx.firms if f.self_skills]
    levels = (
        "intermediate_worker",
        "senior_worker",
        "senior_worker",
        "technician",
        "senior_technician",
    )
    for k in range(ctx.sizes.assessments):
        aid = f"assessment-{k + 1:04d}"
        ti = rng.randrange(len(ctx.tracks))
        track = ctx.tracks[ti]
        level = rng.choice(levels)
        held = _between(rng, HISTORY_START, REFERENCE_DATE + timedelta(days=60))
        methods = ["skill_operation", "theory_exam"]
        if SKILL_RANK[level] >= SKILL_RANK["technician"]:
            methods += ["performance_review", "interview_defence"]
        capacity = rng.choice([20, 30, 40, 60])
        g.add_node(
            "Assessment",
            {
                "id": aid,
                "level": level,
                "methods": methods,
                "held_on": _d(held),
                "status": "completed" if held < REFERENCE_DATE else "scheduled",
                "capacity": capacity,
            },
        )
        g.add_rel("FOR_OCCUPATION", "Assessment", aid, "Occupation", track.code)
        firms = [f for f in self_assessing if ti in f.tracks]
        if firms and rng.random() < 0.5:
            g.add_rel("ORGANISED_BY", "Assessment", aid, "Firm", rng.choice(firms).id)  # N8
        elif rng.random() < 0.5:
            g.add_rel("ORGANISED_BY", "Assessment", aid, "TrainingCentre", rng.choice(ctx.centres))
        else:
            g.add_rel("ORGANISED_BY", "Assessment", aid, "GovernmentBody", GOV_ID)
        if held >= REFERENCE_DATE:
            continue
        need = LEVEL_YEARS[level] + 1.0
        seen: set[int] = set()
        for _ in range(capacity * 6):
            if len(seen) >= round(capacity * rng.uniform(0.5, 0.95)):
                break
            i = _sample_people(ctx, ti, rng)
            if i is None or i in seen:
                continue
            core = _core(ctx, i)
            if core.role != "worker" or core.experience < need or core.work_start is None:
                continue
            if any(e.kind == "took" for e in ctx.events.get(i, [])):
                continue  # one sitting per person keeps their ladder simple
            seen.add(i)
            score = round(min(100.0, max(20.0, rng.gauss(72, 12))), 1)
            ctx.events.setdefault(i, []).append(
                Event(
                    "took",
                    aid,
                    held,
                    {"level": level, "score": score, "passed": score >= 60, "track": ti},
                )
            )


def _projects(ctx: Context, g: SeedGraph, rng: random.Random) -> None:
    """Seed 004: 22 organisations signed the kick-off projects."""
    parties: list[list[tuple[str, str]]] = []
    used: set[str] = set()
    for p in ctx.data.projects:
        ind = p["industry"]
        schools = [s.id for s in ctx.data.schools if ind in s.industries and s.id not in used]
        firms = [
            ctx.firms[i].id
            for i in ctx.firms_by_industry.get(ind, [])
            if ctx.firms[i].id not in used
        ]
        chosen = [("School", x) for x in schools[:1]] + [("Firm", x) for x in firms[:1]]
        used.update(x for _, x in chosen)
        parties.append(chosen)
    # Top up to exactly 22 distinct signatories: the bureau, parks and more firms.
    extra: list[tuple[str, str]] = (
        [("GovernmentBody", GOV_ID)]
        + [("Park", p.id) for p in ctx.data.parks]
        + [("TrainingCentre", c) for c in ctx.centres]
        + [("Firm", f.id) for f in ctx.firms]
    )
    k = 0
    for label, oid in extra:
        if len(used) >= 22:
            break
        if oid in used:
            continue
        parties[k % len(parties)].append((label, oid))
        used.add(oid)
        k += 1
    for p, signers in zip(ctx.data.projects, parties, strict=True):
        pid = p["id"]
        goals = str(p["goals"])
        g.add_node(
            "Project",
            {
                "id": pid,
                "name_zh": p["zh"],
                "name_en": p["en"],
                "kind": p["kind"],
                "goals": goals,
                "status": rng.choice(["in_progress", "in_progress", "completed"]),
                "signed_on": FOUNDED,
                "results": None,
            },
        )
        for n, (label, oid) in enumerate(signers):
            g.add_rel(
                "SIGNED",
                "Project",
                pid,
                label,
                oid,
                role="lead" if n == 0 else "partner",
                signed_on=FOUNDED,
            )


# --------------------------------------------------------------------------- people


def _people(ctx: Context, start: int, stop: int) -> SeedGraph:
    g = SeedGraph()
    for i in range(start, stop):
        _person(ctx, g, i)
    return g


def _skill_level_name(occ_zh: str, level: str) -> str:
    return f"{occ_zh} {LABELS[level]['zh']} 职业技能等级证书"


def _person(ctx: Context, g: SeedGraph, i: int) -> None:
    core = _core(ctx, i)
    rng = random.Random(ctx.seed * 1_000_003 + i + 7_919_000_000)
    pid = _person_id(i)
    track = ctx.tracks[core.track]
    vocab = ctx.vocab
    occ = vocab.occupation(track.code)
    assert occ is not None
    occ_zh = plain_name(occ.name_zh)
    events = ctx.events.get(i, [])
    name, pinyin = person_name(rng, core.gender)
    exp = core.experience

    # Skills: the track's core skills first; proficiency 1-5 grows with experience.
    base = 1 + min(3, int(exp / 4)) if core.role == "worker" else 1
    levels: dict[str, int] = {}
    n_sk = rng.randint(2, 4) if core.role == "student" else rng.randint(3, 7)
    for rank, sid in enumerate(track.skills[: n_sk + 2]):
        if len(levels) >= n_sk:
            break
        if rank < max(1, track.direct) or rng.random() < 0.6:
            levels[sid] = max(1, min(5, base + rng.choice([-1, 0, 0, 1])))
    sources = dict.fromkeys(levels, "self")
    since_of = dict.fromkeys(levels, core.work_start or core.study_start)
    for ev in events:
        if ev.kind == "enrol" and ev.props["status"] == "completed":
            for sid in ev.props["skills"]:
                if levels.get(sid, 0) < ev.props["level"]:
                    levels[sid] = min(5, ev.props["level"])
                    sources[sid] = "course"
                    since_of[sid] = ev.props["completed_on"]
        if ev.kind == "compete":
            boost = 5 if ev.props["rank"] <= 3 else 4 if ev.props["rank"] <= 15 else 3
            for sid in ctx.tracks[ev.props["track"]].skills[:2]:
                if levels.get(sid, 0) < boost:
                    levels[sid] = boost
                    sources[sid] = "competition"
                    since_of[sid] = ev.on
    for sid, lvl in levels.items():
        g.add_rel(
            "HAS_SKILL",
            "Person",
            pid,
            "Skill",
            sid,
            level=lvl,
            source=sources[sid],
            since=_d(since_of[sid]),
        )

    creds: list[dict[str, Any]] = []

    def credential(
        kind: str,
        cname: str,
        level: str | None,
        obtained: date,
        issuer: tuple[str, str],
        ladder: str | None = None,
        occupation: str | None = None,
        points: float | None = None,
        series: str | None = None,
    ) -> None:
        cid = f"cred-{i + 1:06d}-{len(creds) + 1:02d}"
        creds.append({"id": cid})
        g.add_node(
            "Credential",
            {
                "id": cid,
                "kind": kind,
                "name": cname,
                "level": level,
                "series": series,
                "specialty": track.specialty,
                "obtained": _d(obtained),
                "points": points,
            },
        )
        g.add_rel("HOLDS", "Person", pid, "Credential", cid)
        g.add_rel("ISSUED_BY", "Credential", cid, issuer[0], issuer[1])
        if ladder and level:
            g.add_rel("AT_LEVEL", "Credential", cid, "Qualification", _qual_id(ladder, level))
        if occupation:
            g.add_rel("IN_OCCUPATION", "Credential", cid, "Occupation", occupation)

    # Employment history at member firms of the track's industry.
    firms = ctx.firms_by_industry.get(track.industry) or list(range(len(ctx.firms)))
    employers: list[int] = []
    if core.role == "worker" and core.work_start is not None:
        n_jobs = 1 if exp < 3 else rng.randint(1, min(4, 1 + int(exp / 6)))
        cuts = sorted(
            _between(
                rng, core.work_start + timedelta(days=365), REFERENCE_DATE - timedelta(days=90)
            )
            for _ in range(n_jobs - 1)
        )
        starts = [core.work_start, *cuts]
        left_last = _between_jobs(ctx, core, starts[-1])
        for j, from_date in enumerate(starts):
            to_date = starts[j + 1] - timedelta(days=1) if j + 1 < len(starts) else left_last
            hiring = [f for f in firms if core.track in ctx.firms[f].tracks] or firms
            fi = rng.choice(hiring)
            employers.append(fi)
            g.add_rel(
                "WORKS_AT",
                "Person",
                pid,
                "Firm",
                ctx.firms[fi].id,
                from_date=_d(from_date),
                to_date=_d(to_date) if to_date else None,
                post=occ_zh,
                occupation=track.code,
            )
    current = ctx.firms[employers[-1]] if employers else None

    # Schooling: a student's current programme, a worker's degree.
    ind = next(x for x in ctx.data.industries if x.key == track.industry)
    programme_zh, _ = rng.choice(ind.programmes)
    graduates = date(core.study_start.year + core.study_years, 6, 30)
    if core.role == "student":
        g.add_rel(
            "STUDIES_AT",
            "Person",
            pid,
            "School",
            core.school.id,
            programme=programme_zh,
            enrolled_on=_d(core.study_start),
            graduates_on=_d(graduates),
        )
    else:
        degree = {"university": "学士学位", "higher_vocational": "大专毕业证书"}.get(
            core.school.kind, "中专毕业证书"
        )
        credential(
            "degree",
            f"{core.school.zh} {programme_zh} {degree}",
            None,
            graduates,
            ("School", core.school.id),
        )

    def skill_issuer(on: date) -> tuple[str, str]:
        if current and current.self_skills and on >= date(2025, 1, 1) and rng.random() < 0.5:
            return ("Firm", current.id)  # N8: qualified large firms evaluate their own staff
        if rng.random() < 0.3:
            return ("TrainingCentre", rng.choice(ctx.centres))
        return ("GovernmentBody", GOV_ID)

    # Skill-level ladder, in ladder order, each rung at least a year after the last (N6).
    took = next((e for e in events if e.kind == "took"), None)
    ladder: list[tuple[str, date]] = []
    if core.role == "student":
        if rng.random() < 0.35 and core.study_start < REFERENCE_DATE - timedelta(days=400):
            on = _between(
                rng, core.study_start + timedelta(days=300), REFERENCE_DATE - timedelta(days=30)
            )
            ladder.append(
                (
                    "junior_worker"
                    if core.school.kind == "secondary_vocational"
                    else "intermediate_worker",
                    on,
                )
            )
    elif core.work_start is not None and (not track.engineer or took):
        reach = [lvl for lvl in SKILL_LEVELS[:5] if exp >= LEVEL_YEARS[lvl] * rng.uniform(0.9, 1.4)]
        top = len(reach) - 1
        if took:
            target = SKILL_RANK[took.props["level"]]
            top = target if took.props["passed"] else target - 1
        if top >= 0:
            entry = 0 if core.school.kind != "university" else 1
            rungs = list(range(min(entry, top), top + 1))
            if took and took.props["passed"]:
                end = took.on  # the sitting they passed is the top rung's date
            else:
                end = (took.on if took else REFERENCE_DATE) - timedelta(days=60)
            dates: list[date] = []
            cursor = end
            for pos, _rung in enumerate(reversed(rungs)):
                if pos == 0 and took and took.props["passed"]:
                    dates.append(cursor)
                    continue
                gap = rng.uniform(1.05, 4.5) if pos else rng.uniform(0.1, 2.0)
                cursor = cursor - timedelta(days=round(gap * 365.25))
                dates.append(cursor)
            dates.reverse()
            floor = core.work_start - timedelta(days=200)
            if dates and dates[0] < floor:
                # Not enough years for every rung: keep the top ones that fit, a year apart.
                keep = [(r, d) for r, d in zip(rungs, dates, strict=True) if d >= floor]
                rungs, dates = [r for r, _ in keep], [d for _, d in keep]
            ladder = [(SKILL_LEVELS[r], d) for r, d in zip(rungs, dates, strict=True)]
    for level, on in ladder:
        credential(
            "skill_level",
            _skill_level_name(occ_zh, level),
            level,
            on,
            skill_issuer(on),
            ladder="skill_level",
            occupation=track.code,
        )
    for ev in events:
        if ev.kind == "took":
            exempt = (
                ["theory_test"]
                if core.school.kind in ("university", "higher_vocational") and rng.random() < 0.4
                else []
            )
            g.add_rel(
                "TOOK",
                "Person",
                pid,
                "Assessment",
                ev.target,
                score=ev.props["score"],
                passed=ev.props["passed"],
                exempt=exempt,
            )

    # Titles for engineering staff, in ladder order; some cross the overpass (N5 / S1).
    title_top: str | None = None
    if core.role == "worker" and track.engineer and core.work_start is not None and not took:
        cursor = core.work_start
        for level in TITLE_LEVELS:
            need = TITLE_YEARS[level] * rng.uniform(1.0, 1.3)
            on = _add_years(core.work_start, need)
            if on > REFERENCE_DATE - timedelta(days=30):
                break
            on = max(on, cursor + timedelta(days=366))
            if on > REFERENCE_DATE - timedelta(days=30):
                break
            issuer = (
                ("Firm", current.id)
                if current and current.self_titles and rng.random() < 0.5
                else ("GovernmentBody", GOV_ID)
            )
            credential(
                "title",
                f"{LABELS[level]['zh']}（工程系列）",
                level,
                on,
                issuer,
                ladder="title",
                series="engineering",
            )
            cursor, title_top = on, level
        if title_top in TITLE_TO_SKILL and rng.random() < 0.12:
            # S1 (Shenyang, from 2024-06-26): a titled engineer takes the matching skill level.
            on = max(
                cursor + timedelta(days=366), SHENYANG_S1 + timedelta(days=rng.randint(30, 700))
            )
            if on < REFERENCE_DATE:
                level = TITLE_TO_SKILL[title_top]
                credential(
                    "skill_level",
                    _skill_level_name(occ_zh, level),
                    level,
                    on,
                    skill_issuer(on),
                    ladder="skill_level",
                    occupation=track.code,
                )
    elif ladder and ladder[-1][0] in SKILL_TO_TITLE and rng.random() < 0.08:
        # N1 / G2: a senior worker or above takes part in title review two years on.
        level_name, got = ladder[-1]
        on = got + timedelta(days=rng.randint(740, 1200))
        if on < REFERENCE_DATE:
            title = SKILL_TO_TITLE[level_name]
            credential(
                "title",
                f"{LABELS[title]['zh']}（工程系列）",
                title,
                on,
                ("GovernmentBody", GOV_ID),
                ladder="title",
                series="engineering",
            )

    # Courses, competitions.
    for ev in events:
        if ev.kind == "enrol":
            g.add_rel(
                "ENROLLED_IN",
                "Person",
                pid,
                "Course",
                ev.target,
                status=ev.props["status"],
                enrolled_on=_d(ev.on),
                completed_on=_d(ev.props["completed_on"]) if ev.props["completed_on"] else None,
            )
            if ev.props["status"] == "completed":
                credential(
                    "course",
                    f"{ev.props['title']} 结业证书",
                    None,
                    ev.props["completed_on"],
                    ev.props["provider"],
                    points=round(ev.props["hours"] / 16, 1),
                )
        elif ev.kind == "compete":
            g.add_rel(
                "COMPETED_IN",
                "Person",
                pid,
                "Competition",
                ev.target,
                rank=ev.props["rank"],
                award=ev.props["award"],
            )
            if ev.props["rank"] <= 6 and ev.props["level"] in (
                "provincial",
                "national",
                "worldskills",
            ):
                credential(
                    "award",
                    f"{ev.props['name']} {ev.props['award'].split(' / ')[0]}",
                    None,
                    ev.on,
                    ("GovernmentBody", GOV_ID),
                )

    # The person node.
    district = ctx.data.park(current.park).district if current else core.school.district
    years_txt = f"{exp:.0f}年经验" if core.role == "worker" else f"{core.school.zh}在读"
    top_skills = "、".join(vocab.skill_by_id[s].zh for s in list(levels)[:3])
    latest = ladder[-1][0] if ladder else None
    summary = (
        f"{occ_zh}，{years_txt}"
        + (f"，持{LABELS[latest]['zh']}证书" if latest else "")
        + (f"，熟悉{top_skills}。" if top_skills else "。")
    )
    first = _applications(ctx, g, rng, i, core, levels)
    dated = [e.on for e in events if e.kind == "enrol"] + ([first] if first else [])
    created = _between(rng, date(2024, 8, 17), min([REFERENCE_DATE - timedelta(days=1), *dated]))
    g.add_node(
        "Person",
        {
            "id": pid,
            "name": name,
            "role": core.role,
            "gender": core.gender,
            "birth_year": core.birth_year,
            "district": district,
            "summary": summary,
            "email": f"{pinyin.replace(' ', '').lower()}{i + 1}@mail.example.com",
            "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            "visible_to_employers": rng.random() < 0.85,
            "visible_to_schools": rng.random() < 0.9,
            "recommendations_enabled": rng.random() < 0.8,
            "relevant_experience_years": round(exp, 1),
            "created_at": _ts(created, rng),
        },
    )


class _Timeline:
    """An application's status history; a step that would fall after the reference
    date does not happen (the application is still waiting there)."""

    def __init__(self, rng: random.Random, applied: date, by: str) -> None:
        self.rng = rng
        self.status = "applied"
        self.at = applied
        self.history = [{"status": "applied", "at": _ts(applied, rng), "by": by}]
        self.interview_at: str | None = None

    def step(self, new: str, days: tuple[int, int], by: str) -> bool:
        when = self.at + timedelta(days=self.rng.randint(*days))
        if when >= REFERENCE_DATE:
            return False
        self.status, self.at = new, when
        self.history.append({"status": new, "at": _ts(when, self.rng), "by": by})
        return True


def _fit(ctx: Context, levels: dict[str, int], reqs: list[tuple[str, float, int]]) -> float:
    total = sum(imp for _, imp, _ in reqs) or 1.0
    got = 0.0
    for sid, imp, lvl in reqs:
        if sid in levels:
            got += imp * min(1.0, levels[sid] / lvl)
            continue
        near = max((w for o, w in ctx.vocab.neighbours.get(sid, []) if o in levels), default=0.0)
        got += imp * 0.5 * near
    return got / total


def _applications(
    ctx: Context, g: SeedGraph, rng: random.Random, i: int, core: _Core, levels: dict[str, int]
) -> date | None:
    """Applications in the twelve months, with outcomes that depend on skill fit; returns
    the day of the first one (the person registered before it)."""
    p_apply = 0.55 if core.role == "student" else 0.35
    if rng.random() >= p_apply or not ctx.vacancies:
        return None
    pid = _person_id(i)
    track = ctx.tracks[core.track]
    kinds = (
        ("placement", "apprenticeship")
        if core.role == "student"
        else ("job", "job", "apprenticeship")
    )
    seen: set[int] = set()
    first: date | None = None
    for n in range(rng.randint(1, 5)):
        r = rng.random()
        pool = (
            ctx.vac_by_track.get(core.track)
            if r < 0.65
            else ctx.vac_by_industry.get(track.industry)
            if r < 0.9
            else None
        )
        vi = rng.choice(pool) if pool else rng.randrange(len(ctx.vacancies))
        vac = ctx.vacancies[vi]
        if vi in seen or (vac.kind not in kinds and rng.random() < 0.85):
            continue
        seen.add(vi)
        firm = ctx.firms[vac.firm]
        applied = _between(rng, vac.created, min(vac.closing, REFERENCE_DATE - timedelta(days=1)))
        first = applied if first is None else min(first, applied)
        score = _fit(ctx, levels, vac.reqs) + (0.15 if vac.track == core.track else 0.0)
        score += 0.05 * min(core.experience, 6) / 6 if vac.kind == "job" else 0.0
        score += rng.gauss(0, 0.1)
        t = _Timeline(rng, applied, pid)
        if rng.random() < 0.04:
            t.step("withdrawn", (1, 10), pid)
        elif rng.random() >= _sigmoid(9 * (score - 0.5)):
            t.step("rejected", (3, 15), firm.id)
        elif t.step("shortlisted", (2, 10), firm.id):
            if rng.random() >= 0.8:
                t.step("rejected", (3, 12), firm.id)
            elif t.step("interview", (3, 12), firm.id):
                t.interview_at = t.history[-1]["at"]
                if rng.random() >= _sigmoid(7 * (score - 0.6)):
                    t.step("rejected", (2, 10), firm.id)
                elif t.step("offer", (2, 10), firm.id):
                    if rng.random() < 0.12:
                        t.step("withdrawn", (1, 7), pid)
                    elif ctx.hires[vac.id] >= vac.places:
                        t.step("rejected", (1, 5), firm.id)  # the places were filled meanwhile
                    elif t.step("hired", (2, 14), pid):
                        ctx.hires[vac.id] += 1
        status, history, interview_at = t.status, t.history, t.interview_at
        aid = f"app-{i + 1:06d}-{n + 1}"
        agreement = None
        if status == "hired":
            agreement = {"placement": "tripartite", "apprenticeship": "apprenticeship"}.get(
                vac.kind, "labour_contract"
            )
        g.add_node(
            "Application",
            {
                "id": aid,
                "status": status,
                "created_at": history[0]["at"],
                "updated_at": history[-1]["at"],
                "history": json.dumps(history, ensure_ascii=False),
                "interview_at": interview_at,
                "interview_place": firm.address if interview_at else None,
                "agreement": agreement,
            },
        )
        g.add_rel("APPLIED_BY", "Application", aid, "Person", pid)
        g.add_rel("APPLIED_TO", "Application", aid, "Vacancy", vac.id)
        if vac.kind == "placement" and core.role == "student":
            approved = status in ("offer", "hired")
            g.add_rel(
                "SUPERVISED_BY",
                "Application",
                aid,
                "School",
                core.school.id,
                approved=approved,
                approved_on=history[-1]["at"][:10] if approved else None,
            )
    return first
