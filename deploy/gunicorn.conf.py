"""gunicorn's configuration for the tracker: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (docs/deploy.md), so the same file serves a
laptop (`make prod`) and each app server behind a load balancer.
"""

import multiprocessing
import os

wsgi_app = "guarantees_site.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the pages are CPU-bound rendering and short database reads; the proxy in
# front buffers slow clients. About two per core.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never grows; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# Connections wait here while every worker is busy, instead of being refused.
backlog = 2048

# Request size limits for the request line and headers; the body is limited by the site
# (REQUEST_MAX_BYTES) and by the proxy.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# X-Forwarded-* headers are believed only from these addresses (the proxy or load balancer).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "guarantees"
# No control socket: several servers may run on one machine (load tests, blue/green deploys).
control_socket_disable = True


def post_worker_init(worker):
    """Each worker, once the site is loaded: guarantees_site/startup.py."""
    from guarantees_site.startup import settle

    settle()
