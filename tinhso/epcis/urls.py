from typing import Any

app_name = "epcis"
urlpatterns: list[Any] = []
