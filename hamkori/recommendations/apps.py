from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "hamkori.recommendations"
    label = "recommendations"
