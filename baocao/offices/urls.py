from django.urls import path

from baocao.offices import views

urlpatterns = [
    path("bao-cao/<int:pk>/don-vi-soan/", views.board_view, name="office_board"),
    path("bao-cao/<int:pk>/don-vi-soan/phan-cong/", views.assign_view, name="office_assign"),
    path(
        "bao-cao/<int:pk>/don-vi-soan/muc/<int:section_pk>/trang-thai/",
        views.state_view,
        name="office_state",
    ),
    path(
        "bao-cao/<int:pk>/don-vi-soan/muc/<int:section_pk>/tra-lai/",
        views.send_back_view,
        name="office_send_back",
    ),
    path("don-vi-tham-muu/", views.my_work_view, name="office_home"),
    path("bao-cao/<int:pk>/sua-bang-word/", views.word_upload_view, name="word_upload"),
    path(
        "bao-cao/<int:pk>/sua-bang-word/tai-ve.docx", views.word_download_view, name="word_download"
    ),
    path(
        "bao-cao/<int:pk>/sua-bang-word/<int:proposal_pk>/",
        views.word_review_view,
        name="word_review",
    ),
]
