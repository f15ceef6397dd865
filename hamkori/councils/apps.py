from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "hamkori.councils"
    label = "councils"
