from django.urls import path

from baocao.importer import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("luu-tru/", views.upload_archive, name="upload_archive"),
    path("luu-tru/<int:pk>/", views.archive_status, name="archive"),
    path("<str:token>/", views.review, name="review"),
]
