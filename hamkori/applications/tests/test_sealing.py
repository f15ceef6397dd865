"""Sealing: before the close only the applicant's members see an application; the funding
body's officials see counts. After the close the body's officials, auditors and platform
administrators read submissions; nobody else ever does. Every channel: page, list, export,
attachment download, receipt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.applications.services import application_submit
from hamkori.applications.tests.submission_factories import ready_application
from hamkori.calls.tests.factories import body_make
from hamkori.calls.workflow import CallState
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

TITLE = "Sealed club for children"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    application = ready_application(title=TITLE)
    version = application_submit(
        actor=application.created_by, application=application, idempotency_key="sealed"
    )
    call = application.call
    auditor = user_make()
    RoleGrant.objects.create(user=auditor, role=PlatformRole.AUDITOR, jurisdiction_id="KZ")
    people = {
        "applicant": application.created_by,
        "official_of_body": member_make(call.body),
        "other_official": member_make(body_make("KZ")),
        "auditor": auditor,
        "other_cso_member": member_make(organisation_make("KZ")),
        "anonymous": None,
    }
    return application, version, people


def _close(call):
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.state = CallState.CLOSED
    call.save(update_fields=["closes_at", "state"])


def _channels(application, version):
    attachment = application.attachments.first()
    call = application.call
    return {
        "page": reverse("applications:official-detail", args=[application.pk]),
        "list": reverse("applications:official-list", args=[call.pk]),
        "export": reverse("applications:official-export", args=[call.pk]),
        "attachment": reverse("applications:attachment-download", args=[attachment.pk]),
        "receipt": reverse("applications:application-receipt", args=[application.pk, 1]),
        "receipt_pdf": reverse("applications:application-receipt-pdf", args=[application.pk, 1]),
    }


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _get(client, person, url):
    client.logout()
    if person is not None:
        client.login(email=person.email, password=PASSWORD)
    return client.get(url)


# Who gets each channel's content: before the close / after the close.
SEES = {
    "applicant": (
        {"attachment", "receipt", "receipt_pdf"},
        {"attachment", "receipt", "receipt_pdf"},
    ),
    "official_of_body": (set(), {"page", "list", "export", "attachment", "receipt", "receipt_pdf"}),
    "auditor": (set(), {"page", "list", "export", "attachment", "receipt", "receipt_pdf"}),
    "other_official": (set(), set()),
    "other_cso_member": (set(), set()),
    "anonymous": (set(), set()),
}


def _secret_of(channel, application, version) -> bytes:
    if channel == "attachment":
        return b"%PDF-1.4"
    if channel == "receipt_pdf":
        return b"%PDF"
    if channel in ("export", "receipt"):
        return version.digest.encode()
    return TITLE.encode()


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize("closed", [False, True], ids=["before-close", "after-close"])
def test_sealing_across_channels(client, world, role, closed):
    application, version, people = world
    if closed:
        _close(application.call)
    allowed = SEES[role][1 if closed else 0]

    for channel, url in _channels(application, version).items():
        response = _get(client, people[role], url)
        body = _body(response)
        secret = _secret_of(channel, application, version)
        if channel in allowed:
            assert response.status_code == 200, (role, channel)
            assert secret in body, (role, channel)
        else:
            assert secret not in body, (role, channel)
            assert TITLE.encode() not in body, (role, channel)
            assert version.digest.encode() not in body, (role, channel)
            if not (channel == "list" and role in ("official_of_body", "auditor")):
                assert response.status_code in (302, 403, 404), (role, channel)


def test_before_the_close_the_body_sees_counts_only(client, world):
    application, _version, people = world
    # another organisation's draft on the same lot
    ready_application(call=application.call, title="Another draft")

    response = _get(
        client,
        people["official_of_body"],
        reverse("applications:official-list", args=[application.call.pk]),
    )

    assert response.status_code == 200
    counts = response.context["counts"]
    assert [(row.drafts, row.submitted) for row in counts] == [(1, 1)]
    assert b"Another draft" not in response.content
    assert response.context["sealed"] is True


def test_platform_admin_of_the_jurisdiction_reads_after_the_close(client, world):
    application, _version, _people = world
    admin = user_make()
    RoleGrant.objects.create(user=admin, role=PlatformRole.ADMINISTRATOR, jurisdiction_id="KZ")
    url = reverse("applications:official-detail", args=[application.pk])

    before = _get(client, admin, url)
    _close(application.call)
    after = _get(client, admin, url)

    assert before.status_code == 404
    assert after.status_code == 200
    assert TITLE.encode() in after.content


def test_auditor_of_another_jurisdiction_sees_nothing(client, world):
    application, _version, _people = world
    _close(application.call)
    auditor = user_make()
    RoleGrant.objects.create(user=auditor, role=PlatformRole.AUDITOR, jurisdiction_id="TJ")

    response = _get(client, auditor, reverse("applications:official-detail", args=[application.pk]))

    assert response.status_code == 404
