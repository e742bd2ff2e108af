from django.urls import path

from baocao.importer import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:token>/", views.review, name="review"),
]
