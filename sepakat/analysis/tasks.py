"""Background jobs of the analysis module (django-tasks-db: run by `sepakat worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_poverty_task(run_id: int) -> None:
    """Ids, not objects: the job reads the run fresh from the database."""
    from sepakat.analysis.services import run_computation

    run_computation(run_id)
