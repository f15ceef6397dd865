from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "hamkori.registry"
    label = "registry"
