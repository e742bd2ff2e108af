from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from baocao import health
from baocao.accounts.lockout import LoginForm
from baocao.documents import views as documents_views
from baocao.web import views

admin.site.site_header = "baocao — quản trị"
admin.site.site_title = "baocao"
admin.site.index_title = "Danh mục và dữ liệu"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report"),
    re_path(
        r"^bao-cao/(?P<pk>[0-9]+)/tai-ve\.(?P<fmt>docx|pdf|html)$",
        views.report_document,
        name="report_document",
    ),
    path("thanh-pho/", include("baocao.analytics.urls")),
    path("nhap/", include("baocao.importer.urls")),
    path("", include("baocao.offices.urls")),
    path("so-van-ban-di/", include("baocao.registry.urls")),
    path("bao-cao/<int:pk>/noi-nhan/", documents_views.recipients, name="report_recipients"),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("baocao.accounts.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("", include("baocao.api.urls")),  # /api/v1/ and the API tokens page
]

# The report editor, workflow and history (baocao/web/editor/urls.py).
urlpatterns += [path("", include("baocao.web.editor.urls"))]

handler500 = "baocao.health.server_error"  # a lost database is a 503 "try again" page
