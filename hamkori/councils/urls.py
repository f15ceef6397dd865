from django.urls import path

from hamkori.councils import views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="council-list"),
    path("manage/", views.council_manage, name="council-manage"),
    path("new/", views.council_create, name="council-create"),
    path("<int:pk>/", views.council_detail, name="council-detail"),
    path("<int:pk>/edit/", views.council_edit, name="council-edit"),
    path("<int:pk>/regulation/", views.council_regulation, name="council-regulation"),
    path("<int:pk>/members/", views.member_list, name="member-list"),
    path("<int:pk>/members/add/", views.member_add, name="member-add"),
    path("members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("members/<int:pk>/end/", views.member_end, name="member-end"),
    path("<int:pk>/commissions/add/", views.commission_create, name="commission-create"),
    path("commissions/<int:pk>/edit/", views.commission_edit, name="commission-edit"),
    path("<int:pk>/competition/new/", views.competition_create, name="competition-create"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition-detail"),
    path("competitions/<int:pk>/results/", views.competition_results, name="competition-results"),
    path("competitions/<int:pk>/publish/", views.competition_publish, name="competition-publish"),
    path(
        "competitions/<int:pk>/state/<slug:action>/",
        views.competition_transition,
        name="competition-transition",
    ),
    path(
        "competitions/<int:pk>/working-group/add/",
        views.working_group_add,
        name="working-group-add",
    ),
    path("working-group/<int:pk>/remove/", views.working_group_remove, name="working-group-remove"),
    path("competitions/<int:pk>/apply/", views.candidacy_submit, name="candidacy-submit"),
    path("candidacies/<int:pk>/", views.candidacy_detail, name="candidacy-detail"),
    path("letters/<int:pk>/", views.letter_download, name="letter-download"),
]
