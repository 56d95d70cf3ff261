"""Two columns joined on one line by a single space: where the second column starts."""

from __future__ import annotations

import pytest

from vanban.extract.merged_columns import MOTTO_RE, NUMBER_PART_RE, _name_re, column_cut


@pytest.mark.parametrize(
    ("line", "right"),
    [
        # header: the national motto or the Party's name ends the line
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("UBND TỈNH PHÚ THỌ CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN CAM LỘ Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
        ("SỞ TÀI CHÍNH ĐỘC LẬP – TỰ DO – HẠNH PHÚC", "ĐỘC LẬP – TỰ DO – HẠNH PHÚC"),
        ("Độc lập - Tự do - Hạnh phúc ________", None),  # the motto alone, with its rule
        ("TỈNH ỦY LAI CHÂU ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),  # nothing before it
        ("theo đường lối của Đảng Cộng sản Việt Nam", None),  # a sentence, not a header
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM là nhà nước", None),  # does not end the line
        # the number line: a place and date after the number
        ("Số: 45/KH-LĐLĐ Cam Lộ, ngày 12 tháng 3 năm 2022", "Cam Lộ, ngày 12 tháng 3 năm 2022"),
        ("Số: 45 /KH-LĐLĐ Cam Lộ, ngày 12 tháng 3 năm 2022", "Cam Lộ, ngày 12 tháng 3 năm 2022"),
        ("Số: /QĐ-UBND Lai Châu, ngày tháng năm 2025", "Lai Châu, ngày tháng năm 2025"),
        ("Số: 5/TTr-UBND Thành phố Hồ Chí Minh, ngày 1 tháng 2 năm 2020", "Thành phố Hồ Chí Minh, ngày 1 tháng 2 năm 2020"),
        ("Số 02-NQ/TW Hà Nội, ngày 12 tháng 6 năm 2021", "Hà Nội, ngày 12 tháng 6 năm 2021"),
        ("Số: 45/KH-LĐLĐ", None),
        ("Số: 45/KH-LĐLĐ ngày 12 tháng 3 năm 2022", None),  # no place: a cited date, not a column
        ("Số lượng đoàn viên Cam Lộ, ngày 12 tháng 3 năm 2022", None),  # not a number line
        # the signature area: an authority or position in capitals after a recipient
        ("Nơi nhận: TM. BAN THƯỜNG VỤ", "TM. BAN THƯỜNG VỤ"),
        ("Nơi nhận: KT. CHỦ TỊCH", "KT. CHỦ TỊCH"),
        ("- LĐLĐ tỉnh (b/c); CHỦ TỊCH", "CHỦ TỊCH"),
        ("- Như Điều 3; PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("- Như trên; KT. GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
        ("- LĐLĐ tỉnh (b/c);", None),
        ("- UBND tỉnh; HĐND tỉnh;", None),  # capitals, but not an authority or position
        ("- Ban Tổ chức: CHỦ TỊCH công đoàn cơ sở chịu trách nhiệm", None),  # the rest is not all capitals
        ("Chủ tịch LĐLĐ tỉnh; CHỦ TỊCH", None),  # not a recipient item
        # ... or the signer's name, a known surname first
        ("- Lưu VT. Nguyễn Văn Hùng", "Nguyễn Văn Hùng"),
        ("- Lưu: VT, TC. Trần Thị Thu Hương", "Trần Thị Thu Hương"),
        ("- Lưu VP. NGUYỄN VĂN HÙNG", "NGUYỄN VĂN HÙNG"),
        ("- Như trên; Lưu VT", None),  # 'Lưu' is a surname, but 'VT' is the archive
        ("- UBND huyện; Châu Thành", None),  # a two-word place
        ("- Lưu: VT, Ban Tổ Chức", None),  # not a surname
        ("- Lưu VT. Nguyễn văn hùng", None),  # not a name's case
    ],
)
def test_column_cut(line: str, right: str | None) -> None:
    cut = column_cut(line)
    assert (line[cut:] if cut is not None else None) == right


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("X Độc lập - Tự do - Hạnh phúc", True),
        ("X Độc lập – Tự do – Hạnh phúc ---", True),
        ("X ĐẢNG CỘNG SẢN VIỆT NAM", True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
        ("X cộng hòa xã hội chủ nghĩa việt nam", False),  # the Quốc hiệu is printed in capitals
        ("X Độc lập, tự do", False),
    ],
)
def test_motto_re(text: str, found: bool) -> None:
    assert bool(MOTTO_RE.search(text)) == found


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Số: 45/KH-LĐLĐ Cam Lộ", "Số: 45/KH-LĐLĐ "),
        ("Số: 45 /KH-LĐLĐ Cam Lộ", "Số: 45 /KH-LĐLĐ "),
        ("SỐ: 06b/NQ-TLĐ Hà Nội", "SỐ: 06b/NQ-TLĐ "),
        ("Số: /QĐ-UBND Lai Châu", "Số: /QĐ-UBND "),
        ("Số 02-NQ/TW Hà Nội", "Số 02-NQ/TW "),
        ("Số lượng", "Số "),  # the word alone: the caller then asks for a place and date
    ],
)
def test_number_part_re(text: str, left: str) -> None:
    m = NUMBER_PART_RE.match(text)
    assert m is not None and text[: m.end()] == left


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("- Lưu VT. Nguyễn Văn Hùng", "Nguyễn Văn Hùng"),
        ("x; Đặng Văn Minh", "Đặng Văn Minh"),
        ("x; PHẠM TRƯỜNG THỌ", "PHẠM TRƯỜNG THỌ"),
        ("x; Lê Hùng", None),  # two words: too often a place
        ("x Nguyễn Văn Hùng", None),  # not after a recipient's end
        ("x; Nguyễn Văn Hùng ký", None),
    ],
)
def test_name_re(text: str, name: str | None) -> None:
    m = _name_re().search(text)
    assert (m.group("right") if m else None) == name


MERGED_PLAN = """\
LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
LIÊN ĐOÀN LAO ĐỘNG HUYỆN CAM LỘ Độc lập - Tự do - Hạnh phúc
Số: 45/KH-LĐLĐ Cam Lộ, ngày 12 tháng 3 năm 2022
KẾ HOẠCH
Triển khai thực hiện Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam
Thực hiện Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam, Ban Thường vụ LĐLĐ huyện xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Phấn đấu đến hết năm 2023 kết nạp được 150 đoàn viên, thành lập mới 5 CĐCS.
Nơi nhận: TM. BAN THƯỜNG VỤ
- LĐLĐ tỉnh (b/c); CHỦ TỊCH
- Huyện ủy (b/c);
- Lưu VT. Nguyễn Văn Hùng
"""


def test_a_plan_copied_from_a_pdf_with_its_columns_joined():
    from vanban import extract_text

    r = extract_text(MERGED_PLAN, "merged.txt")
    assert (r.number, r.doc_type, r.place, r.date) == (
        "45/KH-LĐLĐ",
        "Kế hoạch",
        "Cam Lộ",
        "2022-03-12",
    )
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == ("Liên đoàn Lao động huyện Cam Lộ", "Liên đoàn Lao động tỉnh Quảng Trị")
    assert r.signer is not None
    assert (r.signer.name, r.signer.position, r.signer.authority) == ("Nguyễn Văn Hùng", "Chủ tịch", "TM. Ban Thường vụ")
    assert r.recipients == ["LĐLĐ tỉnh (b/c)", "Huyện ủy (b/c)", "Lưu VT."]
