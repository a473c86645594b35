"""Small helpers shared by tests of every app."""


def downloaded(response) -> bytes:
    """The body of a response, streamed (exports, files) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def stored_attachment(name: str, content: bytes, content_type: str = "application/pdf"):
    """A core Attachment holding ``content``, as an upload through attachment_store would leave it."""
    from django.core.files.base import ContentFile

    from apps.core.models import Attachment

    attachment = Attachment(original_name=name, content_type=content_type, size=len(content))
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment
