"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise

ACTION_LABELS: dict[str, Promise] = {}
