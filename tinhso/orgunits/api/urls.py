from rest_framework.routers import SimpleRouter

from tinhso.orgunits.api.views import OrgUnitViewSet

router = SimpleRouter()
router.register("orgunits", OrgUnitViewSet, basename="orgunit")
urlpatterns = router.urls
