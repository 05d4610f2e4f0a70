"""Background jobs of the data hub (django-tasks-db: run by `sepakat worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def read_upload_task(upload_id: int) -> None:
    """Ids, not objects: the job reads the upload fresh from the database."""
    from sepakat.datahub.uploads import read_upload

    read_upload(upload_id)
