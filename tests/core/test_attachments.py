"""The one attachment design: random storage keys, the original name kept apart, checked content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import Attachment
from apps.core.uploads import attachment_delete, attachment_response, attachment_store
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test document\n"


def test_a_stored_file_gets_a_random_key_without_its_personal_name(officer):
    attachment = attachment_store(uploaded=SimpleUploadedFile("张三-诊断证明.pdf", PDF), by=officer)
    assert attachment.original_name == "张三-诊断证明.pdf"
    assert "张三" not in attachment.file.name and attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(".pdf")
    assert (attachment.size, attachment.content_type, attachment.is_image) == (len(PDF), "application/pdf", False)
    assert attachment.uploaded_by == officer


def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_kept(officer):
    with pytest.raises(ValidationError, match="不符"):
        attachment_store(uploaded=SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 program"), by=officer)
    assert not Attachment.objects.exists()


def test_a_download_carries_the_original_name_and_type(officer):
    attachment = attachment_store(uploaded=SimpleUploadedFile("会议纪要.pdf", PDF), by=officer)
    response = attachment_response(attachment)
    assert downloaded(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf" in response["Content-Disposition"]


@pytest.mark.django_db(transaction=True)
def test_deleting_an_attachment_removes_its_file_once_committed(world):
    attachment = attachment_store(uploaded=SimpleUploadedFile("a.pdf", PDF), by=world.users["officer"])
    storage, name = attachment.file.storage, attachment.file.name
    attachment_delete(attachment)
    assert not storage.exists(name)
    assert not Attachment.objects.exists()
