"""Legacy Vietnamese encodings: detection from the text itself, conversion, and the patterns behind them."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from tests.conftest import CORPUS
from vanban.extract import legacy

# Unicode text with capitals only where TCVN3 (VN3) has them, so that glibc's iconv can encode it.
SAMPLE = (
    "đảng bộ cơ quan ủy ban nhân dân huyện lệ thủy. bản tự kiểm điểm đánh giá chất lượng đảng viên. "
    "về tư tưởng chính trị: bản thân tự xác định tư tưởng là vấn đề được quan tâm hàng đầu, "
    "không ngừng học tập nâng cao trình độ nhận thức về đảng, về chủ nghĩa mác lê nin và tư tưởng hồ chí minh; "
    "thực hiện tốt quy chế dân chủ ở cơ sở, liên hệ chặt chẽ với nhân dân, gương mẫu trong mọi việc. "
    "ngày 29 tháng 11 năm 2011, lệ thủy. quyển sổ, kỹ năng, dữ liệu, giữ gìn, mỹ thuật, ủy nhiệm chi."
)
UNICODE_TEXTS = [
    SAMPLE,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nÝ KIẾN CỦA ỦY BAN NHÂN DÂN TỈNH",
    "Căn cứ Điều 5 § 2 của Quy chế; diện tích 12 m² × 3; nhiệt độ 25 °C; © 2020 Bộ Nội vụ; giá ½ triệu đồng; «trích»",
    "The quick brown fox jumps over the lazy dog. Ærøskøbing, Österreich, façade, naïve, über, señor.",
]


def _iconv(text: str, encoding: str) -> bytes | None:
    if shutil.which("iconv") is None:
        return None
    p = subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode(), capture_output=True, check=False)
    return p.stdout if p.returncode == 0 else None


def _cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: vowel letters precomposed, tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


# -- conversion tables -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, expected",
    [
        # raw and converted samples of the real TCVN3 file (gold: hpqlvb__KDIEM DANG VIEN 2011 PHU TTRA.json)
        ("§¶ng bé c¬ quan UBND", "Đảng bộ cơ quan UBND"),
        ("®¶ng céng s¶n viÖt nam", "đảng cộng sản việt nam"),
        ("LÖ Thuû, ngµy  29  th¸ng 11 n¨m 2011", "Lệ Thuỷ, ngày  29  tháng 11 năm 2011"),
        ("b¶n tù  kiÓm ®iÓm", "bản tự  kiểm điểm"),
        ("®¸nh gi¸ chÊt l\u00adîng ®¶ng viªn", "đánh giá chất lượng đảng viên"),  # U+00AD soft hyphen is ư
        ("quy ®Þnh sè 76-Q§/TW ngµy 15/6/2000 cña Bé ChÝnh trÞ", "quy định số 76-QĐ/TW ngày 15/6/2000 của Bộ Chính trị"),
        ("t\u00ad t\u00adëng", "tư tưởng"),
        ("¡ ¢ £ ¤ ¥ ¦ §", "Ă Â Ê Ô Ơ Ư Đ"),
        ("UBND 2011", "UBND 2011"),  # ASCII is ASCII in every table
    ],
)
def test_tcvn3_conversion(raw, expected):
    assert legacy.convert(raw, "tcvn3") == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Ñaûng boä cô quan", "Đảng bộ cơ quan"),
        ("ñöôïc giao nhieäm vuï", "được giao nhiệm vụ"),
        ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"),
        (
            "naêm 2011, aên uoáng, khoûe, kyõ naêng, tyû leä, ñòa chæ, ngöôøi",
            "năm 2011, ăn uống, khỏe, kỹ năng, tỷ lệ, địa chỉ, người",
        ),
        ("Quyeát ñònh soá 15/2010/QÑ-UBND", "Quyết định số 15/2010/QĐ-UBND"),
    ],
)
def test_vni_conversion(raw, expected):
    assert legacy.convert(raw, "vni") == expected


def test_viscii_conversion_matches_glibc():
    raw = _iconv(SAMPLE.upper() + " " + SAMPLE, "VISCII")
    if raw is None:
        pytest.skip("iconv with VISCII is not available")
    assert legacy.convert(raw.decode("latin-1"), "viscii") == SAMPLE.upper() + " " + SAMPLE


def test_viscii_bytes_seen_through_windows_1252():
    # In a Word file, bytes 0x80-0x9F show up as their Windows-1252 characters ('Ộ' is 0x93, shown as '“').
    raw = bytes([0x93, 0x49]).decode("cp1252")
    assert legacy.convert(raw, "viscii") == "ỘI"


def test_tcvn3_conversion_matches_glibc():
    raw = _iconv(SAMPLE, "TCVN5712-1")
    if raw is None:
        pytest.skip("iconv with TCVN5712-1 is not available")
    assert legacy.convert(raw.decode("latin-1"), "tcvn3") == SAMPLE


def test_conversion_gives_nfc():
    assert unicodedata.is_normalized("NFC", legacy.convert("Vieät Nam", "vni"))
    assert unicodedata.is_normalized("NFC", legacy.convert("viÖt nam", "tcvn3"))


# -- detection ---------------------------------------------------------------------------------
def _tcvn3(text: str) -> str:
    raw = _iconv(text, "TCVN5712-1")
    if raw is None:
        pytest.skip("iconv with TCVN5712-1 is not available")
    return raw.decode("latin-1")


def _vni(text: str) -> str:
    table = sorted(((v, k) for k, v in legacy._tables()["vni"].mapping.items()), key=lambda kv: -len(kv[0]))
    return "".join(next((k for v, k in table if v == ch), ch) for ch in unicodedata.normalize("NFC", text))


def test_detects_tcvn3():
    assert legacy.detect(_tcvn3(SAMPLE)) == "tcvn3"


def test_detects_vni():
    assert legacy.detect(_vni(SAMPLE)) == "vni"


def test_detects_viscii():
    raw = _iconv(SAMPLE, "VISCII")
    if raw is None:
        pytest.skip("iconv with VISCII is not available")
    assert legacy.detect(raw.decode("latin-1")) == "viscii"


@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_unicode_text_is_not_legacy(text):
    assert legacy.detect(text * 3) is None


def test_decomposed_unicode_is_not_legacy():
    assert legacy.detect(unicodedata.normalize("NFD", SAMPLE)) is None


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "seeds").glob("*.txt")))
def test_seed_texts_are_not_legacy(name):
    assert legacy.detect((CORPUS / "seeds" / name).read_text(encoding="utf-8")) is None


def test_converted_text_is_not_detected_again():
    converted = legacy.convert(_tcvn3(SAMPLE), "tcvn3")
    assert legacy.detect(converted) is None


# -- per-paragraph plan --------------------------------------------------------------------------
def test_plan_converts_legacy_paragraphs_and_keeps_unicode_ones():
    paragraphs = [_tcvn3(SAMPLE), "Công ty tháng này", "Cộng hòa xã hội chủ nghĩa Việt Nam", "bé"]
    plan = legacy.plan_for(paragraphs)
    assert plan.key == "tcvn3"
    assert plan.warning == "the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"
    assert plan.convert_text(paragraphs[0]) == SAMPLE
    # Unicode words that are also valid read through the table ('Công' -> 'Cụng'): a tie is broken by
    # letters the table cannot produce ('ộ', 'ệ'; 'à' is no TCVN3 code).
    assert plan.convert_text(paragraphs[2]) == paragraphs[2]
    assert plan.convert_text(paragraphs[1]) == paragraphs[1]  # 'à' is no TCVN3 code
    assert plan.convert_text(paragraphs[3]) == "bộ"  # 'bé' is valid either way: a tie, converted


def test_plan_converts_word_by_word_in_a_mixed_paragraph():
    plan = legacy.Plan("tcvn3")
    assert plan.convert_text("Ủy ban nhân dân huyÖn lÖ thuû") == "Ủy ban nhân dân huyện lệ thuỷ"


def test_plan_for_unicode_text_changes_nothing():
    plan = legacy.plan_for(UNICODE_TEXTS)
    assert plan.key is None and plan.warning is None
    assert plan.convert_text(UNICODE_TEXTS[1]) == UNICODE_TEXTS[1]


def test_repair():
    texts, warning = legacy.repair([_tcvn3(SAMPLE)])
    assert texts == [SAMPLE] and "TCVN3" in (warning or "")
    assert legacy.repair(["Việt Nam"]) == (["Việt Nam"], None)


# -- legacy bytes in a text file ------------------------------------------------------------------
def test_decode_legacy_bytes_prefers_the_table_that_reads_as_vietnamese():
    raw = _iconv(SAMPLE, "TCVN5712-1")
    if raw is None:
        pytest.skip("iconv with TCVN5712-1 is not available")
    found = legacy.decode_legacy_bytes(raw, raw.decode("cp1258", "replace"))
    assert found == (SAMPLE, "tcvn3")


def test_decode_legacy_bytes_leaves_windows_1258_alone():
    raw = _cp1258(SAMPLE)
    assert legacy.decode_legacy_bytes(raw, unicodedata.normalize("NFC", raw.decode("cp1258"))) is None


# -- patterns --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "word, ok",
    [
        ("người", True),
        ("Thuỷ", True),
        ("thủy", True),
        ("bé", True),
        ("nghiêng", True),
        ("khuyếch", True),
        ("quốc", True),
        ("giữ", True),
        ("oái", True),
        ("Đảng", True),
        ("NGHĨA", True),
        (unicodedata.normalize("NFD", "nghiệp"), True),
        ("céng", True),  # a TCVN3 word that happens to be a valid shape
        ("viÖt", False),
        ("th¸ng", False),
        ("ng\u00adêi", False),
        ("xyz", False),
        ("ảá", False),  # two tone marks
        ("strength", False),
        ("qđ", False),
    ],
)
def test_is_syllable(word, ok):
    assert legacy.is_syllable(word) is ok


@pytest.mark.parametrize(
    "text, n",
    [
        ("§¶ng bé", 2),
        ("t\u00ad tëng", 2),
        ("Ñaûng boä", 3),
        ("Việt Nam Ý kiến", 0),  # Vietnamese letters of the Latin-1 block are not suspect
        ("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ", 0),
        ("ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ", 32),
    ],
)
def test_suspect_characters(text, n):
    assert len(legacy._SUSPECT_RE.findall(text)) == n


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("76-Q§/TW ngµy", ["Q§", "TW", "ngµy"]),
        ("chÊt l\u00adîng", ["chÊt", "l\u00adîng"]),
        ("Việt Nam, 2011.", ["Việt", "Nam"]),
        ("“trích” – dẫn", ["trích", "dẫn"]),  # curly quotes and dashes split words
        (unicodedata.normalize("NFD", "Việt"), [unicodedata.normalize("NFD", "Việt")]),
    ],
)
def test_tokens(text, tokens):
    assert legacy._TOKEN_RE.findall(text) == tokens


@pytest.mark.parametrize(
    "text, key, found",
    [
        ("Công ty tháng này", "tcvn3", True),  # à is no TCVN3 code
        ("Công ty tháng", "tcvn3", False),  # every letter could be TCVN3
        ("bé céng", "tcvn3", False),
        ("Vieät Nam", "vni", False),
        ("Việt Nam", "vni", True),
    ],
)
def test_unicode_evidence(text, key, found):
    assert legacy._unicode_evidence(text, key) is found


@pytest.mark.parametrize(
    "text, found",
    [
        ("Việt", True),
        ("ăn", True),
        ("Đảng", True),
        ("ư", True),
        ("Ơ", True),
        ("§¶ng bé c¬", False),
        ("Hà Nội", True),
        ("Hà", False),
    ],
)
def test_unicode_only_letters(text, found):
    assert (legacy._UNICODE_ONLY_RE.search(text) is not None) is found
