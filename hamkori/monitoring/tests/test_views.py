"""The pages in the browser: the contractor fills in and submits a report (errors in the
form, in words), the official returns and accepts it, visits and the evaluation pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hamkori.calls.models import Instrument
from hamkori.contracts.models import TrancheState
from hamkori.monitoring import services
from hamkori.monitoring.models import (
    BeneficiaryCount,
    MonitoringVisit,
    ReportFile,
    ReportKind,
    ReportState,
    VisitState,
)
from hamkori.monitoring.tests.factories import (
    contract_with_reports,
    pdf_upload,
    png_upload,
    report_accepted,
    report_fill,
    report_of,
    report_submitted,
)

pytestmark = pytest.mark.django_db


def _editor_data(report, **overrides) -> dict:
    data = {"lock_version": report.lock_version, "narrative": "Twenty sessions.", "add_group": ""}
    for row in report.indicators.all():
        data[f"actual_{row.pk}"] = "100"
        data[f"icomment_{row.pk}"] = ""
    for line in report.financial_lines.all():
        data[f"spent_{line.pk}"] = "0"
        data[f"fcomment_{line.pk}"] = ""
    data["people_children_f_0-17"] = "10"
    data["people_children_m_0-17"] = "8"
    data.update(overrides)
    return data


def test_the_contractor_saves_submits_and_sees_what_is_missing(client):
    contract = contract_with_reports()
    report = report_of(contract)
    url = reverse("monitoring:report-detail", args=[report.pk])
    client.force_login(contract.contractor_admin)
    line = report.financial_lines.select_related("item").first()

    page = client.get(url)
    assert page.status_code == 200
    assert "Save and submit for review" in page.content.decode()

    bad = client.post(url, {**_editor_data(report, **{f"spent_{line.pk}": "-5"}), "action": "save"})
    assert bad.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in bad.content.decode()

    saved = client.post(
        url, {**_editor_data(report, **{f"spent_{line.pk}": "2500"}), "action": "submit"}
    )
    # the draft is kept, the submission refused with the reason in words
    assert saved.status_code == 400
    assert f"Attach a receipt for “{line.item.name}”." in saved.content.decode()
    assert report_of(contract).state == ReportState.DRAFT
    assert BeneficiaryCount.objects.filter(report=report).count() == 2

    upload = client.post(
        url,
        {"action": "file_add", "financial_line": line.pk, "file": pdf_upload()},
    )
    assert upload.status_code == 302
    fresh = report_of(contract)
    submitted = client.post(
        url, {**_editor_data(fresh, **{f"spent_{line.pk}": "2500"}), "action": "submit"}
    )
    assert submitted.status_code == 302
    assert report_of(contract).state == ReportState.SUBMITTED
    shown = client.get(url).content.decode()
    assert "18" in shown  # people reached, total
    assert "Save and submit for review" not in shown


def test_after_a_refused_submission_the_next_save_works(client):
    contract = contract_with_reports()
    report = report_of(contract)
    url = reverse("monitoring:report-detail", args=[report.pk])
    client.force_login(contract.contractor_admin)
    refused = client.post(url, {**_editor_data(report, narrative=""), "action": "submit"})
    again = refused.context["form"].data

    saved = client.post(url, {**again.dict(), "narrative": "Now written", "action": "save"})

    assert refused.status_code == 400
    assert "Describe what was done in the period." in refused.content.decode()
    assert saved.status_code == 302
    assert report_of(contract).narrative == "Now written"


def test_a_stale_form_is_refused_in_words(client):
    contract = contract_with_reports()
    report = report_of(contract)
    url = reverse("monitoring:report-detail", args=[report.pk])
    client.force_login(contract.contractor_admin)
    client.post(url, {**_editor_data(report), "action": "save"})

    stale = client.post(url, {**_editor_data(report, narrative="Old tab"), "action": "save"})

    assert stale.status_code == 400
    assert "saved meanwhile" in stale.content.decode()


def test_adding_a_target_group_shows_its_row(client):
    contract = contract_with_reports()
    report = report_of(contract)
    url = reverse("monitoring:report-detail", args=[report.pk])
    client.force_login(contract.contractor_admin)

    response = client.post(
        url, {**_editor_data(report, add_group="large_families"), "action": "save"}
    )
    page = client.get(response["Location"])
    client.post(
        url,
        {
            **_editor_data(report_of(contract), **{"people_large_families_m_60+": "3"}),
            "action": "save",
        },
    )

    assert response.status_code == 302
    assert 'name="people_large_families_f_0-17"' in page.content.decode()
    assert BeneficiaryCount.objects.get(report=report, group="large_families").count == 3


def test_the_official_returns_then_accepts_in_the_browser(client):
    contract = contract_with_reports()
    report = report_submitted(report_of(contract), contract.contractor_admin)
    url = reverse("monitoring:report-detail", args=[report.pk])
    client.force_login(contract.official)

    missing = client.post(url, {"action": "review", "decision": "return", "comment": ""})
    assert missing.status_code == 400
    assert "Say what must be changed before returning it." in missing.content.decode()

    client.post(url, {"action": "review", "decision": "return", "comment": "More detail"})
    assert report_of(contract).state == ReportState.RETURNED
    report_fill(report, contract.contractor_admin, spent="0")
    services.report_submit(actor=contract.contractor_admin, report=report)

    accepted = client.post(url, {"action": "review", "decision": "accept", "comment": ""})

    assert accepted.status_code == 302
    assert contract.tranches.get(number=2).state == TrancheState.DUE
    page = client.get(url).content.decode()
    assert "More detail" in page and "Review history" in page


def test_the_receipt_downloads_for_the_parties_only(client):
    contract = contract_with_reports()
    report = report_fill(report_of(contract), contract.contractor_admin)
    attached = ReportFile.objects.get(report=report)
    url = reverse("monitoring:report-file", args=[attached.pk])

    client.force_login(contract.official)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_visits_from_plan_to_photo(client):
    contract = contract_with_reports()
    client.force_login(contract.official)
    page = reverse("monitoring:contract-monitoring", args=[contract.pk])

    bad = client.post(page, {"action": "plan", "planned_on": "", "purpose": ""})
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    planned = client.post(
        page, {"action": "plan", "planned_on": contract.starts_on.isoformat(), "purpose": "Check"}
    )
    visit = MonitoringVisit.objects.get(contract=contract)
    assert planned["Location"] == reverse("monitoring:visit-detail", args=[visit.pk])

    url = reverse("monitoring:visit-detail", args=[visit.pk])
    today = services.local_today(contract).isoformat()
    no_findings = client.post(url, {"action": "record", "done_on": today, "findings": ""})
    assert no_findings.status_code == 400
    client.post(
        url,
        {
            "action": "record",
            "done_on": today,
            "findings": "All well",
            "action_1": "Paint the hall",
            "due_1": today,
        },
    )
    client.post(url, {"action": "photo", "file": png_upload(), "caption": "Hall"})

    visit.refresh_from_db()
    assert visit.state == VisitState.DONE
    photo = visit.photos.get()
    assert f'src="/monitoring/photo/{photo.pk}/" alt="Hall"' in client.get(url).content.decode()
    assert client.get(reverse("monitoring:visit-photo", args=[photo.pk]))["Content-Type"] == (
        "image/png"
    )
    # the contractor sees the visit and its follow-ups
    client.force_login(contract.contractor_admin)
    seen = client.get(page).content.decode()
    assert "Paint the hall" in seen


def test_the_evaluation_is_recorded_published_and_public(client):
    contract = contract_with_reports(
        schedule=[("0.5", "signature"), ("0.5", "final_report_accepted")],
        instrument=Instrument.SSO,
    )
    report_accepted(report_of(contract, ReportKind.FINAL), contract)
    client.force_login(contract.official)
    url = reverse("monitoring:evaluation-edit", args=[contract.pk])
    data = {
        "action": "save",
        "evaluated_on": services.local_today(contract).isoformat(),
        "evaluators": "A. Expert",
        "summary": "Useful",
    }
    for criterion in range(1, 6):
        data[f"points_{criterion}"] = "4"
        data[f"conclusion_{criterion}"] = "positive"
        data[f"comment_{criterion}"] = ""

    refused = client.post(url, {**data, "conclusion_3": "negative"})
    assert refused.status_code == 400
    assert "Explain the negative conclusion" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    evaluation = contract.evaluation.__class__.objects.get(contract=contract)
    public = reverse("monitoring:evaluation-public", args=[evaluation.pk])
    client.logout()
    assert client.get(public).status_code == 404

    client.force_login(contract.official)
    client.post(url, {"action": "publish"})
    client.logout()
    page = client.get(public)

    assert page.status_code == 200
    assert "20 / 25" in page.content.decode()


def test_the_lists_filter_overdue_and_waiting(client, monkeypatch):
    contract = contract_with_reports()
    report_submitted(report_of(contract), contract.contractor_admin)
    client.force_login(contract.official)
    final = report_of(contract, ReportKind.FINAL)

    waiting = client.get(reverse("monitoring:report-list") + "?show=review").content.decode()
    overdue = client.get(reverse("monitoring:report-list") + "?show=overdue").content.decode()

    assert "Interim report №1" in waiting and "Final report №2" not in waiting
    assert "No reports." in overdue
    assert final.due_on > services.local_today(contract)
    assert Decimal(0) == 0
