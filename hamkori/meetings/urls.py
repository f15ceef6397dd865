from django.urls import path

from hamkori.meetings import views

app_name = "meetings"

urlpatterns = [
    path("council/<slug:code>.ics", views.council_ics, name="council-ics"),
    path("council/<slug:code>/", views.council_meetings, name="council-meetings"),
    path("council/<slug:code>/new/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>.ics", views.meeting_ics, name="meeting-ics"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/do/<slug:action>/", views.meeting_transition, name="meeting-transition"),
    path("<int:pk>/register/", views.registration_create, name="registration-create"),
    path(
        "registrations/<str:token>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("<int:pk>/items/new/", views.item_add, name="item-add"),
    path("items/<int:pk>/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/remove/", views.item_remove, name="item-remove"),
    path("items/<int:pk>/vote/", views.vote_create, name="vote-create"),
    path("items/<int:pk>/ballot/", views.ballot_open, name="ballot-open"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot-detail"),
    path("ballots/<int:pk>/cast/", views.ballot_cast, name="ballot-cast"),
    path("ballots/<int:pk>/close/", views.ballot_close, name="ballot-close"),
    path("ballots/<int:pk>/cancel/", views.ballot_cancel, name="ballot-cancel"),
    path("documents/<int:pk>/", views.agenda_document, name="document-download"),
    path("<int:pk>/attendance/", views.attendance_edit, name="attendance-edit"),
    path("<int:pk>/minutes/", views.minutes_detail, name="minutes-detail"),
    path("<int:pk>/minutes/edit/", views.minutes_edit, name="minutes-edit"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf_view, name="minutes-pdf"),
]
