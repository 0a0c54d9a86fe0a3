"""Legal facts as data: the rules the ethics routing relies on, each with its sources and check date.

:mod:`.content` holds the model for the content kind ``legal_facts``
(``questionnaires/legal.yaml``).
"""

from dshub.legal.content import CERTAINTIES, INSTRUMENTS, LegalFact, LegalFacts, Source

__all__ = ["CERTAINTIES", "INSTRUMENTS", "LegalFact", "LegalFacts", "Source"]
