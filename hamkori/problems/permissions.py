"""Who may do what with social problems (default deny; see docs/problems.md, "Who may do what").

- Anyone signed in reports and supports problems (one support per person).
- Moderators — members of a state body of the problem's jurisdiction and platform
  administrators of that jurisdiction — review, route, show again and mark duplicates. The
  grant operator is not a state body and does not moderate.
- Deciding against a problem (decline, mark already addressed, hide) is for the responsible
  body's members and the platform administrators of the jurisdiction; when no body is named,
  any moderator may. An unrelated body cannot silence a problem addressed to another.
- The author still sees their own hidden problem, with the reason.
- The responsible body's members answer; when no body is named, any state body of the
  jurisdiction may.
- Members of the body whose plan holds a lot link problems to it.
- Moderators and auditors of the jurisdiction see hidden problems (auditors read the
  moderation lists); besides them only the author does.
"""

from __future__ import annotations

from hamkori.accounts.permissions import (
    _active_memberships,
    is_auditor,
    is_authenticated,
    is_org_member,
    is_platform_admin,
)
from hamkori.core.permissions import predicate


@predicate
def is_state_official(user, obj=None) -> bool:
    """A member of a state body in the object's jurisdiction (any, if obj is None)."""
    if not is_authenticated(user):
        return False
    jurisdiction_id = getattr(obj, "jurisdiction_id", None)
    return any(
        m["organisation__sector"] == "state"
        and (jurisdiction_id is None or m["organisation__jurisdiction_id"] == jurisdiction_id)
        for m in _active_memberships(user)
    )


@predicate
def is_any_moderator(user, obj=None) -> bool:
    """May open the moderation queue (it then lists only their jurisdictions)."""
    from hamkori.accounts.permissions import is_any_platform_admin

    return is_state_official(user, None) or is_any_platform_admin(user, None)


@predicate
def is_any_auditor(user, obj=None) -> bool:
    """An auditor of some jurisdiction: reads the moderation lists (hidden problems, duplicates)
    of the jurisdictions they audit, without acting."""
    from hamkori.accounts.permissions import _grants

    if not is_authenticated(user):
        return False
    return any(g["role"] == "auditor" for g in _grants(user))


@predicate
def is_hidden(user, problem) -> bool:
    return problem is not None and problem.hidden_at is not None


@predicate
def is_duplicate(user, problem) -> bool:
    return problem is not None and problem.duplicate_of_id is not None


@predicate
def is_responsible_official(user, problem) -> bool:
    if problem is None:
        return False
    if problem.responsible_body_id is None:
        return is_state_official(user, problem)
    return is_org_member(user, problem.responsible_body)


@predicate
def is_author(user, problem) -> bool:
    return problem is not None and is_authenticated(user) and problem.author_id == user.pk


@predicate
def is_plan_official(user, lot) -> bool:
    """A member of the body whose plan holds the lot."""
    return lot is not None and is_org_member(user, lot.plan.body)


can_moderate = is_state_official | is_platform_admin
can_decide = is_responsible_official | is_platform_admin
can_see_hidden = can_moderate | is_auditor
can_view = ~is_hidden | can_see_hidden | is_author
can_report = is_authenticated
can_support = is_authenticated & ~is_hidden & ~is_duplicate
can_answer = is_responsible_official & ~is_hidden
can_link_lot = is_plan_official
