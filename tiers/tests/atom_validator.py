"""Atom (RFC 4287) validity of a feed document: the RELAX NG grammar of the RFC's Appendix B, plus
the rules the grammar cannot express. ``problems(content)`` lists what is wrong, in words."""

import re
from pathlib import Path

from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM_NS}}}"
SCHEMA = etree.RelaxNG(etree.parse(Path(__file__).parent / "schemas" / "atom.rng"))
# An absolute IRI starts with a scheme (RFC 3987 section 2.2) and holds no white space.
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
# RFC 3339 date-time: xsd:dateTime (which the grammar checks) with a mandatory time offset.
RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", flags=re.IGNORECASE
)


def parse(content: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(content, parser)


def problems(content: bytes) -> list[str]:
    """Everything that makes ``content`` an invalid Atom feed document; empty when it is valid."""
    root = parse(content)
    if not SCHEMA.validate(root):
        return [f"RELAX NG (RFC 4287 appendix B): {error}" for error in SCHEMA.error_log]
    found = []
    if root.tag != f"{A}feed":
        return [f"the document is <{root.tag}>, not an atom:feed"]
    found += _container_rules(root, "the feed")
    feed_has_author = root.find(f"{A}author") is not None
    ids = {}
    for number, entry in enumerate(root.iterfind(f"{A}entry"), start=1):
        where = f"entry {number}"
        found += _container_rules(entry, where)
        # 4.1.2: an entry has an author of its own unless the feed (or its atom:source) has one.
        source = entry.find(f"{A}source")
        source_author = source is not None and source.find(f"{A}author") is not None
        if not feed_has_author and entry.find(f"{A}author") is None and not source_author:
            found.append(f"{where} has no atom:author and neither has the feed (4.1.1, 4.1.2)")
        # 4.1.2: no atom:content means an alternate link is required.
        alternates = [
            link
            for link in entry.iterfind(f"{A}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(f"{A}content") is None and not alternates:
            found.append(f"{where} has neither atom:content nor a rel=alternate link (4.1.2)")
        entry_id = entry.findtext(f"{A}id")
        if entry_id in ids:
            found.append(f"{where} repeats the atom:id of entry {ids[entry_id]}: {entry_id}")
        ids.setdefault(entry_id, number)
    return found


def _container_rules(element, where: str) -> list[str]:
    found = []
    for name in ("id", "title", "updated"):
        count = len(element.findall(f"{A}{name}"))
        if count != 1:
            found.append(f"{where} has {count} atom:{name} elements; exactly one is required")
    identifier = (element.findtext(f"{A}id") or "").strip()
    if not ABSOLUTE_IRI.fullmatch(identifier):
        found.append(f"{where}'s atom:id is not an absolute IRI (4.2.6): {identifier!r}")
    for name in ("updated", "published"):
        for date in element.iterfind(f"{A}{name}"):
            if not RFC3339.fullmatch((date.text or "").strip()):
                found.append(f"{where}'s atom:{name} is not an RFC 3339 date-time: {date.text!r}")
    seen = set()
    for link in element.iterfind(f"{A}link"):
        if link.get("rel", "alternate") != "alternate":
            continue
        kind = (link.get("type"), link.get("hreflang"))
        if kind in seen:
            found.append(f"{where} has two rel=alternate links of type and hreflang {kind}")
        seen.add(kind)
    return found


def feed_id(content: bytes) -> str:
    return parse(content).findtext(f"{A}id")
