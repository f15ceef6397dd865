from django.conf import settings


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address (HAMKORI_SITE_URL) and the path."""
    return f"{settings.SITE_URL}{path}"
