"""Settings of the site that ``benchmarks/resolver.py`` serves: the project's own settings
(read from the environment as in production), with a URLconf that adds one bare view beside
the project's URLs, so that every target goes through the same middleware stack."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.resolver_urls"
# MEMO=off: the resolver without its memo, every answer made afresh (for comparison).
if os.environ.get("MEMO") == "off":
    RESOLVER_MEMO_BYTES = 0
