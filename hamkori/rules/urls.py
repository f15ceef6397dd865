from django.urls import path

from hamkori.rules import views

app_name = "rules"

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("calendar/<str:code>/<int:year>/", views.calendar, name="calendar"),
]
