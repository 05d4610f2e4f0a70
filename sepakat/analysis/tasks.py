"""Background jobs of the analysis module (django-tasks-db: run by `sepakat worker`).

The job is defined next to the service it runs; this module only names it, so that jobs
queued under this path by an earlier version still find it.
"""

from __future__ import annotations

from sepakat.analysis.services import compute_poverty_task

__all__ = ["compute_poverty_task"]
