"""Files the office readers refuse, each in one line naming the file and what to do (#31)."""
from __future__ import annotations

import io

import pytest

from office_fixtures import make_encrypted_pdf, make_pdf, make_scanned_pdf, make_xlsx, make_zip_bomb
from renkei.corpus.documents.office import (CorruptContainer, EncryptedPDF, FileTooLarge, Limits, NoTextLayer, UnreadableDocument,
                         PasswordProtectedWorkbook, UnsupportedFormat, ZipBomb, read_document)


def one_line(err, path):
    message = str(err.value)
    assert str(path) in message and "\n" not in message
    return message


def test_scanned_pdf(tmp_path):
    path = make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(NoTextLayer) as err:
        read_document(path)
    assert "no text layer" in one_line(err, path) and "run OCR first" in str(err.value)


def test_encrypted_pdf(tmp_path):
    path = make_encrypted_pdf(tmp_path / "locked.pdf", make_pdf(tmp_path / "open.pdf"))
    with pytest.raises(EncryptedPDF) as err:
        read_document(path)
    assert "password" in one_line(err, path)


def test_password_protected_workbook(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    plain = make_xlsx(tmp_path / "plain.xlsx")
    locked = tmp_path / "locked.xlsx"
    from msoffcrypto.format.ooxml import OOXMLFile
    with open(plain, "rb") as src, open(locked, "wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    with pytest.raises(PasswordProtectedWorkbook) as err:
        read_document(locked)
    assert "password" in one_line(err, locked)


@pytest.mark.parametrize("name", ["broken.xlsx", "broken.docx", "broken.ods"])
def test_corrupt_zip(tmp_path, name):
    good = make_xlsx(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / name
    path.write_bytes(good[: len(good) // 2])        # cut in half: no central directory
    with pytest.raises(CorruptContainer) as err:
        read_document(path)
    assert "damaged ZIP" in one_line(err, path)
    path.write_bytes(b"this is not a zip at all")
    with pytest.raises(CorruptContainer):
        read_document(path)


def test_zip_member_with_bad_data(tmp_path):
    good = bytearray(make_xlsx(tmp_path / "good.xlsx").read_bytes())
    at = good.find(b"xl/worksheets/sheet1.xml") + 200   # flip bytes inside the sheet's compressed data
    good[at:at + 40] = bytes(40)
    (tmp_path / "bad.xlsx").write_bytes(bytes(good))
    with pytest.raises(UnreadableDocument) as err:
        read_document(tmp_path / "bad.xlsx")
    one_line(err, tmp_path / "bad.xlsx")


def test_zip_bomb_refused_from_its_directory(tmp_path):
    import time
    path = make_zip_bomb(tmp_path / "bomb.xlsx", inflated=1 << 30)
    assert path.stat().st_size < 4 * 2**20
    start = time.perf_counter()
    with pytest.raises(ZipBomb) as err:
        read_document(path)
    assert time.perf_counter() - start < 1
    assert "zip bomb" in one_line(err, path)


def test_lying_zip_directory_is_caught_while_inflating(tmp_path):
    """A member that declares a small size but holds more: zipfile stops at the declared size
    and fails the CRC, so the check reads at most what the directory declared."""
    import struct
    import zipfile
    path = make_zip_bomb(tmp_path / "liar.docx", inflated=64 << 20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # patch the central directory's (zip64) uncompressed size to 1 KiB
    big = struct.pack("<Q", info.file_size)
    at = data.rfind(big)
    data[at:at + 8] = struct.pack("<Q", 1024)
    path.write_bytes(bytes(data))
    with pytest.raises((CorruptContainer, ZipBomb)):
        read_document(path)


def test_size_limit_and_unsupported(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("University\n" + "Oxford\n" * 1000, encoding="utf-8")
    with pytest.raises(FileTooLarge) as err:
        read_document(path, Limits(max_text_file_bytes=1000))
    assert "over the limit" in one_line(err, path)
    (tmp_path / "x.pptx").write_bytes(b"PK")
    with pytest.raises(UnsupportedFormat):
        read_document(tmp_path / "x.pptx")
