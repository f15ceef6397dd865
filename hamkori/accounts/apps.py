from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hamkori.accounts"
    label = "accounts"
