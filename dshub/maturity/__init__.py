"""Data-science maturity scan: content model (:mod:`.content`) and pure scoring (:mod:`.scoring`).

Only the content model is imported here, so that loading content does not pull in pandas.
"""

from dshub.maturity.content import LEVELS, MaturityModel

__all__ = ["LEVELS", "MaturityModel"]
