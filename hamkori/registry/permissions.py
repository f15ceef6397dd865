"""Who may do what with an organisation, as named predicates (default deny)."""

from __future__ import annotations

from hamkori.accounts.permissions import (
    is_auditor,
    is_official,
    is_org_admin,
    is_org_member,
    is_platform_admin,
)
from hamkori.core.permissions import is_authenticated, predicate
from hamkori.registry.models import Sector


@predicate
def is_state_body(user, organisation) -> bool:
    return organisation is not None and organisation.sector != Sector.CSO


@predicate
def is_cso(user, organisation) -> bool:
    return organisation is not None and organisation.sector == Sector.CSO


# Officials of a jurisdiction look after its state bodies' profiles; CSOs edit their own.
can_edit_organisation = is_org_admin | is_platform_admin | (is_official & is_state_body)
can_decide_membership = is_org_admin | is_official | is_platform_admin
can_set_status = is_official | is_platform_admin
can_flag_unreliable = is_official | is_platform_admin
can_submit_annual_report = is_org_admin
can_see_private_contacts = is_official | is_auditor | is_platform_admin | is_org_member
can_see_audit = is_official | is_auditor | is_platform_admin
can_claim = is_authenticated
# Anyone signed in may register a CSO; state bodies and the operator come from administrators.
can_create_cso = is_authenticated
can_create_state_body = is_platform_admin
