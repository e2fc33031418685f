"""The pathways engine: which title or skill level a person may apply for next.

``evaluate(profile, rulebook, correspondence)`` is pure: it reads the rules in
force on ``profile.as_of``, works out the levels each grant rule could open for
this person, checks the rule's conditions, keeps the best answer per level and
route, adds exemptions and notices, and explains each option in Chinese and
English. A service that builds a ``Profile`` from the graph calls the same
function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from backend.pathways.conditions import Anchor, Check, Facts, Target, check
from backend.pathways.ladders import SKILL_LEVELS, Status, label, rank
from backend.pathways.occupations import occupation_name
from backend.pathways.rulebook import (
    ByHonorTarget,
    Correspondence,
    ExemptionRule,
    FromSkillTarget,
    FromTitleTarget,
    GrantRule,
    HasOption,
    LevelsTarget,
    NextSkillLevelTarget,
    NoticeRule,
    ResolvedRule,
    Rulebook,
)
from backend.pathways.schemas import (
    InterpretationOut,
    MissingOut,
    NoticeOut,
    OptionOut,
    PathwayResult,
    Profile,
    RulebookOut,
    SourceOut,
    Text,
)

STATUS_ORDER = {"eligible": 0, "eligible_later": 1, "not_eligible": 2}


@dataclass
class Candidate:
    """One grant rule's answer for one target."""

    rule: ResolvedRule
    target: Target
    status: str
    eligible_from: date | None
    checks: list[tuple[str, Check]]

    @property
    def grant(self) -> GrantRule:
        assert isinstance(self.rule.rule, GrantRule)
        return self.rule.rule

    def sort_key(self) -> tuple[int, date, int]:
        gaps = sum(1 for _, c in self.checks if not c.ok or c.pending)
        return (STATUS_ORDER[self.status], self.eligible_from or date.min, gaps)


@dataclass
class Option:
    best: Candidate
    supporting: list[Candidate]
    exemptions: list[tuple[ResolvedRule, tuple[str, ...]]] = field(default_factory=list)


# --- Targets ----------------------------------------------------------------


def _placement(facts: Facts, occupation: str | None) -> tuple[str | None, str | None]:
    if occupation is None:
        return None, None
    found = facts.correspondence.placements(occupation)
    return found[0] if found else (None, None)


def _targets(rule: GrantRule, facts: Facts) -> list[Target]:
    corr = facts.correspondence.levels
    profile = facts.profile
    target = rule.target
    if isinstance(target, LevelsTarget):
        return [Target("title", level) for level in target.levels]
    if isinstance(target, FromTitleTarget):
        title_map = corr.title_to_skill if target.map == "correspondence" else target.map
        to_skill: dict[str, str] = {str(k): str(v) for k, v in title_map.items()}
        found = [
            Target("skill_level", to_skill[a.level], profile.current_occupation, a)
            for a in facts.title_anchors()
            if a.level in to_skill
        ]
        if found:
            return found
        # No qualifying title: show the entry level, with what is missing.
        entry = min(to_skill, key=lambda lvl: rank("title", lvl))
        return [Target("skill_level", to_skill[entry], profile.current_occupation)]
    if isinstance(target, FromSkillTarget):
        skill_map = corr.skill_to_title if target.map == "correspondence" else target.map
        to_title: dict[str, str] = {str(k): str(v) for k, v in skill_map.items()}
        found = []
        for a in facts.skill_anchors():
            if a.level in to_title:
                series, specialty = _placement(facts, a.occupation)
                found.append(Target("title", to_title[a.level], None, a, series, specialty))
        if found:
            return found
        entry = min(to_title, key=lambda lvl: rank("skill_level", lvl))
        return [Target("title", to_title[entry])]
    if isinstance(target, NextSkillLevelTarget):
        highest: dict[str, Anchor] = {}
        for a in facts.skill_anchors():
            held = highest.get(a.occupation or "")
            if held is None or rank("skill_level", a.level) > rank("skill_level", held.level):
                highest[a.occupation or ""] = a
        ceiling = rank("skill_level", target.max_level)
        return [
            Target("skill_level", SKILL_LEVELS[rank("skill_level", a.level) + 1], a.occupation, a)
            for a in highest.values()
            if rank("skill_level", a.level) < ceiling
        ]
    if isinstance(target, ByHonorTarget):
        won: list[str] = [target.levels[h] for h in profile.honors if h in target.levels]
        levels = won or [min(target.levels.values(), key=lambda lvl: rank("skill_level", lvl))]
        return [
            Target("skill_level", lvl, profile.current_occupation) for lvl in dict.fromkeys(levels)
        ]
    raise AssertionError(f"unhandled target {target!r}")


def _already_held(target: Target, profile: Profile) -> bool:
    """A target at or below what the person holds is not a next step."""
    need = rank(target.track, target.level)
    if target.track == "title":
        return any(rank("title", t.level) >= need for t in profile.titles)
    if target.occupation is None:
        return False
    return any(
        s.occupation == target.occupation and rank("skill_level", s.level) >= need
        for s in profile.skill_levels
    )


# --- Candidates and options -------------------------------------------------


def _candidate(rule: ResolvedRule, target: Target, facts: Facts) -> Candidate:
    grant = rule.rule
    assert isinstance(grant, GrantRule)
    checks: list[tuple[str, Check]] = [(c.kind, check(c, facts, target)) for c in grant.conditions]
    if not all(c.ok for _, c in checks):
        return Candidate(rule, target, "not_eligible", None, checks)
    due = max((c.due for _, c in checks if c.due is not None), default=None)
    if due is None or due <= facts.profile.as_of:
        return Candidate(rule, target, "eligible", None, checks)
    until = rule.in_force.until
    if until is not None and due > until:
        ends = Check(
            False,
            missing={
                "zh": f"该规则于{until.isoformat()}失效，早于条件满足之日{due.isoformat()}",
                "en": f"the rule ends on {until.isoformat()}, before the conditions are met on "
                f"{due.isoformat()}",
            },
        )
        return Candidate(rule, target, "not_eligible", None, [*checks, ("in_force", ends)])
    return Candidate(rule, target, "eligible_later", due, checks)


def _option_key(t: Target, route: str) -> tuple[str, int, str, str]:
    occupation = t.occupation if t.track == "skill_level" else None
    return (t.track, rank(t.track, t.level), occupation or "", route)


def _group(candidates: Iterable[Candidate]) -> list[Option]:
    groups: dict[tuple[str, int, str, str], list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(_option_key(c.target, c.grant.route), []).append(c)
    options = []
    track_order = {"title": 0, "skill_level": 1}
    for key in sorted(groups, key=lambda k: (track_order[k[0]], k[1], k[2], k[3])):
        ranked = sorted(groups[key], key=Candidate.sort_key)
        best = ranked[0]
        # Every rule that gives the same answer supports it; a failing option
        # shows only the closest rule, so "missing" is one list to act on.
        supporting = [
            c
            for c in ranked
            if best.status != "not_eligible"
            and c.status == best.status
            and c.eligible_from == best.eligible_from
        ] or [best]
        unique = list({c.rule.id: c for c in reversed(supporting)}.values())[::-1]
        options.append(Option(best, unique))
    return options


def _apply_exemptions(options: list[Option], rules: list[ResolvedRule], facts: Facts) -> None:
    for resolved in rules:
        rule = resolved.rule
        if not isinstance(rule, ExemptionRule):
            continue
        if not all(check(c, facts, None).ok for c in rule.conditions):
            continue
        for option in options:
            if option.best.status == "not_eligible":
                continue
            ids = {c.rule.id for c in option.supporting}
            if option.best.target.track == rule.applies_to.track and ids & set(
                rule.applies_to.rules
            ):
                option.exemptions.append((resolved, rule.exemptions))


def _notice_applies(rule: NoticeRule, facts: Facts, options: list[Option]) -> bool:
    if not rule.when:
        return True
    for trigger in rule.when:
        if isinstance(trigger, HasOption):
            floor = rank(trigger.track, trigger.min_level) if trigger.min_level else 0
            if any(
                o.best.status != "not_eligible"
                and o.best.target.track == trigger.track
                and rank(trigger.track, o.best.target.level) >= floor
                for o in options
            ):
                return True
        elif check(trigger, facts, None).ok:
            return True
    return False


# --- Output -----------------------------------------------------------------


def _sources(rules: Iterable[ResolvedRule]) -> list[SourceOut]:
    out = []
    for r in rules:
        for s in r.sources:
            out.append(SourceOut(**s.to_dict()))
    return out


def _interpretations(
    rules: Iterable[ResolvedRule], anchor_levels: set[str] | None = None
) -> list[InterpretationOut]:
    out: list[InterpretationOut] = []
    seen: set[str] = set()
    for r in rules:
        for i in r.interpretations:
            if i.when_anchor_level is not None and not (
                anchor_levels and anchor_levels & set(i.when_anchor_level)
            ):
                continue
            if i.id not in seen:
                seen.add(i.id)
                out.append(InterpretationOut(id=i.id, rule=r.id, part=i.part, zh=i.zh, en=i.en))
    return out


def _uses_level_table(rule: ResolvedRule) -> bool:
    target = getattr(rule.rule, "target", None)
    return isinstance(target, FromTitleTarget | FromSkillTarget) and target.map == "correspondence"


def _level_name(option: Option, lang: str, corr: Correspondence) -> str:
    t = option.best.target
    name = label(t.level, lang)
    if t.track == "skill_level" and t.occupation:
        zh = occupation_name(t.occupation) or t.occupation
        if lang == "zh":
            return f"{zh}{name}（{t.occupation}）"
        return f"{name} in {corr.occupation_label(t.occupation, 'en')} ({t.occupation})"
    return name


def _explain(
    option: Option, exempt: list[str], interp_ids: list[str], corr: Correspondence
) -> Text:
    best = option.best
    rules = "、".join(c.rule.id for c in option.supporting)
    rules_en = ", ".join(c.rule.id for c in option.supporting)
    route = best.grant.route
    parts: dict[str, list[str]] = {"zh": [], "en": []}
    head = {
        "eligible": ("现在可以申报", "Eligible now for"),
        "eligible_later": (
            f"自{best.eligible_from}起可以申报" if best.eligible_from else "",
            f"Eligible from {best.eligible_from} for" if best.eligible_from else "",
        ),
        "not_eligible": ("暂不符合申报", "Not eligible yet for"),
    }[best.status]
    parts["zh"].append(
        f"{head[0]}{_level_name(option, 'zh', corr)}（{label(route, 'zh')}，依据{rules}）。"
    )
    parts["en"].append(
        f"{head[1]} {_level_name(option, 'en', corr)} by {label(route, 'en')} under {rules_en}."
    )
    met = [c.met for _, c in best.checks if c.ok and not c.pending and c.met]
    gaps = [c.missing for _, c in best.checks if (not c.ok or c.pending) and c.missing]
    if met:
        parts["zh"].append("已满足：" + "；".join(m["zh"] for m in met) + "。")
        parts["en"].append("Met: " + "; ".join(m["en"] for m in met) + ".")
    if gaps:
        zh_head, en_head = (
            ("尚待：", "Still to come: ")
            if best.status != "not_eligible"
            else ("欠缺：", "Missing: ")
        )
        parts["zh"].append(zh_head + "；".join(g["zh"] for g in gaps) + "。")
        parts["en"].append(en_head + "; ".join(g["en"] for g in gaps) + ".")
    if exempt:
        parts["zh"].append("免于：" + "、".join(label(e, "zh") for e in exempt) + "。")
        parts["en"].append("Exempt from: " + ", ".join(label(e, "en") for e in exempt) + ".")
    if interp_ids:
        n = len(interp_ids)
        parts["zh"].append(f"含{n}处对原文不明之处的解释性判断（见下列说明），请向人社部门核实。")
        parts["en"].append(
            f"Relies on {n} interpretation{'' if n == 1 else 's'} of unclear source text "
            "(listed with this option); check with the human resources bureau."
        )
    return Text(zh="".join(parts["zh"]), en=" ".join(parts["en"]))


def _option_out(
    option: Option, level_table: list[InterpretationOut], corr: Correspondence
) -> OptionOut:
    best = option.best
    t = best.target
    grants = [c.rule for c in option.supporting]
    exempt_rules = [r for r, _ in option.exemptions]
    exemptions = list(dict.fromkeys(e for _, es in option.exemptions for e in es))
    used = grants + exempt_rules
    anchors = {c.target.anchor.level for c in option.supporting if c.target.anchor}
    interpretations = _interpretations(used, anchors)
    if any(_uses_level_table(r) for r in grants):
        interpretations += level_table
    missing = [
        MissingOut(rule=best.rule.id, condition=kind, zh=c.missing["zh"], en=c.missing["en"])
        for kind, c in best.checks
        if (not c.ok or c.pending) and c.missing
    ]
    return OptionOut(
        track=t.track,
        level=t.level,
        occupation=t.occupation if t.track == "skill_level" else None,
        series=t.series if t.track == "title" else (t.anchor.series if t.anchor else None),
        specialty=t.specialty if t.track == "title" else (t.anchor.specialty if t.anchor else None),
        status=best.status,  # type: ignore[arg-type]
        eligible_from=best.eligible_from.isoformat() if best.eligible_from else None,
        route=best.grant.route,
        exemptions=exemptions,  # type: ignore[arg-type]
        missing=missing,
        rules=[r.id for r in used],
        sources=_sources(used),
        interpretations=interpretations,
        explanation=_explain(option, exemptions, [i.id for i in interpretations], corr),
    )


def evaluate(profile: Profile, rulebook: Rulebook, correspondence: Correspondence) -> PathwayResult:
    """Every next step on both ladders for one person, under the rules in force on ``as_of``."""
    facts = Facts(profile, correspondence)
    rules = rulebook.in_force(profile.as_of)
    candidates = []
    for resolved in rules:
        if isinstance(resolved.rule, GrantRule):
            for target in _targets(resolved.rule, facts):
                if not _already_held(target, profile):
                    candidates.append(_candidate(resolved, target, facts))
    options = _group(candidates)
    _apply_exemptions(options, rules, facts)
    level_table = [
        InterpretationOut(id=i.id, rule="correspondence", part=i.part, zh=i.zh, en=i.en)
        for i in correspondence.levels.interpretations
    ]
    notices = [
        NoticeOut(
            rule=r.id,
            title=Text(**r.rule.title.model_dump()),
            text=Text(**r.rule.text.model_dump()),
            sources=_sources([r]),
            interpretations=_interpretations([r]),
        )
        for r in rules
        if isinstance(r.rule, NoticeRule) and _notice_applies(r.rule, facts, options)
    ]
    return PathwayResult(
        id=profile.id,
        region=profile.region,
        as_of=profile.as_of.isoformat(),
        rulebook=RulebookOut(
            region=rulebook.region,
            versions=rulebook.versions,
            correspondence=correspondence.version,
        ),
        options=[_option_out(o, level_table, correspondence) for o in options],
        notices=notices,
    )


@dataclass(frozen=True)
class OptionStatus:
    """An option's answer without its explanation, sources or exemptions: what a
    count over many people needs (the staff forecast)."""

    track: str
    level: str
    occupation: str | None
    series: str | None
    specialty: str | None
    status: Status
    eligible_from: str | None
    rules: tuple[str, ...]


def evaluate_options(
    profile: Profile, rulebook: Rulebook, correspondence: Correspondence
) -> list[OptionStatus]:
    """The same options as ``evaluate`` in the same order, status and date only;
    about half the work, since no text is built (checked against ``evaluate``)."""
    facts = Facts(profile, correspondence)
    candidates = [
        _candidate(resolved, target, facts)
        for resolved in rulebook.in_force(profile.as_of)
        if isinstance(resolved.rule, GrantRule)
        for target in _targets(resolved.rule, facts)
        if not _already_held(target, profile)
    ]
    out = []
    for option in _group(candidates):
        best, t = option.best, option.best.target
        out.append(
            OptionStatus(
                track=t.track,
                level=t.level,
                occupation=t.occupation if t.track == "skill_level" else None,
                series=t.series if t.track == "title" else (t.anchor.series if t.anchor else None),
                specialty=(
                    t.specialty
                    if t.track == "title"
                    else (t.anchor.specialty if t.anchor else None)
                ),
                status=best.status,  # type: ignore[arg-type]
                eligible_from=best.eligible_from.isoformat() if best.eligible_from else None,
                rules=tuple(c.rule.id for c in option.supporting),
            )
        )
    return out
