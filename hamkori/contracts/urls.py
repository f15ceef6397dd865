from django.urls import path

from hamkori.contracts import views

app_name = "contracts"

urlpatterns = [
    # --- officials of the funding body ---
    path("", views.dashboard, name="dashboard"),
    path("application/<int:application_pk>/new/", views.contract_create, name="contract-create"),
    path("<int:pk>/tranches/", views.contract_tranches, name="contract-tranches"),
    path("<int:pk>/amend/", views.contract_amend, name="contract-amend"),
    path("<int:pk>/discard/", views.contract_discard, name="contract-discard"),
    path("<int:pk>/terminate/", views.contract_terminate, name="contract-terminate"),
    path("order/<int:pk>/paid/", views.order_paid, name="order-paid"),
    # --- both parties ---
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.contract_detail, name="contract-detail"),
    path("<int:pk>/document.pdf", views.contract_document, name="contract-pdf"),
    path("<int:pk>/signed-copy.pdf", views.contract_signed_copy, name="contract-signed-copy"),
]
