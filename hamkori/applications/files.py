"""What an uploaded file really is, judged by its content and never by its name or the
type the browser claims: PDF, PNG, JPEG, DOCX and XLSX. Office files are ZIP packages; only
their directory and the small [Content_Types].xml part are read, nothing is extracted."""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTENT_TYPES_PART = "[Content_Types].xml"
# A real [Content_Types].xml is a few kilobytes; a bigger one is not worth decompressing.
CONTENT_TYPES_MAX_BYTES = 256 * 1024
ZIP_MAX_ENTRIES = 10_000
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@dataclass(frozen=True)
class FileType:
    kind: str  # one of calls.models.DocumentKind: pdf, image, docx, xlsx
    content_type: str


PDF = FileType("pdf", "application/pdf")
PNG = FileType("image", "image/png")
JPEG = FileType("image", "image/jpeg")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _office_type(stream: IO[bytes]) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as package:
            entries = package.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            info = next((e for e in entries if e.filename == CONTENT_TYPES_PART), None)
            if info is None or info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            with package.open(info) as part:
                # Read at most the declared size plus one byte: a lying header cannot make us
                # inflate more than that.
                declared = part.read(CONTENT_TYPES_MAX_BYTES + 1).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    # The main part's content type says which application wrote it; a macro-enabled
    # document (.docm, .xlsm) declares a different one and is refused.
    if WORD_MAIN in declared and any(n.startswith("word/") for n in names):
        return DOCX
    if EXCEL_MAIN in declared and any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def file_type(stream: IO[bytes]) -> FileType | None:
    """The recognised type of the file's content, or None. Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    found: FileType | None = None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"PK\x03\x04"):
        found = _office_type(stream)
    stream.seek(0)
    return found


def file_type_or_error(stream: IO[bytes]) -> FileType:
    found = file_type(stream)
    if found is None:
        raise ValidationError(
            _(
                "This file type is not accepted. Upload a PDF, a PNG or JPEG image, or a Word "
                "(DOCX) or Excel (XLSX) file."
            ),
            code="file_type",
        )
    return found


def file_sha256(stream: IO[bytes]) -> tuple[str, int]:
    """(hex SHA-256, size in bytes) of the whole stream, read in chunks."""
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def clean_filename(name: str) -> str:
    """The uploader's file name for display and Content-Disposition only: no directories,
    no control characters, at most 255 characters. Storage uses our own names."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[-255:] or "file"
