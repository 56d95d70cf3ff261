"""Responsibilities: actors and role words (spaCy rule components on a blank pipeline), assignment
sections of the seeds and of the real Kế hoạch."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from tests.conftest import CORPUS  # noqa: E402
from tests.test_sections import doc_of  # noqa: E402
from vanban import extract_file  # noqa: E402
from vanban.errors import UnreadableDocument  # noqa: E402
from vanban.extract.responsibilities import extract_responsibilities, is_assignment_heading  # noqa: E402
from vanban.extract.spacy_rules import find_actor, find_roles  # noqa: E402

REAL_PLAN = CORPUS / "real" / "hpqlvb__Ke_hoach_trien_khai_dao_tao_phan_mem_Qlvb&Dh.doc"


@pytest.mark.parametrize(
    "text, actor, framed",
    [
        ("Đối với LĐLĐ tỉnh", "LĐLĐ tỉnh", True),  # seed 001
        ("Ban Tổ chức – Kiểm tra:", "Ban Tổ chức – Kiểm tra", False),  # 'Tổ chức' keeps its capital: no stop
        ("Ban Chính sách pháp luật và Quan hệ lao động", "Ban Chính sách pháp luật và Quan hệ lao động", False),
        (
            "Đối với LĐLĐ các huyện, thành phố, Công đoàn ngành, Công đoàn viên chức",
            "LĐLĐ các huyện, thành phố, Công đoàn ngành, Công đoàn viên chức",
            True,
        ),
        ("Đối với công đoàn cấp trên trực tiếp cơ sở:", "công đoàn cấp trên trực tiếp cơ sở", True),  # seed 003, lower case
        ("Văn phòng", "Văn phòng", False),
        ("Văn phòng Sở", "Văn phòng Sở", False),
        ("Các phòng ban tham gia đào tạo", "Các phòng ban tham gia đào tạo", False),
        (
            "Giao Sở Lao động - Thương binh và Xã hội, Ban Dân tộc tỉnh theo chức năng, nhiệm vụ chịu trách nhiệm:",
            "Sở Lao động - Thương binh và Xã hội, Ban Dân tộc tỉnh",
            True,
        ),
        ("Sở Kế hoạch và Đầu tư rà soát các quy định", "Sở Kế hoạch và Đầu tư", False),
        ("UBND các huyện, thị xã, thành phố chịu trách nhiệm:", "UBND các huyện, thị xã, thành phố", False),
        ("Các sở, ban, ngành căn cứ vào các nội dung nhiệm vụ", "Các sở, ban, ngành", False),
        (
            "Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi tiếp thu các ý kiến",
            "Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi",
            False,
        ),
        ("Trên cơ sở báo cáo của Công ty, giao Sở Tài chính chủ trì, phối hợp", "Sở Tài chính", True),  # inside the sentence
        ("Giao Sở Khoa học và Công nghệ theo dõi, đôn đốc", "Sở Khoa học và Công nghệ", True),
        ("Kho bạc Nhà nước hạch toán vào ngân sách nhà nước theo nội dung chi", "Kho bạc Nhà nước", False),
        ("Bộ Tài chính tổng hợp kế hoạch vốn vay ODA", "Bộ Tài chính", False),
        ("Kho bạc Nhà nước hoàn thành hạch toán các khoản chi", "Kho bạc Nhà nước", False),
        ("Bộ Tài chính lựa chọn ngân hàng phục vụ", "Bộ Tài chính", False),
        ("Phòng Tổng hợp chủ trì, phối hợp", "Phòng Tổng hợp", False),  # 'Tổng hợp' in capitals: the name goes on
    ],
)
def test_actor(text, actor, framed):
    hit = find_actor(text)
    assert hit is not None and (hit.actor, hit.framed) == (actor, framed)
    assert text[hit.start : hit.end].strip(" ,:;") == actor


@pytest.mark.parametrize(
    "text",
    [
        "Ban hành văn bản hướng dẫn",  # 'Ban' the verb, not a committee
        "Báo cáo kết quả thực hiện",
        "Hội nghị tổng kết",
        "Trường hợp vượt thẩm quyền",
        "Phòng chống tham nhũng",
        "Tổ chức tập huấn",
        "Đối với các nội dung kiến nghị, đề xuất",  # a frame without a body after it
        "Xây dựng kế hoạch phát triển đoàn viên",
        "Thời gian thực hiện: Ngày 26, 27/12/2011",
    ],
)
def test_not_an_actor(text):
    assert find_actor(text) is None


def test_roles():
    assert find_roles("Chủ trì phối hợp với các ban; theo dõi, tổng hợp báo cáo; Tham mưu cho Thường trực") == [
        "chủ trì",
        "phối hợp",
        "theo dõi",
        "tổng hợp",
        "báo cáo",
        "tham mưu",
    ]
    assert find_roles("Bố trí phòng họp") == []


def test_components_are_registered_factories():
    from vanban.extract.spacy_rules import pipeline

    nlp = spacy.blank("xx")
    nlp.add_pipe("vanban_roles", config={"roles": ["chủ trì"]})
    doc = nlp("Chủ trì, phối hợp")
    assert [s.text for s in doc.spans["roles"]] == ["Chủ trì"]
    assert pipeline().pipe_names == ["vanban_actor", "vanban_roles"]


@pytest.mark.parametrize(
    "title, ok",
    [
        ("TỔ CHỨC THỰC HIỆN", True),
        ("Phân công tổ chức thực hiện:", True),
        ("Nhiệm vụ cụ thể trong thời gian đến", True),
        ("Tổ chức triển khai ứng dụng, nhân rộng các tiến bộ khoa học và công nghệ vào quản lý", False),
        ("NỘI DUNG", False),
    ],
)
def test_assignment_heading(title, ok):
    assert is_assignment_heading(title) is ok


SEEDS = {
    "000_2e670d0b06bdbf01.txt": ["Công đoàn Công Thương Việt Nam", "Công đoàn cấp trên trực tiếp cơ sở", "Công đoàn cơ sở"],
    "001_90e93914de0aefd7.txt": [
        "LĐLĐ tỉnh",
        "Ban Tổ chức – Kiểm tra",
        "Ban Chính sách pháp luật và Quan hệ lao động",
        "Văn phòng",
        "Ban Tuyên giáo- Nữ Công",
        "LĐLĐ các huyện, thành phố, Công đoàn ngành, Công đoàn viên chức",
        "CĐCS",
        "LĐLĐ các huyện, thành phố, Công đoàn ngành, Công đoàn viên chức",  # 'Trên đây là kế hoạch …, đề nghị LĐLĐ các huyện …'
    ],
    "002_a83975f9453dc0e0.txt": ["LĐLĐ tỉnh", "LĐLĐ cấp huyện, Công đoàn ngành", "Công đoàn cơ sở, Nghiệp đoàn"],
    "003_3046348417fb4a45.txt": ["Công đoàn Viên chức Việt Nam", "công đoàn cấp trên trực tiếp cơ sở", "công đoàn cấp cơ sở"],
    "004_f1b4d79bff2c5098.txt": ["LĐLĐ huyện", "Công đoàn cơ sở"],
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_actors(name):
    r = extract_file(CORPUS / "seeds" / name)
    assert [x.actor for x in r.responsibilities] == SEEDS[name]  # the group heading 'các ban của LĐLĐ tỉnh' is not an actor
    assert all(x.tasks for x in r.responsibilities)


def test_seed_001_tasks_and_roles():
    r = extract_file(CORPUS / "seeds" / "001_90e93914de0aefd7.txt")
    btc = r.responsibilities[1]
    assert len(btc.tasks) == 4 and btc.tasks[0].startswith("Theo dõi, đôn đốc, cập nhật số liệu")
    assert {"theo dõi", "báo cáo", "chủ trì", "tham mưu", "phối hợp"} <= set(btc.roles)
    a, b = btc.span
    assert r.text[a:b].startswith("2.1. Ban Tổ chức – Kiểm tra") and "2.2." not in r.text[a:b]


def test_inline_actors_and_a_nested_assignment():
    d = doc_of(
        "6. Phân công tổ chức thực hiện:",
        "a) Các sở, ban, ngành căn cứ vào các nội dung nhiệm vụ tại khoản 1, 3, 5, phối hợp với Sở Khoa học và Công nghệ triển khai.",
        "b) Sở Nội vụ:",
        "Rà soát, bổ sung và kiện toàn cơ cấu tổ chức.",
        "c) Sở Tài chính:",
        "- Bố trí kinh phí hàng năm.",
        "Giao Sở Khoa học và Công nghệ theo dõi, đôn đốc, kiểm tra và định kỳ sáu tháng báo cáo Uỷ ban nhân dân tỉnh.",
    )
    got = [(x.actor, x.tasks, x.roles) for x in extract_responsibilities(d)]
    assert got == [
        (
            "Các sở, ban, ngành",
            ["căn cứ vào các nội dung nhiệm vụ tại khoản 1, 3, 5, phối hợp với Sở Khoa học và Công nghệ triển khai"],
            ["phối hợp"],
        ),
        ("Sở Nội vụ", ["Rà soát, bổ sung và kiện toàn cơ cấu tổ chức."], []),
        ("Sở Tài chính", ["Bố trí kinh phí hàng năm."], []),
        (
            "Sở Khoa học và Công nghệ",
            ["theo dõi, đôn đốc, kiểm tra và định kỳ sáu tháng báo cáo Uỷ ban nhân dân tỉnh"],
            ["theo dõi", "đôn đốc", "kiểm tra", "báo cáo"],
        ),
    ]


def test_no_assignment_section_no_heading_actors():
    d = doc_of("II. NỘI DUNG", "1. Văn phòng", "- Bố trí phòng họp.")
    assert extract_responsibilities(d) == []


@pytest.fixture(scope="module")
def real_plan():
    if not REAL_PLAN.exists():
        pytest.skip("real corpus not present")
    try:
        return extract_file(REAL_PLAN)
    except UnreadableDocument as e:  # LibreOffice missing: the .doc reader says so
        pytest.skip(str(e))


def test_real_plan_responsibilities(real_plan):
    # Kế hoạch of Sở TT&TT Phú Thọ (2011), III. TỔ CHỨC THỰC HIỆN with five numbered offices
    assert [x.actor for x in real_plan.responsibilities] == [
        "Phòng Công nghệ thông tin",
        "Văn phòng Sở",
        "Trung tâm CNTT Tây Bắc",
        "Công ty Cổ phần Công nghệ Tin học EFY Việt Nam",
        "Các phòng ban tham gia đào tạo",
    ]
    first = real_plan.responsibilities[0]
    assert first.roles[:2] == ["chủ trì", "phối hợp"] and len(first.tasks) == 4


def test_real_plan_dated_tasks(real_plan):
    got = [(it.seq, it.text, it.start, it.end) for it in real_plan.timeline]
    assert got == [
        (1, "Cài đặt hệ thống phần mềm", "2011-12-26", "2011-12-27"),
        ("a", "Khai mạc chương trình tập huấn", "2011-12-28", None),
        ("b", "Đào tạo lý thuyết và thực hành cho cán bộ Văn thư", "2011-12-28", "2011-12-29"),
        (None, "Văn phòng / Phòng Bưu chính", "2011-01-02", None),  # printed 2011 for 2012: flagged, not corrected
        (None, "Phòng Viễn thông / Phòng Công nghệ thông tin", "2012-01-03", None),
        (None, "Phòng Thanh tra / Phòng Quản lý Báo chí – Xuất bản", "2012-01-04", None),
        (None, "Phòng Tài chính – Kế hoạch / Trung tâm CNTT Tây Bắc", "2012-01-05", None),
    ]
    assert "timeline: 'Ngày 02/01/2011 (thứ 2)' says thứ 2, which is not the weekday of 2011-01-02" in real_plan.warnings
    (table,) = real_plan.tables
    assert table.header == ["Thời gian", "Sáng", "Chiều"] and len(table.rows) == 4
    assert real_plan.targets == []  # no quantified targets in this plan
