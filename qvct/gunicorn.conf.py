"""gunicorn settings of Guichet QVCT (`gunicorn -c qvct/gunicorn.conf.py qvct.wsgi`), from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A request that takes longer is cut and its worker replaced: long work (scenarios, letters, exports) belongs to
# the task worker, never to a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Loaded once before the fork, so that `gc.freeze()` in qvct/wsgi.py is shared by every worker.
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'


def when_ready(server):
    """With `preload_app`, the URLconf and every view module it imports are loaded once, in the master, before the
    workers fork: otherwise each worker (and each one started again after `max_requests`) loads them while serving
    its first request, seconds of CPU in the middle of a rush when no bytecode cache is written."""
    # Not a cycle: this settings file is read before Django is set up (by the application gunicorn preloads).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — loading is the point
