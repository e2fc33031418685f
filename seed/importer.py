"""Bulk import of an alliance's own data: vacancies, courses, people, organisations
and teachers, from CSV or JSON Lines (formats in ``docs/import-formats.md``).

The whole file is read and checked before anything is written: a file with a bad
row writes nothing and the report lists every bad line with its reason. With
``skip_bad`` the good rows are written and the bad ones go to a rejects file.
Skill and occupation words are resolved against the taxonomy (``resolve.py``);
every fuzzy match is reported. Rows whose id is already in the graph are skipped
and reported, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from backend.errors import InvalidInput
from backend.graph import generic
from backend.graph.store import GraphStore
from seed import uscc
from seed.generate import ALLIANCE_ID
from seed.loader import LoadReport, Progress, load
from seed.model import SeedGraph
from seed.resolve import Resolver
from seed.vocab import Vocabulary

KINDS = ("vacancies", "courses", "people", "organisations", "teachers")
ORG_TYPES = {
    "school": "School",
    "firm": "Firm",
    "training_centre": "TrainingCentre",
    "park": "Park",
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^1[3-9]\d{9}$")
_PARKS = generic.list_nodes("Park")


class RowError(Exception):
    """One bad value in one row; the message names the field (the file's own column
    name, in both languages: it is what the user typed in the header)."""

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh


_LABEL_ZH = {
    "Firm": "企业",
    "School": "学校",
    "TrainingCentre": "培训机构",
    "Park": "园区",
    "Teacher": "教师",
    "Course": "课程",
    "Person": "人员",
    "GovernmentBody": "政府部门",
    "Skill": "技能",
    "Occupation": "职业",
}


def _label_zh(label: str) -> str:
    return _LABEL_ZH.get(label, label)


def _read_error_zh(message: str) -> str | None:
    """The Chinese of ``read_rows``'s messages for a row that could not be parsed."""
    if message == "more values than header columns":
        return "该行的值多于表头的列"
    if message == "each line must be a JSON object":
        return "每行须为一个 JSON 对象"
    if message.startswith("not valid JSON"):
        return "不是有效的 JSON" + message.removeprefix("not valid JSON")
    return None


@dataclass
class Resolved:
    line: int
    field: str
    text: str
    id: str
    how: str
    score: float


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    good: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # the Chinese of each error, where there is one: pages in Chinese show it
    errors_zh: dict[tuple[int, str], str] = field(default_factory=dict)
    resolved: list[Resolved] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    written: LoadReport | None = None
    rejects_file: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, line: int, message: str, zh: str | None = None) -> None:
        self.errors.append((line, message))
        if zh:
            self.errors_zh[(line, message)] = zh

    def error_zh(self, line: int, message: str) -> str:
        return self.errors_zh.get((line, message), message)


# --------------------------------------------------------------------------- reading


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, row) pairs; a row that cannot be parsed comes back as its error text."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".json"):
        raise InvalidInput(
            f"{path.name}: unknown file type {suffix or '(none)'}; use .csv or .jsonl",
            field="file",
        )
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="file") from None
    with fh:
        try:
            if suffix == ".csv":
                reader = csv.DictReader(fh)
                if not reader.fieldnames:
                    raise InvalidInput(f"{path.name}: the CSV file has no header row", field="file")
                for row in reader:
                    if None in row:
                        yield reader.line_num, "more values than header columns"
                        continue
                    yield reader.line_num, {k.strip(): v for k, v in row.items() if k}
            else:
                for n, text in enumerate(fh, start=1):
                    if not text.strip():
                        continue
                    try:
                        obj = json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield n, f"not valid JSON ({exc.msg} at column {exc.colno})"
                        continue
                    if not isinstance(obj, dict):
                        yield n, "each line must be a JSON object"
                        continue
                    yield n, obj
        except UnicodeDecodeError:
            raise InvalidInput(f"{path.name}: the file is not UTF-8 text", field="file") from None


# --------------------------------------------------------------------------- field parsers


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _str(row: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    v = row.get(name)
    if _blank(v):
        if required:
            raise RowError(f"{name} is required", f"{name} 为必填项")
        return None
    if not isinstance(v, str | int | float) or isinstance(v, bool):
        raise RowError(f"{name} must be text", f"{name} 须为文本")
    return str(v).strip()


def _id(row: dict[str, Any], name: str = "id", *, required: bool = True) -> str | None:
    v = _str(row, name, required=required)
    if v is not None and not _ID.match(v):
        raise RowError(
            f"{name} {v!r} must be letters, digits, '.', '_' or '-' (at most 80)",
            f"{name} {v!r} 只能由字母、数字和 '.'、'_'、'-' 组成（至多 80 个字符）",
        )
    return v


def _int(
    row: dict[str, Any], name: str, *, lo: int, hi: int, default: int | None = None
) -> int | None:
    v = row.get(name)
    if _blank(v):
        return default
    try:
        if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
            raise ValueError
        n = int(str(v).strip()) if isinstance(v, str) else int(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise RowError(
            f"{name} must be a whole number, got {v!r}", f"{name} 须为整数，实为 {v!r}"
        ) from None
    if not lo <= n <= hi:
        raise RowError(
            f"{name} must be between {lo} and {hi}, got {n}",
            f"{name} 须在 {lo} 到 {hi} 之间，实为 {n}",
        )
    return n


def _float(
    row: dict[str, Any],
    name: str,
    *,
    lo: float = 0.0,
    hi: float = 1e9,
    default: float | None = None,
) -> float | None:
    v = row.get(name)
    if _blank(v):
        return default
    try:
        if isinstance(v, bool):
            raise ValueError
        x = float(str(v).strip()) if isinstance(v, str) else float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise RowError(
            f"{name} must be a number, got {v!r}", f"{name} 须为数字，实为 {v!r}"
        ) from None
    if not lo <= x <= hi:
        raise RowError(
            f"{name} must be between {lo:g} and {hi:g}, got {x:g}",
            f"{name} 须在 {lo:g} 到 {hi:g} 之间，实为 {x:g}",
        )
    return x


def _bool(row: dict[str, Any], name: str, default: bool | None = None) -> bool | None:
    v = row.get(name)
    if _blank(v):
        return default
    if isinstance(v, bool):
        return v
    t = str(v).strip().lower()
    if t in ("true", "yes", "1", "y", "是"):
        return True
    if t in ("false", "no", "0", "n", "否"):
        return False
    raise RowError(
        f"{name} must be true or false, got {v!r}", f"{name} 须为 是/否（true/false），实为 {v!r}"
    )


def _date(row: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    v = _str(row, name, required=required)
    if v is None:
        return None
    try:
        return date.fromisoformat(v).isoformat()
    except ValueError:
        raise RowError(
            f"{name} must be a date like 2026-09-01, got {v!r}",
            f"{name} 须为日期，如 2026-09-01，实为 {v!r}",
        ) from None


def _timestamp(row: dict[str, Any], name: str) -> str | None:
    v = _str(row, name)
    if v is None:
        return None
    try:
        return datetime.fromisoformat(v).replace(tzinfo=None).isoformat(timespec="seconds")
    except ValueError:
        raise RowError(
            f"{name} must be a date-time like 2026-09-01T09:00:00, got {v!r}",
            f"{name} 须为日期时间，如 2026-09-01T09:00:00，实为 {v!r}",
        ) from None


def _choice(
    row: dict[str, Any], name: str, options: tuple[str, ...], default: str | None = None
) -> str | None:
    v = _str(row, name)
    if v is None:
        return default
    if v not in options:
        raise RowError(
            f"{name} must be one of {', '.join(options)}, got {v!r}",
            f"{name} 须为 {'、'.join(options)} 之一，实为 {v!r}",
        )
    return v


def _list(row: dict[str, Any], name: str) -> list[Any]:
    """A JSON list, or in CSV a ';'-separated cell."""
    v = row.get(name)
    if _blank(v):
        return []
    if isinstance(v, list):
        return v
    if isinstance(v, str):
        return [p.strip() for p in re.split(r"[;；]", v) if p.strip()]
    raise RowError(f"{name} must be a list", f"{name} 须为列表（CSV 中用 ; 分隔）")


# --------------------------------------------------------------------------- the importer


class _Rows:
    """Context for one file: taxonomy lookups, references to check, report."""

    def __init__(
        self, vocab: Vocabulary, report: ImportReport, store: GraphStore | None = None
    ) -> None:
        self.resolver = Resolver(vocab)
        self.report = report
        self.store = store
        self.line = 0
        self.refs: list[tuple[int, str, tuple[str, ...], str]] = []  # line, field, labels, id
        self.found: dict[tuple[int, str, str], str] = {}  # (line, field, id) -> its label
        self._park_names: dict[str, str] | None = None

    def park(self, text: str) -> str:
        """A park's id from its id or its Chinese or English name (the matcher's vacancy
        lines name parks; the graph keys them by id)."""
        if self._park_names is None:
            params = {"skip": 0, "limit": 10_000}
            rows = [] if self.store is None else self.store.query(_PARKS, params)
            self._park_names = {}
            for r in rows:
                for key in ("name_zh", "name_en"):
                    if r["n"].get(key):
                        self._park_names[r["n"][key].casefold()] = r["n"]["id"]
        hit = self._park_names.get(text.strip().casefold())
        if hit is not None:
            return hit
        if not _ID.match(text):
            raise RowError(
                f"park: no park id or name {text!r}", f"park：没有 id 或名称为 {text!r} 的园区"
            )
        return text  # an id: checked against the graph with the other references

    def ref(self, name: str, labels: tuple[str, ...], value: str) -> None:
        self.refs.append((self.line, name, labels, value))

    def skill(self, name: str, text: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise RowError(
                f"{name}: a skill must be a name, got {text!r}",
                f"{name}：技能须为名称，实为 {text!r}",
            )
        hit = self.resolver.skill(text)
        if hit is None:
            near = self.resolver.skill_suggestions(text)
            listed = ", ".join(f"{r.name} [{r.id}]" for r in near)
            raise RowError(
                f"{name}: unknown skill {text!r}" + (f"; nearest: {listed}" if near else ""),
                f"{name}：技能库中没有 {text!r}" + (f"；最接近的：{listed}" if near else ""),
            )
        if hit.how == "fuzzy":
            self.report.resolved.append(Resolved(self.line, name, text, hit.id, hit.how, hit.score))
        return hit.id

    def occupation(self, name: str, text: str) -> str:
        hit = self.resolver.occupation(text)
        if hit is None:
            near = self.resolver.occupation_suggestions(text)
            listed = ", ".join(r.name for r in near)
            raise RowError(
                f"{name}: unknown occupation {text!r}" + (f"; nearest: {listed}" if near else ""),
                f"{name}：职业分类中没有 {text!r}" + (f"；最接近的：{listed}" if near else ""),
            )
        if hit.how == "fuzzy":
            self.report.resolved.append(Resolved(self.line, name, text, hit.id, hit.how, hit.score))
        return hit.id

    def leveled_skills(
        self,
        row: dict[str, Any],
        name: str,
        *,
        default_level: int | None,
        with_importance: bool = False,
        grades: bool = False,
    ) -> list[tuple[str, int | None, float]]:
        """Skills as ``name``, ``name:level`` or ``name:importance:level`` (CSV) or
        objects ``{"skill", "level", "importance"}`` (JSON). With ``grades`` a level is a
        national vocational grade (5 junior worker ... 1 senior technician, as the
        matcher's vacancy lines mean it) and is stored as proficiency ``6 - grade``."""
        out: dict[str, tuple[str, int | None, float]] = {}
        for item in _list(row, name):
            if isinstance(item, dict):
                text = item.get("skill")
                level = _int(item, "level", lo=1, hi=5, default=default_level)
                imp = _float(item, "importance", lo=0.0, hi=1.0, default=1.0)
            else:
                parts = str(item).rsplit(":", 2 if with_importance else 1)
                nums = [p.strip() for p in parts[1:]]
                if any(not re.fullmatch(r"\d+(\.\d+)?", p) for p in nums):
                    parts, nums = [str(item)], []
                text = parts[0]
                probe = dict(
                    zip(
                        (["importance", "level"] if len(nums) == 2 else ["level"]),
                        nums,
                        strict=False,
                    )
                )
                level = _int(probe, "level", lo=1, hi=5, default=default_level)
                imp = _float(probe, "importance", lo=0.0, hi=1.0, default=1.0)
            if imp == 0:
                raise RowError(
                    f"{name}: importance must be above 0 (at most 1), got 0",
                    f"{name}：重要度须大于 0（至多 1），实为 0",
                )
            sid = self.skill(name, text)
            if grades and level is not None:
                level = 6 - level
            out[sid] = (sid, level, 1.0 if imp is None else imp)
        return list(out.values())


def _vacancy(c: _Rows, g: SeedGraph, row: dict[str, Any]) -> str:
    vid = _id(row)
    assert vid is not None
    firm = _id(row, "firm")
    assert firm is not None
    c.ref("firm", ("Firm",), firm)
    kind = _choice(row, "kind", ("job", "placement", "apprenticeship"), "job")
    # Levels here are the matcher's national grades, and no level means none wanted
    # (docs/vacancy-schema.md): the same line means the same thing to both commands.
    reqs = c.leveled_skills(row, "required", default_level=None, with_importance=True, grades=True)
    reqs += [
        r
        for r in c.leveled_skills(row, "skills", default_level=None, grades=True)
        if r[0] not in {x[0] for x in reqs}
    ]
    if not reqs:
        raise RowError(
            "a vacancy needs at least one skill (skills or required)",
            "岗位至少需要一项技能（skills 或 required 列）",
        )
    pay_min = _float(row, "pay_min", hi=1e6)
    pay_max = _float(row, "pay_max", hi=1e6)
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        raise RowError(
            f"pay_max ({pay_max:g}) is below pay_min ({pay_min:g})",
            f"pay_max（{pay_max:g}）低于 pay_min（{pay_min:g}）",
        )
    start, closing = _date(row, "start_date"), _date(row, "closing_date")
    occupation = _str(row, "occupation")
    code = c.occupation("occupation", occupation) if occupation else None
    park = _str(row, "park")
    if park:
        park = c.park(park)
        c.ref("park", ("Park",), park)
    g.add_node(
        "Vacancy",
        {
            "id": vid,
            "title": _str(row, "title", required=True),
            "title_en": _str(row, "title_en"),
            "description": _str(row, "description"),
            "kind": kind,
            "pay_min": pay_min,
            "pay_max": pay_max,
            "pay_unit": _choice(
                row, "pay_unit", ("month", "stipend_month", "day", "hour"), "month"
            ),
            "shifts": _choice(row, "shifts", ("day", "two_shifts", "three_shifts", "flexible")),
            "accommodation": _bool(row, "accommodation"),
            "duration_months": _int(row, "duration_months", lo=1, hi=120),
            "start_date": start,
            "closing_date": closing,
            "places": _int(row, "places", lo=1, hi=10_000, default=1),
            "location": _str(row, "location"),
            "status": _choice(row, "status", ("draft", "open", "closed", "filled"), "open"),
            "created_at": _timestamp(row, "created_at"),
        },
    )
    g.add_rel("POSTED_BY", "Vacancy", vid, "Firm", firm)
    if code:
        g.add_rel("FOR_OCCUPATION", "Vacancy", vid, "Occupation", code)
    for sid, level, imp in reqs:
        g.add_rel("REQUIRES", "Vacancy", vid, "Skill", sid, importance=imp, level=level)
    return vid


def _course(c: _Rows, g: SeedGraph, row: dict[str, Any]) -> str:
    cid = _id(row)
    assert cid is not None
    provider = _id(row, "provider")
    assert provider is not None
    c.ref("provider", ("School", "TrainingCentre"), provider)
    skills = c.leveled_skills(row, "skills", default_level=2)
    if not skills:
        raise RowError(
            "a course must teach at least one skill (skills)", "课程至少要教一项技能（skills 列）"
        )
    seats = _int(row, "seats", lo=1, hi=100_000)
    if seats is None:
        raise RowError("seats is required", "seats 为必填项")
    taken = _int(row, "seats_taken", lo=0, hi=100_000, default=0)
    if taken is not None and taken > seats:
        raise RowError(
            f"seats_taken ({taken}) is more than seats ({seats})",
            f"seats_taken（{taken}）多于 seats（{seats}）",
        )
    hours = _int(row, "hours", lo=1, hi=5_000)
    if hours is None:
        raise RowError("hours is required", "hours 为必填项")
    start, end = _date(row, "start_date"), _date(row, "end_date")
    if start and end and end < start:
        raise RowError(
            f"end_date {end} is before start_date {start}",
            f"end_date {end} 早于 start_date {start}",
        )
    cost = _float(row, "cost", hi=1e6, default=0.0) or 0.0
    subsidy = _float(row, "subsidy", hi=1e6, default=0.0) or 0.0
    if subsidy > cost:
        raise RowError(
            f"subsidy ({subsidy:g}) is more than cost ({cost:g})",
            f"subsidy（{subsidy:g}）高于 cost（{cost:g}）",
        )
    teacher = _id(row, "teacher", required=False)
    if teacher:
        c.ref("teacher", ("Teacher",), teacher)
    g.add_node(
        "Course",
        {
            "id": cid,
            "title_zh": _str(row, "title_zh", required=True),
            "title_en": _str(row, "title_en", required=True),
            "description": _str(row, "description"),
            "hours": hours,
            "seats": seats,
            "seats_taken": taken,
            "schedule": _str(row, "schedule"),
            "start_date": start,
            "end_date": end,
            "cost": cost,
            "subsidy": subsidy,
            "mode": _choice(row, "mode", ("in_person", "online", "blended"), "in_person"),
            "status": _choice(
                row, "status", ("planned", "open", "running", "completed", "cancelled"), "open"
            ),
            "shared": _bool(row, "shared", False),
        },
    )
    g.add_rel("OFFERED_BY", "Course", cid, "@provider", provider)
    for sid, level, _ in skills:
        g.add_rel("TEACHES", "Course", cid, "Skill", sid, level=level)
    if teacher:
        g.add_rel("TAUGHT_BY", "Course", cid, "Teacher", teacher)
    return cid


def _person(c: _Rows, g: SeedGraph, row: dict[str, Any]) -> str:
    pid = _id(row)
    assert pid is not None
    role = _choice(row, "role", ("student", "worker"))
    if role is None:
        raise RowError("role is required (student or worker)", "role 为必填项（student 或 worker）")
    email = _str(row, "email")
    if email and not _EMAIL.match(email):
        raise RowError(
            f"email {email!r} is not an e-mail address", f"email {email!r} 不是电子邮件地址"
        )
    phone = _str(row, "phone")
    if phone and not _PHONE.match(phone.replace(" ", "").replace("-", "")):
        raise RowError(
            f"phone {phone!r} must be an 11-digit mainland mobile number",
            f"phone {phone!r} 须为 11 位大陆手机号码",
        )
    school = _id(row, "school", required=False)
    employer = _id(row, "employer", required=False)
    if role == "student" and not school:
        raise RowError("a student needs a school (the School id)", "学生须填写 school（学校 id）")
    skills = c.leveled_skills(row, "skills", default_level=2)
    occupation = _str(row, "occupation")
    code = c.occupation("occupation", occupation) if occupation else None
    g.add_node(
        "Person",
        {
            "id": pid,
            "name": _str(row, "name", required=True),
            "role": role,
            "gender": _choice(row, "gender", ("male", "female")),
            "birth_year": _int(row, "birth_year", lo=1940, hi=2015),
            "district": _str(row, "district"),
            "summary": _str(row, "summary"),
            "email": email,
            "phone": phone.replace(" ", "").replace("-", "") if phone else None,
            # Consent is opt-in: an imported person is visible only if the file says so.
            "visible_to_employers": _bool(row, "visible_to_employers", False),
            "visible_to_schools": _bool(row, "visible_to_schools", False),
            "recommendations_enabled": _bool(row, "recommendations_enabled", False),
            "relevant_experience_years": _float(row, "relevant_experience_years", hi=60),
            "created_at": _timestamp(row, "created_at"),
        },
    )
    for sid, level, _ in skills:
        g.add_rel(
            "HAS_SKILL",
            "Person",
            pid,
            "Skill",
            sid,
            level=level,
            source="import",
            since=_date(row, "skills_since"),
        )
    if school:
        c.ref("school", ("School",), school)
        g.add_rel(
            "STUDIES_AT",
            "Person",
            pid,
            "School",
            school,
            programme=_str(row, "programme"),
            enrolled_on=_date(row, "enrolled_on"),
            graduates_on=_date(row, "graduates_on"),
        )
    if employer:
        c.ref("employer", ("Firm",), employer)
        g.add_rel(
            "WORKS_AT",
            "Person",
            pid,
            "Firm",
            employer,
            from_date=_date(row, "from_date"),
            to_date=None,
            post=_str(row, "post"),
            occupation=code,
        )
    return pid


def _organisation(c: _Rows, g: SeedGraph, row: dict[str, Any]) -> str:
    oid = _id(row)
    assert oid is not None
    type_ = _choice(row, "type", tuple(ORG_TYPES))
    if type_ is None:
        raise RowError(
            f"type is required ({', '.join(ORG_TYPES)})", f"type 为必填项（{'、'.join(ORG_TYPES)}）"
        )
    label = ORG_TYPES[type_]
    props: dict[str, Any] = {
        "id": oid,
        "name_zh": _str(row, "name_zh", required=True),
        "name_en": _str(row, "name_en", required=True),
        "status": _choice(row, "status", ("active", "inactive"), "active"),
        "district": _str(row, "district"),
        "address": _str(row, "address"),
        "joined_on": _date(row, "joined_on"),
    }
    if label == "Firm":
        code = _str(row, "uscc", required=True)
        assert code is not None
        if not uscc.is_valid(code.upper()):
            raise RowError(
                f"uscc {code!r} is not a valid unified social credit code "
                "(18 characters with correct check characters)",
                f"uscc {code!r} 不是有效的统一社会信用代码（18 位，校验码须正确）",
            )
        props |= {
            "uscc": code.upper(),
            "industry": _str(row, "industry"),
            "size": _choice(row, "size", ("large", "medium", "small")),
            "self_assessment_titles": _bool(row, "self_assessment_titles", False),
            "self_assessment_skills": _bool(row, "self_assessment_skills", False),
            "verified": False,  # staff verify a firm; an import cannot
        }
    elif label == "School":
        props["kind"] = _choice(
            row,
            "kind",
            ("higher_vocational", "technician_college", "secondary_vocational", "university"),
        )
        if props["kind"] is None:
            raise RowError("kind is required for a school", "学校须填写 kind")
        props["students"] = _int(row, "students", lo=0, hi=1_000_000)
    elif label == "TrainingCentre":
        props["kind"] = _str(row, "kind")
    else:
        props["administration_zh"] = _str(row, "administration_zh")
        props["administration_en"] = _str(row, "administration_en")
    g.add_node(label, props)
    c.ref("alliance", ("Alliance",), ALLIANCE_ID)  # seed the alliance first
    g.add_rel(
        "MEMBER_OF", label, oid, "Alliance", ALLIANCE_ID, since=props["joined_on"], role=type_
    )
    park = _id(row, "park", required=False)
    if park and label != "Park":
        c.ref("park", ("Park",), park)
        g.add_rel("LOCATED_IN", label, oid, "Park", park)
    return oid


def _teacher(c: _Rows, g: SeedGraph, row: dict[str, Any]) -> str:
    tid = _id(row)
    assert tid is not None
    home = _id(row, "home")
    assert home is not None
    c.ref("home", ("School", "TrainingCentre", "Firm"), home)
    skills = c.leveled_skills(row, "skills", default_level=4)
    g.add_node(
        "Teacher",
        {
            "id": tid,
            "name": _str(row, "name", required=True),
            "title": _str(row, "title"),
            "bio": _str(row, "bio"),
            "available": _bool(row, "available", True),
            "hourly_rate": _float(row, "hourly_rate", hi=100_000),
        },
    )
    g.add_rel("TEACHES_AT", "Teacher", tid, "@home", home)
    for sid, level, _ in skills:
        g.add_rel("EXPERT_IN", "Teacher", tid, "Skill", sid, level=level)
    return tid


_BUILDERS: dict[str, tuple[str | None, Callable[[_Rows, SeedGraph, dict[str, Any]], str]]] = {
    "vacancies": ("Vacancy", _vacancy),
    "courses": ("Course", _course),
    "people": ("Person", _person),
    "organisations": (None, _organisation),
    "teachers": ("Teacher", _teacher),
}


def import_file(
    store: GraphStore,
    path: Path,
    kind: str,
    vocab: Vocabulary,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """``progress`` (stage, done, total) hears each row checked (total 0: not known
    while streaming) and then the loader's writes; the staff import page shows it."""
    if kind not in _BUILDERS:
        raise InvalidInput(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", field="kind")
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist or is not a file", field="file")
    report = ImportReport(kind, str(path))
    ctx = _Rows(vocab, report, store)
    label, build = _BUILDERS[kind]
    graphs: dict[int, SeedGraph] = {}
    ids: dict[int, tuple[str, str]] = {}  # line -> (label, id)
    raw: dict[int, Any] = {}
    first_line: dict[str, int] = {}
    for line, row in read_rows(path):
        report.rows += 1
        if progress is not None:
            progress("check", report.rows, 0)
        raw[line] = row
        ctx.line = line
        if isinstance(row, str):
            report.add_error(line, row, _read_error_zh(row))
            continue
        g = SeedGraph()
        try:
            rid = build(ctx, g, row)
        except RowError as exc:
            report.add_error(line, str(exc), exc.zh)
            continue
        if rid in first_line:
            report.add_error(
                line,
                f"id {rid!r} repeats line {first_line[rid]}",
                f"id {rid!r} 与第 {first_line[rid]} 行重复",
            )
            continue
        first_line[rid] = line
        graphs[line] = g
        ids[line] = (label or next(iter(g.nodes)), rid)
    _check_refs(store, ctx, graphs, ids, report)
    # Rows already in the graph are skipped, so a re-import is harmless.
    by_label: dict[str, list[str]] = {}
    for lab, rid in ids.values():
        by_label.setdefault(lab, []).append(rid)
    existing: set[tuple[str, str]] = set()
    for lab, wanted in by_label.items():
        existing |= {(lab, x) for x in store.existing_ids(lab, wanted)}
    bad_lines = {ln for ln, _ in report.errors}
    report.errors.sort()
    if report.rows == 0:
        raise InvalidInput(f"{path.name} has no rows", field="file")
    if bad_lines and skip_bad:
        report.rejects_file = str(_write_rejects(path, raw, report.errors))
    if bad_lines and not skip_bad:
        return report
    merged = SeedGraph()
    for line, g in graphs.items():
        if line in bad_lines:
            continue
        if ids[line] in existing:
            report.existing.append(ids[line][1])
            continue
        report.good += 1
        for lab, rows in g.nodes.items():
            for r in rows:
                merged.add_node(lab, r)
        for (type_, frm, to), batch in g.rels.items():
            for r in batch.rows:
                to_label = _resolved_label(ctx, line, to, r["dst"])
                props = {k: v for k, v in r.items() if k not in ("src", "dst")}
                merged.add_rel(type_, frm, r["src"], to_label, r["dst"], **props)
    report.written = load(store, merged, progress) if progress else load(store, merged)
    return report


def _resolved_label(ctx: _Rows, line: int, to: str, dst: str) -> str:
    if not to.startswith("@"):
        return to
    return ctx.found[(line, to[1:], dst)]


def _check_refs(
    store: GraphStore,
    ctx: _Rows,
    graphs: dict[int, SeedGraph],
    ids: dict[int, tuple[str, str]],
    report: ImportReport,
) -> None:
    """Every referenced node exists in the graph (or, for organisations, in this file)."""
    in_file: dict[str, str] = {rid: lab for lab, rid in ids.values()}
    wanted: dict[str, set[str]] = {}
    for _, _, labels, value in ctx.refs:
        for lab in labels:
            wanted.setdefault(lab, set()).add(value)
    present = {lab: store.existing_ids(lab, vals) for lab, vals in wanted.items()}
    found: dict[tuple[int, str, str], str] = {}
    for line, name, labels, value in ctx.refs:
        hit = next((lab for lab in labels if value in present.get(lab, set())), None)
        if hit is None and in_file.get(value) in labels:
            hit = in_file[value]
        if hit is None:
            if line in graphs:
                report.add_error(
                    line,
                    f"{name}: no {' or '.join(labels)} with id {value!r} in the graph",
                    f"{name}：图中没有 id 为 {value!r} 的{'或'.join(map(_label_zh, labels))}",
                )
                graphs.pop(line)
            continue
        found[(line, name, value)] = hit
    ctx.found = found


def _write_rejects(path: Path, raw: dict[int, Any], errors: list[tuple[int, str]]) -> Path:
    out = path.with_name(f"{path.stem}.rejects{path.suffix}")
    reasons: dict[int, list[str]] = {}
    for line, reason in errors:
        reasons.setdefault(line, []).append(reason)
    with out.open("w", encoding="utf-8", newline="") as fh:
        if path.suffix.lower() == ".csv":
            rows = [raw[ln] for ln in sorted(reasons) if isinstance(raw[ln], dict)]
            cols = ["line", "reason", *dict.fromkeys(k for r in rows for k in r)]
            writer = csv.DictWriter(fh, fieldnames=cols)
            writer.writeheader()
            for ln in sorted(reasons):
                base = raw[ln] if isinstance(raw[ln], dict) else {}
                writer.writerow({**base, "line": ln, "reason": "; ".join(reasons[ln])})
        else:
            for ln in sorted(reasons):
                base = raw[ln] if isinstance(raw[ln], dict) else {}
                fh.write(
                    json.dumps(
                        {"_line": ln, "_reason": "; ".join(reasons[ln]), **base}, ensure_ascii=False
                    )
                    + "\n"
                )
    return out
