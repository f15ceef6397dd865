"""The demo's public councils (issue 6): what a visitor is promised to find. One test, since
loading the demo is the expensive part."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hamkori.councils.composition import composition_check, composition_checks
from hamkori.councils.models import Candidacy, CompetitionState, Council, Position, Sector
from hamkori.councils.permissions import can_manage_council, is_council_member
from hamkori.councils.selectors import council_current_members
from hamkori.demo.load import demo_load
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_three_councils_their_members_and_competitions(
    reference_data, settings, tmp_path, client
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_load()
    today = local_today("KZ")
    mci, almaty, tajikistan = (
        Council.objects.get(code=code) for code in ("kz-mci", "kz-almaty", "tj-public-council")
    )
    emails = {m.user.email for m in council_current_members(mci) if m.user}

    # the ministry's republican council: 17–21 members, a chair outside public service, a
    # secretary who signs in, three commissions, meeting every rule
    members = council_current_members(mci)
    assert 17 <= len(members) <= 21
    assert mci.host.name_en.startswith("Ministry of Culture and Information")
    chair = next(m for m in members if m.position == Position.CHAIR)
    assert not chair.in_public_service
    secretary = next(m for m in members if m.position == Position.SECRETARY)
    assert secretary.user.email == "secretary.kz@demo.hamkori.org" in emails
    assert can_manage_council(secretary.user, mci)
    assert mci.commissions.count() == 3 and mci.regulation
    assert composition_check(mci) == []
    # its term ends within two months, so its formation competition is open with candidacies
    assert 0 < (mci.term_end - today).days <= 62
    competition = mci.competitions.get()
    assert competition.state == CompetitionState.OPEN
    assert competition.opens_on <= today <= competition.closes_on <= mci.term_end
    assert competition.candidacies.count() >= 3
    assert competition.working_group.filter(user__email="official.kz@demo.hamkori.org").exists()

    # Almaty: a local council formed by a published competition, following its predecessor
    members = council_current_members(almaty)
    assert len(members) == 15
    assert almaty.level == "local" and almaty.predecessor.code == "kz-almaty-2022"
    assert almaty.predecessor.term_end < almaty.term_start <= today
    formed = almaty.formed_by
    assert formed.state == CompetitionState.PUBLISHED and formed.closes_on < almaty.term_start
    accepted = Candidacy.objects.filter(competition=formed, state="accepted")
    assert {c.full_name for c in accepted} <= {m.full_name for m in members}
    assert (
        Candidacy.objects.filter(competition=formed, state="rejected").exclude(reason="").count()
        == 2
    )
    cso = next(m for m in members if m.user and m.user.email == "cso.kz@demo.hamkori.org")
    assert cso.sector == Sector.NON_PROFIT and is_council_member(cso.user, almaty)
    # the elected chair signs in (to approve minutes in the demo)
    assert cso.position == Position.CHAIR and cso.user.has_usable_password()
    assert next(m for m in members if m.position == Position.CHAIR).in_public_service is False
    checks = {check.rule: check for check in composition_checks(almaty)}
    assert checks["council.local.min_members"].not_set  # local sizes are not in the rules
    assert composition_check(almaty) == []

    # Tajikistan: the national council, hosted by the Executive Office of the President
    members = council_current_members(tajikistan)
    assert 13 <= len(members) <= 17
    assert (
        tajikistan.host.name_en == "Executive Office of the President of the Republic of Tajikistan"
    )
    assert tajikistan.host.sector == "state"
    assert all(check.not_set for check in composition_checks(tajikistan))
    assert any(m.user and m.user.email == "cso.tj@demo.hamkori.org" for m in members)

    # the regulation is a real PDF that opens
    regulation = client.get(reverse("councils:council-regulation", args=[mci.pk]))
    text = PdfReader(io.BytesIO(b"".join(regulation.streaming_content))).pages[0].extract_text()
    assert "Общественном совете" in text
    # the new Almaty composition follows its predecessor without overlap; the list says which
    # composition is current
    assert almaty.predecessor.term_end + timedelta(days=1) == almaty.term_start
    current = client.get(reverse("councils:council-list"), {"term": "current"}).content.decode()
    assert reverse("councils:council-detail", args=[almaty.pk]) in current
    assert reverse("councils:council-detail", args=[almaty.predecessor.pk]) not in current

    # a visitor finds them on the public pages
    page = client.get(reverse("councils:council-list"))
    assert page.status_code == 200
    for council in (mci, almaty, tajikistan):
        assert reverse("councils:council-detail", args=[council.pk]).encode() in page.content
        assert client.get(reverse("councils:council-detail", args=[council.pk])).status_code == 200
    assert (
        client.get(reverse("councils:competition-detail", args=[competition.pk])).status_code == 200
    )
    results = client.get(reverse("councils:competition-results", args=[formed.pk]))
    assert results.status_code == 200 and "Тимур Ахметов" in results.content.decode()
