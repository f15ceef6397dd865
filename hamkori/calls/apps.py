from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "hamkori.calls"
    label = "calls"
