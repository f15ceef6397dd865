from django.urls import path

from hamkori.applications import views

app_name = "applications"

urlpatterns = [
    # --- editing ---
    path("start/", views.application_start, name="application-start"),
    path("mine/", views.my_application_list, name="my-applications"),
    path("<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("<int:pk>/autosave/", views.application_autosave, name="application-autosave"),
    path("<int:pk>/attachments/add/", views.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
    # --- submission ---
    path("<int:pk>/submit/", views.application_submit, name="application-submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("<int:pk>/receipt/<int:number>/", views.application_receipt, name="application-receipt"),
    path(
        "<int:pk>/receipt/<int:number>/pdf/",
        views.application_receipt_pdf,
        name="application-receipt-pdf",
    ),
    path("call/<int:call_pk>/", views.official_list, name="official-list"),
    path("call/<int:call_pk>/export.csv", views.official_export, name="official-export"),
    path("submission/<int:pk>/", views.official_detail, name="official-detail"),
]
