from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"

# The accounts helper replaces these with the full set (throttled login, register, reset).
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", auth_views.LoginView.as_view(), name="register"),
    path("me/", auth_views.LoginView.as_view(), name="me"),
]
