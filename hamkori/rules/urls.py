from django.urls import path

from hamkori.portal import views

app_name = "rules"

urlpatterns = [path("compare/", views.home, name="compare")]
