"""Speed of identifier canonicalisation, which capture runs on every EPC of every event.

Run: ``.venv/bin/python benchmarks/gs1_identifiers.py`` (no database).
Prints µs per call, median of RUNS, beside the floor of the same run: only formatting the
answer from parts already split (what any conversion must at least do), and the capture need
(5,000 events/s with EPCS_PER_EVENT identifiers each, on one core).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = int(os.environ.get("RUNS", "5"))
COUNT = int(os.environ.get("COUNT", "100000"))
EPCS_PER_EVENT = 5


def _per_call[Item](work: Callable[[Item], object], items: Sequence[Item]) -> float:
    """Median µs per call over RUNS passes of ``items``."""
    timings = []
    for _run in range(RUNS):
        started = time.perf_counter()
        for item in items:
            work(item)
        timings.append((time.perf_counter() - started) / len(items) * 1e6)
    return statistics.median(timings)


def main() -> None:
    """Print the figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from tinhso.traceability.gs1.identifiers import canonical_digital_link, epc_urn
    from tinhso.traceability.gs1.keys import check_digit

    bodies = [f"893456700{i % 1000:03d}" for i in range(COUNT)]
    sgtins = [f"urn:epc:id:sgtin:8934567.0{b[7:]}.{i}" for i, b in enumerate(bodies)]
    links = [f"https://qr.example.vn/01/0{b}{check_digit(b)}/21/{i}" for i, b in enumerate(bodies)]
    others = [f"urn:uuid:{i:08d}-0000-4000-8000-000000000000" for i in range(COUNT)]
    parts = [("08934567000017", str(i)) for i in range(COUNT)]
    uncached = canonical_digital_link.__wrapped__

    def floor(item: tuple[str, str]) -> str:
        return f"https://id.gs1.org/01/{item[0]}/21/{item[1]}"

    def hits(item: str) -> str:
        return canonical_digital_link(item)

    hot = sgtins[:5000]  # fits the cache (8,192 entries)
    for item in hot:
        canonical_digital_link(item)
    figures = {
        "SGTIN URN -> canonical DL, uncached": _per_call(uncached, sgtins),
        "Digital Link (other host) -> canonical, uncached": _per_call(uncached, links),
        "non-GS1 identifier (urn:uuid) passed through": _per_call(uncached, others),
        "SGTIN URN, lru_cache hit": _per_call(hits, hot),
        "Digital Link -> EPC URN (GCP length given)": _per_call(
            lambda item: epc_urn(item, company_prefix_length=7), links[:20000]
        ),
        "Digital Link -> EPC URN (GCP length looked up)": _per_call(epc_urn, links[:20000]),
        "floor: formatting the same answer from split parts": _per_call(floor, parts),
    }
    print(f"{COUNT:,} identifiers, median of {RUNS} runs (µs per call)")
    for label, micro in figures.items():
        print(f"  {label}: {micro:.2f} µs = {1e6 / micro:,.0f} calls/s")
    need = 5000 * EPCS_PER_EVENT
    sgtin = figures["SGTIN URN -> canonical DL, uncached"]
    print(
        f"capture need: 5,000 events/s x {EPCS_PER_EVENT} EPCs = {need:,} calls/s "
        f"= {need * sgtin / 1e6:.0%} of one core at the uncached SGTIN rate"
    )


if __name__ == "__main__":
    main()
