from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.background import background_task, enqueue_on_commit
from core.models import BackgroundTask
from tests.factories import CuratorFactory

pytestmark = pytest.mark.django_db

CALLS = []


@background_task(attempts=3)
def flaky(label, fail_times):
    """Fails `fail_times` times, then records its label."""
    CALLS.append(label)
    if len(CALLS) <= fail_times:
        raise RuntimeError(f"échec {len(CALLS)}")
    return label.upper()


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


def test_immediate_backend_retries_a_failing_task_until_it_succeeds():
    flaky.enqueue("a", fail_times=2)
    assert CALLS == ["a", "a", "a"]


def test_immediate_backend_stops_after_the_last_attempt():
    result = flaky.enqueue("a", fail_times=10)
    assert (CALLS, result.status) == (["a", "a", "a"], TaskResultStatus.FAILED)


def test_enqueue_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(flaky, "b", fail_times=0)
        assert CALLS == []
    callbacks[0]()
    assert CALLS == ["b"]


def test_database_worker_runs_queued_tasks(run_tasks):
    result = flaky.enqueue("c", fail_times=0)
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    run_tasks()
    result.refresh()
    assert (result.status, result.return_value, CALLS) == (TaskResultStatus.SUCCESSFUL, "C", ["c"])


def test_database_worker_defers_the_retry_and_keeps_the_failure(run_tasks):
    before = timezone.now()
    flaky.enqueue("d", fail_times=1)
    run_tasks()
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert (failed.status, failed.exception_class_path, retry.status) == (
        TaskResultStatus.FAILED,
        "builtins.RuntimeError",
        TaskResultStatus.READY,
    )
    assert retry.args_kwargs == {"args": ["d"], "kwargs": {"fail_times": 1, "_attempt": 2}}
    assert retry.run_after >= before + timedelta(minutes=2)


def test_database_worker_runs_the_retry_when_due(run_tasks):
    flaky.enqueue("e", fail_times=1)
    run_tasks()
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    run_tasks()
    assert (CALLS, sorted(DBTaskResult.objects.values_list("status", flat=True))) == (
        ["e", "e"],
        [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL],
    )


def test_curator_sees_failed_tasks_and_runs_one_again(client, run_tasks):
    flaky.enqueue("f", fail_times=5)
    run_tasks()
    failed = BackgroundTask.objects.get(status=TaskResultStatus.FAILED)
    client.force_login(CuratorFactory())
    changelist = reverse("admin:core_backgroundtask_changelist")
    page = client.get(changelist, {"status__exact": "FAILED"})
    detail = client.get(reverse("admin:core_backgroundtask_change", args=[failed.pk]))
    response = client.post(changelist, {"action": "run_again", "_selected_action": [str(failed.pk)]}, follow=True)
    assert (page.status_code, detail.status_code) == (200, 200)
    assert "RuntimeError" in page.text and "échec 1" in detail.text
    assert "1 tâche relancée." in response.text
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at")
    assert [task.args_kwargs for task in ready] == [
        {"args": ["f"], "kwargs": {"fail_times": 5, "_attempt": 2}},  # the automatic retry
        {"args": ["f"], "kwargs": {"fail_times": 5}},  # started again by hand: three fresh attempts
    ]


def test_task_page_is_read_only_for_curators(client, run_tasks):
    flaky.enqueue("g", fail_times=0)
    run_tasks()
    client.force_login(CuratorFactory())
    detail = client.get(reverse("admin:core_backgroundtask_change", args=[BackgroundTask.objects.get().pk]))
    assert (detail.status_code, 'name="_save"' in detail.text) == (200, False)
