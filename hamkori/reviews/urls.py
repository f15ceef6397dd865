from django.urls import path

from hamkori.reviews import views

app_name = "reviews"

urlpatterns = [
    # --- the register and the expert's own page ---
    path("experts/", views.expert_list, name="expert-list"),
    path("experts/add/", views.expert_add, name="expert-add"),
    path("experts/<int:pk>/", views.expert_detail, name="expert-detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/status/", views.expert_status, name="expert-status"),
    path("experts/<int:pk>/relations/add/", views.relation_add, name="relation-add"),
    path("relations/<int:pk>/remove/", views.relation_remove, name="relation-remove"),
    path("me/", views.me, name="me"),
    path("terms/", views.terms, name="terms"),
    # --- the evaluation of a call ---
    path("call/<int:call_pk>/", views.evaluation, name="evaluation"),
    path("call/<int:call_pk>/start/", views.review_start, name="review-start"),
    path("lot/<int:lot_pk>/draw/", views.draw_detail, name="draw-detail"),
    path("lot/<int:lot_pk>/draw/run/", views.lot_draw, name="lot-draw"),
    # --- declarations and score sheets ---
    path("lot/<int:lot_pk>/declare/", views.declaration, name="declaration"),
    path("<int:pk>/", views.review_sheet, name="review-sheet"),
    path("<int:pk>/set-aside/", views.review_set_aside, name="review-set-aside"),
    path("application/<int:pk>/sheets/", views.application_sheets, name="application-sheets"),
]
