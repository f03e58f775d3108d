"""The police's JSON (adapters/police), both schema versions, with pydantic's `model_validate_json` into strict
models of the wire format (adapters/police/src/wire), then the rules the codec applies on the way to the port's
messages (a status's required fields, the procedure fee's sum).

pydantic does not refuse a member given twice (the JSON's last one wins) nor a document nested past serde_json's
127 levels, and does not know hoso's refusal of the NUL character: the peer checks these itself (the `full`
path); `validate_only` is `model_validate_json` alone.
"""

import json
import re
from datetime import date, datetime
from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.alias_generators import to_camel

from . import rules
from .xmlread import Refused

MAX_BODY_BYTES = 1024 * 1024
# Dates and instants as RFC 3339 writes them (the Rust codec's reading): not pydantic's own, wider, grammar.
Date = Annotated[date, BeforeValidator(rules.iso_date)]
Instant = Annotated[datetime, BeforeValidator(rules.iso_timestamp)]
Text = Annotated[str, Field(max_length=1000)]
DossierCode = Annotated[str, AfterValidator(rules.dossier_code)]
CitizenId = Annotated[str, AfterValidator(rules.citizen_id)]
# The national form only, as the schema's pattern (and the Rust codec's serde form of a phone number) says.
PhoneNumber = Annotated[str, Field(pattern=r"^0[0-9]{9}$")]
TrackingNumber = Annotated[str, AfterValidator(rules.tracking_number)]
ProcedureCode = Annotated[str, AfterValidator(rules.procedure_code)]
PostalCode = Annotated[str, AfterValidator(rules.postal_code)]
# A document's digest as the v2 schema writes it: 64 lowercase hexadecimal digits (a text first, as the codec
# reads it: one past the text limit is over a limit before it is malformed).
Sha256 = Annotated[Text, Field(pattern=r"^[0-9a-f]{64}$")]
U32 = Annotated[int, Field(ge=0, le=2**32 - 1)]
U64 = Annotated[int, Field(ge=0, le=2**64 - 1)]
ReturnMethod = Literal["counter", "post"]
DocumentType = Literal["passport", "idCard", "residenceConfirmation", "drivingLicence"]


class Wire(BaseModel):
    # Members the model does not name are skipped, as the format allows within a version.
    model_config = ConfigDict(strict=True, alias_generator=to_camel)


class Procedure(Wire):
    code: ProcedureCode
    effective_from: Optional[Date] = None


class Address(Wire):
    line: Text
    admin_unit_code: Optional[Text] = None
    postal_code: Optional[PostalCode] = None


class Fee(Wire):
    kind: Literal["procedureFee", "postalCharge"]
    amount: U64
    receipt_number: Optional[Text] = None


class Appointment(Wire):
    date: Date
    place: Optional[Text] = None


class ApplicantV1(Wire):
    full_name: Text
    personal_id_number: CitizenId
    phone: Optional[PhoneNumber] = None
    address: Optional[Address] = None


class ApplicantV2(Wire):
    full_name: Text
    personal_identification_number: CitizenId
    phone: Optional[PhoneNumber] = None
    email: Optional[Text] = None
    address: Optional[Address] = None


class DocumentV1(Wire):
    name: Text
    originals: U32
    copies: U32
    page_count: Optional[U32] = None


class DocumentV2(Wire):
    title: Text
    original_count: U32
    copy_count: U32
    pages: Optional[U32] = None
    sha256: Optional[Sha256] = None


class Filed(Wire):
    dossier_code: DossierCode


class Referenced(Filed):
    police_reference: Optional[Text] = None


class SubmissionV1(Filed):
    procedure: Procedure
    applicant: ApplicantV1
    result_delivery: ReturnMethod
    delivery_address: Optional[Address] = None
    documents: Annotated[list[DocumentV1], Field(max_length=100)]
    fees: Annotated[list[Fee], Field(max_length=20)] = []
    tracking_number: Optional[TrackingNumber] = None


class SubmissionV2(Filed):
    procedure: Procedure
    applicant: ApplicantV2
    return_method: ReturnMethod
    delivery_address: Optional[Address] = None
    documents: Annotated[list[DocumentV2], Field(max_length=100)]
    fees: Annotated[list[Fee], Field(max_length=20)] = []
    tracking_number: Optional[TrackingNumber] = None


class SupplementV1(Referenced):
    documents: Annotated[list[DocumentV1], Field(max_length=100)]
    tracking_number: Optional[TrackingNumber] = None


class SupplementV2(Referenced):
    documents: Annotated[list[DocumentV2], Field(max_length=100)]
    tracking_number: Optional[TrackingNumber] = None


class Withdrawal(Referenced):
    reason: Text


class Receipt(Filed):
    """What both versions' receipts hold, first (fields are checked in the wire's order)."""

    police_reference: Text
    received_at: Optional[Instant] = None
    appointment: Appointment


class ReceiptV1(Receipt):
    officer: Optional[Text] = None


class ReceiptV2(Receipt):
    handled_by: Optional[Text] = None


Missing = Optional[Annotated[list[Text], Field(max_length=100)]]


class StatusUpdateV1(Referenced):
    status: Text
    reason: Optional[Text] = None
    changed_at: Instant
    officer: Optional[Text] = None
    missing_documents: Missing = None
    supplement_due_date: Optional[Date] = None
    legal_basis: Optional[Text] = None
    amount_due: Optional[U64] = None
    payment_due_date: Optional[Date] = None
    new_appointment_date: Optional[Date] = None


class Status(Wire):
    code: Text
    reason_code: Optional[Text] = None
    reason_text: Optional[Text] = None


class Payment(Wire):
    amount: U64
    due_date: Optional[Date] = None


class StatusUpdateV2(Referenced):
    status: Status
    occurred_at: Instant
    handled_by: Optional[Text] = None
    missing_documents: Missing = None
    supplement_due_date: Optional[Date] = None
    legal_basis: Optional[Text] = None
    payment: Optional[Payment] = None
    new_appointment: Optional[Appointment] = None


class ResultDocumentV1(Wire):
    document_type: DocumentType = Field(alias="type")
    number: Text
    classes: Annotated[list[Text], Field(max_length=16)] = []
    issued_on: Date


class ResultDocumentV2(ResultDocumentV1):
    valid_until: Optional[Date] = None


class ResultReadyV1(Referenced):
    document: ResultDocumentV1
    officer: Optional[Text] = None


class ResultReadyV2(Referenced):
    document: ResultDocumentV2
    collect_by: Optional[Date] = None
    handled_by: Optional[Text] = None


class HandedV1(Referenced):
    tracking_number: TrackingNumber
    seal_number: Optional[Text] = None
    item_count: U32
    handed_at: Instant
    officer: Optional[Text] = None


class HandedV2(HandedV1):
    post_office: Optional[PostalCode] = None
    postal_worker: Optional[Text] = None
    handled_by: Optional[Text] = None


class Acknowledgement(Filed):
    police_reference: Text
    acknowledged_message_id: Text
    received_at: Instant


PAYLOADS = {
    1: {"dossierSubmission": SubmissionV1, "supplementSubmission": SupplementV1,
        "withdrawalRequest": Withdrawal, "dossierReceipt": ReceiptV1, "statusUpdate": StatusUpdateV1,
        "resultReady": ResultReadyV1, "resultHandedToPost": HandedV1, "acknowledgement": Acknowledgement},
    2: {"dossierSubmission": SubmissionV2, "supplementSubmission": SupplementV2,
        "withdrawalRequest": Withdrawal, "dossierReceipt": ReceiptV2, "statusUpdate": StatusUpdateV2,
        "resultReady": ResultReadyV2, "resultHandedToPost": HandedV2, "acknowledgement": Acknowledgement},
}


def _envelope(version, message_type, payload):
    name = f"{message_type[0].upper()}{message_type[1:]}V{version}Message"
    return type(name, (Wire,), {
        "__annotations__": {"schema_version": Literal[version], "message_type": Literal[message_type],
                            "message_id": Text, "sent_at": Instant, "payload": payload},
    })


MESSAGE = TypeAdapter(Annotated[
    Union[tuple(
        Annotated[Union[tuple(_envelope(v, t, p) for t, p in payloads.items())],
                  Field(discriminator="message_type")]
        for v, payloads in PAYLOADS.items()
    )],
    Field(discriminator="schema_version"),
])

# Members of the wire types: serde refuses one of these given twice in the same object.
KNOWN = frozenset(
    field.alias or name
    for payloads in PAYLOADS.values()
    for model in list(payloads.values()) + [Procedure, Address, Fee, Appointment, ApplicantV1, ApplicantV2,
                                            DocumentV1, DocumentV2, Status, Payment, ResultDocumentV2]
    for name, field in model.model_fields.items()
) | {"schemaVersion", "messageType", "messageId", "sentAt", "payload"}

FAMILIES = {
    "dossierSubmission": ("outbound", "Submission"), "supplementSubmission": ("outbound", "SupplementDelivered"),
    "withdrawalRequest": ("outbound", "Withdrawal"), "acknowledgement": ("receipt", "Receipt"),
    "dossierReceipt": ("notice", "Accepted"), "resultReady": ("notice", "ResultReady"),
    "resultHandedToPost": ("notice", "ResultHandedToPost"),
}
UNSUPPORTED = frozenset(("paymentRequired", "paymentReceived", "withdrawn", "returnedAtCounter"))


class Decoded:
    """A decoded message: the wire model, its family and the port's kind."""

    __slots__ = ("wire", "family", "kind", "dossier")

    def __init__(self, wire, family, kind):
        self.wire, self.family, self.kind, self.dossier = wire, family, kind, wire.payload.dossier_code


def _no_duplicates(pairs):
    if len(pairs) > 1:
        seen = set()
        for key, _ in pairs:
            if key in seen and key in KNOWN:
                raise Refused("InvalidPayload", "a member given twice")
            seen.add(key)
    return dict(pairs)


_KEY = re.compile(rb'"([^"]*)"\s*:')
_WHOLE_VERSION = re.compile(rb'"schemaVersion"\s*:\s*[0-9]+\s*[,}]')


def _duplicates_and_version(data):
    """Refuses a known member given twice in one object, and a `schemaVersion` that is not a u64 (pydantic's
    tag matches 2.0; serde does not). Where no member name occurs twice in the whole text and nothing is
    escaped, neither can happen, and the text is not parsed again."""
    if b"\\" not in data:
        keys = _KEY.findall(data)
        if len(keys) == len(set(keys)):
            if _WHOLE_VERSION.search(data) is None:
                raise Refused("InvalidPayload", "schemaVersion is not a whole number")
            return
    if type(json.loads(data, object_pairs_hook=_no_duplicates).get("schemaVersion")) is not int:
        raise Refused("InvalidPayload", "schemaVersion is not a whole number")


def _nul(data):
    """hoso's refusal of the NUL character: a `\\u0000` escape that is not itself an escaped backslash."""
    at = data.find(b"\\u0000")
    while at >= 0:
        run = len(data[:at]) - len(data[:at].rstrip(b"\\"))
        if run % 2 == 0:
            return True
        at = data.find(b"\\u0000", at + 1)
    return False


def _too_deep(data):
    """Nesting past serde_json's recursion limit (127 levels)."""
    if data.count(b"{") + data.count(b"[") < 128:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x7B, 0x5B):
            depth += 1
            if depth >= 128:
                return True
        elif byte in (0x7D, 0x5D):
            depth -= 1
    return False


def _refusal(error, data):
    """The normalised kind of pydantic's first error."""
    first = error.errors(include_url=False, include_input=False)[0]
    kind = first["type"]
    if kind in ("string_too_long", "too_long"):
        return Refused("LimitExceeded", kind)
    if kind == "union_tag_invalid" and "schemaVersion" in first.get("ctx", {}).get("discriminator", ""):
        try:
            version = json.loads(data).get("schemaVersion")
        except ValueError:
            version = None
        if type(version) is int and 0 <= version < 2**64:
            return Refused("UnsupportedVersion", "schema version")
    return Refused("InvalidPayload", kind)


def validate_only(data):
    """pydantic's `model_validate_json` alone."""
    return MESSAGE.validate_json(data)


def decode(data):
    """The message `data` decoded and mapped as the police codec maps it; raises Refused."""
    if len(data) > MAX_BODY_BYTES:
        raise Refused("LimitExceeded", "body too large")
    if b"\\u0000" in data and _nul(data):
        raise Refused("InvalidPayload", "NUL")
    if _too_deep(data):
        raise Refused("InvalidPayload", "nested too deep")
    try:
        wire = MESSAGE.validate_json(data)
    except ValidationError as e:
        raise _refusal(e, data) from None
    _duplicates_and_version(data)
    message_type = wire.message_type
    if message_type != "statusUpdate":
        family, kind = FAMILIES[message_type]
        if message_type == "dossierSubmission":
            if sum(f.amount for f in wire.payload.fees if f.kind == "procedureFee") >= 2**64:
                raise Refused("InvalidPayload", "the procedure fees overflow")
        return Decoded(wire, family, kind)
    p = wire.payload
    if wire.schema_version == 1:
        code, reason, new_appointment = p.status, p.reason, p.new_appointment_date
    else:
        code, reason = p.status.code, p.status.reason_text
        new_appointment = p.new_appointment.date if p.new_appointment is not None else None
    if code in ("rejected", "suspended", "delayed") and reason is None:
        raise Refused("InvalidPayload", "status needs a reason")
    if code == "rejected":
        return Decoded(wire, "notice", "Refused")
    if code in ("processing", "suspended"):
        return Decoded(wire, "notice", "Processing")
    if code == "delayed":
        if new_appointment is None:
            raise Refused("InvalidPayload", "status delayed needs a new appointment")
        return Decoded(wire, "notice", "Processing")
    if code == "supplementRequired":
        if p.missing_documents is None:
            raise Refused("InvalidPayload", "status supplementRequired needs the missing documents")
        return Decoded(wire, "notice", "SupplementRequested")
    raise Refused("Unsupported", "status without a core notice")
