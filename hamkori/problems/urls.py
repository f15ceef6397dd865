from django.urls import path, register_converter

from hamkori.problems import views, views_tracing


class ReferenceConverter:
    """A problem's reference, e.g. P-KZ-2026-00042; nothing else, so the app's other
    paths (priority/, regions/ …) never reach the detail view."""

    regex = r"P-[A-Z]{2}-[0-9]{4}-[0-9]{5,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "problem_ref")

app_name = "problems"

urlpatterns: list = [
    path("", views.problem_list, name="problem-list"),
    path("report/", views.problem_report, name="problem-report"),
    path("mine/", views.problem_mine, name="problem-mine"),
    path("similar/", views.problem_similar, name="problem-similar"),
    path("moderation/", views.problem_moderation, name="problem-moderation"),
    path("<problem_ref:reference>/", views.problem_detail, name="problem-detail"),
    path("<problem_ref:reference>/support/", views.problem_support, name="problem-support"),
    path("<problem_ref:reference>/answer/", views.problem_answer, name="problem-answer"),
    path("<problem_ref:reference>/moderate/", views.problem_moderate, name="problem-moderate"),
    path(
        "<problem_ref:reference>/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence-download",
    ),
    # --- tracing (E) ---
    path("priority/", views_tracing.problem_priority, name="problem-priority"),
    path("priority.csv", views_tracing.problem_priority_csv, name="problem-priority-csv"),
    path("regions/", views_tracing.problem_by_region, name="problem-by-region"),
    path("lots/<int:pk>/", views_tracing.lot_problems, name="lot-problems"),
    path("<problem_ref:reference>/lots/", views_tracing.problem_lots, name="problem-lots"),
    # --- end tracing ---
]
