"""Golden header expectations for the five seed documents (values from ../shared/gold)."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from vanban import extract_file

SEEDS = {
    "000_2e670d0b06bdbf01.txt": ("251/ToC-CĐCT", "Kế hoạch", "Công đoàn Công Thương Việt Nam", "Hà Nội", "2014-05-22", 5),
    "001_90e93914de0aefd7.txt": ("277/KH-LĐLĐ", "Kế hoạch", "Liên đoàn Lao động tỉnh Lai Châu", "Lai Châu", "2021-10-15", 6),
    "002_a83975f9453dc0e0.txt": ("05/CTr-LĐLĐ", "Chương trình", "Liên đoàn Lao động tỉnh Tiền Giang", None, "2018-06-21", 0),
    "003_3046348417fb4a45.txt": (None, "Chương trình", "Công đoàn Viên chức Việt Nam", "Hà Nội", "2013-12-31", 6),
    "004_f1b4d79bff2c5098.txt": (None, "Kế hoạch", "Liên đoàn Lao động huyện Hương Hóa", "Hương Hóa", "2022-03-31", 10),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_header(name):
    number, doc_type, issuer, place, date, n_recipients = SEEDS[name]
    r = extract_file(CORPUS / "seeds" / name)
    assert (r.number, r.doc_type, r.issuer.name if r.issuer else None, r.place, r.date) == (number, doc_type, issuer, place, date)
    assert len(r.recipients) == n_recipients


def test_seed_signers():
    r = extract_file(CORPUS / "seeds" / "001_90e93914de0aefd7.txt")
    assert (r.signer.name, r.signer.position, r.signer.authority) == ("Hoàng Văn Trinh", "Phó Chủ tịch", "TM. Ban Thường vụ")
    r = extract_file(CORPUS / "seeds" / "000_2e670d0b06bdbf01.txt")
    assert (r.signer.name, r.signer.position) == (None, "Chủ tịch")


def test_news_item_date_is_not_posting_date():
    r = extract_file(CORPUS / "seeds" / "002_a83975f9453dc0e0.txt")
    assert r.date == "2018-06-21"  # the programme's date, not the posting date 08-07-2018
    assert any("news item" in w for w in r.warnings)
