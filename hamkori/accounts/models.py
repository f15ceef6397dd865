"""People, their memberships of organisations and their platform-wide roles."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(_("language"), max_length=5, default="ru")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("administrator")
    MEMBER = "member", _("member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    ACTIVE = "active", _("active")
    REJECTED = "rejected", _("rejected")
    ENDED = "ended", _("ended")


class Membership(models.Model):
    """A person inside an organisation. Whether that makes them a CSO member or an official
    follows from the organisation's kind; a claim of an existing organisation is a pending
    membership until its administrator or an official decides."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=MembershipRole.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=MembershipStatus.choices)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status__in=["pending", "active"]),
                name="membership_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "member"]), name="membership_role_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "active", "rejected", "ended"]),
                name="membership_status_known",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role}, {self.status})"


class PlatformRole(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    AUDITOR = "auditor", _("auditor / observer")
    EXPERT = "expert", _("expert")


class RoleGrant(models.Model):
    """A platform-wide role, optionally limited to one jurisdiction."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=16, choices=PlatformRole.choices)
    jurisdiction = models.ForeignKey(
        "rules.Jurisdiction", null=True, blank=True, on_delete=models.PROTECT
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "jurisdiction"], name="role_grant_once"
            ),
            # NULLs are distinct in the constraint above, so a platform-wide role needs its own.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(jurisdiction__isnull=True),
                name="role_grant_once_everywhere",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["administrator", "auditor", "expert"]),
                name="role_grant_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.jurisdiction_id or '*'}"


class LoginFailure(models.Model):
    """Failed sign-ins, counted per e-mail and per client address for the lock-out."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} {self.ip or '-'} {self.at:%Y-%m-%d %H:%M:%S}"
