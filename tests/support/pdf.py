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


def images(data: bytes) -> list[dict]:
    """The document's raster images (image XObjects, also inside form XObjects), each once however many
    pages share it, as their PDF dictionaries (``/Width``, ``/Height``...), without decoding them."""
    found: dict[object, dict] = {}

    def walk(resources) -> None:
        xobjects = resources.get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            obj = ref.get_object()
            key = getattr(ref, "idnum", id(obj))
            if key in found:
                continue
            if obj.get("/Subtype") == "/Image":
                found[key] = obj
            elif obj.get("/Subtype") == "/Form":
                found[key] = {}
                walk(obj.get("/Resources"))

    for page in reader(data).pages:
        walk(page.get("/Resources"))
    return [obj for obj in found.values() if obj]
