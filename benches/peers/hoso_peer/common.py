"""What the XML formats share beyond the reader (after hoso-xml's applicant.rs and notice.rs): the applicant,
required fields, whole numbers, and the notices every format carries alike."""

from . import models as m
from .rules import whole
from .xmlread import invalid, once


def applicant(r, el, level, names):
    """The applicant (shared by both XML formats): each field once, the name required."""
    f = {}
    for local, child in r.children(el, level):
        key = {names["name"]: "name", names["citizen_id"]: "citizen_id", names["phone"]: "phone",
               names["address"]: "address"}.get(local)
        if key is None and local == names.get("email"):
            key = "email"
        if key is None:
            raise invalid("unknown applicant field")
        once(f, key, r.string(child))
    if "name" not in f:
        raise invalid("no applicant name")
    return f


def need(fields, *keys):
    missing = [k for k in keys if k not in fields]
    if missing:
        raise invalid("missing " + missing[0])
    return {k: fields[k] for k in keys}


def whole_number(text, bits):
    try:
        return whole(text, bits)
    except ValueError as e:
        raise invalid("not a whole number") from e


def shared_notice(root, f):
    """The notice of a notice message once its fields are read (shared by both XML formats)."""
    if root == "TiepNhanHoSo":
        return m.Accepted(**need(f, "appointment"), received_at=f.get("received_at"))
    if root == "YeuCauBoSung":
        return m.SupplementRequested(**need(f, "reason", "missing"), due=f.get("due"))
    if root == "TuChoiHoSo":
        return m.Refused(**need(f, "reason"), reason_code=f.get("reason_code"),
                         legal_basis=f.get("legal_basis"))
    if root in ("CapNhatXuLy", "CapNhatTienDo"):
        update = need(f, "update")["update"]
        if (update == "Extended") != ("new_appointment" in f):
            raise invalid("a new appointment goes with HEN_LAI only")
        return m.Processing(update=update, new_appointment=f.get("new_appointment"), note=f.get("note"))
    if root == "KetQuaSanSang":
        return m.ResultReady(**need(f, "document"))
    return m.ResultHandedToPost(**need(f, "tracking", "items", "handed_at"),
                                postal_worker=f.get("postal_worker"), seal=f.get("seal"))
