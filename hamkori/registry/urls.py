from django.urls import path

from hamkori.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("new/", views.organisation_create, name="organisation-create"),
    path("claim/", views.organisation_claim, name="organisation-claim"),
    path("claims/", views.claim_list, name="claim-list"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<int:pk>/status/", views.organisation_status, name="organisation-status"),
    path("<int:pk>/unreliable/", views.organisation_unreliable, name="organisation-unreliable"),
    path("<int:pk>/reports/new/", views.annual_report_create, name="annual-report-create"),
    path("<int:pk>/audit/", views.organisation_audit, name="organisation-audit"),
]
