from django.urls import path

from hamkori.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/mine/", views.consultation_mine, name="consultation-mine"),
    path("consultations/new/", views.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path(
        "consultations/<int:pk>/document/",
        views.consultation_document,
        name="consultation-document",
    ),
    path(
        "consultations/<int:pk>/sections/<int:number>/comments/",
        views.comment_list,
        name="section-comment-list",
    ),
    path(
        "consultations/<int:pk>/comments/whole-draft/",
        views.comment_list,
        name="draft-comment-list",
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/hide/",
        views.comment_hide,
        name="comment-hide",
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/handle/",
        views.comment_handle,
        name="comment-handle",
    ),
    path("consultations/<int:pk>/report/", views.consultation_report, name="consultation-report"),
    path(
        "consultations/<int:pk>/report.pdf",
        views.consultation_report_pdf,
        name="consultation-report-pdf",
    ),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/sessions/new/", views.session_edit, name="session-create"),
    path(
        "programmes/<int:pk>/sessions/<int:session_pk>/",
        views.session_edit,
        name="session-edit",
    ),
    path("programmes/<int:pk>/programme.pdf", views.programme_pdf_view, name="programme-pdf"),
    path("programmes/<int:pk>/calendar.ics", views.programme_ical, name="programme-ical"),
]
