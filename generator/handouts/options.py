"""What the handouts of a site build need, as plain data.

The engine's adapter (`generator.mkdocs_adapter.handouts`) makes it from its configuration;
nothing here knows where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .render import Options


@dataclass(frozen=True)
class HandoutSetup:
    """Where the PDFs of a course go and how they look."""

    options: Options  # title, author, page addresses, Markdown extensions, …
    out_dir: Path  # the participant workbook and the worksheets: in the site, published
    trainer_dir: Path  # the trainer edition: outside the site, never published
