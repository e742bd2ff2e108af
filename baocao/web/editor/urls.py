"""Addresses of the editor, workflow and history pages (Vietnamese slugs, like the rest)."""

from django.urls import path, re_path

from baocao.web.editor import (
    comments,
    figures,
    history,
    pages,
    prose,
    structure,
    tasks,
    workflow,
)

urlpatterns = [
    path("bao-cao/tao/", workflow.create_next, name="report_create"),
    path("bao-cao/<int:pk>/soan/", pages.editor, name="report_editor"),
    path("bao-cao/<int:pk>/lich-su/", history.history, name="report_history"),
    path("bao-cao/<int:pk>/chi-tieu/", figures.indicator_search, name="indicator_search"),
    path("bao-cao/<int:pk>/so-lieu/<str:code>/", figures.save_figure_view, name="save_figure"),
    path("bao-cao/<int:pk>/doan/<int:block_pk>/", prose.save_block_view, name="save_block"),
    path(
        "bao-cao/<int:pk>/doan/<int:block_pk>/chu-thich/",
        prose.add_footnote_view,
        name="add_footnote",
    ),
    path(
        "bao-cao/<int:pk>/chu-thich/<int:block_pk>/xoa/",
        prose.remove_footnote_view,
        name="remove_footnote",
    ),
    path("bao-cao/<int:pk>/nhiem-vu/them/", tasks.add_task_view, name="add_task"),
    path("bao-cao/<int:pk>/nhiem-vu/<int:task_pk>/", tasks.save_task_view, name="save_task"),
    path(
        "bao-cao/<int:pk>/nhiem-vu/<int:task_pk>/xoa/", tasks.remove_task_view, name="remove_task"
    ),
    re_path(
        r"^bao-cao/(?P<pk>[0-9]+)/nhiem-vu/(?P<task_pk>[0-9]+)/(?P<direction>len|xuong)/$",
        tasks.move_task_view,
        name="move_task",
    ),
    path("bao-cao/<int:pk>/ket-qua/<int:task_pk>/", tasks.set_outcome_view, name="set_outcome"),
    path("bao-cao/<int:pk>/chuyen/<str:slug>/", workflow.transition, name="report_transition"),
    re_path(
        r"^bao-cao/(?P<pk>[0-9]+)/muc/(?P<section_pk>[0-9]+)/"
        r"(?P<action>them|doi-ten|len|xuong|vao|ra|xoa)/$",
        structure.outline_change,
        name="outline_change",
    ),
    path(
        "bao-cao/<int:pk>/muc/<int:section_pk>/them-doan/",
        structure.add_block_view,
        name="add_block",
    ),
    re_path(
        r"^bao-cao/(?P<pk>[0-9]+)/doan/(?P<block_pk>[0-9]+)/"
        r"(?P<action>len|xuong|xoa|tach|gop|kieu|bang|dan|gan)/$",
        structure.block_change,
        name="block_change",
    ),
    path(
        "bao-cao/<int:pk>/lich-su/<int:entry_pk>/khoi-phuc/",
        structure.restore_section_view,
        name="restore_section",
    ),
    path(
        "bao-cao/<int:pk>/doan/<int:block_pk>/gop-y/", comments.add_comment_view, name="add_comment"
    ),
    path(
        "bao-cao/<int:pk>/gop-y/<int:comment_pk>/tra-loi/",
        comments.reply_view,
        name="reply_comment",
    ),
    path(
        "bao-cao/<int:pk>/gop-y/<int:comment_pk>/xong/",
        comments.resolve_view,
        name="resolve_comment",
    ),
]
