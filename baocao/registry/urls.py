from django.urls import path

from baocao.registry import views

app_name = "registry"
urlpatterns = [path("", views.register, name="register")]
