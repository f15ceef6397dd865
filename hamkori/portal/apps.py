from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hamkori.portal"
    label = "portal"
