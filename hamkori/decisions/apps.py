from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "hamkori.decisions"
    label = "decisions"
