from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "hamkori.problems"
    label = "problems"
