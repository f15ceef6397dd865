"""Writes about people: registration, profile, passwords, platform roles and the sign-in
lock-out."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.accounts.models import LoginFailure, PlatformRole, RoleGrant, User
from hamkori.accounts.permissions import forget, is_platform_admin
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.permissions import require
from hamkori.rules.models import Jurisdiction

PROFILE_FIELDS = ["full_name", "phone", "preferred_language"]


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_language(code: str) -> None:
    if code not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})


# --- sign-in lock-out -------------------------------------------------------------------------
# Failures are not audit events: they are not business changes, and anyone on the internet
# could otherwise grow the hash chain at will.


def _window_start(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def login_locked_until(*, email: str, ip: str | None, now: datetime | None = None):
    """When the e-mail address or the client address may try again, or None if not locked.

    Locked while `LOGIN_FAILURE_LIMIT` failures of the address (`LOGIN_IP_FAILURE_LIMIT` of
    the client address, higher because an office behind one NAT address shares it) fall
    inside the last `LOGIN_LOCKOUT_SECONDS`; the lock lifts when the oldest of the most
    recent `LIMIT` failures leaves the window."""
    now = now or timezone.now()
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    until = None
    keys = [(Q(email=normalise_email(email)), settings.LOGIN_FAILURE_LIMIT)] if email else []
    if ip:
        keys.append((Q(ip=ip), settings.LOGIN_IP_FAILURE_LIMIT))
    for key, limit in keys:
        recent = list(
            LoginFailure.objects.filter(key, at__gte=now - window)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            candidate = recent[-1] + window
            until = candidate if until is None else max(until, candidate)
    return until


@transaction.atomic
def login_failure_record(*, email: str, ip: str | None) -> LoginFailure:
    """Count one failed sign-in for the address and the client; prune what no longer counts."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=_window_start(now)).delete()
    failure = LoginFailure(email=normalise_email(email)[:254], ip=ip or None, at=now)
    failure.full_clean()
    failure.save()
    return failure


@transaction.atomic
def login_failures_clear(*, email: str) -> int:
    """Forget the failures of an e-mail address after its owner signed in. The client
    address keeps its count: one success must not unlock guessing at other accounts."""
    deleted, _ = LoginFailure.objects.filter(email=normalise_email(email)).delete()
    return deleted


# --- people ----------------------------------------------------------------------------------


@transaction.atomic
def user_register(
    *, email: str, full_name: str, preferred_language: str, password: str, phone: str = ""
) -> User:
    """Create an account for a newcomer; they are its actor in the audit trail."""
    email = normalise_email(email)
    _check_language(preferred_language)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(
        email=email,
        full_name=full_name.strip(),
        phone=phone.strip(),
        preferred_language=preferred_language,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=user,
        action="accounts.user.register",
        obj=user,
        changes={name: getattr(user, name) for name in ["email", *PROFILE_FIELDS]},
    )
    return user


@transaction.atomic
def user_update(
    *, actor: User, user: User, full_name: str, phone: str, preferred_language: str
) -> User:
    """Change a person's profile: by themselves or by a platform administrator."""
    if actor.pk != user.pk:
        require(is_platform_admin, actor)
    _check_language(preferred_language)
    before = snapshot(user, PROFILE_FIELDS)
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.preferred_language = preferred_language
    user.full_clean()
    changes = diff(user, before, PROFILE_FIELDS)
    if changes:
        user.save(update_fields=list(changes))
        audit_record(actor=actor, action="accounts.user.update", obj=user, changes=changes)
    return user


@transaction.atomic
def user_password_set(*, actor: User, user: User, password: str, via: str) -> User:
    """Set a new password (`via` is "change" or "reset"); the hash never enters the trail."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.user.password_set", obj=user, changes={"via": via})
    return user


# --- platform roles --------------------------------------------------------------------------


@transaction.atomic
def role_grant(
    *, actor: User, user: User, role: str, jurisdiction: Jurisdiction | None = None
) -> RoleGrant:
    """Give a platform role, everywhere or in one jurisdiction. Only a platform administrator
    of that scope may do it."""
    require(is_platform_admin, actor, jurisdiction)
    if role not in PlatformRole.values:
        raise ValidationError({"role": _("Choose one of the offered roles.")})
    # The unique constraint does not see duplicates when the jurisdiction is NULL.
    if RoleGrant.objects.filter(user=user, role=role, jurisdiction=jurisdiction).exists():
        raise ValidationError(_("This person already has this role."))
    return _grant_write(actor=actor, user=user, role=role, jurisdiction=jurisdiction)


def _grant_write(
    *, actor: User, user: User, role: str, jurisdiction: Jurisdiction | None
) -> RoleGrant:
    grant = RoleGrant(user=user, role=role, jurisdiction=jurisdiction, granted_by=actor)
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        action="accounts.role.grant",
        obj=grant,
        changes={"user": user.pk, "role": role, "jurisdiction": grant.jurisdiction_id},
    )
    forget(user)
    return grant


def expert_role_grant(*, actor: User, user: User, jurisdiction: Jurisdiction) -> RoleGrant | None:
    """The expert role follows the expert register: whoever may keep a jurisdiction's register
    (the reviews app checks it) gives the person this one role there, unless they have it
    already there or everywhere. Other roles stay with the platform's administrators."""
    held = RoleGrant.objects.filter(user=user, role=PlatformRole.EXPERT).filter(
        Q(jurisdiction=jurisdiction) | Q(jurisdiction__isnull=True)
    )
    if held.exists():
        return None
    return _grant_write(actor=actor, user=user, role=PlatformRole.EXPERT, jurisdiction=jurisdiction)


@transaction.atomic
def role_revoke(*, actor: User, grant: RoleGrant) -> None:
    """Take a platform role away. Administrators cannot remove their own administrator role,
    so the platform is never left without one by mistake."""
    require(is_platform_admin, actor, grant.jurisdiction)
    if grant.user_id == actor.pk and grant.role == PlatformRole.ADMINISTRATOR:
        raise ValidationError(_("You cannot remove your own administrator role."))
    audit_record(
        actor=actor,
        action="accounts.role.revoke",
        obj=grant,
        changes={"user": grant.user_id, "role": grant.role, "jurisdiction": grant.jurisdiction_id},
    )
    user = grant.user
    grant.delete()
    forget(user)
