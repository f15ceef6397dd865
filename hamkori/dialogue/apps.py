from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "hamkori.dialogue"
    label = "dialogue"
