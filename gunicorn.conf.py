"""gunicorn settings for `make serve` and production: `gunicorn -c gunicorn.conf.py
registry_site.wsgi`. Every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# The usual 2 × CPUs + 1, capped: each worker holds a copy of the application.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Restart workers now and then, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once a worker has loaded the application: its objects (Django's, the pinyin
    dictionary's, some 360,000) live as long as the worker, so the garbage collector's
    full passes leave them out; otherwise each pass walks them all (~0.2 s, every dozen
    API pages)."""
    import gc

    gc.collect()
    gc.freeze()


# The requests after which a worker's lazy caches are full enough to freeze (below).
WARM_AFTER = 200


def post_request(worker, req, environ, resp):
    """A worker's first requests fill Django's lazy caches (URL patterns, templates,
    compiled expressions, serializer fields: some 40,000 objects) that live as long as
    the worker: freeze those too, once, after a full collection. Each full pass over an
    API search's garbage then takes ~2 ms instead of ~13. The other thread's request,
    in flight at that moment, is frozen with them: one request's objects, once."""
    import gc

    if worker.nr >= WARM_AFTER and not getattr(worker, "warmed", False):
        worker.warmed = True
        gc.collect()
        gc.freeze()
