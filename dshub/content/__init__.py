"""Content models and the YAML loader for ``questionnaires/``."""

from dshub.content.base import LANGS, ContentFile, ContentModel, Ident, Lang, Text, Version, register_kind
from dshub.content.loader import ContentBundle, ContentError, Problem, load_content, load_file

__all__ = [
    "LANGS",
    "ContentBundle",
    "ContentError",
    "ContentFile",
    "ContentModel",
    "Ident",
    "Lang",
    "Problem",
    "Text",
    "Version",
    "load_content",
    "load_file",
    "register_kind",
]
