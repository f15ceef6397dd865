from django.contrib.auth.backends import ModelBackend

from hamkori.accounts.models import User


class EmailBackend(ModelBackend):
    """Sign-in by e-mail, whatever its letter case."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        address = (email or username or "").strip().lower()
        if not address or password is None:
            return None
        user = User.objects.filter(email=address).first()
        if user is None:
            # Same cost as a real check, so response time does not reveal who has an account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
