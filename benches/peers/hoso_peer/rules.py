"""The rules of hoso-core's identifiers and values, as hoso-core (core/src/id, contact.rs) states them.

Each check returns the normalised value or raises ValueError, so that it serves as a pydantic validator.
"""

import re
from datetime import date, datetime, timedelta, timezone

# Rust's `str::trim`: the characters with Unicode's White_Space property.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

VIETNAM = timezone(timedelta(hours=7))

_DOTTED = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*\Z")
_DIGITS = re.compile(r"[0-9]+\Z")


def agency_code(s: str) -> str:
    """Mã cơ quan: 2 to 32 uppercase ASCII letters and digits in dot-separated segments."""
    if not 2 <= len(s) <= 32 or not _DOTTED.match(s):
        raise ValueError("not an agency code")
    return s


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_date(year: int, month: int, day: int) -> bool:
    """Whether the proleptic Gregorian calendar has this day."""
    return 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)


_DOSSIER_TAIL = re.compile(r"-([0-9]{2})([0-9]{2})([0-9]{2})-([0-9]{4})\Z")


def dossier_code(s: str) -> str:
    """Mã hồ sơ: {agency code}-YYMMDD-NNNN, a calendar date and a sequence from 1 (Circular 01/2018/TT-VPCP Art 19)."""
    dash = s.find("-")
    if dash < 0:
        raise ValueError("no `-` after the agency code")
    agency_code(s[:dash])
    tail = _DOSSIER_TAIL.match(s, dash)
    if tail is None or tail.start() != dash:
        raise ValueError("not -YYMMDD-NNNN after the agency code")
    yy, mm, dd, seq = tail.groups()
    if not is_date(2000 + int(yy), int(mm), int(dd)):
        raise ValueError("not a calendar date YYMMDD")
    if seq == "0000":
        raise ValueError("daily sequence 0")
    return s


# Circular 59/2021/TT-BCA Annex I: the province codes of citizen ID numbers (the 63 pre-2025 provinces).
PROVINCES_PRE2025 = frozenset((
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
))


def citizen_id(s: str) -> str:
    """Số định danh cá nhân: 12 digits, the first three a province code (never quoted in an error)."""
    if len(s) != 12 or not s.isascii() or not _DIGITS.match(s):
        raise ValueError("not 12 digits")
    if int(s[:3]) not in PROVINCES_PRE2025:
        raise ValueError("unknown province code")
    return s


_PHONE_CHARS = re.compile(r"\+?[0-9 .\-]*\Z")


def phone_number(s: str) -> str:
    """A Vietnamese phone number in national form: 0 and 9 digits; +84 or 84 and separators accepted."""
    t = s.strip(WHITESPACE)
    if not _PHONE_CHARS.match(t):
        raise ValueError("unexpected character")
    digits = "".join(c for c in t if c.isdigit())
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if len(digits) != 10 or digits[0] != "0":
        raise ValueError("not 10 digits in national form")
    return digits


_TRACKING = re.compile(r"[A-Z]{2}([0-9]{8})([0-9])[A-Z]{2}\Z")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """UPU S10's check digit of an 8-digit serial."""
    c = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS)) % 11
    return 0 if c == 10 else 5 if c == 11 else c


def tracking_number(s: str) -> str:
    """Số hiệu bưu gửi (UPU S10): 2 letters, an 8-digit serial, its check digit, a 2-letter country code."""
    m = _TRACKING.match(s)
    if m is None:
        raise ValueError("not an S10 tracking number")
    if int(m.group(2)) != s10_check_digit(m.group(1)):
        raise ValueError("wrong check digit")
    return s


_PROCEDURE = re.compile(r"[0-9]\.[0-9]{6}\Z")


def procedure_code(s: str) -> str:
    """Mã TTHC: d.dddddd, optionally followed by .SUFFIX (uppercase letters, digits, dots), 41 characters at most."""
    n = len(s)
    if n < 8 or n == 9 or n > 41 or not _PROCEDURE.match(s[:8]):
        raise ValueError("not a procedure code")
    if n > 8 and (s[8] != "." or not _DOTTED.match(s[9:])):
        raise ValueError("not a procedure code suffix")
    return s


def postal_code(s: str) -> str:
    """Mã bưu chính: 5 digits."""
    if len(s) != 5 or not s.isascii() or not _DIGITS.match(s):
        raise ValueError("not 5 digits")
    return s


def whole(s: str, bits: int) -> int:
    """A whole number written with ASCII digits only, within an unsigned integer of `bits` bits."""
    if not s or not s.isascii() or not _DIGITS.match(s):
        raise ValueError("not a whole number")
    v = int(s)
    if v >> bits:
        raise ValueError("out of range")
    return v


_FIELDS = {"yyyy": "y", "MM": "M", "dd": "d", "HH": "H", "mm": "m", "ss": "s"}


def fixed_pattern(pattern: str):
    """A reader of an agency's fixed-width pattern (`dd/MM/yyyy HH:mm:ss`): digits where it has letters, its
    other characters exactly, nothing more."""
    regex, order = "", []
    i = 0
    while i < len(pattern):
        for token in _FIELDS:
            if pattern.startswith(token, i):
                regex += "([0-9]{%d})" % len(token)
                order.append(_FIELDS[token])
                i += len(token)
                break
        else:
            regex += re.escape(pattern[i])
            i += 1
    compiled = re.compile(regex + r"\Z")

    def read(text: str):
        m = compiled.match(text)
        if m is None:
            raise ValueError("not in the pattern " + pattern)
        return dict(zip(order, map(int, m.groups())))

    return read


def _calendar_fields(pattern: str):
    """The fields of `pattern` read from a text, the date among them checked to be a day of the calendar."""
    read = fixed_pattern(pattern)

    def fields(text: str):
        f = read(text)
        if not is_date(f["y"], f["M"], f["d"]) or f["y"] == 0:
            raise ValueError("not a calendar date")
        return f

    return fields


def date_reader(pattern: str):
    """A date in `pattern`, as a `date`."""
    fields = _calendar_fields(pattern)

    def parse(text: str) -> date:
        f = fields(text)
        return date(f["y"], f["M"], f["d"])

    return parse


def vietnam_time_reader(pattern: str):
    """An instant in `pattern`, read as Vietnam time (UTC+7)."""
    fields = _calendar_fields(pattern)

    def parse(text: str) -> datetime:
        f = fields(text)
        if f["H"] > 23 or f["m"] > 59 or f["s"] > 59:
            raise ValueError("not a time of day")
        return datetime(f["y"], f["M"], f["d"], f["H"], f["m"], f["s"], tzinfo=VIETNAM)

    return parse


# RFC 3339 §5.6, as the Rust codecs read dates and instants (hoso_core::time::rfc3339): a `full-date`, and a
# `date-time` with `T` (either case), seconds (a leap second read as :59, as jiff does), an optional fraction, then
# `Z` or an offset of at most 23:59. jiff's wider ISO 8601 and RFC 9557 forms are refused.
_RFC3339_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_RFC3339_INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))\Z")


def _calendar(y, m, d):
    if y < 1 or not is_date(y, m, d):
        # Year 0 is jiff's but not Python's: refused (the peer's known difference).
        raise ValueError("not a calendar date")
    return y, m, d


def iso_date(text):
    """An RFC 3339 `full-date`: `2026-01-28`."""
    if type(text) is not str:
        raise ValueError("not a string")
    g = _RFC3339_DATE.match(text)
    if g is None:
        raise ValueError("not a date")
    return date(*_calendar(int(g[1]), int(g[2]), int(g[3])))


def iso_timestamp(text):
    """An RFC 3339 `date-time` as an instant."""
    if type(text) is not str:
        raise ValueError("not a string")
    g = _RFC3339_INSTANT.match(text)
    if g is None:
        raise ValueError("not an instant")
    y, m, d = _calendar(int(g[1]), int(g[2]), int(g[3]))
    hour, minute, second = int(g[4]), int(g[5]), int(g[6])
    if hour > 23 or minute > 59 or second > 60:
        raise ValueError("not a time of day")
    fraction = g[7] or "0"
    if len(fraction) > 9:
        # jiff reads at most nanoseconds.
        raise ValueError("fraction beyond nanoseconds")
    micro = int(fraction.ljust(9, "0")[:6])
    offset = 0
    if not g[8]:
        hours, minutes = int(g[10]), int(g[11])
        if hours > 23 or minutes > 59:
            raise ValueError("not an offset")
        offset = (hours * 3600 + minutes * 60) * (-1 if g[9] == "-" else 1)
    local = datetime(y, m, d, hour, minute, min(second, 59), micro, tzinfo=timezone.utc)
    return local - timedelta(seconds=offset)
