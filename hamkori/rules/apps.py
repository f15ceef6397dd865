from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "hamkori.rules"
    label = "rules"
