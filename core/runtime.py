"""Process settings for long-running web workers (issue 10).

CPython's cyclic garbage collector runs its youngest generation every 700 net allocations, and
a Django request allocates tens of thousands of objects, so a page pays for dozens of
collections, and now and then for a full one that walks every object the process holds
(settings, URL patterns, views, forms, models: over 100,000 after start-up).
`tune_for_requests` loads the URL configuration (and with it every view module), moves what
exists then out of the collector's reach (`gc.freeze`) and collects less often. Reference
counting still frees almost everything at once; only cyclic garbage waits a little longer.
The WSGI module calls it in every worker; the benchmark calls it too, so that its in-process
server times are those of a worker (docs/decisions/0012-benchmark.md).
"""

import gc

GC_THRESHOLDS = (50_000, 10, 10)


def tune_for_requests() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 import every view module now, not on the first request
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
