"""The licensing authority's XML (adapters/licensing), both versions, into the port's models."""

import re

from . import models as m
from .rules import WHITESPACE, date_reader, vietnam_time_reader
from .common import applicant, need, shared_notice, whole_number
from .xmlread import MAX_LIST_ITEMS, Format, Message, Refused, choice, invalid, once

FORMAT = Format(
    "urn:hoso:gplx:",
    {"urn:hoso:gplx:v1": ("1", False), "urn:hoso:gplx:v2": ("2", True)},
    {
        "1": {"GiayTo": ("banChinh", "banSao"), "GiayPhep": ("so", "hang", "ngayCap", "ngayHetHan")},
        "2": {"GiayTo": ("banChinh", "banSao", "soTrang"), "LyDo": ("ma",)},
    },
)
DATE = date_reader("dd/MM/yyyy")
TIME = vietnam_time_reader("dd/MM/yyyy HH:mm:ss")
STATUS = {"DANG_XU_LY": "Started", "HEN_LAI": "Extended", "DUNG_XU_LY": "Stopped"}

NAMES = {
    "1": dict(dossier="MaHoSo", agency=None, reference="SoBienNhan", officer="CanBo",
              form="TraKetQuaQuaBuuDien", form_values={"1": True, "0": False}, appointment="NgayHenTra",
              received_at=None, legal_basis=None, due=None, status="TrangThai", tracking="SoHieuBuuGui",
              seal=None, email=None),
    "2": dict(dossier="MaHoSoMotCua", agency="MaCoQuan", reference="SoTiepNhan", officer="NguoiKy",
              form="HinhThucNhanKetQua", form_values={"BUU_DIEN": True, "TRUC_TIEP": False},
              appointment="NgayHenTraKetQua", received_at="ThoiDiemTiepNhan", legal_basis="CanCuPhapLy",
              due="HanBoSung", status="MaTrangThai", tracking="MaBuuGui", seal="MaNiemPhong", email="Email"),
}
NOTICES = ("TiepNhanHoSo", "YeuCauBoSung", "TuChoiHoSo", "CapNhatXuLy", "KetQuaSanSang", "BanGiaoBuuDien")
OWN_AGENCY = "000.00.15.H22"
# Rust's `split_ascii_whitespace`.
_ASCII_SPACE = re.compile("[ \t\n\x0c\r]+")


def _documents(r, el, level, v2):
    out = []
    for local, item in r.children(el, level):
        if local != "GiayTo":
            raise invalid("not a document")
        if len(out) >= MAX_LIST_ITEMS:
            raise Refused("LimitExceeded", "too many documents")
        originals, copies = r.attribute(item, "banChinh"), r.attribute(item, "banSao")
        pages = r.attribute(item, "soTrang")
        if originals is None or copies is None:
            raise invalid("document without counts")
        doc = {"originals": _count(originals), "copies": _count(copies)}
        if v2 and pages is not None:
            doc["pages"] = _count(pages)
        doc["name"] = r.string(item)
        out.append(doc)
    return out


def _count(text):
    return whole_number(text, 32)


def _licence_v1(r, el):
    number, classes = r.attribute(el, "so"), r.attribute(el, "hang")
    issued, until = r.attribute(el, "ngayCap"), r.attribute(el, "ngayHetHan")
    if number is None or not number.strip(WHITESPACE) or classes is None or not classes.strip(WHITESPACE):
        raise invalid("licence without its attributes")
    categories = [c for c in _ASCII_SPACE.split(classes) if c]
    if len(categories) > MAX_LIST_ITEMS:
        # The bound v2's HangGiayPhep elements have, which the v1 list is held to as well.
        raise Refused("LimitExceeded", "too many classes")
    if issued is None:
        raise invalid("licence without ngayCap")
    doc = {"title": "Giấy phép lái xe", "number": number.strip(WHITESPACE),
           "categories": categories,
           "issued_on": DATE(issued.strip(WHITESPACE))}
    if until is not None:
        doc["valid_until"] = DATE(until.strip(WHITESPACE))
    r.no_content(el)
    return doc


_RESULT_V2 = {"TenGiayTo": "title", "SoGiayPhep": "number", "SoSeri": "serial", "NgayCap": "issued_on",
              "NgayHetHan": "valid_until"}


def _result_v2(r, el):
    doc, classes = {}, []
    for local, child in r.children(el, 2):
        if local == "HangGiayPhep":
            if len(classes) >= MAX_LIST_ITEMS:
                raise Refused("LimitExceeded", "too many classes")
            classes.append(r.string(child))
            continue
        key = _RESULT_V2.get(local)
        if key is None:
            raise invalid("unknown result field")
        text = r.string(child)
        once(doc, key, DATE(text) if key in ("issued_on", "valid_until") else text)
    if not classes:
        raise invalid("no class")
    doc["categories"] = classes
    return doc


def decode(data):
    """The message `data`, decoded into its model; raises Refused (or ValueError for a value)."""
    r = Message(data, FORMAT, TIME)
    message = _message(r)
    r.finish()
    return message


def _message(r):
    n, v2, root = NAMES[r.version], r.version == "2", r.local
    c, f = {}, {}
    common = {n["dossier"]: "dossier", n["reference"]: "reference", n["officer"]: "officer"}
    if v2:
        common[n["agency"]] = "agency"
    if root not in NOTICES and root not in ("NopHoSo", "NopBoSung", "RutHoSo", "BienNhan"):
        raise invalid("unknown message")
    for local, el in r.children(r.root):
        key = common.get(local)
        if key is not None:
            once(c, key, r.string(el))
            continue
        _field(r, n, v2, root, local, el, f)
    head = {"message_id": r.message_id, "sent_at": r.sent_at}
    if root == "NopHoSo":
        return m.Submission(**head, **need(c, "dossier"), **need(f, "procedure", "applicant", "documents",
                                                                    "fee", "result_by_post"))
    if root == "NopBoSung":
        return m.SupplementDelivered(**head, **need(c, "dossier"), reference=c.get("reference"),
                                     **need(f, "documents"))
    if root == "RutHoSo":
        return m.Withdrawal(**head, **need(c, "dossier"), reference=c.get("reference"), **need(f, "reason"))
    agency = need(c, "agency")["agency"] if v2 else OWN_AGENCY
    if root == "BienNhan":
        return m.Receipt(agency=agency, **need(c, "dossier", "reference"), idempotency_key=r.message_id,
                         received_at=r.sent_at)
    notice = shared_notice(root, f)
    return m.AgencyMessage(**head, agency=agency, **need(c, "dossier"), reference=c.get("reference"),
                           officer=c.get("officer"), notice=notice)


def _field(r, n, v2, root, local, el, f):
    if root == "NopHoSo":
        if local == "MaTTHC":
            return once(f, "procedure", r.string(el))
        if local == "ChuHoSo":
            names = {"name": "HoTen", "citizen_id": "SoDinhDanh", "phone": "SoDienThoai", "address": "DiaChi",
                     "email": n["email"]}
            return once(f, "applicant", applicant(r, el, 2, names))
        if local == "DanhSachGiayTo":
            return once(f, "documents", _documents(r, el, 2, v2))
        if local == "LePhi":
            return once(f, "fee", whole_number(r.string(el), 64))
        if local == n["form"]:
            return once(f, "result_by_post", choice(r.string(el), n["form_values"]))
    elif root == "NopBoSung" and local == "DanhSachGiayTo":
        return once(f, "documents", _documents(r, el, 2, v2))
    elif root == "RutHoSo" and local == "LyDo":
        return once(f, "reason", r.string(el))
    elif root == "TiepNhanHoSo":
        if local == n["appointment"]:
            return once(f, "appointment", DATE(r.string(el)))
        if local == n["received_at"]:
            return once(f, "received_at", TIME(r.string(el)))
    elif root in ("YeuCauBoSung", "TuChoiHoSo") and local == "LyDo":
        if root == "TuChoiHoSo" and v2:
            code = r.attribute(el, "ma")
            if code is not None:
                f["reason_code"] = code
        return once(f, "reason", r.string(el))
    elif root == "YeuCauBoSung" and local == "DanhSachGiayToCanBoSung":
        items = []
        for item_name, item in r.children(el, 2):
            if item_name != "GiayTo":
                raise invalid("not a document")
            if len(items) >= MAX_LIST_ITEMS:
                raise Refused("LimitExceeded", "too many missing documents")
            items.append(r.string(item))
        return once(f, "missing", items)
    elif root == "YeuCauBoSung" and local == n["due"]:
        return once(f, "due", DATE(r.string(el)))
    elif root == "TuChoiHoSo" and local == n["legal_basis"]:
        return once(f, "legal_basis", r.string(el))
    elif root == "CapNhatXuLy":
        if local == n["status"]:
            return once(f, "update", choice(r.string(el), STATUS))
        if local == "NgayHenTraMoi":
            return once(f, "new_appointment", DATE(r.string(el)))
        if local == "NoiDung":
            return once(f, "note", r.string(el))
    elif root == "KetQuaSanSang":
        if not v2 and local == "GiayPhep":
            return once(f, "document", _licence_v1(r, el))
        if v2 and local == "KetQua":
            return once(f, "document", _result_v2(r, el))
    elif root == "BanGiaoBuuDien":
        if local == n["tracking"]:
            return once(f, "tracking", r.string(el))
        if local == "SoLuongGiayTo":
            return once(f, "items", whole_number(r.string(el), 32))
        if local == "ThoiDiemBanGiao":
            return once(f, "handed_at", TIME(r.string(el)))
        if local == "NhanVienBuuDien":
            return once(f, "postal_worker", r.string(el))
        if local == n["seal"]:
            return once(f, "seal", r.string(el))
    raise invalid("unexpected element")
