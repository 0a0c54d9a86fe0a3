"""Reading the PDFs dshub makes, for tests: text per page and the images on each page (pypdf)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), data[:20]
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """The text of every page, white space collapsed: a line break in the layout is a space, except
    after a hyphen, where the layout broke a word such as "AI-literacy"."""
    return [re.sub(r"\s+", " ", re.sub(r"-\n\s*", "-", page.extract_text() or "")) for page in reader(data).pages]


def image_count(data: bytes) -> int:
    """How many raster images (image XObjects) the pages draw."""
    return sum(len(page.images) for page in reader(data).pages)
