"""Builders for the monitoring tests: a contract in force through the contracts app's
services (its reports scheduled on the way), a report filled in and submitted through ours,
and files whose content is what it claims."""

from __future__ import annotations

import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from hamkori.contracts.models import Contract
from hamkori.contracts.tests.factories import contract_in_force
from hamkori.monitoring import services
from hamkori.monitoring.models import Report, ReportKind
from hamkori.monitoring.services import Entry

# An advance, a tranche after the interim report, the rest after the final report.
THREE_TRANCHES = [
    ("0.4", "signature"),
    ("0.3", "interim_report_accepted"),
    ("0.3", "final_report_accepted"),
]
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_upload(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_bytes(seed: int = 0) -> bytes:
    """A real 1×1 PNG (a different pixel per seed, so different digests)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixel = zlib.compress(bytes([0, seed % 256, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")
    )


def png_upload(name: str = "photo.png", seed: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(seed), content_type="image/png")


def contract_with_reports(schedule=THREE_TRANCHES, **fields) -> Contract:
    """A contract in force (three tranches by default: advance, interim, final) whose
    reports are scheduled; `contract.official`, `.second_official`, `.contractor_admin`."""
    return contract_in_force(schedule=schedule, **fields)


def report_of(contract: Contract, kind: str = ReportKind.INTERIM) -> Report:
    return Report.objects.filter(contract=contract, kind=kind).order_by("number").first()


def report_fill(report: Report, actor, spent: Decimal | str = "1000.00") -> Report:
    """Everything a report needs before submission: a narrative, the indicators at their
    target, `spent` on the first item with a receipt, and people reached."""
    report = Report.objects.get(pk=report.pk)
    lines = list(report.financial_lines.select_related("item").order_by("item__number"))
    financial = {line.pk: Entry(Decimal(0)) for line in lines}
    if lines:
        financial[lines[0].pk] = Entry(Decimal(spent))
    report = services.report_save(
        actor=actor,
        report=report,
        lock_version=report.lock_version,
        narrative="Twenty sessions were held.",
        indicators={row.pk: Entry(row.target) for row in report.indicators.all()},
        financial=financial,
        beneficiaries={("children", "f", "0-17"): 12, ("children", "m", "0-17"): 9},
    )
    if lines and Decimal(spent) > 0:
        services.report_file_add(
            actor=actor,
            report=report,
            uploaded_file=pdf_upload(content=PDF + f"%{report.pk}".encode()),
            financial_line=lines[0],
        )
    return report


def report_submitted(report: Report, actor) -> Report:
    report_fill(report, actor)
    return services.report_submit(actor=actor, report=Report.objects.get(pk=report.pk))


def report_accepted(report: Report, contract: Contract) -> Report:
    report_submitted(report, contract.contractor_admin)
    services.report_review(actor=contract.official, report=report, accept=True)
    return Report.objects.get(pk=report.pk)
