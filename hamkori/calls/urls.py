from django.urls import path

from hamkori.calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="call-list"),
    path("mine/", views.my_calls, name="my-calls"),
    path("<int:pk>/", views.call_detail, name="call-detail"),
    path("<int:pk>/edit/", views.call_edit, name="call-edit"),
    path("<int:pk>/transition/", views.call_transition, name="call-transition"),
    path("<int:pk>/amend/", views.call_amend, name="call-amend"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan-publish"),
    path("plans/<int:pk>/budget-lines/new/", views.budget_line_create, name="budget-line-create"),
    path("plans/<int:pk>/lots/new/", views.lot_create, name="lot-create"),
    path("plans/<int:pk>/calls/new/", views.call_create, name="call-create"),
    path("lots/<int:pk>/edit/", views.lot_edit, name="lot-edit"),
]
