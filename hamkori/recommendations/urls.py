from django.urls import path

from hamkori.recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("council/<slug:code>/", views.recommendation_list, name="recommendation-list"),
    path("council/<slug:code>/new/", views.recommendation_create, name="recommendation-create"),
    path("council/<slug:code>/report/<int:year>/", views.report_detail, name="report-detail"),
    path("council/<slug:code>/report/<int:year>.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("body/<int:pk>/", views.body_detail, name="body-detail"),
    # Without a jurisdiction: the first one, with tabs for the others (the home page links here).
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/<str:jurisdiction>/", views.body_list, name="body-list"),
]
