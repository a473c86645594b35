"""Small helpers shared by tests of every app."""


def downloaded(response) -> bytes:
    """The body of a response, streamed (exports, files) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
