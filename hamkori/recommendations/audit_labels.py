"""What each audit action of this app means, in the reader's language."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

ACTION_LABELS: dict = {}
