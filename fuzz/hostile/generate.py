#!/usr/bin/env python3
"""Writes the hostile-input corpus: for each decoder, files built from one of its samples, each hostile in one
way. Run from the repository's root: python3 fuzz/hostile/generate.py. The files are committed; the replay
test (adapters/testkit/tests/hostile_corpus.rs) reads them, and the fuzz runs start from them."""

import json
import os
import re

ROOT = os.path.join(os.path.dirname(__file__))


# Inputs a decoder accepts, and why (docs/fuzzing.md, "Hostile inputs some decoders accept"): not written
# for it, since every file of the corpus must be refused.
# - a huge string: decoders without a limit on one string (their input is bounded as a whole, and the
#   replay test checks that memory stays linear in it).
# - numbers: the portal reply's only number-like field is error_code, read as text; "n" is ignored, as
#   unknown members of a reply are.
ACCEPTED = {
    "vnpost": {"huge-string.json"},
    "dvcqg": {"huge-string.json", "fractional-number.json", "negative-number.json", "overflowing-number.json"},
    "catalogue": {"huge-string.json"},
    "holidays": {"huge-string.json"},
    "evidence": {"huge-string.json"},
    "anchors": {"huge-string.json"},
}


def write(decoder, name, data):
    if name in ACCEPTED.get(decoder, ()):
        return
    d = os.path.join(ROOT, decoder)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, "..", "..", path), "rb") as f:
        return f.read().decode("utf-8")


def root_open_end(xml):
    m = re.search(r"<[A-Za-z][^>]*>", xml[xml.index("?>") + 2 :])
    return xml.index("?>") + 2 + m.end()


def xml_corpus(decoder, sample, leaf, number_leaf, namespace):
    """`leaf`: an element with text; `number_leaf`: an element holding a number."""
    s = read(sample)
    decl_end = s.index("?>") + 2
    body_at = root_open_end(s)
    root = re.search(r"<([A-Za-z]+)", s[decl_end:]).group(1)
    bomb = (
        '<!DOCTYPE %s [\n <!ENTITY a "aaaaaaaaaa">\n' % root
        + "".join(
            ' <!ENTITY %s "%s">\n' % (chr(ord("b") + i), ("&%s;" % chr(ord("a") + i)) * 10)
            for i in range(9)
        )
        + "]>"
    )
    write(decoder, "entity-bomb.xml", s[:decl_end] + "\n" + bomb + s[decl_end:].replace(
        "<%s>" % leaf, "<%s>&j;" % leaf, 1))
    write(decoder, "external-entity.xml", s[:decl_end] + '\n<!DOCTYPE %s [<!ENTITY x SYSTEM "file:///etc/passwd">]>' % root
          + s[decl_end:].replace("<%s>" % leaf, "<%s>&x;" % leaf, 1))
    write(decoder, "external-dtd.xml", s[:decl_end] + '\n<!DOCTYPE %s SYSTEM "http://127.0.0.1:9/x.dtd">' % root + s[decl_end:])
    write(decoder, "undeclared-entity.xml", s.replace("<%s>" % leaf, "<%s>&x;" % leaf, 1))
    write(decoder, "deep-nesting.xml", s[:body_at] + "<a>" * 10000 + "</a>" * 10000 + s[body_at:])
    write(decoder, "huge-attribute.xml", s[:body_at - 1] + ' x="' + "A" * 100_000 + '">' + s[body_at:])
    write(decoder, "huge-text.xml", s.replace("<%s>" % leaf, "<%s>" % leaf + "Ư" * 60_000, 1))
    # One byte over the readers' default limit of 256 KiB.
    write(decoder, "huge-document.xml", s + " " * (256 * 1024 + 1 - len(s.encode("utf-8"))))
    b = s.encode("utf-8")
    mid = len(b) // 2
    write(decoder, "invalid-utf8-middle.xml", b[:mid] + b"\xc3\x28\xff" + b[mid:])
    write(decoder, "invalid-utf8-end.xml", b + b"\xe9")
    write(decoder, "overlong-utf8.xml", s.replace("<%s>" % leaf, "<%s>" % leaf, 1).encode("utf-8").replace(
        ("<%s>" % leaf).encode(), ("<%s>\xc0\xaf" % leaf).encode("latin-1"), 1))
    write(decoder, "utf8-surrogate.xml", b.replace(("<%s>" % leaf).encode(), ("<%s>" % leaf).encode() + b"\xed\xa0\x80", 1))
    write(decoder, "utf16le-bom.xml", b"\xff\xfe" + s.encode("utf-16-le"))
    write(decoder, "utf16be-bom.xml", b"\xfe\xff" + s.encode("utf-16-be"))
    write(decoder, "utf16le-no-bom.xml", s.encode("utf-16-le"))
    write(decoder, "utf16-declared.xml", s.replace('encoding="UTF-8"', 'encoding="UTF-16"'))
    write(decoder, "wrong-namespace.xml", s.replace(namespace, "urn:hoso:other:v1"))
    write(decoder, "namespace-version-999.xml", s.replace(namespace, namespace[:-1] + "999"))
    write(decoder, "duplicated-namespace.xml", s.replace('xmlns="%s"' % namespace, 'xmlns="%s" xmlns="%s"' % (namespace, namespace), 1))
    write(decoder, "rebound-namespace.xml", s.replace("<%s>" % leaf, '<%s xmlns="urn:hoso:other:v1">' % leaf, 1))
    write(decoder, "no-namespace.xml", s.replace(' xmlns="%s"' % namespace, "", 1))
    m = re.search(r"(\s*)<%s>.*?</%s>" % (leaf, leaf), s)
    write(decoder, "duplicated-field.xml", s[: m.end()] + m.group(0) + s[m.end():])
    write(decoder, "duplicated-attribute.xml", s.replace(' phienBan="', ' phienBan="1" phienBan="', 1))
    write(decoder, "overflowing-number.xml", re.sub(r"<%s>[^<]*</%s>" % (number_leaf, number_leaf),
                                                    "<%s>99999999999999999999999999</%s>" % (number_leaf, number_leaf), s, count=1))
    write(decoder, "negative-number.xml", re.sub(r"<%s>[^<]*</%s>" % (number_leaf, number_leaf),
                                                 "<%s>-1</%s>" % (number_leaf, number_leaf), s, count=1))
    for name, ref in [("nul", "&#0;"), ("x1", "&#x1;"), ("xfffe", "&#xFFFE;"), ("surrogate", "&#xD800;"),
                      ("beyond-unicode", "&#x110000;"), ("huge", "&#99999999999999999999;")]:
        write(decoder, "control-reference-%s.xml" % name, s.replace("<%s>" % leaf, "<%s>a%s" % (leaf, ref), 1))
    write(decoder, "control-reference-attribute.xml", s.replace(' phienBan="', ' x="&#x1;" phienBan="', 1))
    write(decoder, "raw-control-character.xml", s.replace("<%s>" % leaf, "<%s>\x01" % leaf, 1))
    write(decoder, "truncated-in-tag.xml", s[: body_at + 10])
    write(decoder, "truncated-before-end.xml", s[: s.rindex("</")])
    write(decoder, "second-root.xml", s + "<%s/>" % root)
    write(decoder, "cdata-between-elements.xml", s[:body_at] + "<![CDATA[x]]>" + s[body_at:])
    write(decoder, "empty.xml", "")


def json_corpus(decoder, sample, text_field, number_field, extension="json"):
    s = read(sample) if sample.endswith(".json") else sample
    v = json.loads(s)
    e = extension
    write(decoder, "deep-nesting." + e, '{"a":' + "[" * 10000 + "]" * 10000 + "}")
    write(decoder, "deep-nesting-objects." + e, '{"a":' * 5000 + "1" + "}" * 5000)
    quoted = '"%s":' % text_field
    i = s.index(quoted)
    j = s.index('"', s.index('"', i + len(quoted)) + 1)
    write(decoder, "huge-string." + e, s[: j] + "Ư" * 60_000 + s[j:])
    b = s.encode("utf-8")
    write(decoder, "invalid-utf8-middle." + e, b[: j + 1] + b"\xc3\x28\xff" + b[j + 1 :])
    write(decoder, "invalid-utf8-end." + e, b + b"\xe9")
    write(decoder, "utf8-surrogate." + e, b[:j] + b"\xed\xa0\x80" + b[j:])
    write(decoder, "utf16le-bom." + e, b"\xff\xfe" + s.encode("utf-16-le"))
    write(decoder, "utf16be-bom." + e, b"\xfe\xff" + s.encode("utf-16-be"))
    write(decoder, "utf16le-no-bom." + e, s.encode("utf-16-le"))
    write(decoder, "utf8-bom." + e, b"\xef\xbb\xbf" + b)
    write(decoder, "lone-surrogate-escape." + e, s[:j] + "\\ud800" + s[j:])
    write(decoder, "nul-escape." + e, s[:j] + "\\u0000" + s[j:])
    write(decoder, "raw-control-character." + e, s[:j] + "\x01" + s[j:])
    write(decoder, "duplicated-field." + e, s.replace(quoted, quoted + '"x",' + quoted, 1))
    nq = '"%s":' % number_field
    k = s.index(nq) + len(nq)
    end = re.match(r"\s*-?[0-9.eE+-]+", s[k:]).end()
    write(decoder, "overflowing-number." + e, s[:k] + " 99999999999999999999999999" + s[k + end:])
    write(decoder, "huge-exponent." + e, s[:k] + " 1e400" + s[k + end:])
    write(decoder, "negative-number." + e, s[:k] + " -1" + s[k + end:])
    write(decoder, "fractional-number." + e, s[:k] + " 1.5" + s[k + end:])
    write(decoder, "truncated." + e, s[: len(s) // 2])
    write(decoder, "trailing-garbage." + e, s + "}")
    write(decoder, "array-for-object." + e, "[" + s + "]")
    write(decoder, "empty." + e, "")
    write(decoder, "null." + e, "null")


xml_corpus("licensing", "adapters/licensing/samples/v1/nop-ho-so.xml", "HoTen", "LePhi", "urn:hoso:gplx:v1")
xml_corpus("land", "adapters/land/samples/v2/nop-ho-so.xml", "HoTen", "LePhi", "urn:hoso:dangkydatdai:v2")
json_corpus("police", "adapters/police/samples/v2/dossierSubmission.json", "fullName", "originalCount")
json_corpus("vnpost", "adapters/vnpost/samples/v1/tracking.json", "statusMessage", "_id")
json_corpus("dvcqg", '{"error_code": "0", "message": "Thành công", "session": "s-1", "n": 0}', "message", "n")
# The shipped catalogue's first procedure: the whole file would make each input 30 KiB.
json_corpus("catalogue", json.dumps({"procedures": json.loads(read("core/data/procedures.json"))["procedures"][:1]},
                                    ensure_ascii=False, indent=2), "name_vi", "days")
json_corpus("holidays", "core/data/holidays/2026.json", "title", "year")
json_corpus("evidence", "docs/schemas/evidence.sample.json", "name", "schema_version")
json_corpus("anchors", "docs/schemas/anchors.sample.json", "name", "schema_version")
