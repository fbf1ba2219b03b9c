"""Background work: the one way the apps define, enqueue and retry tasks.

The Django tasks interface (`django_tasks`, the backport of Django 6's `django.tasks`) runs them; the
backend is a setting (`TASKS_BACKEND`): the database (`django-tasks-db`, `manage.py db_worker`) by
default, Redis with RQ (`django-tasks-rq`, `manage.py rqworker`) in production if wanted, the immediate
backend in the tests.

Convention: an app's tasks live in `<app>/tasks.py`, each a module-level function decorated with
`@background_task()`, taking JSON-serialisable arguments (ids, not model instances) and safe to run
twice. Callers enqueue with `enqueue_on_commit(task, *args)`, so that the worker never sees a task
before the data it reads is committed (the Redis backend is outside the database transaction).

A task that raises is enqueued again, later, until it has been tried `attempts` times; every failed
attempt stays visible to the curators in the admin (« Tâches d’arrière-plan »), where they can start it
again by hand.
"""

import dataclasses
import functools
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_attempt"  # the retry counter, passed along in the task's keyword arguments


def background_task(*, attempts=3, retry_delay=timedelta(minutes=2), **task_options):
    """Decorate a module-level function into a task retried `attempts` times, `retry_delay` × the
    attempt number apart (where the backend can defer; the immediate backend retries at once)."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT_KWARG, 1)
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt < attempts:
                    logger.warning("Task %s failed (attempt %d of %d): retried", run.__qualname__, attempt, attempts)
                    _enqueue_retry(the_task, args, kwargs, attempt, retry_delay)
                raise

        the_task = task(**task_options)(run)
        the_task.func.max_attempts = attempts
        return the_task

    return decorate


def _enqueue_retry(the_task, args, kwargs, attempt, retry_delay):
    if the_task.get_backend().supports_defer:
        the_task = the_task.using(run_after=timezone.now() + retry_delay * attempt)
    the_task.enqueue(*args, **kwargs, **{ATTEMPT_KWARG: attempt + 1})


def enqueue_on_commit(the_task, *args, **kwargs):
    """Enqueue once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(functools.partial(the_task.enqueue, *args, **kwargs))


def enqueue_again(the_task, args, kwargs):
    """Start a failed task again by hand, with a fresh count of attempts."""
    kwargs = {key: value for key, value in kwargs.items() if key != ATTEMPT_KWARG}
    return dataclasses.replace(the_task, run_after=None).enqueue(*args, **kwargs)
