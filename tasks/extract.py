"""Text extraction from an uploaded job description (.txt, .pdf, .docx, .odt).

The real type is read from the bytes (magic numbers and zip members), never trusted from the
file name alone: a renamed program or a document with the wrong extension is refused with a
message that tells the entrepreneur what to do. Messages are English msgids wrapped in
``gettext_lazy`` so they render in the active language (Dutch by default) where they are shown.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 5 * 1024 * 1024
# A long job description is ~10,000 characters; far more is a manual or a catalogue, not a job.
MAX_TEXT_CHARS = 30_000
# Guards against zip bombs: the members of a real job description unpack to a few MB at most.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024

KINDS = ("txt", "pdf", "docx", "odt")
_EXTENSION_KIND = {".txt": "txt", ".pdf": "pdf", ".docx": "docx", ".odt": "odt"}
_KIND_LABEL = {"txt": ".txt", "pdf": ".pdf", "docx": ".docx", "odt": ".odt"}

_EXECUTABLE_MAGIC = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows .exe/.dll
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, and password-protected .docx
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_WORD_DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class ExtractedText:
    text: str
    kind: str  # one of KINDS: the detected type, not the claimed one


class ExtractionError(Exception):
    """A file that cannot be read; ``message`` is a user-facing sentence (lazy translation)."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def extract_text(*, data: bytes, filename: str) -> ExtractedText:
    """Return the plain text of an uploaded job description, or raise ExtractionError."""
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError(
            "too_large",
            _(
                "The job description file is larger than 5 MB. Upload a smaller file "
                "or paste the text instead."
            ),
        )
    if not data.strip():
        raise ExtractionError(
            "empty",
            _(
                "The job description file is empty. Choose the file that contains "
                "the job description, or paste the text."
            ),
        )
    claimed = _claimed_kind(filename)
    kind = _detect_kind(data)
    if claimed != kind:
        raise ExtractionError(
            "mismatch",
            _(
                "The job description file is named as a %(claimed)s file but its contents "
                "are a %(actual)s file. Save it again with the right extension, or paste the "
                "text."
            )
            % {"claimed": _KIND_LABEL[claimed], "actual": _KIND_LABEL[kind]},
        )
    text = _EXTRACTORS[kind](data)
    text = _normalise(text)
    if not text:
        raise _no_text_error(kind)
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            "text_too_long",
            _(
                "The job description is longer than %(limit)s characters. Keep only the "
                "part that describes the tasks and try again."
            )
            % {"limit": f"{MAX_TEXT_CHARS:,}".replace(",", ".")},
        )
    return ExtractedText(text=text, kind=kind)


def _claimed_kind(filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in _EXTENSION_KIND:
        raise ExtractionError(
            "unsupported",
            _(
                "The job description file must be a .txt, .pdf, .docx or .odt file. "
                "Save it in one of these formats, or paste the text."
            ),
        )
    return _EXTENSION_KIND[suffix]


def _detect_kind(data: bytes) -> str:
    head = data[:1024]
    if data.startswith(_EXECUTABLE_MAGIC):
        raise ExtractionError(
            "executable",
            _(
                "The job description file is a program, not a document. Upload the job "
                "description as a .txt, .pdf, .docx or .odt file."
            ),
        )
    # The PDF header may legally be preceded by junk within the first kilobyte.
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _detect_zip_kind(data)
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    if data.startswith(_IMAGE_MAGIC):
        raise ExtractionError(
            "unsupported",
            _(
                "The job description file is an image. Upload the document itself "
                "(.txt, .pdf, .docx or .odt), or paste the text."
            ),
        )
    if _decode_text(data) is not None:
        return "txt"
    raise ExtractionError(
        "unsupported",
        _(
            "The job description file is not a text, PDF, Word or OpenDocument file. "
            "Save it as .txt, .pdf, .docx or .odt, or paste the text."
        ),
    )


def _detect_zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _corrupt_error() from exc
    if _WORD_DOCUMENT in names and "[Content_Types].xml" in names:
        return "docx"
    raise ExtractionError(
        "unsupported",
        _(
            "The job description file is a zip archive, not a Word or OpenDocument text. "
            "Upload the document itself, or paste the text."
        ),
    )


def _ole_error(data: bytes) -> ExtractionError:
    # A password-protected .docx is stored as an OLE container with an EncryptionInfo stream.
    if "EncryptionInfo".encode("utf-16-le") in data:
        return _encrypted_error()
    return ExtractionError(
        "unsupported",
        _(
            "The job description file is an old Word document (.doc). Open it in your word "
            "processor, save it as .docx or .pdf, and upload it again."
        ),
    )


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # cp1252 decodes nearly any byte string; control characters betray a binary file.
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls <= len(text) // 1000:
            return text
    return None


def _extract_txt(data: bytes) -> str:
    text = _decode_text(data)
    if text is None:  # pragma: no cover - _detect_kind already decoded it
        raise _corrupt_error()
    return text


def _extract_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs only carry an owner password (no restriction on reading): try "".
            try:
                if not reader.decrypt(""):
                    raise _encrypted_error()
            except (DependencyError, NotImplementedError) as exc:
                raise _encrypted_error() from exc
        if len(reader.pages) == 0:
            raise _corrupt_error()
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise _corrupt_error() from exc
    except RecursionError as exc:
        raise _corrupt_error() from exc
    return "\n\n".join(pages)


def _extract_docx(data: bytes) -> str:
    from docx import Document

    _check_unzipped_size(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types (KeyError, lxml errors, ...)
        raise _corrupt_error() from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        # List paragraphs carry their bullet in numbering.xml, not in the text: keep it as "- ".
        prefix = "- " if style.lower().startswith("list") and paragraph.text.strip() else ""
        lines.append(prefix + paragraph.text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _extract_odt(data: bytes) -> str:
    from lxml import etree

    _check_unzipped_size(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            manifest = archive.read("META-INF/manifest.xml") if _MANIFEST in names else b""
            if b"encryption-data" in manifest:
                raise _encrypted_error()
            content = archive.read("content.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(content, parser=parser)
    except ExtractionError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError) as exc:
        raise _corrupt_error() from exc
    return "\n".join(_odt_lines(root))


_MANIFEST = "META-INF/manifest.xml"
_ODT_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odt_lines(root: object) -> list[str]:
    lines: list[str] = []
    for element in root.iter(f"{{{_ODT_TEXT_NS}}}p", f"{{{_ODT_TEXT_NS}}}h"):  # type: ignore[attr-defined]
        in_list = any(
            ancestor.tag == f"{{{_ODT_TEXT_NS}}}list-item" for ancestor in element.iterancestors()
        )
        text = _odt_text(element)
        lines.append(("- " if in_list and text.strip() else "") + text)
    return lines


def _odt_text(element: object) -> str:
    parts: list[str] = []
    tag_space, tag_tab, tag_break = (
        f"{{{_ODT_TEXT_NS}}}s",
        f"{{{_ODT_TEXT_NS}}}tab",
        f"{{{_ODT_TEXT_NS}}}line-break",
    )

    def walk(node: object) -> None:
        parts.append(node.text or "")  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            if child.tag == tag_space:
                parts.append(" " * int(child.get(f"{{{_ODT_TEXT_NS}}}c", "1")))
            elif child.tag == tag_tab:
                parts.append("\t")
            elif child.tag == tag_break:
                parts.append("\n")
            else:
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


def _check_unzipped_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError) as exc:
        raise _corrupt_error() from exc
    if total > MAX_UNZIPPED_BYTES:
        raise ExtractionError(
            "too_large",
            _(
                "The job description file unpacks to more than 50 MB. Upload a smaller "
                "document, or paste the text."
            ),
        )


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.replace("\u00a0", " ").replace("\f", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _corrupt_error() -> ExtractionError:
    return ExtractionError(
        "corrupt",
        _(
            "The job description file is damaged and cannot be read. Open it on your computer, "
            "save it again, and upload the new file, or paste the text."
        ),
    )


def _encrypted_error() -> ExtractionError:
    return ExtractionError(
        "encrypted",
        _(
            "The job description file is protected with a password. Save a copy without "
            "password protection and upload that, or paste the text."
        ),
    )


def _no_text_error(kind: str) -> ExtractionError:
    if kind == "pdf":
        return ExtractionError(
            "no_text",
            _(
                "The PDF contains no text, only images (perhaps a scan). Upload the original "
                "document, or paste the text of the job description."
            ),
        )
    return ExtractionError(
        "empty",
        _(
            "The job description file contains no text. Choose the file that contains the "
            "job description, or paste the text."
        ),
    )


_EXTRACTORS = {
    "txt": _extract_txt,
    "pdf": _extract_pdf,
    "docx": _extract_docx,
    "odt": _extract_odt,
}
