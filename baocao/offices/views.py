"""The văn phòng's contribution board, the offices' states and home panel, and the
Word round trip's upload and review pages."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # replaced below as the pages are written
    return HttpResponse(status=501)


board_view = assign_view = state_view = send_back_view = my_work_view = _todo
word_upload_view = word_review_view = _todo
