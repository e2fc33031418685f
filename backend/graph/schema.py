"""The graph model, declared once.

Both stores are built from these declarations: the embedded store turns them
into node and relationship tables (it needs a declared schema), Neo4j into named
uniqueness constraints and indexes. ``docs/graph-model.md`` describes the same
model for people; ``tests/graph/test_schema_doc.py`` keeps the two in step.

Dates are ISO strings (``YYYY-MM-DD``, timestamps ``YYYY-MM-DDTHH:MM:SS``): they
sort correctly as text and round-trip identically through both stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

PropType = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"]


@dataclass(frozen=True)
class NodeType:
    label: str
    props: dict[str, PropType]
    doc: str
    indexed: tuple[str, ...] = ()

    @property
    def columns(self) -> dict[str, PropType]:
        """Every property, the primary key ``id`` first."""
        return {"id": "STRING", **self.props}


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]
    doc: str
    props: dict[str, PropType] = field(default_factory=dict)


class Label(StrEnum):
    ALLIANCE = "Alliance"
    GOVERNMENT_BODY = "GovernmentBody"
    SCHOOL = "School"
    FIRM = "Firm"
    TRAINING_CENTRE = "TrainingCentre"
    PARK = "Park"
    PERSON = "Person"
    SKILL = "Skill"
    OCCUPATION = "Occupation"
    QUALIFICATION = "Qualification"
    COURSE = "Course"
    VACANCY = "Vacancy"
    APPLICATION = "Application"
    TRAINING_NEED = "TrainingNeed"
    TEACHER = "Teacher"
    FACILITY = "Facility"
    BOOKING = "Booking"
    COMPETITION = "Competition"
    CREDENTIAL = "Credential"
    ASSESSMENT = "Assessment"
    PROJECT = "Project"
    SUBSIDY_POLICY = "SubsidyPolicy"


S: PropType = "STRING"
N: PropType = "INT64"
F: PropType = "DOUBLE"
B: PropType = "BOOLEAN"
L: PropType = "STRING[]"

_ORG = {"name_zh": S, "name_en": S, "status": S, "district": S, "address": S, "joined_on": S}

NODES: tuple[NodeType, ...] = (
    NodeType(
        "Alliance",
        {"name_zh": S, "name_en": S, "city": S, "founded_on": S, "source": S},
        "The alliance itself; every organisation is a MEMBER_OF it.",
    ),
    NodeType(
        "GovernmentBody",
        {**_ORG, "kind": S},
        "A government member, e.g. the Human Resources and Social Security Bureau.",
    ),
    NodeType(
        "School",
        {**_ORG, "kind": S, "students": N},
        "kind: higher_vocational | technician_college | secondary_vocational | university.",
        indexed=("name_zh",),
    ),
    NodeType(
        "Firm",
        {
            **_ORG,
            "uscc": S,
            "industry": S,
            "size": S,
            "self_assessment_titles": B,
            "self_assessment_skills": B,
            "verified": B,
        },
        "A company; uscc is its unified social credit code (统一社会信用代码).",
        indexed=("uscc", "industry"),
    ),
    NodeType(
        "TrainingCentre",
        {**_ORG, "kind": S},
        "A job training centre connecting schools, firms and government support.",
    ),
    NodeType(
        "Park",
        {**_ORG, "administration_zh": S, "administration_en": S},
        "An industrial park; also an alliance member, run by its administration.",
    ),
    NodeType(
        "Person",
        {
            "name": S,
            "role": S,
            "gender": S,
            "birth_year": N,
            "district": S,
            "summary": S,
            "email": S,
            "phone": S,
            "visible_to_employers": B,
            "visible_to_schools": B,
            "recommendations_enabled": B,
            "relevant_experience_years": F,
            "created_at": S,
        },
        "A student or worker (role). Consent flags say who may see them.",
        indexed=("role",),
    ),
    NodeType(
        "Skill",
        {
            "zh": S,
            "en": S,
            "synonyms_zh": L,
            "synonyms_en": L,
            "specialty": S,
            "industry": S,
            "curated": B,
        },
        "A skill with Chinese and English names and the words people use for it.",
        indexed=("zh",),
    ),
    NodeType(
        "Occupation",
        {
            "name_zh": S,
            "name_en": S,
            "unit_group": S,
            "major_group": S,
            "definition": S,
            "aliases": L,
        },
        "A CSCO 2022 level-4 occupation; id is its code, e.g. 6-18-01-01.",
    ),
    NodeType(
        "Qualification",
        {"ladder": S, "level": S, "rank": N, "name_zh": S, "name_en": S, "grade": N},
        "A rung of one of the two ladders: ladder title (职称) or skill_level (职业技能等级).",
    ),
    NodeType(
        "Course",
        {
            "title_zh": S,
            "title_en": S,
            "description": S,
            "hours": N,
            "seats": N,
            "seats_taken": N,
            "schedule": S,
            "start_date": S,
            "end_date": S,
            "cost": F,
            "subsidy": F,
            "mode": S,
            "status": S,
            "shared": B,
        },
        "A course; shared = open seats for other members' students.",
    ),
    NodeType(
        "Vacancy",
        {
            "title": S,
            "title_en": S,
            "description": S,
            "kind": S,
            "pay_min": F,
            "pay_max": F,
            "pay_unit": S,
            "shifts": S,
            "accommodation": B,
            "duration_months": N,
            "start_date": S,
            "closing_date": S,
            "places": N,
            "location": S,
            "status": S,
            "created_at": S,
            "updated_at": S,
        },
        "kind: job | placement | apprenticeship. Pay is a monthly wage or a stipend (pay_unit).",
        indexed=("kind", "status"),
    ),
    NodeType(
        "Application",
        {
            "status": S,
            "created_at": S,
            "updated_at": S,
            "history": S,
            "interview_at": S,
            "interview_place": S,
            "agreement": S,
        },
        "status: applied | shortlisted | interview | offer | hired | rejected | withdrawn;"
        " history is a JSON list of {status, at, by}.",
        indexed=("status",),
    ),
    NodeType(
        "TrainingNeed",
        {"title": S, "description": S, "seats": N, "deadline": S, "status": S, "created_at": S},
        "A firm asks for training; a school or centre answers with a course.",
    ),
    NodeType(
        "Teacher",
        {
            "name": S,
            "title": S,
            "bio": S,
            "available": B,
            "hourly_rate": F,
            "availability": S,
            "created_at": S,
        },
        "A teacher a member shares with the alliance; availability: when, in words.",
    ),
    NodeType(
        "Facility",
        {
            "name_zh": S,
            "name_en": S,
            "kind": S,
            "capacity": N,
            "equipment": L,
            "address": S,
            "open_hours": S,
            "status": S,
            "created_at": S,
        },
        "A training facility with capacity and equipment. open_hours: HH:MM-HH:MM each day"
        " (unset = 08:00-21:00); status: published | withdrawn (unset = published).",
    ),
    NodeType(
        "Booking",
        {
            "kind": S,
            "slot_start": S,
            "slot_end": S,
            "seats": N,
            "status": S,
            "created_at": S,
            "purpose": S,
            "decided_at": S,
            "note": S,
        },
        "A request for a facility slot or a teacher's time:"
        " requested | approved | declined | cancelled.",
        indexed=("status",),
    ),
    NodeType(
        "Competition",
        {"name_zh": S, "name_en": S, "level": S, "held_on": S, "created_at": S},
        "level: enterprise | city | provincial | national | worldskills.",
    ),
    NodeType(
        "Credential",
        {
            "kind": S,
            "name": S,
            "level": S,
            "series": S,
            "specialty": S,
            "obtained": S,
            "points": F,
            "rank": N,
            "award": S,
            "honor": S,
        },
        "What a person has earned: title | skill_level | certificate | course | award | degree."
        " A competition result (kind award) carries rank, award and the pathways honour.",
        indexed=("kind",),
    ),
    NodeType(
        "Assessment",
        {
            "level": S,
            "methods": L,
            "held_on": S,
            "status": S,
            "capacity": N,
            "seats_taken": N,
            "created_at": S,
        },
        "An evaluation session: methods (N4), date, organiser, results."
        " status: scheduled | completed | cancelled; seats_taken: people signed up"
        " (each a TOOK, whose score and passed stay unset until the result).",
    ),
    NodeType(
        "Project",
        {
            "name_zh": S,
            "name_en": S,
            "kind": S,
            "goals": S,
            "status": S,
            "signed_on": S,
            "results": S,
            "created_at": S,
            "updated_at": S,
        },
        "A cooperation agreement signed by several members (seed 004)."
        " status: proposed | in_progress | completed | cancelled.",
    ),
    NodeType(
        "SubsidyPolicy",
        {
            "name_zh": S,
            "name_en": S,
            "region": S,
            "kind": S,
            "amount": F,
            "conditions": S,
            "valid_from": S,
            "valid_until": S,
            "source": S,
            "status": S,
        },
        "A subsidy policy published by staff. status: published | withdrawn (unset = published).",
    ),
    NodeType(
        "User",
        {
            "email": S,
            "password_hash": S,
            "role": S,
            "display_name": S,
            "lang": S,
            "status": S,
            "created_at": S,
            "last_login_at": S,
        },
        "An account. role: person | company | school | park | staff. status: active | disabled.",
        indexed=("email",),
    ),
    NodeType(
        "Session",
        {"user_id": S, "csrf": S, "created_at": S, "expires_at": S},
        "A signed-in session; id is a random token kept in an HttpOnly cookie.",
    ),
    NodeType(
        "ResetToken",
        {"user_id": S, "expires_at": S, "used_at": S},
        "A single-use password reset token; id is the SHA-256 of the token sent by e-mail.",
    ),
    NodeType(
        "Notification",
        {"kind": S, "text_zh": S, "text_en": S, "link": S, "created_at": S, "read": B},
        "Something a user should know: shortlisted, invited, offered, a new applicant.",
    ),
    NodeType(
        "AccessLog",
        {"at": S, "actor_user": S, "actor_role": S, "actor_org": S, "purpose": S},
        "A firm's or staff member's view of a person's profile, shown to that person.",
    ),
    NodeType(
        "SeedRun",
        {
            "seed": N,
            "scale": F,
            "status": S,
            "started_at": S,
            "finished_at": S,
            "nodes_created": N,
            "rels_created": N,
            "repaired": B,
        },
        "A run of `alliance seed` (id `seed-<seed>-scale-<scale>`). status: running | "
        "complete; one left running means the run died, and the next one repairs.",
    ),
)

_MEMBERS = ("GovernmentBody", "School", "Firm", "TrainingCentre", "Park")
_PROVIDERS = ("School", "TrainingCentre")
_ORGS = ("School", "Firm", "TrainingCentre", "Park", "GovernmentBody")


def _all(froms: tuple[str, ...], to: str) -> tuple[tuple[str, str], ...]:
    return tuple((f, to) for f in froms)


def _to_all(frm: str, tos: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((frm, t) for t in tos)


RELS: tuple[RelType, ...] = (
    RelType("MEMBER_OF", _all(_MEMBERS, "Alliance"), "Membership.", {"since": S, "role": S}),
    RelType(
        "LOCATED_IN",
        _all(("School", "Firm", "TrainingCentre", "Facility"), "Park"),
        "Where an organisation or facility sits.",
    ),
    RelType(
        "HAS_SKILL",
        (("Person", "Skill"),),
        "A person's skill.",
        {"level": N, "source": S, "since": S},
    ),
    RelType(
        "STUDIES_AT",
        (("Person", "School"),),
        "A student's school.",
        {"programme": S, "enrolled_on": S, "graduates_on": S},
    ),
    RelType(
        "WORKS_AT",
        (("Person", "Firm"),),
        "Employment history: dates, post and CSCO occupation.",
        {"from_date": S, "to_date": S, "post": S, "occupation": S},
    ),
    RelType("HOLDS", (("Person", "Credential"),), "A person's credential."),
    RelType("ISSUED_BY", _to_all("Credential", _ORGS), "Who issued a credential."),
    RelType("AT_LEVEL", (("Credential", "Qualification"),), "The ladder rung a credential is."),
    RelType("IN_OCCUPATION", (("Credential", "Occupation"),), "Occupation of a skill level."),
    RelType("NEXT", (("Qualification", "Qualification"),), "The next rung of a ladder."),
    RelType("RELATED_TO", (("Skill", "Skill"),), "Related skills.", {"weight": F, "why": S}),
    RelType("SKILL_OF", (("Skill", "Occupation"),), "A skill an occupation uses."),
    RelType("TEACHES", (("Course", "Skill"),), "What a course teaches.", {"level": N}),
    RelType("OFFERED_BY", _to_all("Course", _PROVIDERS), "Who offers a course."),
    RelType("PREREQUISITE_OF", (("Course", "Course"),), "A course needed before another."),
    RelType("TAUGHT_BY", (("Course", "Teacher"),), "A course's teacher."),
    RelType(
        "ENROLLED_IN",
        (("Person", "Course"),),
        "Enrolment: status enrolled | completed | dropped.",
        {"status": S, "enrolled_on": S, "completed_on": S},
    ),
    RelType("POSTED_BY", (("Vacancy", "Firm"),), "The firm that posted a vacancy."),
    RelType(
        "REQUIRES", (("Vacancy", "Skill"),), "A required skill.", {"importance": F, "level": N}
    ),
    RelType(
        "FOR_OCCUPATION",
        (("Vacancy", "Occupation"), ("Competition", "Occupation"), ("Assessment", "Occupation")),
        "The CSCO occupation.",
    ),
    RelType("APPLIED_BY", (("Application", "Person"),), "Who applied."),
    RelType("APPLIED_TO", (("Application", "Vacancy"),), "To which vacancy."),
    RelType(
        "SUPERVISED_BY",
        (("Application", "School"),),
        "A placement's school supervisor.",
        {"approved": B, "approved_on": S},
    ),
    RelType("RAISED_BY", (("TrainingNeed", "Firm"),), "The firm asking for training."),
    RelType(
        "NEEDS", (("TrainingNeed", "Skill"),), "Skills a training need asks for.", {"level": N}
    ),
    RelType("ANSWERS", (("Course", "TrainingNeed"),), "A course answering a training need."),
    RelType(
        "TEACHES_AT",
        _to_all("Teacher", ("School", "TrainingCentre", "Firm")),
        "A teacher's home member.",
    ),
    RelType("EXPERT_IN", (("Teacher", "Skill"),), "A teacher's expertise.", {"level": N}),
    RelType("OWNED_BY", _to_all("Facility", _ORGS), "A facility's owner."),
    RelType("BOOKS", (("Booking", "Facility"), ("Booking", "Teacher")), "What is booked."),
    RelType("REQUESTED_BY", _to_all("Booking", _ORGS), "The member asking."),
    RelType(
        "COMPETED_IN",
        (("Person", "Competition"),),
        "A competition result.",
        {"rank": N, "award": S},
    ),
    RelType(
        "ORGANISED_BY",
        _to_all("Competition", _ORGS) + _to_all("Assessment", _ORGS),
        "Who runs a competition or assessment.",
    ),
    RelType(
        "TOOK",
        (("Person", "Assessment"),),
        "A person's assessment result.",
        {"score": F, "passed": B, "exempt": L},
    ),
    RelType(
        "SIGNED",
        _to_all("Project", _ORGS),
        "A party to a cooperation project.",
        {"role": S, "signed_on": S},
    ),
    RelType("ISSUED_POLICY", (("GovernmentBody", "SubsidyPolicy"),), "Who publishes a policy."),
    RelType("SUBSIDISES", (("SubsidyPolicy", "Course"),), "Courses a policy subsidises."),
    RelType("IS_PERSON", (("User", "Person"),), "The person a student/worker account is."),
    RelType("ACTS_FOR", _to_all("User", _ORGS), "The member an organisation account works for."),
    RelType("NOTIFIES", (("Notification", "User"),), "Who a notification is for."),
    RelType("VIEWED", (("AccessLog", "Person"),), "Whose profile was viewed."),
    RelType(
        "RESULT_OF", (("Credential", "Competition"),), "The competition a result credential is for."
    ),
    RelType(
        "AWARDED_FOR",
        (("Credential", "Assessment"),),
        "The assessment whose result a skill-level credential is.",
    ),
)

NODE_BY_LABEL: dict[str, NodeType] = {n.label: n for n in NODES}
REL_BY_TYPE: dict[str, RelType] = {r.type: r for r in RELS}

# The labels `alliance graph stats` reports, in the order the issue names them.
STATS_LABELS: tuple[str, ...] = tuple(n.label for n in NODES)


def node_type(label: str) -> NodeType:
    try:
        return NODE_BY_LABEL[label]
    except KeyError:
        from backend.errors import InvalidInput

        raise InvalidInput(f"unknown node label {label!r}", field="label") from None


def rel_type(type_: str) -> RelType:
    try:
        return REL_BY_TYPE[type_]
    except KeyError:
        from backend.errors import InvalidInput

        raise InvalidInput(f"unknown relationship type {type_!r}", field="type") from None
