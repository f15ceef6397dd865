from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hamkori.meetings"
    label = "meetings"
