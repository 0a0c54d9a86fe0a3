"""dshub: toolkit for a municipal Data Awareness Day and data-science maturity scan."""

__version__ = "0.1.0"
