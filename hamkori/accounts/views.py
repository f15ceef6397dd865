from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from hamkori.accounts import selectors, services
from hamkori.accounts.forms import (
    LoginForm,
    ProfileForm,
    RegistrationForm,
    RoleGrantForm,
    ServicePasswordChangeForm,
    ServiceSetPasswordForm,
)
from hamkori.accounts.models import RoleGrant
from hamkori.accounts.permissions import is_any_platform_admin
from hamkori.core.htmx import render_page
from hamkori.registry.selectors import membership_claims_for

BACKEND = "hamkori.accounts.backends.EmailBackend"


def _use_language(response, code: str):
    """Switch the interface to the person's language, now and on their next visits."""
    translation.activate(code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return _use_language(response, form.get_user().preferred_language)


class LogoutView(auth_views.LogoutView):
    """Sign-out by POST only (Django refuses GET), so a link on another site cannot sign
    anyone out."""


def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:me")
    # The language the person is reading the site in is the best guess of the one they want.
    form = RegistrationForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                email=data["email"],
                full_name=data["full_name"],
                preferred_language=data["preferred_language"],
                password=data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return _use_language(redirect("accounts:me"), user.preferred_language)
    return render(request, "accounts/register.html", {"form": form})


@login_required
def me(request):
    user = request.user
    initial = {
        "full_name": user.full_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your details are saved."))
            # A whole new page, not a swapped form: the language may have changed.
            response = (
                HttpResponseClientRedirect(reverse("accounts:me"))
                if request.htmx
                else redirect("accounts:me")
            )
            return _use_language(response, user.preferred_language)
    context = {
        "form": form,
        "memberships": selectors.membership_list_for(user=user),
        "grants": selectors.role_grant_list_for(user=user),
        "is_admin": is_any_platform_admin(user),
        "claims_waiting": membership_claims_for(user=user).count(),
    }
    return render_page(request, "accounts/me.html", context, partial="accounts/_profile_form.html")


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = ServicePasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")
    success_message = gettext_lazy("Your password is changed.")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ServiceSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- administrators --------------------------------------------------------------------------


@login_required
def user_list(request):
    query = request.GET.get("q", "")
    people = selectors.user_list_for(user=request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "accounts/user_list.html",
        {"page_obj": page, "people": page.object_list, "query": query},
        partial="accounts/_user_table.html",
    )


@login_required
def user_roles(request, pk: int):
    person = selectors.user_get_for(user=request.user, pk=pk)
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(actor=request.user, user=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role is granted."))
            return redirect("accounts:user-roles", pk=person.pk)
    return render(request, "accounts/user_roles.html", {"person": person, "form": form})


@login_required
@require_POST
def role_revoke(request, pk: int):
    if not is_any_platform_admin(request.user):
        raise PermissionDenied
    grant = get_object_or_404(RoleGrant.objects.select_related("user", "jurisdiction"), pk=pk)
    try:
        services.role_revoke(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is removed."))
    return redirect("accounts:user-roles", pk=grant.user_id)
