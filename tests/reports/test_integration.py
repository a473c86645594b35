"""A real Celery worker on the real Redis: generate through the view, wait, download the file."""

import subprocess
import time

import pytest
from django.urls import reverse

from apps.reports.models import ReportVersion


@pytest.mark.django_db(transaction=True)
def test_generate_through_the_view_and_download_the_finished_file(celery_worker, world, client, tmp_path):
    client.force_login(world.users["leadership"])
    response = client.post(reverse("reports:version_generate", kwargs={"year": 2020}))
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if version.status in (ReportVersion.Status.DONE, ReportVersion.Status.FAILED):
            break
        time.sleep(0.5)
    assert version.status == ReportVersion.Status.DONE, version.error
    assert version.size > 10_000 and version.duration_ms > 0
    download = client.get(reverse("reports:version_download", kwargs={"version_uuid": version.uuid}))
    assert download.status_code == 200
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "示范大学工会委员会2020年工作总结" in text
