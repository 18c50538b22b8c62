"""The built-in monitoring catalogue: Resolution 57 / 71/NQ-CP indicators, their data elements,
groups, data sets and 2030 targets (res57.toml), and a province's real facts
(lai_chau_2025.toml). ``load_catalogue`` writes them; ``manage.py load_catalogue`` runs it."""

from tinhso.monitoring.catalogue.loader import CatalogueSummary, load_catalogue

__all__ = ["CatalogueSummary", "load_catalogue"]
