"""Extraction from real files generated here: PDF (fpdf2, pypdf), DOCX (python-docx), ODT (zip)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from tasks.extract import MAX_FILE_BYTES, MAX_TEXT_CHARS, ExtractionError, extract_text

JOB_LINES = [
    "Wat ga je doen?",
    "Je pakt bestellingen in dozen.",
    "Je kuist de refter en de sanitaire ruimtes.",
]


def make_pdf(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_pdf_without_text() -> bytes:
    # What a scanner produces, minus the image: pages with graphics and no text layer.
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def make_encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(JOB_LINES))))
    writer.encrypt("geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(lines: list[str], bullets: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    for bullet in bullets:
        document.add_paragraph(bullet, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body><office:text>
  <text:h text:outline-level="1">Wat ga je doen?</text:h>
  <text:list><text:list-item><text:p>Je pakt bestellingen<text:s/>in dozen.</text:p>
  </text:list-item></text:list>
  <text:p>Ca. 6 uur per week.</text:p>
 </office:text></office:body>
</office:document-content>"""

_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
  manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
   manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def make_odt(content: str = _ODT_CONTENT, manifest: str = _ODT_MANIFEST) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # ODF requires "mimetype" first and uncompressed; that is how the type is recognised.
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def error_code(data: bytes, filename: str) -> str:
    with pytest.raises(ExtractionError) as info:
        extract_text(data=data, filename=filename)
    # Every refusal carries a sentence for the entrepreneur, not just a code.
    assert len(str(info.value.message)) > 30
    return info.value.code


def test_pdf_text_is_extracted() -> None:
    result = extract_text(data=make_pdf(JOB_LINES), filename="vacature.PDF")
    assert result.kind == "pdf"
    assert "Je pakt bestellingen in dozen." in result.text
    assert "refter" in result.text


def test_docx_paragraphs_and_bullets_are_extracted() -> None:
    data = make_docx(["Wat ga je doen?"], ["Bestellingen inpakken", "Refter kuisen"])
    result = extract_text(data=data, filename="vacature.docx")
    assert result.kind == "docx"
    # The bullet lives in Word's numbering, so the extractor restores it for segmentation.
    assert result.text.splitlines() == [
        "Wat ga je doen?",
        "- Bestellingen inpakken",
        "- Refter kuisen",
    ]


def test_odt_text_headings_lists_and_spaces_are_extracted() -> None:
    result = extract_text(data=make_odt(), filename="vacature.odt")
    assert result.kind == "odt"
    assert result.text.splitlines() == [
        "Wat ga je doen?",
        "- Je pakt bestellingen in dozen.",
        "Ca. 6 uur per week.",
    ]


def test_txt_utf8_and_cp1252_are_decoded() -> None:
    text = "Je kuist de café-zaal.\r\nJe strijkt de schorten."
    assert extract_text(data=text.encode("utf-8"), filename="a.txt").text == (
        "Je kuist de café-zaal.\nJe strijkt de schorten."
    )
    assert "café" in extract_text(data=text.encode("cp1252"), filename="a.txt").text
    assert extract_text(data=b"\xef\xbb\xbfHallo wereld", filename="a.txt").text == "Hallo wereld"


def test_empty_file_is_refused() -> None:
    assert error_code(b"", "vacature.txt") == "empty"
    assert error_code(b"  \n\n ", "vacature.txt") == "empty"


def test_oversize_file_is_refused_before_reading() -> None:
    data = b"a" * (MAX_FILE_BYTES + 1)
    assert error_code(data, "vacature.txt") == "too_large"
    # Exactly at the limit the size is fine; then the text limit applies instead.
    assert error_code(b"a " * (MAX_FILE_BYTES // 2), "vacature.txt") == "text_too_long"


def test_text_length_limit() -> None:
    fine = ("Je pakt dozen in. " * (MAX_TEXT_CHARS // 20)).encode()
    assert len(extract_text(data=fine, filename="a.txt").text) <= MAX_TEXT_CHARS
    too_long = ("Je pakt dozen in. " * (MAX_TEXT_CHARS // 10)).encode()
    assert error_code(too_long, "a.txt") == "text_too_long"


def test_encrypted_pdf_is_refused() -> None:
    assert error_code(make_encrypted_pdf(), "vacature.pdf") == "encrypted"


def test_pdf_without_text_layer_is_refused_as_scan() -> None:
    assert error_code(make_pdf_without_text(), "scan.pdf") == "no_text"


def test_corrupt_pdf_is_refused() -> None:
    data = make_pdf(JOB_LINES)
    assert error_code(data[: len(data) // 2], "vacature.pdf") == "corrupt"


def test_corrupt_docx_is_refused() -> None:
    data = make_docx(["Wat ga je doen?"], ["Dozen vouwen"])
    assert error_code(data[: len(data) // 2], "vacature.docx") == "corrupt"


def test_encrypted_odt_is_refused() -> None:
    manifest = _ODT_MANIFEST.replace(
        "</manifest:manifest>",
        '<manifest:file-entry manifest:full-path="x"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>",
    )
    assert error_code(make_odt(manifest=manifest), "vacature.odt") == "encrypted"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "vacature.pdf"),
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "vacature.docx"),
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "vacature.txt"),
    ],
)
def test_renamed_executable_is_refused(data: bytes, filename: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_text(data=data, filename=filename)
    assert info.value.code == "executable"
    assert (
        "job description file" in str(info.value.message)
        or "functie" in str(info.value.message).lower()
    )


def test_mismatching_extension_is_refused() -> None:
    docx = make_docx(["Dozen vouwen"], [])
    assert error_code(docx, "vacature.pdf") == "mismatch"
    assert error_code(make_pdf(JOB_LINES), "vacature.txt") == "mismatch"
    assert error_code(b"Gewoon tekst", "vacature.docx") == "mismatch"


def test_unknown_extension_and_foreign_formats_are_refused() -> None:
    assert error_code(b"Gewoon tekst", "vacature.rtf") == "unsupported"
    assert error_code(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "scan.pdf") == "unsupported"
    assert error_code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "oud.docx") == (
        "unsupported"
    )
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    assert error_code(plain_zip.getvalue(), "vacature.docx") == "unsupported"


def test_binary_garbage_named_txt_is_refused() -> None:
    assert error_code(bytes(range(256)) * 4, "vacature.txt") == "unsupported"


def test_password_protected_docx_is_refused_as_encrypted() -> None:
    # Word stores a password-protected .docx as an OLE container with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le")
    assert error_code(ole + b"\x00" * 64, "vacature.docx") == "encrypted"
