"""Issue 11 §13 and issue 13: mail leaves through a Celery task on the ``mail`` queue, bounded by EMAIL_TIMEOUT and
retried; tasks are routed to queues by kind; every task uses the one base class."""

import socket
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction

from apps.core.tasks import PortalTask, send_email
from tests.jobs.conftest import wait_for
from union_portal.celery import app

TASK_BACKEND = "apps.core.mail.TaskEmailBackend"


def _route(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_tasks_are_routed_to_queues_by_kind():
    assert _route("apps.reports.tasks.render_report_version") == "pdf"
    assert _route("apps.welfare.tasks.run_distribution") == "bulk"
    assert _route("apps.core.tasks.send_email") == "mail"
    assert _route("apps.proposals.tasks.notify_overdue") == "default"
    assert _route("apps.reports.tasks.requeue_expired_leases") == "default"


def test_every_portal_task_uses_the_base_class_and_is_acknowledged_late():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.startswith("apps.")}
    assert len(ours) >= 7
    for name, task in ours.items():
        assert isinstance(task, PortalTask), name
        assert task.acks_late and task.reject_on_worker_lost, name


def test_periodic_jobs_point_at_registered_tasks_and_keep_their_results():
    app.loader.import_default_modules()
    for entry in django_settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        assert app.tasks[entry["task"]].ignore_result is False  # the admin's task results show what they did


def test_the_visibility_timeout_is_a_little_above_the_longest_hard_time_limit():
    app.loader.import_default_modules()
    longest = max(task.time_limit or django_settings.CELERY_TASK_TIME_LIMIT for task in app.tasks.values())
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert longest < visibility <= longest + 5 * 60


def test_enqueue_refuses_anything_but_primary_keys():
    from apps.reports.tasks import render_report_version

    with pytest.raises(TypeError, match="primary keys"):
        render_report_version.enqueue(object())


@pytest.mark.django_db
def test_mail_is_only_queued_once_the_transaction_commits(settings, own_redis, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = TASK_BACKEND
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert mail.send_mail("【提案交办】", "正文", None, ["houqin@example.edu.cn"]) == 1
        assert own_redis.queue_length("mail") == 0  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert own_redis.queue_length("mail") == 1
    assert mail.outbox == []  # not sent in the request


@pytest.mark.django_db
def test_proposal_notifications_go_to_the_mail_queue_not_the_mail_server(
    settings, own_redis, committee, world, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from apps.proposals import services as proposal_services
    from apps.proposals.models import Proposal
    from tests.proposals.factories import accepted_proposal

    settings.EMAIL_BACKEND = TASK_BACKEND
    committee.email = "tian@example.edu.cn"
    committee.save()
    overdue = accepted_proposal(lead_unit=world.handler_unit)
    Proposal.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert proposal_services.proposals_notify_overdue() == 1
    assert own_redis.queue_length("mail") == 1
    assert mail.outbox == []


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_mail_sent_in_a_request_is_delivered_by_the_worker(settings, celery_worker):
    settings.EMAIL_BACKEND = TASK_BACKEND
    message = mail.EmailMultiAlternatives(
        "【提案答复】2020-001", "您的提案已有答复。", None, ["zhangsan@example.edu.cn"]
    )
    message.attach_alternative("<p>您的提案已有答复。</p>", "text/html")
    message.attach("答复.txt", "已办理".encode(), "text/plain")
    message.send()
    wait_for(lambda: mail.outbox, timeout=30, what="the worker to deliver the mail")
    delivered = mail.outbox[0]
    assert (delivered.subject, delivered.to) == ("【提案答复】2020-001", ["zhangsan@example.edu.cn"])
    assert delivered.alternatives[0][0] == "<p>您的提案已有答复。</p>"
    assert delivered.attachments[0][:2] == ("答复.txt", "已办理")


def test_a_mail_server_that_does_not_answer_gives_up_after_email_timeout_and_is_retried(settings):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 1
    with socket.socket() as silent:  # accepts the connection, never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
        payload = {
            "subject": "s",
            "body": "b",
            "from_email": "portal@example.edu.cn",
            "to": ["a@example.edu.cn"],
            "cc": [],
            "bcc": [],
            "reply_to": [],
            "headers": {},
            "alternatives": [],
            "attachments": [],
        }
        started = time.monotonic()
        with pytest.raises(OSError):  # TimeoutError is an OSError: the task's autoretry_for catches it
            send_email.run(payload)
    assert time.monotonic() - started < 5
    assert issubclass(TimeoutError, send_email.autoretry_for) and send_email.max_retries >= 5


def _compose_services() -> dict:
    import json
    import os
    import subprocess

    import compose

    binary = os.path.join(os.path.dirname(compose.__file__), "docker-compose")
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "--format", "json"],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "SECRET_KEY": "compose-config-check"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)["services"]


def _queues_of(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(",")) if "-Q" in command else set()


def test_docker_compose_runs_a_worker_service_per_queue_and_bounds_the_pdf_workers_memory():
    workers = {name: s["command"] for name, s in _compose_services().items() if "worker" in (s.get("command") or [])}
    for queue in django_settings.CELERY_QUEUE_NAMES:
        assert [name for name, command in workers.items() if _queues_of(command) == {queue}], queue
    (pdf,) = [command for command in workers.values() if _queues_of(command) == {"pdf"}]
    assert any(arg.startswith("--max-memory-per-child=") for arg in pdf)


def test_the_development_worker_listens_on_every_queue():
    procfile = (django_settings.BASE_DIR / "Procfile.dev").read_text()
    (worker,) = [line for line in procfile.splitlines() if line.startswith("worker:")]
    assert _queues_of(worker.split()) == set(django_settings.CELERY_QUEUE_NAMES)
