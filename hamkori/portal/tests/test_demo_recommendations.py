"""The demo's recommendations: what a visitor finds on the councils' lists, the bodies' counters
and the annual reports after `hamkori demo` (one demo load for the whole module)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.demo.data import DEMO_DOMAIN, PASSWORD
from hamkori.demo.load import demo_load
from hamkori.recommendations.models import Extension, Recommendation
from hamkori.recommendations.selectors import body_counters, is_overdue
from hamkori.recommendations.services import extension_limit
from hamkori.recommendations.workflow import RecommendationState
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import calendar_for, local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    return demo_load()


S = RecommendationState


def test_the_demo_has_recommendations_in_every_state_with_counters_and_reports(demo, client):
    recommendations = list(
        Recommendation.objects.select_related("council", "addressee").prefetch_related("milestones")
    )
    today = {code: local_today(code) for code in ("KZ", "TJ")}

    by_council: dict[str, list[Recommendation]] = {}
    for recommendation in recommendations:
        by_council.setdefault(recommendation.council.code, []).append(recommendation)
    assert {code: len(items) >= 4 for code, items in by_council.items()} == {
        "kz-mci": True,
        "kz-almaty": True,
        "tj-public-council": True,
    }
    states = {r.state for r in recommendations}
    assert {S.SENT, S.REGISTERED, S.ANSWERED, S.IMPLEMENTING, S.IMPLEMENTED, S.REJECTED} <= states
    answered = [r for r in recommendations if r.answered_on]
    assert any(r.answered_on <= r.due_on for r in answered)
    assert any(r.answered_on > r.due_on for r in answered)
    assert any(is_overdue(r, today[r.council.jurisdiction_id]) for r in recommendations)
    assert Extension.objects.filter(recommendation__council__code="kz-mci").exists()
    # Every demo extension is within the rule's limit and lands on a working day.
    for extension in Extension.objects.select_related("recommendation__council"):
        code = extension.recommendation.council.jurisdiction_id
        assert calendar_for(code).is_working_day(extension.new_due_on), extension
        assert extension.new_due_on <= extension_limit(code, extension.previous_due_on)
    assert all(r.extensions.count() <= 1 for r in recommendations)
    implementing = [r for r in recommendations if r.state == S.IMPLEMENTING]
    assert all(0 < r.progress < 100 and r.milestones.all() for r in implementing)
    # To the host and to another body.
    assert any(r.addressee_id == r.council.host_id for r in recommendations)
    assert any(r.addressee_id != r.council.host_id for r in recommendations)

    mci = Organisation.objects.get(councils__code="kz-mci")
    counters = body_counters(body=mci)
    assert counters.received >= 3 and counters.answered_on_time >= 1

    for url in (
        reverse("recommendations:recommendation-list", args=["kz-mci"]),
        reverse("recommendations:recommendation-list", args=["tj-public-council"]),
        reverse("recommendations:body-detail", args=[mci.pk]),
        reverse("recommendations:body-list", args=["KZ"]),
        reverse("recommendations:body-list", args=["TJ"]),
        reverse("recommendations:report-detail", args=["kz-almaty", today["KZ"].year]),
        reverse("recommendations:recommendation-detail", args=[recommendations[0].pk]),
    ):
        assert client.get(url).status_code == 200, url
    report = client.get(
        reverse("recommendations:report-detail", args=["tj-public-council", today["TJ"].year])
    ).content.decode()
    assert '<span data-count="adopted">0</span>' not in report

    # The ministry's official signs in and finds its recommendations in the inbox.
    assert client.login(email=f"official.kz@{DEMO_DOMAIN}", password=PASSWORD)
    inbox = client.get(reverse("recommendations:inbox")).content.decode()
    waiting = [r for r in recommendations if r.addressee_id == mci.pk and r.state == S.SENT]
    assert waiting and all(f'id="recommendation-{r.pk}"' in inbox for r in waiting)
