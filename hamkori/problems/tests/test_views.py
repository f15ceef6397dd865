"""The pages: list filters, detail, report form with similar problems, support, answer,
moderation; hidden problems are 404 to the public."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamkori.calls.tests.factories import body_make
from hamkori.problems.models import EvidenceKind, Problem, ProblemState
from hamkori.problems.services import problem_hide, problem_mark_duplicate, problem_support
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.models import RuleParameter

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Evidence files go to a temporary directory, not the data directory.
    settings.MEDIA_ROOT = tmp_path / "files"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _detail(problem: Problem) -> str:
    return reverse("problems:problem-detail", args=[problem.reference])


def test_list_filters_and_sorts(client):
    water = problem_make(
        title="Нет питьевой воды в ауле",
        description="Воду привозят раз в неделю.",
        target_group="rural",
        regions=["KZ-75"],
    )
    ramps = problem_make(title="Нет пандусов у поликлиники", people_affected=900)
    tajik = problem_make(
        jurisdiction="TJ", language="tg", title="Оби нӯшокӣ нест", description="Об нест."
    )
    problem_support(actor=user_make(), problem=water)
    url = reverse("problems:problem-list")
    page = client.get(url).content.decode()
    assert page.index(water.reference) < page.index(ramps.reference)  # most supported first
    page = client.get(url, {"sort": "people"}).content.decode()
    assert page.index(ramps.reference) < page.index(water.reference)
    page = client.get(url, {"jurisdiction": "TJ"}).content.decode()
    assert tajik.reference in page and water.reference not in page
    page = client.get(url, {"region": "KZ-75", "target_group": "rural"}).content.decode()
    assert water.reference in page and ramps.reference not in page
    page = client.get(url, {"q": "пандусы"}).content.decode()
    assert ramps.reference in page and tajik.reference not in page
    partial = client.get(url, {"state": "new"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and ramps.reference in partial


def test_hidden_problem_is_404_to_public_and_visible_to_moderators_with_reason(client):
    moderator = state_official_make()
    problem = problem_make(title="Оскорбительный текст")
    problem_hide(actor=moderator, problem=problem, reason="Оскорбления в адрес жителей")
    assert client.get(_detail(problem)).status_code == 404
    assert problem.reference not in client.get(reverse("problems:problem-list")).content.decode()
    client.force_login(user_make())
    assert client.get(_detail(problem)).status_code == 404
    client.force_login(state_official_make("TJ"))
    assert client.get(_detail(problem)).status_code == 404
    client.force_login(moderator)
    page = client.get(_detail(problem))
    assert page.status_code == 200 and "Оскорбления в адрес жителей" in page.content.decode()


def test_report_form_creates_problem_with_evidence(client):
    person = user_make()
    cso = organisation_make()
    member_make(cso, user=person)
    client.force_login(person)
    url = reverse("problems:problem-report")
    form_page = client.get(url).content.decode()
    assert 'hx-trigger="keyup changed delay:500ms"' in form_page
    assert reverse("problems:problem-similar") in form_page
    response = client.post(
        url,
        {
            "title": "Мектепте пандус жоқ",
            "description": "Мүгедек балалар мектепке кіре алмайды.",
            "language": "kk",
            "jurisdiction": "KZ",
            "regions": ["KZ-71", "KZ-75"],
            "target_group": "disability",
            "people_affected": "40",
            "organisation": str(cso.pk),
            "links": "https://stat.gov.kz/ru/\n",
            "statistics": "40 детей с инвалидностью в районе (акимат, 2025)",
            "files": [SimpleUploadedFile("справка.pdf", PDF, content_type="application/pdf")],
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(problem)
    assert problem.organisation == cso and problem.language == "kk"
    assert sorted(problem.regions.values_list("code", flat=True)) == ["KZ-71", "KZ-75"]
    kinds = sorted(problem.evidence.values_list("kind", flat=True))
    assert kinds == sorted([EvidenceKind.LINK, EvidenceKind.STATISTIC, EvidenceKind.FILE])
    file_evidence = problem.evidence.get(kind=EvidenceKind.FILE)
    assert file_evidence.filename == "справка.pdf"
    download = client.get(
        reverse("problems:evidence-download", args=[problem.reference, file_evidence.pk])
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_report_form_refuses_disguised_file_and_wrong_regions(client):
    client.force_login(user_make())
    response = client.post(
        reverse("problems:problem-report"),
        {
            "title": "Проблема",
            "description": "Текст",
            "language": "ru",
            "jurisdiction": "KZ",
            "regions": ["TJ-DU"],
            "target_group": "children",
            "files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")],
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "regions" in errors or "evidence" in str(errors) or errors.get("__all__")
    assert not Problem.objects.exists()


def test_report_form_needs_sign_in(client):
    response = client.get(reverse("problems:problem-report"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_similar_partial_shows_existing_problem_across_languages(client):
    original = problem_make(
        title="Нет пандусов для инвалидов в школе",
        description="Дети с инвалидностью не могут попасть в школу: нет пандуса.",
    )
    problem_make(title="Мусор во дворе не вывозят", target_group="general")
    response = client.get(
        reverse("problems:problem-similar"),
        {"title": "Мектепте мүгедектерге пандус жоқ", "description": "мүгедек балалар"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert original.reference in page and "<html" not in page


def test_support_button_through_htmx_and_threshold(client):
    RuleParameter.objects.filter(jurisdiction_id="KZ", key="problem.support_threshold").update(
        value=1
    )
    problem = problem_make()
    client.force_login(user_make())
    url = reverse("problems:problem-support", args=[problem.reference])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="support"' in response.content.decode()
    problem.refresh_from_db()
    assert problem.support_count == 1 and problem.answer_due_on is not None
    client.post(url, {"withdraw": "1"})
    problem.refresh_from_db()
    assert problem.support_count == 0 and problem.answer_due_on is not None


def test_duplicate_links_both_ways(client):
    moderator = state_official_make()
    original = problem_make(title="Оригинал")
    duplicate = problem_make(title="Копия")
    problem_mark_duplicate(actor=moderator, problem=duplicate, original=original, reason="Повтор")
    assert _detail(original) in client.get(_detail(duplicate)).content.decode()
    assert _detail(duplicate) in client.get(_detail(original)).content.decode()


def test_answer_form_for_responsible_body(client):
    body = body_make()
    official = state_official_make(body=body)
    problem = problem_make(responsible_body=body)
    client.force_login(user_make())
    url = reverse("problems:problem-answer", args=[problem.reference])
    assert client.post(url, {"text": "Не мой ответ"}).status_code == 403
    client.force_login(official)
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Пандус построят в мае."}).status_code == 302
    assert "Пандус построят в мае." in client.get(_detail(problem)).content.decode()


def test_moderation_queue_and_actions(client):
    moderator = state_official_make()
    problem = problem_make(title="На модерации")
    queue = reverse("problems:problem-moderation")
    client.force_login(user_make())
    assert client.get(queue).status_code == 404
    client.force_login(moderator)
    assert problem.reference in client.get(queue).content.decode()
    moderate = reverse("problems:problem-moderate", args=[problem.reference])
    assert client.post(moderate, {"action": "decline", "reason": ""}).status_code == 400
    response = client.post(
        moderate, {"action": "decline", "reason": "Вне компетенции", "next": queue}
    )
    assert response.status_code == 302 and response["Location"] == queue
    problem.refresh_from_db()
    assert problem.state == ProblemState.DECLINED
    assert problem.reference not in client.get(queue).content.decode()
    other = problem_make()
    client.post(
        reverse("problems:problem-moderate", args=[other.reference]),
        {"action": "duplicate", "original": problem.reference, "reason": "Повтор"},
    )
    other.refresh_from_db()
    assert other.duplicate_of == problem
    assert other.reference in client.get(queue, {"show": "duplicates"}).content.decode()


def test_evidence_file_of_hidden_problem_is_404(client):
    moderator = state_official_make()
    problem = problem_make(evidence=[{"kind": "file", "file": SimpleUploadedFile("a.pdf", PDF)}])
    evidence = problem.evidence.get()
    problem_hide(actor=moderator, problem=problem, reason="Спам")
    url = reverse("problems:evidence-download", args=[problem.reference, evidence.pk])
    assert client.get(url).status_code == 404


def test_moderator_names_the_responsible_body_on_the_detail_page(client):
    moderator = state_official_make()
    body = body_make()
    problem = problem_make()
    client.force_login(moderator)
    url = reverse("problems:problem-moderate", args=[problem.reference])
    assert client.post(url, {"action": "route"}).status_code == 400
    assert (
        client.post(url, {"action": "route", "responsible_body": str(body.pk)}).status_code == 302
    )
    problem.refresh_from_db()
    assert problem.responsible_body == body
