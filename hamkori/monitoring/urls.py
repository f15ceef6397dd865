from django.urls import path

from hamkori.monitoring import views

app_name = "monitoring"

urlpatterns = [
    # --- the parties of a contract, auditors read ---
    path("contract/<int:contract_pk>/", views.contract_monitoring, name="contract-monitoring"),
    path("reports/", views.report_list, name="report-list"),
    path("report/<int:pk>/", views.report_detail, name="report-detail"),
    path("file/<int:pk>/", views.report_file, name="report-file"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visit/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("photo/<int:pk>/", views.visit_photo, name="visit-photo"),
    # --- the ex-post evaluation: officials record it, anyone reads it once published ---
    path("contract/<int:contract_pk>/evaluation/", views.evaluation_edit, name="evaluation-edit"),
    path("evaluations/<int:pk>/", views.evaluation_public, name="evaluation-public"),
]
