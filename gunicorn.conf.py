"""gunicorn's settings for the award platform (`gunicorn -c gunicorn.conf.py wsgi:app`).

Each can be changed by an environment variable, so one file serves every host:
AWARD_BIND (127.0.0.1:8000), AWARD_WORKERS (2 per core + 1), AWARD_TIMEOUT (seconds a request
may take, 60) and AWARD_GRACEFUL_TIMEOUT (seconds a worker has to finish its requests on a
restart or reload, 30). The app writes its own access line per request (JSON, with secrets in
addresses replaced), so gunicorn's access log is off; its error log goes to stderr (the
journal). Forwarded addresses are the app's business: AWARD_PROXY_COUNT (see
docs/operations.md)."""

import multiprocessing
import os

bind = os.environ.get("AWARD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("AWARD_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("AWARD_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("AWARD_GRACEFUL_TIMEOUT", 30))
# Sync workers behind nginx, which buffers slow clients; keep-alive is nginx's.
keepalive = 2
accesslog = None
errorlog = "-"
# The app reads X-Forwarded-* through ProxyFix with AWARD_PROXY_COUNT; gunicorn itself
# trusts them only from the balancer on this host.
forwarded_allow_ips = os.environ.get("AWARD_FORWARDED_ALLOW_IPS", "127.0.0.1")
