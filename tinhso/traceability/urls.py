from typing import Any

app_name = "traceability"
urlpatterns: list[Any] = []
