"""The land registry office's XML (adapters/land), both versions, into the port's models with the land's own
details (parcels with exact areas, administrative units)."""

import re
from typing import Annotated, Optional

from pydantic import AfterValidator

from . import models as m
from .common import applicant, need, shared_notice, whole_number
from .rules import PROVINCES_PRE2025, date_reader, vietnam_time_reader
from .xmlread import MAX_LIST_ITEMS, Format, Message, Refused, choice, invalid, once

FORMAT = Format(
    "urn:hoso:dangkydatdai:",
    {"urn:hoso:dangkydatdai:v1": ("1", False), "urn:hoso:dangkydatdai:v2": ("2", True)},
    {"1": {"LyDo": ("maLyDo",)}, "2": {"DonViHanhChinh": ("heMa",), "LyDo": ("maLyDo",)}},
)
DATE = date_reader("yyyy-MM-dd")
TIME = vietnam_time_reader("yyyy-MM-ddTHH:mm:ss+07:00")
STATUS = {"DANG_XU_LY": "Started", "HEN_LAI": "Extended", "DUNG_XU_LY": "Stopped"}
OWN_AGENCY = "000.00.26.H26"
OUTBOUND = ("NopHoSo", "NopBoSung", "RutHoSo", "BienNhan")
ROOTS = OUTBOUND + ("TiepNhanHoSo", "YeuCauBoSung", "TuChoiHoSo", "CapNhatTienDo", "ThongBaoNghiaVuTaiChinh",
                    "XacNhanNopTien", "KetQuaSanSang", "BanGiaoBuuDien")
_AREA = re.compile(r"([0-9]+)(?:\.([0-9]+))?\Z")


def area(text):
    """Diện tích: square metres with at most 2 decimals and 12 integer digits, in hundredths."""
    a = _AREA.match(text)
    if a is None or len(a.group(2) or "") > 2 or len(a.group(1).lstrip("0")) > 12:
        raise ValueError("not an area")
    return int(a.group(1)) * 100 + int((a.group(2) or "").ljust(2, "0"))


def land_use(text):
    if len(text) != 3 or not text.isascii() or not text.isupper() or not text.isalpha():
        raise ValueError("not a land-use code")
    return text


class Parcel(m.Strict):
    number: str
    map_sheet: str
    area: int
    land_use: Annotated[str, AfterValidator(land_use)]
    address: Optional[str] = None


class AdminUnits(m.Strict):
    generation: str
    province: int
    district: Optional[int] = None
    commune: int


class LandSubmission(m.Submission):
    workflow: Optional[str] = None
    units: Optional[AdminUnits] = None
    parcels: list[Parcel] = []


def units(generation, f):
    """Đơn vị hành chính: a province and a commune, and a district before the 2025 reform only."""
    if "province" not in f or "commune" not in f:
        raise invalid("administrative units incomplete")
    province, district, commune = f["province"], f.get("district"), f["commune"]
    if (generation == "2004") != (district is not None):
        raise invalid("a district goes with the pre-2025 codes only")
    if generation == "2004" and province not in PROVINCES_PRE2025:
        raise invalid("not a pre-2025 province")
    if 0 in (province, commune, district):
        raise invalid("a code of zeros")
    return AdminUnits(generation=generation, province=province, district=district, commune=commune)


def _code(r, el, width):
    text = r.string(el)
    if len(text) != width or not text.isascii() or not text.isdigit():
        raise invalid("not a code of %d digits" % width)
    return int(text)


UNIT_WIDTHS = {"MaTinh": ("province", 2), "MaHuyen": ("district", 3), "MaXa": ("commune", 5)}


def _list(r, el, item, read):
    out = []
    for local, child in r.children(el, 2):
        if local != item:
            raise invalid("unexpected list item")
        if len(out) >= MAX_LIST_ITEMS:
            raise Refused("LimitExceeded", "too many items")
        out.append(read(child))
    return out


def _part(r, el, fields):
    """A part with children (parcel, paper, charge, certificate): each field once, read by its reader."""
    out = {}
    for local, child in r.children(el, 3):
        key = fields.get(local)
        if key is None:
            raise invalid("unexpected element")
        name, read = key
        once(out, name, read(r.string(child)))
    return out


def _ident(text):
    return text


def _count(text):
    return whole_number(text, 32)


def _money(text):
    return whole_number(text, 64)


def _parcel_fields(v2):
    return {"SoThuTuThua": ("number", _ident), "SoHieuBanDo": ("map_sheet", _ident), "DienTich": ("area", area),
            ("MaMucDichSuDung" if v2 else "MucDichSuDung"): ("land_use", _ident),
            ("DiaChiThuaDat" if v2 else "DiaChi"): ("address", _ident)}


DOCUMENT = {"TenGiayTo": ("name", _ident), "SoBanChinh": ("originals", _count), "SoBanSao": ("copies", _count),
            "SoTrang": ("pages", _count)}
CHARGE = {"MaKhoanNop": ("code", _ident), "TenKhoanNop": ("name", _ident), "SoTien": ("amount", _money)}


def decode(data):
    """The message `data`, decoded into its model; raises Refused (or ValueError for a value)."""
    r = Message(data, FORMAT, TIME)
    if r.local not in ROOTS:
        raise invalid("unknown message")
    message = _message(r, r.local, r.version == "2")
    r.finish()
    return message


def _fields(v2):
    """Each element a message may hold: its key, the messages it belongs to (None: every one), its reader."""
    s, n = ("NopHoSo",), None
    t = {
        "MaHoSoMotCua": ("dossier", n, "string"), "SoBienNhan": ("reference", ROOTS[1:], "string"),
        ("CanBoXuLy" if v2 else "CanBo"): ("officer", ROOTS[4:], "string"),
        "MaTTHC": ("procedure", s, "string"), ("MaQuyTrinhXuLy" if v2 else "MaQuyTrinh"): ("workflow", s, "string"),
        "NguoiNopHoSo": ("applicant", s, "applicant"), "DanhSachThuaDat": ("parcels", s, "parcels"),
        "DanhSachGiayTo": ("documents", ("NopHoSo", "NopBoSung"), "documents"), "LePhi": ("fee", s, "money"),
        ("HinhThucNhanKetQua" if v2 else "TraKetQuaQuaBuuDien"): ("result_by_post", s, "form"),
        "ThoiDiemNhan": ("received_at", ("BienNhan",), "time"),
        "LyDo": ("reason", ("RutHoSo", "YeuCauBoSung", "TuChoiHoSo"), "reason"),
        "DanhSachGiayToCanBoSung": ("missing", ("YeuCauBoSung",), "missing"),
        ("NgayHenTraKetQua" if v2 else "NgayHenTra"): ("appointment", ("TiepNhanHoSo",), "date"),
        ("MaTrangThai" if v2 else "TrangThai"): ("update", ("CapNhatTienDo",), "status"),
        "NgayHenTraMoi": ("new_appointment", ("CapNhatTienDo",), "date"),
        "NoiDung": ("note", ("CapNhatTienDo",), "string"),
        "DanhSachKhoanNop": ("charges", ("ThongBaoNghiaVuTaiChinh",), "charges"),
        "TongSoTien": ("total", ("ThongBaoNghiaVuTaiChinh",), "money"),
        "HanNop": ("due", ("ThongBaoNghiaVuTaiChinh",), "date"),
        "SoTienDaNop": ("amount", ("XacNhanNopTien",), "money"),
        "GiayChungNhan": ("document", ("KetQuaSanSang",), "certificate"),
        ("MaBuuGui" if v2 else "SoHieuBuuGui"): ("tracking", ("BanGiaoBuuDien",), "string"),
        "SoLuongGiayTo": ("items", ("BanGiaoBuuDien",), "count"),
        "ThoiDiemBanGiao": ("handed_at", ("BanGiaoBuuDien",), "time"),
        "NhanVienBuuDien": ("postal_worker", ("BanGiaoBuuDien",), "string"),
    }
    if v2:
        t.update({
            "MaCoQuan": ("agency", n, "string"), "DonViHanhChinh": ("units", s, "units"),
            "ThoiDiemTiepNhan": ("received_at", ("TiepNhanHoSo",), "time"),
            "CanCuPhapLy": ("legal_basis", ("TuChoiHoSo",), "string"),
            "HanBoSung": ("due", ("YeuCauBoSung",), "date"),
            "SoThongBao": ("notice_number", ("ThongBaoNghiaVuTaiChinh",), "string"),
            "SoChungTu": ("receipt", ("XacNhanNopTien",), "string"),
            "MaNiemPhong": ("seal", ("BanGiaoBuuDien",), "string"),
        })
    else:
        t.update({name: (name, s, "unit") for name in UNIT_WIDTHS})
    return t


FIELDS = {"1": _fields(False), "2": _fields(True)}
FORMS = {"1": {"true": True, "false": False, "1": True, "0": False}, "2": {"BUU_DIEN": True, "TRUC_TIEP": False}}
APPLICANT = {"1": {"name": "HoTen", "citizen_id": "SoGiayTo", "phone": "SoDienThoai", "address": "DiaChi"},
             "2": {"name": "HoTen", "citizen_id": "SoGiayTo", "phone": "SoDienThoai", "address": "DiaChi",
                   "email": "Email"}}


def _read(r, how, el, root, v2, f, version):
    if how == "string":
        return r.string(el)
    if how == "date":
        return DATE(r.string(el))
    if how == "time":
        return TIME(r.string(el))
    if how == "money":
        return _money(r.string(el))
    if how == "count":
        return _count(r.string(el))
    if how == "form":
        return choice(r.string(el), FORMS[version])
    if how == "status":
        return choice(r.string(el), STATUS)
    if how == "reason":
        code = r.attribute(el, "maLyDo") if root == "TuChoiHoSo" else None
        if code is not None:
            once(f, "reason_code", code.strip())
        return r.string(el)
    if how == "applicant":
        return applicant(r, el, 2, APPLICANT[version])
    if how == "documents":
        return _list(r, el, "GiayTo", lambda c: _part(r, c, DOCUMENT))
    if how == "missing":
        return _list(r, el, "TenGiayTo", r.string)
    if how == "parcels":
        parcels = _list(r, el, "ThuaDat", lambda c: _part(r, c, _parcel_fields(v2)))
        if not parcels:
            raise invalid("no parcel")
        return parcels
    if how == "charges":
        lines = _list(r, el, "KhoanNop", lambda c: _part(r, c, CHARGE))
        if not lines:
            raise invalid("no charge")
        return lines
    if how == "certificate":
        fields = {"TenGiayTo": ("title", _ident), "SoPhatHanh": ("number", _ident), "NgayCap": ("issued_on", DATE)}
        if v2:
            fields["SoVaoSo"] = ("serial", _ident)
        cert = _part(r, el, fields)
        return dict(need(cert, "title", "number", "issued_on"), serial=cert.get("serial"), categories=[])
    if how == "units":
        generation = r.attribute(el, "heMa")
        if generation not in ("2025", "2004"):
            raise invalid("heMa is not 2025 or 2004")
        codes = {}
        for local, child in r.children(el, 2):
            if local not in UNIT_WIDTHS:
                raise invalid("unexpected element")
            key, width = UNIT_WIDTHS[local]
            once(codes, key, _code(r, child, width))
        return units(generation, codes)
    return _code(r, el, UNIT_WIDTHS[el.tag[r.cut:]][1])


def _message(r, root, v2):
    fields, version, f = FIELDS[r.version], r.version, {}
    for local, el in r.children(r.root):
        known = fields.get(local)
        if known is None:
            raise invalid("unexpected element")
        key, roots, how = known
        if roots is not None and root not in roots:
            raise invalid("element out of place")
        once(f, key, _read(r, how, el, root, v2, f, version))
    dossier = need(f, "dossier")["dossier"]
    if "agency" in f and root in OUTBOUND and f["agency"] != OWN_AGENCY:
        raise invalid("addressed to another agency")
    head = {"message_id": r.message_id, "sent_at": r.sent_at, "dossier": dossier}
    if root == "NopHoSo":
        flat = {UNIT_WIDTHS[k][0]: f[k] for k in UNIT_WIDTHS if k in f}
        found = f.get("units") or (units("2004", flat) if flat else None)
        return LandSubmission(**head, **need(f, "procedure", "applicant", "documents", "fee", "result_by_post"),
                              workflow=f.get("workflow"), units=found, parcels=f.get("parcels", []))
    if root == "NopBoSung":
        return m.SupplementDelivered(**head, reference=f.get("reference"), **need(f, "documents"))
    if root == "RutHoSo":
        return m.Withdrawal(**head, reference=f.get("reference"), **need(f, "reason"))
    agency = f.get("agency", OWN_AGENCY)
    if root == "BienNhan":
        return m.Receipt(agency=agency, dossier=dossier, **need(f, "reference"), idempotency_key=r.message_id,
                         received_at=need(f, "received_at")["received_at"])
    if root == "ThongBaoNghiaVuTaiChinh":
        lines, total = need(f, "charges")["charges"], need(f, "total")["total"]
        if sum(line.get("amount", 0) for line in lines) != total:
            raise invalid("the total is not the sum of the charges")
        notice = m.FinancialObligation(lines=lines, total=total, due=f.get("due"))
    elif root == "XacNhanNopTien":
        notice = m.ObligationPaid(**need(f, "amount"), receipt=f.get("receipt"))
    else:
        notice = shared_notice(root, f)
    return m.AgencyMessage(**head, agency=agency, reference=f.get("reference"), officer=f.get("officer"),
                           notice=notice)
