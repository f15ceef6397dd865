from django.urls import path

from hamkori.portal import views

app_name = "registry"

urlpatterns = [path("", views.home, name="organisation-list")]
