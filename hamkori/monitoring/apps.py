from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "hamkori.monitoring"
    label = "monitoring"
