from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from baocao.accounts import views

urlpatterns = [
    path(
        "mat-khau/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("don-vi/<str:code>/", views.unit_users, name="unit_users"),
    path("don-vi/<str:code>/mat-khau/<int:user_id>/", views.reset_password, name="reset_password"),
]
