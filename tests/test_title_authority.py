"""A decision's title stops before the line that names who decides."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.header import DATED_OPENING_RE, DECIDER_RE, PROSE_RE, _authority_line


@pytest.mark.parametrize(
    ("line", "title", "stops"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "Về việc công bố danh mục thủ tục hành chính", True),
        ("BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI", "Về việc chuyển QL.32 về địa phương quản lý", True),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
            "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH",
            True,
        ),  # a title in capitals too
        ("BAN CHẤP HÀNH TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Về công tác cán bộ công đoàn", True),
        ("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Ban hành Quy chế làm việc của", False),  # the title goes on
        ("NĂM 2023", "THỰC HIỆN NGHỊ QUYẾT 02-NQ/TW", False),  # a title in capitals goes on in capitals
        ("TẠI CÁC ĐẠI LÝ INTERNET", "BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ INTERNET", False),
        ("tại các đại lý Internet trên địa bàn Thành phố Hà Nội", "Ban hành Quy định về quản lý Internet", False),
    ],
)
def test_authority_line(line: str, title: str, stops: bool) -> None:
    assert _authority_line(line, title) == stops


def test_a_converted_decision_without_rule_under_its_title():
    text = (
        "# CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n\nSố: /QĐ-UBND\n\n"
        "Lai Châu, ngày tháng năm 2025\n\n# QUYẾT ĐỊNH\n\n"
        "Về việc công bố danh mục thủ tục hành chính mới ban hành\n\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;\n"
    )
    r = extract_text(text, "decision.md")
    assert (r.doc_type, r.number, r.place, r.date) == ("Quyết định", None, "Lai Châu", None)
    assert r.title == "Về việc công bố danh mục thủ tục hành chính mới ban hành"
    # the header lost its issuing body; the line that names who decides states it
    assert r.issuer is not None and r.issuer.name == "Ủy ban nhân dân tỉnh Lai Châu"
    assert any("names who decides" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"),
        ("CHỦ TỊCH UBND HUYỆN CAM LỘ", "UBND HUYỆN CAM LỘ"),
        ("BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI", "BỘ GIAO THÔNG VẬN TẢI"),
        ("GIÁM ĐỐC SỞ TÀI CHÍNH", "SỞ TÀI CHÍNH"),
        ("CỤC TRƯỞNG CỤC THUẾ", "CỤC THUẾ"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ"),
        ("CHỦ TỊCH", None),  # no body named
        ("CHỦ TỊCH CÔNG ĐOÀN CƠ SỞ", "CÔNG ĐOÀN CƠ SỞ"),
        ("Chủ tịch Ủy ban nhân dân tỉnh", None),  # the line is printed in capitals
        ("QUYẾT ĐỊNH:", None),
    ],
)
def test_decider_re(line: str, body: str | None) -> None:
    m = DECIDER_RE.match(line)
    assert (m.group("body") or m.group("whole") if m else None) == body


_LONG_PROSE = (
    "Trong thời gian qua, hoạt động khoa học và công nghệ cấp sở, ban, ngành, huyện, thị xã được tỉnh quan tâm, "
    "chỉ đạo. Tất cả 7 huyện, thị xã đã thành lập hội đồng khoa học và công nghệ"
)
_LONG_SENTENCE = (
    "Sức khoẻ là vốn quý nhất của con người, là một trong những điều cơ bản để con người sống hạnh phúc, là mục "
    "tiêu và là nhân tố quan trọng trong việc phát triển kinh tế, văn hoá, xã hội và bảo vệ Tổ quốc."
)
_LONG_TITLE = (
    "về việc ban hành Quy chế phối hợp giữa Ủy ban nhân dân tỉnh và Liên đoàn Lao động tỉnh trong việc thực hiện "
    "chức năng đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp, chính đáng của đoàn viên"
)


@pytest.mark.parametrize(
    ("line", "prose"),
    [
        (_LONG_PROSE, True),  # two sentences
        (_LONG_SENTENCE, True),  # one long sentence, ended
        (_LONG_TITLE, False),  # a long title line: no sentence ends
        ("Về việc đẩy mạnh hoạt động khoa học và công nghệ cấp cơ sở.", False),  # short
        ("giai đoạn 2021 - 2025. Định hướng đến năm 2030", False),  # short, two parts
    ],
)
def test_prose_re(line: str, prose: bool) -> None:
    assert bool(PROSE_RE.match(line)) == prose


def test_a_title_stops_before_the_first_paragraph() -> None:
    text = "UBND TỈNH BÌNH DƯƠNG\nSố: 09/2009/CT-UBND\nThủ Dầu Một, ngày 15 tháng 4 năm 2009\nCHỈ THỊ\n"
    text += "Về việc đẩy mạnh hoạt động khoa học và công nghệ cấp cơ sở\n" + _LONG_PROSE + ".\n"
    assert extract_text(text, "ct.txt").title == "Về việc đẩy mạnh hoạt động khoa học và công nghệ cấp cơ sở"


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ("Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh Võ Phiên chủ trì họp nghe", True),
        ("Ngày 12/11/2024, tại trụ sở UBND tỉnh, Phó Chủ tịch", True),
        ("Vào ngày 15 tháng 10 năm 2021, Ban Thường vụ", True),
        ("ngày 12/6/2021 của Bộ Chính trị về đổi mới", False),  # a wrapped title: lower case, no comma
        ("Ngày 27/7/2024 của Đoàn Chủ tịch", False),  # no comma
        ("Ngày hội Văn hóa - Thể thao công nhân", False),
        ("Ngày 27 tháng 7, kỷ niệm", False),  # no year
    ],
)
def test_dated_opening_re(line: str, hit: bool) -> None:
    assert bool(DATED_OPENING_RE.match(line)) == hit


def test_a_title_stops_before_a_dated_opening_sentence() -> None:
    text = "UBND TỈNH QUẢNG NGÃI\nSố: 11/TB-UBND\nQuảng Ngãi, ngày 08 tháng 01 năm 2025\nTHÔNG BÁO\n"
    text += "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe\nbáo cáo về công tác cổ phần hóa\n"
    text += "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp nghe\nbáo cáo về công tác cổ phần hóa.\n"
    title = "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo về công tác cổ phần hóa"
    assert extract_text(text, "tb.txt").title == title
