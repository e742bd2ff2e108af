"""Vietnamese typed in the 8-bit fonts of the 1990s-2000s, converted to Unicode.

- TCVN3 (ABC), fonts ".VnTime", ".VnArial", ...: one byte a letter. The "H" fonts
  (".VnTimeH") draw the same bytes as capitals: the text is upper-cased after.
- VNI-Windows, fonts "VNI-Times", "VNI-Helve", ...: a base letter followed by a
  byte for its hat and one for its tone ("Baùo caùo" = "Báo cáo").

Such text reaches us as the Latin-1 characters of its bytes: from a .txt decoded as
Latin-1, or in DOCX runs whose font is a legacy one (Word keeps the bytes as the
Latin-1 characters). A text is converted only where it looks legacy (`detect`), so
a Unicode table inside a TCVN3 report, or the reverse, is converted piece by piece.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI-Windows"}

# TCVN3 byte (as a Latin-1 character) -> letter. ABC has no precomposed capitals
# with a tone: those are typed in the "H" fonts with the lower-case bytes.
_TCVN3_PAIRS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ "
    "êª ềÒ ếÕ ểÓ ễÔ ệÖ ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé "
    "ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô ư\xad ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ "
    "Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦"
)
TCVN3_TABLE = {pair[1]: pair[0] for pair in _TCVN3_PAIRS.split(" ")}
_TCVN3_SPECIFIC = set("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßäå«¬\xad¡¢§£¤¥¦þ")

# VNI: one mark byte after the base letter; capitals use the upper-case bytes.
_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {  # one byte, one letter
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip
_VNI_SYLLABLE = re.compile(
    r"([aA])([âáàåãäêéèúüëùøûõïÂÁÀÅÃÄÊÉÈÚÜËÙØÛÕÏ])"
    r"|([eEoO])([âáàåãäùøûõïÂÁÀÅÃÄÙØÛÕÏ])"
    r"|([uUyYôöÔÖ])([ùøûõïÙØÛÕÏ])"
)
_VNI_SPECIFIC = ("ñ", "aø", "aù", "eá", "oá", "ôù", "öø", "uû", "aâ", "eâ", "oâ", "ôø", "öô")

_TCVN3_WORDS = ("®\xadîc", "vµ", "c¸c", "cña", "n¨m", "th¸ng", "nh©n d©n", "b¸o c¸o", "x·")
_VNI_WORDS = ("ñöôïc", "vaø", "caùc", "cuûa", "naêm", "thaùng", "nhaân daân", "baùo caùo", "xaõ")
_UNICODE_ONLY = re.compile("[ăơưđĂƠƯĐ\u1ea0-\u1ef9]")


def detect(text: str) -> str | None:
    """TCVN3, VNI or None (Unicode or plain ASCII), from the words every report uses
    and, for a short piece (a DOCX run, a table cell), the bytes only legacy text has."""
    sample = text[:100_000]
    low = sample.lower()
    tcvn = sum(low.count(w) for w in _TCVN3_WORDS)
    vni = sum(low.count(w) for w in _VNI_WORDS)
    if tcvn >= 2 and tcvn > vni:
        return TCVN3
    if vni >= 2:
        return VNI
    if len(sample) < 400 and not _UNICODE_ONLY.search(sample):
        specific = sum(1 for c in sample if c in _TCVN3_SPECIFIC)
        if specific >= 2 or (specific and len(sample.split()) <= 3):
            return TCVN3
        if any(s in sample for s in _VNI_SPECIFIC):
            return VNI
    return None


def to_unicode(text: str, encoding: str, *, upper: bool = False) -> str:
    out = _tcvn3(text) if encoding == TCVN3 else _vni(text)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


def _tcvn3(text: str) -> str:
    return "".join(TCVN3_TABLE.get(c, c) for c in text)


def _vni(text: str) -> str:
    def syllable(m: re.Match[str]) -> str:
        base = next(g for g in m.groups()[0::2] if g)
        mark = next(g for g in m.groups()[1::2] if g).lower()
        letter = _VNI_SINGLE.get(base, base)
        if base in "aA" and mark in _BREVE:
            return letter + "\u0306" + _BREVE[mark]
        if base in "aAeEoO" and mark in _CIRCUMFLEX:
            return letter + "\u0302" + _CIRCUMFLEX[mark]
        return letter + _TONE[mark]

    converted = _VNI_SYLLABLE.sub(syllable, text)
    return "".join(_VNI_SINGLE.get(c, c) for c in converted)


def is_legacy_font(font: str | None) -> str | None:
    """The encoding a font name implies: ".VnTime" TCVN3, "VNI-Times" VNI."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni-") or name.startswith("vni "):
        return VNI
    return None


def is_upper_font(font: str | None) -> bool:
    """ ".VnTimeH", ".VnArialH": the capitals font of TCVN3."""
    return bool(font) and font.strip().lower().startswith(".vn") and font.strip().endswith("H")


def from_unicode_tcvn3(text: str) -> str:
    """Unicode to TCVN3 (capitals with a tone folded to lower case, as .VnTime has
    none): for tests that make legacy files."""
    back = {v: k for k, v in TCVN3_TABLE.items()}
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in back:
            out.append(back[c])
        elif c.lower() in back and c.isupper():
            out.append(back[c.lower()])
        else:
            out.append(c)
    return "".join(out)


def convert_lines(text: str) -> tuple[str, str | None]:
    """A whole text: each line that looks legacy converted; the encoding found."""
    found = detect(text)
    if found is None:
        return text, None
    lines = text.split("\n")
    out = []
    for line in lines:
        if _UNICODE_ONLY.search(line):
            out.append(line)
        else:
            out.append(to_unicode(line, found))
    return "\n".join(out), found


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_text(text: str, rpr) -> str:
    """A DOCX run's text, converted when its font is a TCVN3 or VNI one and the text
    looks legacy (a Unicode run left in .VnTime by a later edit stays as it is)."""
    if rpr is None or not text:
        return text
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        return text
    font = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
    encoding = is_legacy_font(font)
    if encoding is None or _UNICODE_ONLY.search(text):
        return text
    return to_unicode(text, encoding, upper=is_upper_font(font))


def docx_encoding(document_xml: bytes) -> str | None:
    """The legacy encoding named by a DOCX body's fonts, for the report of what was
    converted: TCVN3 if a ".Vn..." font is used, else VNI if a "VNI-..." one is."""
    if b'=".Vn' in document_xml:
        return TCVN3
    if b'="VNI-' in document_xml or b'="VNI ' in document_xml:
        return VNI
    return None
