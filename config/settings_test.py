"""Test settings: the real settings with DEBUG on, fast hashing and tasks run in-process."""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Close connections after each request, so the live server's thread does not hold the test
# database open when the suite drops it.
DATABASES["default"]["CONN_MAX_AGE"] = 0
