"""DCAT-AP-SE metadata for the open-data files, as RDF/XML: the file Sveriges dataportal harvests.

A catalogue (title, description, publisher, licence CC0 as DCAT-AP-SE requires for it) with one dataset per
entity (title, description, publisher, contact point, keywords, theme, language, landing page) and one
distribution per file format (access and download URL, format, media type, licence). Without a web address
(`öppna_data: webbadress`) the URLs are relative: an RDF reader resolves them against the address the file was
fetched from, which is where the data lies beside it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from styr.characters import shown_text
from styr.exchange.opendata import ENTITIES
from styr.frozen import frozen

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
SWEDISH = "http://publications.europa.eu/resource/authority/language/SWE"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
IANA = "http://www.iana.org/assignments/media-types/"
FILE = "dcat.rdf"
PREFIXES = {"rdf": RDF, "dcat": DCAT, "dcterms": DCT, "foaf": FOAF, "vcard": VCARD}


@frozen(slots=False)
class Catalogue:
    """What the metadata says: who publishes, where, on what terms, and which files exist in which formats."""

    municipality: str
    formats: Sequence[tuple[str, str]]
    """(extension, media type) of each format the entities are published in."""
    modified: str
    base: str = ""
    """The folder's address ending in '/', or '' for addresses relative to the metadata file."""
    licence: str = CC0
    contact: str | None = None
    landing: str = "../index.html"
    readme: str = "README.md"


def _el(parent: ET.Element, tag: str, text: str | None = None, *, resource: str | None = None,
        lang: bool = False, datatype: str | None = None) -> ET.Element:
    prefix, name = tag.split(":")
    element = ET.SubElement(parent, f"{{{PREFIXES[prefix]}}}{name}")
    if resource is not None:
        element.set(f"{{{RDF}}}resource", resource)
    if text is not None:
        element.text = shown_text(text)  # XML 1.0 cannot carry a control character, not even escaped
    if lang:
        element.set(XML_LANG, "sv")
    if datatype is not None:
        element.set(f"{{{RDF}}}datatype", datatype)
    return element


def _node(root: ET.Element, tag: str, about: str) -> ET.Element:
    prefix, name = tag.split(":")
    element = ET.SubElement(root, f"{{{PREFIXES[prefix]}}}{name}")
    element.set(f"{{{RDF}}}about", about)
    return element


def dcat_rdf(catalogue: Catalogue) -> str:
    """The metadata as RDF/XML (UTF-8)."""
    for prefix, uri in PREFIXES.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(f"{{{RDF}}}RDF")
    here = catalogue.base + FILE
    publisher, contact = f"{here}#utgivare", f"{here}#kontakt"
    cat = _node(root, "dcat:Catalog", f"{here}#katalog")
    _el(cat, "dcterms:title", f"Mål och resultat – {catalogue.municipality}", lang=True)
    _el(cat, "dcterms:description", f"{catalogue.municipality}s mål, indikatorer, målvärden, utfall, bedömningar "
        "och måluppfyllelse ur styrmodellen, som öppna data.", lang=True)
    _el(cat, "dcterms:publisher", resource=publisher)
    _el(cat, "dcterms:license", resource=CC0)  # DCAT-AP-SE: the catalogue's own licence is CC0
    _el(cat, "dcterms:modified", catalogue.modified, datatype=f"{XSD}date")
    _el(cat, "foaf:homepage", resource=catalogue.base + catalogue.landing)
    for entity in ENTITIES:
        _el(cat, "dcat:dataset", resource=f"{here}#{entity.name}")
    agent = _node(root, "foaf:Organization", publisher)
    _el(agent, "foaf:name", catalogue.municipality)
    _el(agent, "dcterms:type", resource=LOCAL_AUTHORITY)
    if catalogue.contact:
        card = _node(root, "vcard:Organization", contact)
        _el(card, "vcard:fn", catalogue.municipality)
        _el(card, "vcard:hasEmail", resource=f"mailto:{catalogue.contact}")
    for entity in ENTITIES:
        _dataset(root, catalogue, here, entity.name, entity.title, entity.description, publisher, contact)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _dataset(root: ET.Element, catalogue: Catalogue, here: str, name: str, title: str, description: str,
             publisher: str, contact: str) -> None:
    data = _node(root, "dcat:Dataset", f"{here}#{name}")
    _el(data, "dcterms:title", f"{title} – {catalogue.municipality}", lang=True)
    _el(data, "dcterms:description", f"{description} Kolumnerna beskrivs i {catalogue.readme}.", lang=True)
    _el(data, "dcterms:publisher", resource=publisher)
    if catalogue.contact:
        _el(data, "dcat:contactPoint", resource=contact)
    for word in ("mål- och resultatstyrning", "måluppfyllelse", title.lower()):
        _el(data, "dcat:keyword", word, lang=True)
    _el(data, "dcat:theme", resource=THEME)
    _el(data, "dcterms:language", resource=SWEDISH)
    _el(data, "dcterms:modified", catalogue.modified, datatype=f"{XSD}date")
    _el(data, "dcat:landingPage", resource=catalogue.base + catalogue.landing)
    for ext, _ in catalogue.formats:
        _el(data, "dcat:distribution", resource=f"{here}#{name}-{ext}")
    for ext, media in catalogue.formats:
        url = f"{catalogue.base}{name}.{ext}"
        dist = _node(root, "dcat:Distribution", f"{here}#{name}-{ext}")
        _el(dist, "dcterms:title", f"{title} ({ext.upper()})", lang=True)
        _el(dist, "dcat:accessURL", resource=url)
        _el(dist, "dcat:downloadURL", resource=url)
        _el(dist, "dcterms:format", resource=IANA + media)
        _el(dist, "dcat:mediaType", resource=IANA + media)
        _el(dist, "dcterms:license", resource=catalogue.licence)
        _el(dist, "foaf:page", resource=catalogue.base + catalogue.readme)
