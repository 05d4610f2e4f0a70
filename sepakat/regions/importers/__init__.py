"""Importers of region data: the Kemendagri code list, the BPS crosswalk, boundaries.

Each is a service that reads a file, checks all of it, and writes in one transaction
only when nothing is wrong; each returns an :class:`ImportReport` that the management
commands print and the import page renders, and leaves one audit row.
"""

from __future__ import annotations

from sepakat.regions.importers.boundaries import CODE_SYSTEMS, import_boundaries
from sepakat.regions.importers.crosswalk import import_crosswalk
from sepakat.regions.importers.regions import import_regions
from sepakat.regions.importers.report import ImportReport

__all__ = [
    "CODE_SYSTEMS",
    "ImportReport",
    "import_boundaries",
    "import_crosswalk",
    "import_regions",
]
