from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "hamkori.contracts"
    label = "contracts"
