"""The web package's pure parts: passwords, where header values sit in the text, upload names and
messages, the SVG graph and the Vietnamese formatting filters."""

from __future__ import annotations

import os
import re
import stat

import pytest

from tests.conftest import CORPUS
from vanban.web import auth
from vanban.web.highlight import (
    Mark,
    header_marks,
    item_marks,
    locate_date,
    locate_doc_type,
    locate_header_name,
    locate_name,
    locate_number,
    locate_place,
    name_variants,
    segments,
)
from vanban.web.labels import label, vn_date
from vanban.web.plugin import vn_number
from vanban.web.svg import Node, layered_svg, layers_by_longest_path, order_layers
from vanban.web.upload import Upload, explain_failure, parse_form, safe_filename, save_upload

# ---- passwords ------------------------------------------------------------------------------------


def test_password_round_trip_and_salt():
    h1, h2 = auth.hash_password("mật khẩu dài"), auth.hash_password("mật khẩu dài")
    assert h1 != h2 and h1.startswith("scrypt$")
    assert auth.verify_password("mật khẩu dài", h1)
    assert not auth.verify_password("mat khau dai", h1)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$1$2$3", "md5$a$b$c$d$e", "scrypt$16384$8$1$!!$??"])
def test_malformed_hash_never_verifies(stored):
    assert not auth.verify_password("anything", stored)


@pytest.mark.parametrize(
    "name, ok",
    [("lan", True), ("nguyen.van-a_2", True), ("", False), ("Lan", False), ("lan hoa", False), ("lân", False), ("a" * 65, False)],
)
def test_user_names(name, ok):
    assert auth.valid_user_name(name) is ok


def test_settings_file_is_private_and_keeps_secret(tmp_path):
    path = tmp_path / "users.json"
    assert auth.set_password(path, "lan", "mot-mat-khau") is True
    secret = auth.load_settings(path).secret
    assert auth.set_password(path, "lan", "mat-khau-moi") is False
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    settings = auth.load_settings(path)
    assert settings.secret == secret and list(settings.users) == ["lan"]
    assert auth.check_login(path, "lan", "mat-khau-moi")
    assert not auth.check_login(path, "lan", "mot-mat-khau")
    assert not auth.check_login(path, "hoa", "mat-khau-moi")
    assert not auth.check_login(tmp_path / "missing.json", "lan", "mat-khau-moi")
    with pytest.raises(ValueError):
        auth.set_password(path, "Lan Hoa", "x" * 10)


# ---- where header values sit in the text ---------------------------------------------------------------

HEADER = "CHÍNH PHỦ\nSố: 277 /KH-LĐLĐ\nLai châu, ngày 15 tháng 10 năm 2021\nKẾ HOẠCH\nPhát triển đoàn viên"


@pytest.mark.parametrize(
    "text, number, found",
    [
        (HEADER, "277/KH-LĐLĐ", "277 /KH-LĐLĐ"),  # spaced as typed
        ("Số: 30/2020/NĐ-CP\n", "30/2020/NĐ-CP", "30/2020/NĐ-CP"),  # normative
        ("Số: 77//KH-LĐLĐ", "77/KH-LĐLĐ", "77//KH-LĐLĐ"),  # doubled slash typo
        ("Nghị quyết 02/NQ/TW ngày", "02-NQ/TW", "02/NQ/TW"),  # party number typed with '/'
        ("Số: 277/KH-LĐLĐ", "278/KH-LĐLĐ", None),  # another number
        ("Số: 1277/KH-LĐLĐ", "277/KH-LĐLĐ", None),  # longer number containing it
        ("no number here", "277/KH-LĐLĐ", None),
        (HEADER, None, None),
    ],
)
def test_locate_number(text, number, found):
    span = locate_number(text, number)
    assert (text[span[0] : span[1]] if span else None) == found


@pytest.mark.parametrize(
    "text, iso, found",
    [
        (HEADER, "2021-10-15", "ngày 15 tháng 10 năm 2021"),
        ("Hà Nội, ngày    31  tháng 12 năm 2013", "2013-12-31", "ngày    31  tháng 12 năm 2013"),
        ("ban hành ngày 05/3/2020 của", "2020-03-05", "ngày 05/3/2020"),
        ("ngày 12-6-2021", "2021-06-12", "ngày 12-6-2021"),
        ("ngày 24/9/2021 và ngày 15/10/2021", "2021-10-15", "ngày 15/10/2021"),  # the right one of two
        (HEADER, "2021-10-16", None),
        ("ngày 31/02/2021", "2021-02-31", None),
    ],
)
def test_locate_date(text, iso, found):
    span = locate_date(text, iso)
    assert (text[span[0] : span[1]] if span else None) == found


@pytest.mark.parametrize(
    "text, place, found",
    [
        (HEADER, "Lai Châu", "Lai châu"),  # case differs from the canonical value
        ("\tHà Nội, ngày 22 tháng 5 năm 2014", "Hà Nội", "Hà Nội"),
        ("TP. Hồ Chí Minh, ngày 1 tháng 1 năm 2020", "TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        (HEADER, "Hà Nội", None),
    ],
)
def test_locate_place(text, place, found):
    span = locate_place(text, place)
    assert (text[span[0] : span[1]] if span else None) == found


@pytest.mark.parametrize(
    "text, doc_type, found",
    [
        (HEADER, "Kế hoạch", "KẾ HOẠCH"),
        ("## KẾ HOẠCH\n", "Kế hoạch", "KẾ HOẠCH"),  # Markdown heading marker
        ("NGHỊ  ĐỊNH\nVề công tác", "Nghị định", "NGHỊ  ĐỊNH"),
        ("Căn cứ Kế hoạch số 135", "Kế hoạch", None),  # mentioned in a sentence, not a type line
        (HEADER, "Quyết định", None),
    ],
)
def test_locate_doc_type(text, doc_type, found):
    span = locate_doc_type(text, doc_type)
    assert (text[span[0] : span[1]] if span else None) == found


@pytest.mark.parametrize(
    "text, name, found",
    [
        ("LIÊN ĐOÀN LAO ĐỘNG\nTỈNH LAI CHÂU\nSố: 1", "Liên đoàn Lao động tỉnh Lai Châu", "LIÊN ĐOÀN LAO ĐỘNG\nTỈNH LAI CHÂU"),
        ("BCH LĐLĐ TỈNH LAI CHÂU", "Liên đoàn Lao động tỉnh Lai Châu", "LĐLĐ TỈNH LAI CHÂU"),  # abbreviated
        ("CHÍNH PHỦ\n", "Chính phủ", "CHÍNH PHỦ"),
        ("CHÍNH PHỦ VIỆT NAM", "Chín", None),  # whole words only
        ("Ủy ban nhân dân", "Liên đoàn Lao động tỉnh Lai Châu", None),
    ],
)
def test_locate_name(text, name, found):
    span = locate_name(text, name)
    assert (text[span[0] : span[1]] if span else None) == found


@pytest.mark.parametrize(
    "text, name, found",
    [
        # the header prints the body without the province the record adds from the line above
        ("UBND TỈNH PHÚ THỌ\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nKẾ HOẠCH\n", "Sở Thông tin và Truyền thông tỉnh Phú Thọ",
         "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
        # a shorter start inside another body's line is not it
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nKẾ HOẠCH\n", "Liên đoàn Lao động tỉnh Lai Châu", None),
        # the whole name above the type line wins over a mention in the title below it
        ("CÔNG ĐOÀN VIÊN CHỨC VIỆT NAM\nKẾ HOẠCH\nvề Công đoàn Viên chức Việt Nam", "Công đoàn Viên chức Việt Nam",
         "CÔNG ĐOÀN VIÊN CHỨC VIỆT NAM"),
        # not in the header at all: the first mention in the header zone
        ("KẾ HOẠCH\nThực hiện tại Sở Tư pháp tỉnh Hà Giang", "Sở Tư pháp tỉnh Hà Giang", "Sở Tư pháp tỉnh Hà Giang"),
    ],
)  # fmt: skip
def test_locate_header_name(text, name, found):
    span = locate_header_name(text, name, text.index("KẾ HOẠCH"))
    assert (text[span[0] : span[1]] if span else None) == found


def test_name_variants_abbreviate_known_bodies():
    variants = name_variants("Liên đoàn Lao động tỉnh Lai Châu")
    assert variants[0] == "Liên đoàn Lao động tỉnh Lai Châu" and "LĐLĐ tỉnh Lai Châu" in variants


@pytest.mark.parametrize("seed", sorted((CORPUS / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_header_marks_point_at_the_values(seed):
    from vanban.extract.pipeline import extract_file

    record = extract_file(seed)
    marks = header_marks(record) + item_marks(record)
    by_field = {m.field: record.text[m.start : m.end] for m in marks}
    assert all(0 <= m.start < m.end <= len(record.text) for m in marks)
    if "number" in by_field:
        assert re.sub(r"\W", "", by_field["number"]).casefold() == re.sub(r"\W", "", record.number).casefold()
    if "title" in by_field:
        assert " ".join(by_field["title"].split()).casefold() == record.title.casefold()
    if record.date and record.date[:4] in record.text:
        assert "date" in by_field


def test_segments_cover_the_text_once_and_nest():
    text = "Số: 277/KH-LĐLĐ ngày 15/10/2021"
    n, d = text.index("277"), text.index("ngày")
    marks = [
        Mark("number", n, n + 11, "hl-number"),
        Mark("citation", 0, len(text), "hl-citation-0"),
        Mark("date", d, len(text), "hl-date"),
    ]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [s.fields for s in segs if s.text == "277/KH-LĐLĐ"] == [("number", "citation")]  # innermost first
    assert segs[0].anchors == ("hl-citation-0",)
    assert segments(text, [Mark("x", 5, 99, "a"), Mark("y", 4, 4, "b")]) == segments(text, [])  # bad spans ignored
    plain = segments(text, [], [(d, "sec-0"), (len(text) + 5, "sec-9")])  # a heading to jump to, not highlighted
    assert [(s.text, s.fields, s.anchors) for s in plain] == [(text[:d], (), ()), (text[d:], (), ("sec-0",))]


# ---- uploads ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason, expected",
    [
        ("no such file", "Không tìm thấy tệp"),
        ("is a folder, not a file", "thư mục"),
        ("the file is empty", "Tệp rỗng"),
        ("the file is larger than 200 MB", "lớn hơn 200 MB"),
        ("unsupported file type '.exe' (vanban reads .docx, .doc, .pdf, .txt, .md, .html)", "không được hỗ trợ"),
        ("the PDF is encrypted with a password", "mật khẩu"),
        ("the PDF is a scan with no text layer; install tesseract for OCR", "bản quét"),
        ("reading .doc files needs LibreOffice, which is not installed", "chưa cài"),
        ("not a valid .docx file (BadZipFile)", ".docx bị hỏng"),
        ("cannot read the .docx file (KeyError)", ".docx bị hỏng"),
        ("the file holds binary data, not text", "nhị phân"),
        ("the file is not text in a known encoding (UTF-8, UTF-16, Windows-1258)", "bảng mã"),
        ("the document holds no text", "Không tìm thấy chữ"),
        ("the PDF is damaged", "bị hỏng"),
        ("internal error while extracting (KeyError: 'x')", "Lỗi nội bộ"),
        ("the document is nested too deeply to read", "quá phức tạp"),
        ("something nobody foresaw", "Không đọc được tệp này."),  # fallback, never English
        (None, "Không đọc được tệp này."),
    ],
)
def test_failures_are_explained_in_vietnamese(reason, expected):
    assert expected in explain_failure(reason)


@pytest.mark.parametrize(
    "name, safe",
    [
        ("Kế hoạch 277.docx", "Kế hoạch 277.docx"),
        ("<script>alert(1)</script>.txt", "_script_alert(1)__script_.txt"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:\\Users\\lan\\a.pdf", "C__Users_lan_a.pdf"),
        ("..", "tep"),
        (".hidden", "hidden"),
        ("a\x00b.pdf", "a_b.pdf"),
        ("x" * 300 + ".pdf", "x" * 120 + ".pdf"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_save_upload_keys_on_content(tmp_path):
    a = save_upload(tmp_path, Upload("a.txt", b"same bytes"))
    b = save_upload(tmp_path, Upload("a.txt", b"same bytes"))
    c = save_upload(tmp_path, Upload("a.txt", b"other bytes"))
    assert a == b != c and a.read_bytes() == b"same bytes" and a.parent.parent == tmp_path


def test_parse_form_reads_fields_and_utf8_names():
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="csrftoken"\r\n\r\ntok\r\n'
        b'--XX\r\nContent-Disposition: form-data; name="files"; filename="K\xe1\xba\xbf ho\xe1\xba\xa1ch <b>.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nhello\r\n"
        b'--XX\r\nContent-Disposition: form-data; name="files"; filename=""\r\n\r\n\r\n'
        b"--XX--\r\n"
    )
    fields, files = parse_form("multipart/form-data; boundary=XX", body)
    assert fields == {"csrftoken": "tok"}
    assert files == [Upload("Kế hoạch <b>.txt", b"hello")]
    with pytest.raises(ValueError):
        parse_form("application/x-www-form-urlencoded", b"a=b")


# ---- graph and formatting -------------------------------------------------------------------------------


def test_svg_escapes_text_and_links_nodes():
    nodes = [Node("root", "02-NQ/TW", "Nghị quyết", 0), Node("a", "<script>x</script>", "Kế hoạch & co", 1, "/doc/a?x=1&y=2")]
    svg = layered_svg(nodes, [("a", "root")], "Văn bản thực hiện <02>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Kế hoạch &amp; co" in svg
    assert 'href="/doc/a?x=1&amp;y=2"' in svg and svg.count("<line") == 1 and "&lt;02&gt;" in svg


@pytest.mark.parametrize(
    "edges, expected",
    [
        ([("a", "r"), ("b", "r")], {"r": 0, "a": 1, "b": 1}),  # direct citers
        (
            [("a", "r"), ("b", "a"), ("b", "r")],
            {"r": 0, "a": 1, "b": 2},
        ),  # below what it implements, even if it cites the root too
        ([("c", "b"), ("b", "a"), ("a", "r")], {"r": 0, "a": 1, "b": 2, "c": 3}),  # a chain
        ([("a", "r"), ("a", "b"), ("b", "a")], None),  # a cycle ends, whatever the layers
    ],
)
def test_layers_by_longest_path(edges, expected):
    ids = sorted({x for e in edges for x in e})
    layers = layers_by_longest_path(ids, edges, "r")
    assert layers["r"] == 0 and all(v >= 1 for k, v in layers.items() if k != "r")
    if expected:
        assert layers == expected


def test_layers_are_ordered_to_follow_their_neighbours():
    nodes = [Node("r", "R", "", 0), Node("b", "B", "", 1), Node("a", "A", "", 1), Node("x", "X", "", 2), Node("y", "Y", "", 2)]
    edges = [("a", "r"), ("b", "r"), ("x", "b"), ("y", "a")]
    layers = order_layers(nodes, edges)
    assert [[n.id for n in layer] for layer in layers] == [["r"], ["a", "b"], ["y", "x"]]


@pytest.mark.parametrize(
    "value, text", [(16000.0, "16.000"), (85, "85"), (2.5, "2,5"), (1234567.25, "1.234.567,25"), (None, ""), ("abc", "abc")]
)
def test_vn_number(value, text):
    assert vn_number(value) == text


def test_labels_and_dates():
    assert label("relations", "can_cu") == "Căn cứ" and label("relations", "other") == "other" and label("fields", None) == ""
    assert vn_date("2021-10-15") == "15/10/2021" and vn_date(None) == "" and vn_date("2021") == "2021"
