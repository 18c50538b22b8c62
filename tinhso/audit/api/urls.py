from tinhso.audit.api.views import router

urlpatterns = router.urls
