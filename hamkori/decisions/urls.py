from django.urls import path

from hamkori.decisions import views

app_name = "decisions"

urlpatterns = [
    # --- officials of the body ---
    path("call/<int:call_pk>/", views.call_decision, name="call-decision"),
    path("call/<int:call_pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meeting/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meeting/<int:pk>/lot/<int:lot_pk>/", views.decision_edit, name="decision-edit"),
    path("meeting/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("meeting/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("call/<int:call_pk>/appeals/", views.appeal_list, name="appeal-list"),
    path("appeal/<int:pk>/", views.appeal_detail, name="appeal-detail"),
    # --- the public and the applicant ---
    path("results/<int:call_pk>/", views.results, name="results"),
    path("application/<int:pk>/", views.application_result, name="application-result"),
]
