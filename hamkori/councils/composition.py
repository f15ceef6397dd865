"""A council's composition checked against its jurisdiction's rules: size bounds by level,
one representative per non-profit legal entity, the civil-society share and a chair outside
public service. Every figure comes from the rule set with its legal reference; a rule the
jurisdiction does not have is reported as "not set" and nothing is checked in its place."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hamkori.councils.models import Council, CouncilLevel, Member, Position, Sector
from hamkori.rules.selectors import RuleMissing, rule_get
from hamkori.rules.selectors import local_today as local_today_in

SIZE_RULES = {
    CouncilLevel.REPUBLICAN: ("council.republican.min_members", "council.republican.max_members"),
    CouncilLevel.QUASI_PUBLIC: (
        "council.quasi_public.min_members",
        "council.quasi_public.max_members",
    ),
    CouncilLevel.LOCAL: ("council.local.min_members", "council.local.max_members"),
}
SHARE_RULE = "council.civil_society_share"
PER_ORGANISATION_RULE = "council.representatives_per_organisation"
CHAIR_RULE = "council.chair_outside_public_service"


@dataclass(frozen=True)
class Violation:
    """One rule the composition breaks: the rule's key, a message naming the rule with the
    figure required and the figure found, and the rule's legal reference."""

    rule: str
    message: str
    required: str
    found: str
    reference: str


@dataclass(frozen=True)
class Check:
    """One rule as checked: `violations` empty when met; `not_set` when the jurisdiction has
    no such rule (nothing was checked)."""

    rule: str
    title: str
    not_set: bool
    reference: str
    violations: tuple[Violation, ...] = ()

    @property
    def met(self) -> bool:
        return not self.not_set and not self.violations


def check_day(council: Council, on: date | None = None) -> date:
    """The day a composition is checked on: `on`, or today within the council's term (its
    first day before it starts, its last day after it ended)."""
    if on is not None:
        return on
    today = local_today_in(council.jurisdiction_id)
    return min(max(today, council.term_start), council.term_end)


def members_on(council: Council, on: date) -> list[Member]:
    return [
        m
        for m in council.members.select_related("organisation").order_by("pk")
        if m.starts_on <= on and (m.ends_on is None or m.ends_on >= on)
    ]


def _rule(council: Council, key: str, on: date):
    try:
        return rule_get(council.jurisdiction_id, key, on)
    except RuleMissing:
        return None


def _size(council: Council, members: list[Member], on: date) -> Check:
    min_key, max_key = SIZE_RULES[CouncilLevel(council.level)]
    low, high = _rule(council, min_key, on), _rule(council, max_key, on)
    title = _("Number of members (%(level)s council)") % {"level": council.get_level_display()}
    if low is None and high is None:
        return Check(min_key, title, not_set=True, reference="")
    found = len(members)
    violations = []
    if low is not None and found < int(low.value):
        violations.append(
            Violation(
                min_key,
                _(
                    "Too few members: the rule requires at least %(required)s, the council "
                    "has %(found)s."
                )
                % {"required": low.value, "found": found},
                str(low.value),
                str(found),
                low.reference,
            )
        )
    if high is not None and found > int(high.value):
        violations.append(
            Violation(
                max_key,
                _(
                    "Too many members: the rule allows at most %(required)s, the council has "
                    "%(found)s."
                )
                % {"required": high.value, "found": found},
                str(high.value),
                str(found),
                high.reference,
            )
        )
    reference = (low or high).reference
    return Check(min_key, title, not_set=False, reference=reference, violations=tuple(violations))


def _per_organisation(council: Council, members: list[Member], on: date) -> Check:
    rule = _rule(council, PER_ORGANISATION_RULE, on)
    title = _("Representatives of one non-profit organisation")
    if rule is None:
        return Check(PER_ORGANISATION_RULE, title, not_set=True, reference="")
    allowed = int(rule.value)
    seats = Counter(
        m.organisation_id
        for m in members
        if m.sector == Sector.NON_PROFIT and m.organisation_id is not None
    )
    names = {m.organisation_id: str(m.organisation) for m in members if m.organisation_id}
    violations = tuple(
        Violation(
            PER_ORGANISATION_RULE,
            _(
                "%(organisation)s has %(found)s representatives on the council; the rule "
                "allows %(required)s."
            )
            % {"organisation": names[org], "found": count, "required": allowed},
            str(allowed),
            str(count),
            rule.reference,
        )
        for org, count in sorted(seats.items(), key=lambda item: names[item[0]])
        if count > allowed
    )
    return Check(PER_ORGANISATION_RULE, title, False, rule.reference, violations)


def _share_text(share: Fraction) -> str:
    if share.denominator in (2, 3, 4, 5):
        return f"{share.numerator}/{share.denominator}"
    return number_format(float(share) * 100, 1) + " %"


def _civil_share(council: Council, members: list[Member], on: date) -> Check:
    rule = _rule(council, SHARE_RULE, on)
    title = _("Share of civil-society members (non-profit organisations and citizens)")
    if rule is None:
        return Check(SHARE_RULE, title, not_set=True, reference="")
    required = Fraction(str(rule.value))
    civil = sum(1 for m in members if m.sector in (Sector.NON_PROFIT, Sector.CITIZEN))
    total = len(members)
    if total and Fraction(civil, total) >= required:
        return Check(SHARE_RULE, title, False, rule.reference)
    if not total:
        found = _("no members")
    else:
        found = _("%(civil)s of %(total)s") % {"civil": civil, "total": total}
    violation = Violation(
        SHARE_RULE,
        _(
            "Civil-society members are %(found)s; the rule requires at least %(required)s of "
            "all members."
        )
        % {"found": found, "required": _share_text(required)},
        _share_text(required),
        str(found),
        rule.reference,
    )
    return Check(SHARE_RULE, title, False, rule.reference, (violation,))


def _chair(council: Council, members: list[Member], on: date) -> Check:
    rule = _rule(council, CHAIR_RULE, on)
    title = _("A chair who is not in public service")
    if rule is None or not rule.value:
        return Check(CHAIR_RULE, title, not_set=True, reference="")
    chairs = [m for m in members if m.position == Position.CHAIR and m.in_public_service]
    violations = tuple(
        Violation(
            CHAIR_RULE,
            _(
                "The chair, %(name)s, is in public service; the rule requires a chair who is "
                "not in public service."
            )
            % {"name": chair.full_name},
            _("not in public service"),
            _("in public service"),
            rule.reference,
        )
        for chair in chairs
    )
    return Check(CHAIR_RULE, title, False, rule.reference, violations)


def composition_checks(council: Council, on: date | None = None) -> list[Check]:
    """Every composition rule as checked on `on` (see check_day), met, broken or not set."""
    on = check_day(council, on)
    members = members_on(council, on)
    return [
        check(council, members, on) for check in (_size, _per_organisation, _civil_share, _chair)
    ]


def composition_check(council: Council, on: date | None = None) -> list[Violation]:
    """The rules the council's composition breaks on `on` (none when it meets them all)."""
    return [v for check in composition_checks(council, on) for v in check.violations]


def size_violations(checks: list[Check]) -> list[Violation]:
    """The violations of the minimum size among `checks` (a council below the legal minimum
    is shown prominently on its pages)."""
    minimums = {keys[0] for keys in SIZE_RULES.values()}
    return [v for check in checks for v in check.violations if v.rule in minimums]
