from django.urls import path

from baocao.api import pages
from baocao.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("tai-khoan/khoa-api/", pages.tokens_page, name="api_tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", pages.revoke_token, name="api_token_revoke"),
]
