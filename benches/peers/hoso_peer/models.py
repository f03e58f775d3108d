"""The typed models the XML messages decode into: strict pydantic models of hoso-core's port messages
(core/src/adapter/message.rs), identifiers checked by hoso-core's rules (`rules`)."""

from datetime import date, datetime
from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import rules

DossierCode = Annotated[str, AfterValidator(rules.dossier_code)]
AgencyCode = Annotated[str, AfterValidator(rules.agency_code)]
ProcedureCode = Annotated[str, AfterValidator(rules.procedure_code)]
CitizenId = Annotated[str, AfterValidator(rules.citizen_id)]
PhoneNumber = Annotated[str, AfterValidator(rules.phone_number)]
TrackingNumber = Annotated[str, AfterValidator(rules.tracking_number)]
U32 = Annotated[int, Field(ge=0, le=2**32 - 1)]
U64 = Annotated[int, Field(ge=0, le=2**64 - 1)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Applicant(Strict):
    name: str
    citizen_id: Optional[CitizenId] = None
    phone: Optional[PhoneNumber] = None
    address: Optional[str] = None
    email: Optional[str] = None


class SubmittedDocument(Strict):
    name: str
    originals: U32
    copies: U32
    pages: Optional[U32] = None


class Submission(Strict):
    family: Literal["outbound"] = "outbound"
    kind: Literal["Submission"] = "Submission"
    message_id: str
    sent_at: datetime
    dossier: DossierCode
    procedure: ProcedureCode
    applicant: Applicant
    documents: list[SubmittedDocument]
    fee: U64
    result_by_post: bool


class SupplementDelivered(Strict):
    family: Literal["outbound"] = "outbound"
    kind: Literal["SupplementDelivered"] = "SupplementDelivered"
    message_id: str
    sent_at: datetime
    dossier: DossierCode
    reference: Optional[str] = None
    documents: list[SubmittedDocument]


class Withdrawal(Strict):
    family: Literal["outbound"] = "outbound"
    kind: Literal["Withdrawal"] = "Withdrawal"
    message_id: str
    sent_at: datetime
    dossier: DossierCode
    reference: Optional[str] = None
    reason: str


class Receipt(Strict):
    family: Literal["receipt"] = "receipt"
    kind: Literal["Receipt"] = "Receipt"
    agency: AgencyCode
    dossier: DossierCode
    reference: str
    idempotency_key: str
    received_at: datetime


class IssuedDocument(Strict):
    title: str
    number: str
    serial: Optional[str] = None
    categories: list[str]
    issued_on: date
    valid_until: Optional[date] = None


class Accepted(Strict):
    kind: Literal["Accepted"] = "Accepted"
    appointment: date
    received_at: Optional[datetime] = None


class SupplementRequested(Strict):
    kind: Literal["SupplementRequested"] = "SupplementRequested"
    reason: str
    missing: list[str]
    due: Optional[date] = None


class Refused(Strict):
    kind: Literal["Refused"] = "Refused"
    reason: str
    reason_code: Optional[str] = None
    legal_basis: Optional[str] = None


class Processing(Strict):
    kind: Literal["Processing"] = "Processing"
    update: Literal["Started", "Extended", "Stopped"]
    new_appointment: Optional[date] = None
    note: Optional[str] = None


class ResultReady(Strict):
    kind: Literal["ResultReady"] = "ResultReady"
    document: IssuedDocument


class ResultHandedToPost(Strict):
    kind: Literal["ResultHandedToPost"] = "ResultHandedToPost"
    tracking: TrackingNumber
    items: U32
    handed_at: datetime
    postal_worker: Optional[str] = None
    seal: Optional[str] = None


class ObligationLine(Strict):
    code: Optional[str] = None
    name: str
    amount: U64


class FinancialObligation(Strict):
    kind: Literal["FinancialObligation"] = "FinancialObligation"
    lines: list[ObligationLine]
    total: U64
    due: Optional[date] = None


class ObligationPaid(Strict):
    kind: Literal["ObligationPaid"] = "ObligationPaid"
    amount: U64
    receipt: Optional[str] = None


Notice = Annotated[
    Union[Accepted, SupplementRequested, Refused, Processing, ResultReady, ResultHandedToPost,
          FinancialObligation, ObligationPaid],
    Field(discriminator="kind"),
]


class AgencyMessage(Strict):
    family: Literal["notice"] = "notice"
    message_id: str
    agency: AgencyCode
    dossier: DossierCode
    reference: Optional[str] = None
    sent_at: datetime
    officer: Optional[str] = None
    notice: Notice

    @property
    def kind(self):
        return self.notice.kind


def verdict(message):
    """The verdict line of a decoded message, as hoso_benches::peer::rust_verdict writes it."""
    return f"ok {message.family} {message.kind} {message.dossier}"
