"""What each audit action means, in the reader's language (the code stays in the trail)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "accounts.role.grant": _("platform role granted"),
    "accounts.role.revoke": _("platform role revoked"),
    "accounts.user.password_set": _("password changed"),
    "accounts.user.register": _("account registered"),
    "accounts.user.update": _("account details changed"),
    "applications.application.compliance": _("compliance decided"),
    "applications.application.save_draft": _("application draft saved"),
    "applications.application.start": _("application started"),
    "applications.application.submit": _("application submitted"),
    "applications.application.withdraw": _("application withdrawn"),
    "applications.attachment.add": _("attachment added"),
    "applications.attachment.remove": _("attachment removed"),
    "calls.budget_line.add": _("budget line added"),
    "calls.call.amend": _("call amended"),
    "calls.call.announce": _("call announced"),
    "calls.call.cancel": _("call cancelled"),
    "calls.call.close": _("call closed"),
    "calls.call.create": _("call created"),
    "calls.call.decide": _("decision recorded"),
    "calls.call.finalise": _("call made final"),
    "calls.call.open": _("call opened"),
    "calls.call.start_review": _("review started"),
    "calls.call.update": _("call changed"),
    "calls.lot.add": _("lot added"),
    "calls.lot.update": _("lot changed"),
    "calls.plan.create": _("funding plan created"),
    "calls.plan.publish": _("funding plan published"),
    "calls.plan.update": _("funding plan changed"),
    "portal.demo_load": _("demo data loaded"),
    "portal.generate": _("synthetic data generated"),
    "registry.annual_report.submit": _("annual report submitted"),
    "registry.import": _("organisations imported"),
    "registry.membership.approve": _("claim decided"),
    "registry.membership.claim": _("claim sent"),
    "registry.organisation.create": _("organisation registered"),
    "registry.organisation.flag_unreliable": _("flagged as unreliable supplier"),
    "registry.organisation.status": _("status changed"),
    "registry.organisation.unflag_unreliable": _("unreliable-supplier flag lifted"),
    "registry.organisation.update": _("profile changed"),
    "rules.load": _("rules loaded"),
}


def _merge_app_labels() -> None:
    # The apps from issue 4 on keep their labels beside their code.
    from hamkori.contracts.audit_labels import ACTION_LABELS as contracts
    from hamkori.councils.audit_labels import ACTION_LABELS as councils
    from hamkori.decisions.audit_labels import ACTION_LABELS as decisions
    from hamkori.dialogue.audit_labels import ACTION_LABELS as dialogue
    from hamkori.meetings.audit_labels import ACTION_LABELS as meetings
    from hamkori.monitoring.audit_labels import ACTION_LABELS as monitoring
    from hamkori.problems.audit_labels import ACTION_LABELS as problems
    from hamkori.recommendations.audit_labels import ACTION_LABELS as recommendations
    from hamkori.reviews.audit_labels import ACTION_LABELS as reviews

    for labels in (
        reviews,
        decisions,
        contracts,
        monitoring,
        councils,
        meetings,
        recommendations,
        dialogue,
        problems,
    ):
        ACTION_LABELS.update(labels)


_merge_app_labels()
