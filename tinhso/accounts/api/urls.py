from django.urls import path
from rest_framework.routers import SimpleRouter

from tinhso.accounts.api.views import ApiTokenViewSet, MeView, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("tokens", ApiTokenViewSet, basename="apitoken")
urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
