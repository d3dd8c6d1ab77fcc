"""The background tasks' results stay out of the admin.

The admin is where analysts and editors curate records; the task queue is an operator's concern.
django-tasks-db registers a page of task results, with their arguments and tracebacks, that
every staff user holding its view permission could read, and whose change list fails under any
task backend but the database one (it rebuilds each task to show its name). The one task the
tracker runs, building the downloads, keeps its state in ``DownloadBuild``, and the worker
(``manage.py db_worker``) logs each task it runs (docs/deploy.md).
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
