import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.uploads import check_attachment


@pytest.mark.parametrize(
    ("name", "content", "is_image"),
    [
        ("photo.JPG", b"\xff\xd8\xff\xe0 jpeg", True),
        ("plan.docx", b"PK\x03\x04 zip", False),
        ("a.pdf", b"%PDF-1.7", False),
    ],
)
def test_images_pdf_and_office_documents_are_accepted(name, content, is_image):
    assert check_attachment(SimpleUploadedFile(name, content)) is is_image


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "只能上传图片"),
        ("notes.txt", b"hello", "只能上传图片"),
        ("no-extension", b"%PDF", "只能上传图片"),
        ("photo.png", b"MZ\x90\x00", "文件内容与扩展名 .png 不符"),
    ],
)
def test_other_files_are_refused_with_a_message_for_the_field(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_attachment(SimpleUploadedFile(name, content), field="attachment")
    assert message in refused.value.message_dict["attachment"][0]


def test_a_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError, match="文件太大"):
        check_attachment(SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * 20))
