"""The shared XML reader of the peer, as strict as hoso-xml's (adapters/xml): lxml parses, and the walk checks
what hoso-xml checks, in document order so that the first fault found is the one the Rust reader finds.

Refused: input over 256 KiB; a declared encoding other than UTF-8 (the bytes are read as UTF-8 whatever they
hold); a DOCTYPE; an XML declaration of a version other than 1.x; elements outside the root's namespace or
prefix; processing instructions or non-blank text where elements belong; nesting past 8 levels; text or an
attribute value over 4 KiB; attributes the format does not have; a root whose namespace names no version.
"""

import re

from lxml import etree

from .rules import WHITESPACE

MAX_INPUT_BYTES = 256 * 1024
MAX_DEPTH = 8
MAX_TEXT_BYTES = 4096
MAX_LIST_ITEMS = 256

PARSER = etree.XMLParser(
    encoding="utf-8",
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    remove_comments=True,
    huge_tree=False,
)

_DECLARATION = re.compile(rb"<\?xml\s([^?]*)\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)[\"']")
_VERSION = re.compile(rb"version\s*=\s*[\"']([^\"']*)[\"']")


class Refused(Exception):
    """A message refused, with the normalised kind of hoso's AdapterErrorKind."""

    def __init__(self, kind="InvalidPayload", why=""):
        super().__init__(why)
        self.kind = kind


def invalid(why):
    return Refused("InvalidPayload", why)


def _blank(text):
    return text is None or not text.strip(" \t\r\n")


def _too_long(text):
    return len(text) > MAX_TEXT_BYTES // 4 and len(text.encode()) > MAX_TEXT_BYTES


class Format:
    """What a format's envelope is: its namespace prefix, versions (namespace, number, required), the root's
    attributes, and the attributes below the root per version."""

    def __init__(self, prefix, versions, inner_attributes):
        self.prefix = prefix
        self.versions = versions  # {namespace: (number, required)}
        self.numbers = {number for number, _ in versions.values()}
        self.inner_attributes = inner_attributes  # {number: {element: frozenset(attributes)}}


ROOT_ATTRIBUTES = ("phienBan", "maThongDiep", "thoiGianGui")


class Message:
    """One message being read: the root checked, its version known; children walked with `children`."""

    def __init__(self, data, fmt, sent_at_reader):
        if len(data) > MAX_INPUT_BYTES:
            raise Refused("LimitExceeded", "input too large")
        if data.startswith(b"<?xml"):
            decl = _DECLARATION.match(data)
            if decl is not None:
                enc = _ENCODING.search(decl.group(1))
                if enc is not None and enc.group(1).lower() != b"utf-8":
                    raise invalid("declared encoding is not UTF-8")
                ver = _VERSION.search(decl.group(1))
                if ver is not None and not ver.group(1).startswith(b"1."):
                    raise invalid("XML version other than 1.x")
        try:
            root = etree.fromstring(data, PARSER)
        except (etree.XMLSyntaxError, ValueError) as e:
            raise invalid("malformed XML") from e
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise invalid("a DOCTYPE")
        self.root_prefix = root.prefix
        tag = root.tag
        namespace = tag[1:tag.index("}")] if tag.startswith("{") else ""
        values = {}
        for key, value in root.attrib.items():
            if key.startswith("{"):
                continue
            if key not in ROOT_ATTRIBUTES:
                raise invalid("unknown attribute on the root")
            if _too_long(value):
                raise Refused("LimitExceeded", "attribute too long")
            values[key] = value
        if not namespace.startswith(fmt.prefix):
            raise invalid("not this format's namespace")
        if namespace not in fmt.versions:
            raise Refused("UnsupportedVersion", "unknown version")
        number, required = fmt.versions[namespace]
        given = values.get("phienBan")
        if given is not None and given != number:
            raise Refused("InvalidPayload" if given in fmt.numbers else "UnsupportedVersion", "phienBan")
        if given is None and required:
            raise invalid("phienBan required")
        message_id = values.get("maThongDiep")
        if message_id is None or not message_id.strip(WHITESPACE):
            raise invalid("no message id")
        sent = values.get("thoiGianGui")
        if sent is None:
            raise invalid("no send time")
        try:
            self.sent_at = sent_at_reader(sent)
        except ValueError as e:
            raise invalid("send time") from e
        self.message_id = message_id
        self.root = root
        self.version = number
        self.ns = "{" + namespace + "}"
        self.cut = len(self.ns)
        self.attributes = fmt.inner_attributes[number]
        self.local = tag[self.cut:]
        for pi in root.itersiblings(preceding=True):
            if not isinstance(pi, etree._ProcessingInstruction):
                raise invalid("content before the root")

    def children(self, el, level=1):
        """The child elements of `el` (at `level`), each checked as hoso-xml's `next_child` checks it."""
        if not _blank(el.text):
            raise invalid("text between elements")
        ns, prefix, cut = self.ns, self.root_prefix, self.cut
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                raise invalid("a processing instruction")
            if level >= MAX_DEPTH and (len(child) or child.text is not None):
                raise Refused("LimitExceeded", "nested too deep")
            if not tag.startswith(ns) or child.prefix != prefix:
                raise invalid("element outside the document's namespace")
            local = tag[cut:]
            if child.attrib:
                allowed = self.attributes.get(local, ())
                for key in child.attrib:
                    if not key.startswith("{") and key not in allowed:
                        raise invalid("unknown attribute")
            yield local, child
            if not _blank(child.tail):
                raise invalid("text between elements")

    def text(self, el):
        """The text of the leaf `el`, within the limit; a child element or instruction is refused."""
        if len(el):
            text = el.text or ""
            if _too_long(text):
                raise Refused("LimitExceeded", "text too long")
            raise invalid("an element inside a leaf")
        text = el.text
        if text is None:
            return ""
        if _too_long(text):
            raise Refused("LimitExceeded", "text too long")
        return text

    def string(self, el):
        """The text of `el`, trimmed; blank is refused."""
        text = self.text(el).strip(WHITESPACE)
        if not text:
            raise invalid("empty element")
        return text

    def no_content(self, el):
        """`el` carries its values as attributes: any text but blank is refused."""
        if self.text(el).strip(WHITESPACE):
            raise invalid("text in an element without content")

    def attribute(self, el, name):
        """The attribute `name` of `el`, within the limit, or None."""
        value = el.get(name)
        if value is not None and _too_long(value):
            raise Refused("LimitExceeded", "attribute too long")
        return value

    def finish(self):
        """What follows the root: only instructions (comments are dropped when parsing)."""
        for sibling in self.root.itersiblings():
            if not isinstance(sibling, etree._ProcessingInstruction):
                raise invalid("content after the root")


def once(fields, key, value):
    """Sets a field read once: a second occurrence is refused."""
    if key in fields:
        raise invalid("element appears twice")
    fields[key] = value


def choice(text, choices):
    if text not in choices:
        raise invalid("not one of the coded values")
    return choices[text]
