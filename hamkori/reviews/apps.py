from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "hamkori.reviews"
    label = "reviews"
