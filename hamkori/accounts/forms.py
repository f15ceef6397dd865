from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hamkori.accounts import services
from hamkori.accounts.models import PlatformRole, User
from hamkori.rules.models import Jurisdiction


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client and would let anyone pick
    # the address they are counted under.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def language_choices():
    return [(code, name) for code, name in settings.LANGUAGES]


class LoginForm(forms.Form):
    """Sign-in by e-mail, refused outright while the address or the client is locked out."""

    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if not email or password is None:
            return self.cleaned_data
        ip = client_ip(self.request)
        until = services.login_locked_until(email=email, ip=ip)
        if until is not None:
            raise self.locked_error(until)
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            services.login_failure_record(email=email, ip=ip)
            until = services.login_locked_until(email=email, ip=ip)
            if until is not None:
                raise self.locked_error(until)
            raise ValidationError(
                _("The e-mail address or the password is not right."), code="invalid_login"
            )
        services.login_failures_clear(email=email)
        self.user_cache = user
        return self.cleaned_data

    @staticmethod
    def locked_error(until) -> ValidationError:
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        message = ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute, after %(time)s.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes, after %(time)s.",
            minutes,
        ) % {"minutes": minutes, "time": time_format(timezone.localtime(until), "H:i")}
        return ValidationError(message, code="locked")

    def get_user(self):
        return self.user_cache


class RegistrationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters; not a common password and not like your name or e-mail."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = services.normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail address already exists."), code="duplicate"
            )
        return email

    def clean(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(
                email=self.cleaned_data.get("email", ""),
                full_name=self.cleaned_data.get("full_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return self.cleaned_data


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()-]{4,30}$",
                _("Enter a phone number of digits, spaces and dashes, e.g. +7 701 123 45 67."),
            )
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=language_choices)


class ServiceSetPasswordForm(SetPasswordForm):
    """Django's reset form, saving through the audited service."""

    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return services.user_password_set(
            actor=self.user, user=self.user, password=password, via="reset"
        )


class ServicePasswordChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return services.user_password_set(
            actor=self.user, user=self.user, password=password, via="change"
        )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PlatformRole.choices)
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.order_by("code"),
        required=False,
        empty_label=_("All jurisdictions"),
    )
