from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "hamkori.applications"
    label = "applications"
