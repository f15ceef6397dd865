from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("hamkori.portal.urls")),
    path("accounts/", include("hamkori.accounts.urls")),
    path("organisations/", include("hamkori.registry.urls")),
    path("rules/", include("hamkori.rules.urls")),
    path("calls/", include("hamkori.calls.urls")),
    path("audit/", include("hamkori.core.urls")),
    path("applications/", include("hamkori.applications.urls")),
    path("reviews/", include("hamkori.reviews.urls")),
    path("decisions/", include("hamkori.decisions.urls")),
    path("contracts/", include("hamkori.contracts.urls")),
    path("monitoring/", include("hamkori.monitoring.urls")),
    path("councils/", include("hamkori.councils.urls")),
    path("meetings/", include("hamkori.meetings.urls")),
    path("recommendations/", include("hamkori.recommendations.urls")),
    path("dialogue/", include("hamkori.dialogue.urls")),
    path("problems/", include("hamkori.problems.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]
