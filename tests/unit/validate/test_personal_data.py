"""The personal-data guard: identity numbers, mobile numbers and bank card numbers in any text of
any record stop the build, named with a masked value, file and line; ordinary numbers do not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import cli
from gongkai.config import Settings
from gongkai.load.files import LoadedFile
from gongkai.load.records import SourceRecord, load_records
from gongkai.problems import ERROR, WARNING
from gongkai.types import BY_KEY
from gongkai.validate import RULE_FAMILIES, personal_data, personal_numbers, validate_records
from gongkai.validate.context import Context
from gongkai.validate.personal_data import allowances
from gongkai.validate.personal_numbers import find, is_id_number, luhn_ok, mask
from tests.support.helpers import finishes

TODAY = dt.date(2024, 6, 1)


# --- independent generators of valid numbers ------------------------------------------------------


def id_number(first17: str) -> str:
    """GB 11643-1999 / ISO 7064 MOD 11-2: the check character makes the weighted sum ≡ 1 (mod 11)."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(c) * w for c, w in zip(first17, weights))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def wrong_check(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


def luhn_complete(partial: str) -> str:
    for digit in "0123456789":
        if luhn_ok(partial + digit):
            return partial + digit
    raise AssertionError


ID = id_number("41010519491231002")  # Zhengzhou, born 1949-12-31
ID_X = next(x for x in (id_number(f"41010519800101{n:03d}") for n in range(1000)) if x.endswith("X"))
MOBILE = "13800138000"
CARD = luhn_complete("622202123456789012")  # 19 digits, UnionPay prefix
CARD16 = luhn_complete("436742123456789")  # 16 digits, Visa prefix


def kinds(text: str) -> list[tuple[str, str]]:
    return [(kind, value) for _start, _end, kind, value in find(text, TODAY)]


# --- the generators agree with the module ------------------------------------------------------


def test_generated_numbers_are_valid():
    assert len(ID) == 18 and is_id_number(ID, TODAY)
    assert ID_X.endswith("X") and is_id_number(ID_X, TODAY)
    assert not is_id_number(wrong_check(ID), TODAY)
    assert luhn_ok(CARD) and len(CARD) == 19
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_mask_keeps_first_and_last_four():
    assert mask(ID) == ID[:4] + "*" * 10 + ID[-4:]
    assert mask("410105194912310021") == "4101**********0021"
    assert mask(MOBILE) == "1380***8000"
    assert mask(CARD) == CARD[:4] + "*" * 11 + CARD[-4:]
    assert mask("12345678") == "********"


# --- identity numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ID,
        f"申请人张三，身份证号{ID}，住址郑州市。",
        f"身份证号：{ID_X}",
        f"身份证号：{ID_X[:-1]}x",
        f"{ID[:6]} {ID[6:14]} {ID[14:]}",
        "旧证 410105491231002 已换发",  # 15-digit form: born 1949-12-31
    ],
)
def test_identity_number_found(text):
    assert [k for k, _ in kinds(text)] == [personal_numbers.ID_NUMBER]


@pytest.mark.parametrize(
    "text",
    [
        wrong_check(ID),  # check digit wrong
        wrong_check(ID_X),
        id_number("41010519491331002"),  # month 13
        id_number("41010520300101002"),  # born in the future
        id_number("41010518000101002"),  # born before 1900
        id_number("99010519491231002"),  # no such province
        ID[:17],  # 17 digits
        ID + "7",  # part of a longer run
        "7" + ID,
        "11410000MB1234567X",  # unified social credit code
        "12410000415800123X",
        "914101007065123450",
        "11410000MB1234567X/2023-00001",  # index number
        "410105491331002",  # 15 digits, month 13
        f"编号A{ID}",  # glued to letters: a code, not an identity number
    ],
)
def test_identity_number_near_misses(text):
    assert [k for k, _ in kinds(text) if k == personal_numbers.ID_NUMBER] == []


# --- mobile numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "13800138000",
        "联系人：李四，手机13800138000。",
        "电话 138-0013-8000",
        "电话 138 0013 8000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "0086 13800138000",
        "(13800138000)",
        "手机：19912345678",
        "索引号 2023-00001 手机 138 0013 8000",
    ],
)
def test_mobile_found(text):
    assert kinds(text) == [(personal_numbers.MOBILE, "13800138000")] or kinds(text) == [
        (personal_numbers.MOBILE, "19912345678")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits: part of a longer run
        "913800138000",
        "12800138000",  # no such prefix
        "10086",
        "0371-65901234",  # landline
        "(0371) 6590 1234",
        "0371-6590-1234",
        "400-123-4567",
        "95588",
        "13800138000.5",  # a decimal number
        "No13800138000",  # glued to letters: a code
        "1 3 8 0 0 1 3 8 0 0 0",  # single digits are not a phone number
    ],
)
def test_mobile_near_misses(text):
    assert [k for k, _ in kinds(text) if k == personal_numbers.MOBILE] == []


def test_two_mobiles_in_one_sentence():
    assert kinds("13800138000和13900139000") == [
        (personal_numbers.MOBILE, "13800138000"),
        (personal_numbers.MOBILE, "13900139000"),
    ]


# --- bank cards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        CARD,
        f"收款账号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}",
        f"卡号：{CARD16[:4]}-{CARD16[4:8]}-{CARD16[8:12]}-{CARD16[12:]}",
        CARD16,
    ],
)
def test_bank_card_found(text):
    assert [k for k, _ in kinds(text)] == [personal_numbers.BANK_CARD]


@pytest.mark.parametrize(
    "text",
    [
        wrong_check(CARD) if not luhn_ok(wrong_check(CARD)) else CARD[:-1] + str((int(CARD[-1]) + 1) % 10),  # non-Luhn
        CARD + "1",  # 20 digits
        luhn_complete("2023010112000"),  # a timestamp, Luhn by chance: no card network starts with 20
        luhn_complete("123456789012"),  # 13 digits starting with 1
        f"{CARD[:6]} {CARD[6:]}",  # odd grouping
        "金额 12345678901234.56 元",
        "共计 123,456,789,012,345 元",
    ],
)
def test_bank_card_near_misses(text):
    assert [k for k, _ in kinds(text) if k == personal_numbers.BANK_CARD] == []


# --- ordinary data --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019-03-05",
        "20190305",
        "2019年3月5日至2019年4月4日",
        "豫管〔2019〕3号",
        "11410000MB1234567X/2023-00001",
        "HNGS-2023-001",
        "0371-65901234",
        "邮编 450003",
        "预算 12,345,678.90 元",
        "1234567890",
        "第 1 至 20 条",
        "2023-01-01T10:20:30+08:00",
        "https://www.henan.gov.cn/2023/03-05/2700000.html",
        "事项编码 000117001000",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert kinds(text) == []


# --- full-width digits ----------------------------------------------------------------------------


def to_full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789Xx-", "０１２３４５６７８９Ｘｘ－"))


@pytest.mark.parametrize("number", [ID, ID_X, MOBILE, CARD, "138-0013-8000"])
def test_full_width_digits_are_caught(number):
    found = kinds(f"号码：{to_full_width(number)}。")
    assert len(found) == 1
    _kind, value = found[0]
    assert value.isascii() and value == number.replace("-", "")
    assert mask(value).startswith(value[:4])


# --- through validation: records, lines, allowances ------------------------------------------------


DOCUMENT = """\
id: {id}
title: 关于公务用车管理的通知
publish_date: 2024-03-05
issuer: 河南省机关事务管理局
disclosure: 主动公开
signed_date: 2024-03-01
"""


def write_document(data_dir: Path, record_id: str, extra: str = "", body_md: str | None = None) -> Path:
    folder = data_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    path.write_text(DOCUMENT.format(id=record_id) + extra, encoding="utf-8")
    if body_md is not None:
        path.with_suffix(".md").write_text(body_md, encoding="utf-8")
    return path


def personal_problems(data_dir: Path):
    records = load_records(data_dir, 1_000_000)
    problems = validate_records(records, Settings(data_dir=data_dir), TODAY)
    ours = list(personal_data.check(Context(records, Settings(data_dir=data_dir), TODAY, all_records=records)))
    assert set(ours) <= set(problems)  # registered, and nothing lost on the way
    return ours


def test_rule_is_registered():
    assert personal_data.check in RULE_FAMILIES


def test_positive_record_error_names_kind_masked_value_fix_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_document(tmp_path / "data", "2024-a", f"summary: 联系人身份证号 {ID}\n")
    (problem,) = personal_problems(tmp_path / "data")
    assert problem.severity == ERROR
    assert problem.path == str(Path("data/documents/2024-a.yaml"))
    assert (problem.line, problem.column) == (7, 18)
    assert "居民身份证号码" in problem.message
    assert mask(ID) in problem.message
    assert ID not in problem.message  # the message itself must not leak the number
    assert "删除" in problem.message and "打码" in problem.message
    assert "allow_personal_data" in problem.message and "理由" in problem.message


def test_every_depth_and_line_in_a_block(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extra = (
        "filing:\n"  # 7
        "  filed_with: 省政府办公厅\n"  # 8
        "  filed_date: 2024-03-06\n"  # 9
        "changes:\n"  # 10
        "  - date: 2024-04-01\n"  # 11
        "    note: 更正联系人手机 139-0013-9000\n"  # 12
        "body: |\n"  # 13
        "  ## 一、总则\n"  # 14
        "\n"  # 15
        "  第一条 为了规范……\n"  # 16
        f"  收款账号 {CARD}，联系电话 0371-65901234。\n"  # 17
        "  第二条 本办法自发布之日起施行。\n"  # 18
        "  手机 13800138000\n"  # 19
        "summary: >\n"  # 20
        "  本办法规范省直机关公务用车\n"  # 21
        "  咨询 13700137000\n"  # 22
    )
    write_document(tmp_path / "data", "2024-b", extra)
    found = [(p.line, p.column, p.message[:8]) for p in personal_problems(tmp_path / "data")]
    assert found == [
        (12, 19, "疑似手机号码“1"),
        (17, 8, "疑似银行卡号“6"),
        (19, 6, "疑似手机号码“1"),
        (22, 6, "疑似手机号码“1"),
    ]


def test_unquoted_number_and_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_document(tmp_path / "data", "2024-c", "registration_no: 13800138000\n")
    (problem,) = personal_problems(tmp_path / "data")
    assert (problem.line, problem.column) == (7, 18)
    assert "手机号码" in problem.message


def test_body_in_sibling_markdown_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "## 一、总则\n\n第一条 为了规范公务用车管理。\n\n联系人：王五，手机 13800138000。\n"
    write_document(tmp_path / "data", "2024-d", body_md=body)
    (problem,) = personal_problems(tmp_path / "data")
    assert problem.path == str(Path("data/documents/2024-d.md"))
    assert (problem.line, problem.column) == (5, 11)


def test_body_in_markdown_with_bom_and_crlf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_document(tmp_path / "data", "2024-e")
    path.with_suffix(".md").write_bytes(
        "\ufeff第一行\r\n第二行 ４１０１".encode() + to_full_width(ID[4:]).encode() + b"\r\n"
    )
    (problem,) = personal_problems(tmp_path / "data")
    assert problem.path.endswith("2024-e.md")
    assert (problem.line, problem.column) == (2, 5)
    assert mask(ID) in problem.message


def test_allowance_exempts_exactly_that_value_in_that_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    write_document(
        data,
        "2024-f",
        "summary: 服务监督电话 13800138000，投诉电话 13900139000\n"
        "allow_personal_data:\n"
        "  - value: 138-0013-8000\n"
        "    reason: 本局对外公布的公务用车服务监督电话，不是个人信息\n",
    )
    write_document(data, "2024-g", "summary: 服务监督电话 13800138000\n")
    problems = personal_problems(data)
    assert [(Path(p.path).name, p.line, mask("13900139000") in p.message) for p in problems] == [
        ("2024-f.yaml", 7, True),  # the other number in the same record is still caught
        ("2024-g.yaml", 7, False),  # the same number in another record is still caught
    ]
    assert all(p.severity == ERROR for p in problems)


def test_allowance_with_full_width_or_plus86_and_unused_allowance(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_document(
        tmp_path / "data",
        "2024-h",
        f"summary: 热线 １３８００１３８０００ 和 {ID}\n"
        "allow_personal_data:\n"
        "  - value: +86 138 0013 8000\n"
        "    reason: 对外公布的热线\n"
        f"  - value: '{ID[:6]} {ID[6:]}'\n"
        "    reason: 法院公告依法公开\n"
        "  - value: '13700137000'\n"  # line 13
        "    reason: 已经删掉的号码\n",
    )
    (problem,) = personal_problems(tmp_path / "data")
    assert problem.severity == WARNING
    assert (problem.line, problem.column) == (13, 12)
    assert "没有出现" in problem.message and "1370***7000" in problem.message


def test_not_public_records_are_checked_too(tmp_path, monkeypatch):
    # A draft or an embargoed record will be published later; fix it now.
    monkeypatch.chdir(tmp_path)
    write_document(tmp_path / "data", "2024-i", "draft: true\nsummary: 手机 13800138000\n")
    (problem,) = personal_problems(tmp_path / "data")
    assert problem.line == 8


def test_record_with_schema_errors_is_still_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_document(tmp_path / "data", "2024-j", "unknown_field: 手机 13800138000\n")
    records = load_records(tmp_path / "data", 1_000_000)
    problems = validate_records(records, Settings(data_dir=tmp_path / "data"), TODAY)
    assert any("未知字段" in p.message for p in problems)
    assert any("手机号码" in p.message and p.line == 7 for p in problems)


def test_malformed_allowances_do_not_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_document(
        tmp_path / "data",
        "2024-k",
        "allow_personal_data: [13800138000, {value: null}, {reason: x}, 5]\nsummary: 13800138000\n",
    )
    problems = personal_problems(tmp_path / "data")
    assert [p.line for p in problems] == [8]
    assert list(allowances(load_records(tmp_path / "data", 1_000_000))) == []


def test_text_attachments_are_scanned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    folder = data / "attachments" / "documents"
    folder.mkdir(parents=True)
    # Excel saves CSV as GBK: still read.
    (folder / "list.csv").write_bytes(
        "序号,单位,联系人,电话\n1,机关服务中心,赵六,0371-65901234\n2,车队,钱七,13800138000\n".encode("gbk")
    )
    (folder / "notes.txt").write_text("服务热线 13900139000\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 13700137000")
    write_document(
        data,
        "2024-o",
        "attachments:\n"
        "  - {title: 名单, file: documents/list.csv}\n"
        "  - {title: 说明, file: documents/notes.txt}\n"
        "  - {title: 扫描件, file: documents/scan.pdf}\n"
        "  - {title: 不存在, file: documents/missing.csv}\n"
        "allow_personal_data:\n"
        "  - {value: '13900139000', reason: 对外公布的服务热线}\n",
    )
    (problem,) = personal_problems(data)
    assert problem.path == str(Path("data/attachments/documents/list.csv"))
    assert (problem.line, problem.column) == (3, 9)
    assert "附件" in problem.message and "1380***8000" in problem.message


# --- the CLI ----------------------------------------------------------------------------------------


def test_show_allowances_cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    write_document(
        tmp_path / "data",
        "2024-l",
        "summary: 服务监督电话 13800138000\n"
        "allow_personal_data:\n"
        "  - value: 138-0013-8000\n"
        "    reason: 本局对外公布的服务监督电话\n",
    )
    write_document(tmp_path / "data", "2024-m")
    code = cli.main(["--config", "gongkai.yml", "validate", "--today", "2024-06-01", "--show-allowances"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, out + err
    lines = [line for line in out.splitlines() if "允许公开" in line]
    assert lines == [
        f"{Path('data/documents/2024-l.yaml')}: 允许公开 138-0013-8000（理由：本局对外公布的服务监督电话）"
    ]
    assert "0 个错误" in err


def test_cli_fails_on_personal_data(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    write_document(tmp_path / "data", "2024-n", f"summary: 身份证 {ID}\n")
    code = cli.main(["--config", "gongkai.yml", "validate", "--today", "2024-06-01"])
    out, _err = capsys.readouterr()
    assert code == cli.EXIT_PROBLEMS
    assert f"{Path('data/documents/2024-n.yaml')}:7:14: 错误 疑似居民身份证号码“{mask(ID)}”" in out
    assert ID not in out


# --- speed ------------------------------------------------------------------------------------------


def test_ten_thousand_records_are_fast():
    body = "## 一、总则\n\n第一条 为了规范省直机关公务用车管理，根据《党政机关公务用车管理办法》，制定本办法。\n" * 20
    data = {
        "id": "x",
        "title": "关于印发《河南省省直机关公务用车管理办法》的通知",
        "publish_date": "2024-03-05",
        "issuer": "河南省机关事务管理局",
        "disclosure": "主动公开",
        "index_no": "11410000MB1234567X/2024-00001",
        "doc_number": "豫管〔2024〕3号",
        "subjects": ["公务用车", "机关事务"],
        "summary": "规范公务用车。" * 5,
        "changes": [{"date": "2024-04-01", "note": "更正第 3 条的错字"}] * 3,
        "body": body,
    }
    records = [
        SourceRecord(
            BY_KEY["documents"], Path(f"data/documents/{i}.yaml"), LoadedFile(f"{i}.yaml", data=dict(data, id=str(i)))
        )
        for i in range(10_000)
    ]
    context = Context(records, Settings(), TODAY, all_records=records)
    with finishes():
        assert list(personal_data.check(context)) == []


# --- the first search that rules a text out ------------------------------------------------------

_PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=19),
    st.text(alphabet="０１２３４５６７８９", min_size=1, max_size=19),
    st.sampled_from(
        [
            " ",
            "-",
            "\u00a0",
            "\u3000",
            "\uff0d",
            "  ",
            "--",
            "\n",
            ".",
            "．",
            "+86",
            "＋86",
            "X",
            "ｘ",
            "a",
            "号",
            "电话",
            "（",
        ]
    ),
    st.sampled_from([ID, ID_X, MOBILE, CARD, CARD16, "138 0013 8000", "+86 138-0013-8000", "4101 0519 4912 3100 2X"]),
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_digit_run_search_never_hides_a_number(text):
    """`find` skips the candidate pass when a text has no run of 11 digits: every number the pass
    finds lies on such a run, so the skip changes nothing."""
    full = personal_numbers.candidates_in(text, TODAY)
    assert find(text, TODAY) == (full if len(text) >= 11 else [])
    for start, end, _kind, _digits in full:
        assert personal_numbers.enough_digits(text[start:end])


def test_a_record_with_a_number_only_in_a_nested_key_or_a_large_integer_is_still_walked():
    data = {"id": "k", "stats": {f"电话{MOBILE}": 3}, "changes": [{"date": "2024-01-01", "note": 13800138000}]}
    record = SourceRecord(BY_KEY["documents"], Path("data/documents/k.yaml"), LoadedFile("k.yaml", data=data))
    found = list(personal_data.check_record(record, TODAY))
    assert len(found) == 2 and all(p.severity == ERROR and "手机号码" in p.message for p in found)
