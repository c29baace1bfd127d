"""Pictures in a publication's text: attachments of its version, shown where the text is."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest

from gongkai.publishing import access
from gongkai.publishing.views import file_response


def picture(request: HttpRequest, part: int) -> FileResponse:
    return file_response(access.get_picture(request.user, part))
