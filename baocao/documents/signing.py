"""The unit's digital signature on its approved report: PAdES (ETSI EN 319 142,
pyHanko) with a visible stamp in the signature block, as ND 30/2020 Art. 8 describes
the signature of an organisation on an electronic document (time, signer).

The keys are a DEMO certificate authority and one certificate per unit and issuer,
made under var/pki/ by `baocao demo` (or on first use); nothing here touches a real
CA. `verify_pdf` checks a PDF against the demo root: intact, trusted, who signed."""

from __future__ import annotations

import io
import logging
import threading
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from baocao.documents.errors import DocumentError

CA_NAME = "baocao DEMO CA (không dùng thật)"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT_FILE = "LiberationSerif-Regular.ttf"  # Times New Roman metrics, full Vietnamese
_lock = threading.Lock()
# pyHanko imports the DSA module cryptography deprecates, and fontTools reports every
# table it drops from a subset: neither is news to a user of `baocao render --sign`.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


def pki_dir(var_dir: Path | None = None) -> Path:
    return Path(var_dir or settings.VAR_DIR) / "pki"


# -- the demo certificate authority -------------------------------------------------------


def _name(common: str, unit: str | None = None) -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit or "baocao DEMO"),
        x509.NameAttribute(NameOID.COMMON_NAME, common),
    ]
    return x509.Name(parts)


def _write_key(path: Path, key) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def ensure_demo_pki(var_dir: Path | None = None) -> Path:
    """The demo root (var/pki/ca.pem, ca.key); made once, kept afterwards."""
    folder = pki_dir(var_dir)
    cert_path, key_path = folder / "ca.pem", folder / "ca.key"
    with _lock:
        if cert_path.exists() and key_path.exists():
            return cert_path
        folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(CA_NAME)
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )  # fmt: skip
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        _write_key(key_path, key)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cert_path


def unit_certificate(report, var_dir: Path | None = None) -> tuple[Path, Path]:
    """(key, certificate) of the report's issuer, e.g. "ỦY BAN NHÂN DÂN PHƯỜNG THẠCH
    KHÔI", issued by the demo CA on first use."""
    from baocao.documents.model import fill_title

    folder = pki_dir(var_dir)
    ca_cert_path = folder / "ca.pem"
    if not ca_cert_path.exists():
        raise DocumentError(
            "Chưa có chứng thư số của đơn vị nên chưa ký được: chạy `baocao demo` để tạo "
            "chứng thư thử nghiệm."
        )
    stem = f"{report.unit.code}-{report.template.issuer}"
    key_path, cert_path = folder / "units" / f"{stem}.key", folder / "units" / f"{stem}.pem"
    with _lock:
        if key_path.exists() and cert_path.exists():
            return key_path, cert_path
        key_path.parent.mkdir(parents=True, exist_ok=True)
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
        ca_key = _load_key(folder / "ca.key")
        issuer = " ".join(
            line.strip() for line in fill_title(report.template.issuer_name, report).splitlines()
        )
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(issuer, unit=report.unit.name))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )  # fmt: skip
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), False
            )
            .sign(ca_key, hashes.SHA256())
        )
        _write_key(key_path, key)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return key_path, cert_path


# -- signing --------------------------------------------------------------------------


def _font_path() -> Path | None:
    """Liberation Serif rescaled to 1000 units per em: pyHanko writes glyph widths in
    font units where PDF expects thousandths of an em, which spreads the letters of a
    2048-unit font over twice their width. Made once under var/pki/."""
    source = next((d / FONT_FILE for d in FONT_DIRS if (d / FONT_FILE).exists()), None)
    if source is None:
        return None
    target = pki_dir() / "stamp-font-1000.ttf"
    with _lock:
        if not target.exists():
            from fontTools.ttLib import TTFont
            from fontTools.ttLib.scaleUpem import scale_upem

            font = TTFont(str(source))
            scale_upem(font, 1000)
            target.parent.mkdir(parents=True, exist_ok=True)
            font.save(str(target))
    return target


def _stamp_box(pdf: bytes, signer_name: str) -> tuple[int, tuple[float, float, float, float]]:
    """The last page and a box in the room left for the signature, just above the
    signer's printed name (the signature block's right column)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[-1]
        height = float(page.height)
        index = len(document.pages) - 1
        first = (signer_name.split() or [""])[0]
        words = [w for w in page.extract_words() if w["text"] == first and w["x0"] > page.width / 2]
        if words:
            word = words[-1]
            centre = (word["x0"] + page.width - 42) / 2
            bottom = height - word["top"] + 4
            return index, (centre - 95, bottom, centre + 95, bottom + 56)
    return index, (300, 100, 490, 156)


def sign_report_pdf(pdf: bytes, report) -> bytes:
    """`pdf` signed by the report's unit with a visible stamp over the signature block."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    key_path, cert_path = unit_certificate(report)
    signer = signers.SimpleSigner.load(
        str(key_path), str(cert_path), ca_chain_files=(str(pki_dir() / "ca.pem"),)
    )
    if signer is None:
        raise DocumentError("Không đọc được chứng thư số của đơn vị nên chưa ký được.")
    organisation = signer.signing_cert.subject.native["common_name"]
    page, box = _stamp_box(pdf, report.signer_name)
    font = _font_path()
    text_style = (
        TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=8) if font else None
    )
    stamp = TextStampStyle(
        stamp_text="Ký số bởi: %(signer)s\nThời gian: %(ts)s",
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        border_width=1,
        **({"text_box_style": text_style} if text_style else {}),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=organisation,
        location=report.unit.short_name,
        reason=f"Ban hành báo cáo số {report.number or '(chưa có số)'}",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec("ChuKySo", on_page=page, box=box),
    )
    out = pdf_signer.sign_pdf(writer)
    return out.getvalue()


# -- verifying ------------------------------------------------------------------------


@dataclass
class Verification:
    signed: bool
    intact: bool = False
    valid: bool = False  # intact, and the certificate chains to the trusted root
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: datetime | None = None
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.covers_whole_file


def verify_pdf(data: bytes, var_dir: Path | None = None) -> Verification:
    """Check every signature of `data` against the demo root of var/pki."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # a file that is not a PDF at all
        return Verification(signed=False, summary=f"không đọc được tệp PDF ({error})")
    if not signatures:
        return Verification(signed=False, summary="tệp không có chữ ký số")
    root = pki_dir(var_dir) / "ca.pem"
    trust = [load_cert_from_pemder(str(root))] if root.exists() else []
    context = ValidationContext(trust_roots=trust, allow_fetching=False)
    result = Verification(signed=True, intact=True, valid=True, covers_whole_file=True)
    for signature in signatures:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as error:
            return Verification(signed=True, summary=f"chữ ký hỏng ({error})")
        result.intact &= bool(status.intact)
        result.valid &= bool(status.intact and status.valid and status.trusted)
        result.covers_whole_file &= status.coverage.name == "ENTIRE_FILE"
        result.signer = status.signing_cert.subject.native.get("common_name", "")
        result.signed_at = status.signer_reported_dt
    return result
