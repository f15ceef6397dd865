"""The contractor's report: saving a draft (optimistic lock), receipts recognised by their
content, what submission needs, and the review deadline in working days."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamkori.core.models import AuditEvent
from hamkori.monitoring import services
from hamkori.monitoring.models import BeneficiaryCount, Report, ReportFile, ReportState
from hamkori.monitoring.services import Entry, ReportConflict
from hamkori.monitoring.tests.factories import (
    contract_with_reports,
    pdf_upload,
    report_fill,
    report_of,
)
from hamkori.registry.tests.factories import member_make

pytestmark = pytest.mark.django_db


def _save(report, actor, lock_version=None, **changes):
    values = {
        "narrative": "Done.",
        "indicators": {},
        "financial": {},
        "beneficiaries": {},
    }
    values.update(changes)
    return services.report_save(
        actor=actor,
        report=report,
        lock_version=report.lock_version if lock_version is None else lock_version,
        **values,
    )


def test_a_member_of_the_contractor_saves_a_draft():
    contract = contract_with_reports()
    report = report_of(contract)
    member = member_make(contract.contractor)
    line = report.financial_lines.first()
    indicator = report.indicators.first()

    saved = _save(
        report,
        member,
        narrative="  Sessions held.  ",
        indicators={indicator.pk: Entry(Decimal("80"), "Winter break")},
        financial={line.pk: Entry(Decimal("1500.50"))},
        beneficiaries={("children", "f", "0-17"): 7, ("children", "m", "0-17"): 0},
    )

    assert saved.lock_version == 2
    report.refresh_from_db()
    assert report.narrative == "Sessions held."
    assert report.indicators.get().actual == Decimal("80")
    assert report.financial_lines.get(pk=line.pk).actual == Decimal("1500.50")
    # zeros are not kept: counts only for people actually reached
    assert list(BeneficiaryCount.objects.filter(report=report).values_list("count", flat=True)) == [
        7
    ]
    assert AuditEvent.objects.filter(action="monitoring.report.save").count() == 1


def test_a_stale_editor_writes_nothing():
    contract = contract_with_reports()
    report = report_of(contract)
    _save(report, contract.contractor_admin, narrative="First")

    with pytest.raises(ReportConflict):
        _save(report_of(contract), contract.contractor_admin, lock_version=1, narrative="Second")

    assert Report.objects.get(pk=report.pk).narrative == "First"


def test_officials_and_strangers_cannot_write_the_report():
    contract = contract_with_reports()
    report = report_of(contract)

    with pytest.raises(PermissionDenied):
        _save(report, contract.official)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=contract.official, report=report)


def test_negative_figures_are_refused_with_the_name():
    contract = contract_with_reports()
    report = report_of(contract)
    line = report.financial_lines.select_related("item").first()

    with pytest.raises(ValidationError) as error:
        _save(report, contract.contractor_admin, financial={line.pk: Entry(Decimal("-1"))})

    assert line.item.name in str(error.value.message_dict["financial"])


def test_a_receipt_is_recognised_by_its_content():
    contract = contract_with_reports()
    report = report_of(contract)
    line = report.financial_lines.first()
    fake = SimpleUploadedFile(
        "receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as error:
        services.report_file_add(actor=contract.contractor_admin, report=report, uploaded_file=fake)
    attached = services.report_file_add(
        actor=contract.contractor_admin,
        report=report,
        uploaded_file=pdf_upload("../../etc/чек.pdf"),
        financial_line=line,
    )

    assert "file" in error.value.message_dict
    assert (attached.kind, attached.original_name) == ("pdf", "чек.pdf")
    assert attached.file.name == f"reports/{report.pk}/{attached.sha256}"


def test_the_upload_limit_comes_from_the_settings(settings):
    settings.HAMKORI_MAX_UPLOAD_BYTES = 10
    contract = contract_with_reports()

    with pytest.raises(ValidationError) as error:
        services.report_file_add(
            actor=contract.contractor_admin, report=report_of(contract), uploaded_file=pdf_upload()
        )

    assert "larger than" in str(error.value)


def test_a_removed_file_is_gone(django_capture_on_commit_callbacks):
    contract = contract_with_reports()
    report = report_of(contract)
    attached = services.report_file_add(
        actor=contract.contractor_admin, report=report, uploaded_file=pdf_upload()
    )
    storage, name = attached.file.storage, attached.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.report_file_remove(actor=contract.contractor_admin, attached=attached)

    assert not ReportFile.objects.filter(pk=attached.pk).exists()
    assert not storage.exists(name)


def test_submission_lists_what_is_missing():
    contract = contract_with_reports()
    report = report_of(contract)
    line = report.financial_lines.select_related("item").first()
    _save(report, contract.contractor_admin, narrative="", financial={line.pk: Entry(Decimal(5))})

    with pytest.raises(ValidationError) as error:
        services.report_submit(actor=contract.contractor_admin, report=report)

    parts = error.value.message_dict
    assert set(parts) == {"narrative", "financial", "beneficiaries"}
    assert line.item.name in parts["financial"][0]
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_overspending_needs_a_comment():
    contract = contract_with_reports()
    report = report_fill(report_of(contract), contract.contractor_admin)
    line = report.financial_lines.select_related("item").get(item__number=1)
    _save(
        report_of(contract),
        contract.contractor_admin,
        narrative="x",
        financial={line.pk: Entry(line.item.amount + 1)},
        beneficiaries={("children", "f", "0-17"): 1},
    )

    problems = services.report_problems(report_of(contract))

    assert [part for part, _message in problems] == ["financial"]


@pytest.mark.parametrize(
    ("local", "due"),
    [
        # Friday before Nauryz (21–25 March are holidays): ten working days end on 8 April
        (datetime(2026, 3, 20, 23, 30), date(2026, 4, 8)),
        # 00:30 on Monday in Almaty is still Sunday in UTC: the local date counts
        (datetime(2026, 4, 6, 0, 30), date(2026, 4, 20)),
    ],
)
def test_submission_sets_the_review_deadline_in_working_days(monkeypatch, local, due):
    contract = contract_with_reports()
    report = report_fill(report_of(contract), contract.contractor_admin)
    moment = local.replace(tzinfo=ZoneInfo("Asia/Almaty"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    submitted = services.report_submit(actor=contract.contractor_admin, report=report)

    assert submitted.state == ReportState.SUBMITTED
    assert submitted.review_due_on == due
    assert submitted.submitted_by == contract.contractor_admin


def test_a_submitted_report_cannot_be_edited():
    contract = contract_with_reports()
    report = report_fill(report_of(contract), contract.contractor_admin)
    services.report_submit(actor=contract.contractor_admin, report=report)

    with pytest.raises(ValidationError):
        _save(report_of(contract), contract.contractor_admin)
