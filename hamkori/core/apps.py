from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hamkori.core"
    label = "core"
