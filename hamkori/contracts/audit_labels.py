"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "contracts.contract.prepare": _("contract prepared"),
    "contracts.contract.schedule": _("contract tranche schedule changed"),
    "contracts.contract.approve": _("contract approved by a second official"),
    "contracts.contract.send": _("contract sent for signature (amount committed)"),
    "contracts.contract.sign": _("contract signed"),
    "contracts.contract.in_force": _("contract in force"),
    "contracts.contract.amend": _("contract amended"),
    "contracts.contract.discard": _("draft contract discarded"),
    "contracts.amendment.propose": _("contract amendment proposed (waits for a second official)"),
    "contracts.amendment.approve": _("contract amendment approved by a second official"),
    "contracts.amendment.withdraw": _("contract amendment withdrawn"),
    "contracts.contract.complete": _("contract completed"),
    "contracts.contract.terminate": _("contract terminated"),
    "contracts.tranche.due": _("tranche due"),
    "contracts.payment.prepare": _("payment order prepared"),
    "contracts.payment.approve": _("payment order approved"),
    "contracts.payment.paid": _("payment order paid (amount disbursed)"),
    "contracts.payment.cancel": _("payment order cancelled"),
}
