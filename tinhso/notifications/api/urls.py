"""/api/v1/notifications/…"""

from rest_framework.routers import SimpleRouter

from tinhso.notifications.api import views

router = SimpleRouter()
router.register("notifications", views.NotificationViewSet, basename="notification")
urlpatterns = router.urls
