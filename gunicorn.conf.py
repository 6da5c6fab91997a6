"""gunicorn's settings for the web app, wherever it runs: the Procfile (`make run`), deploy/'s image and
the benchmarks all start `gunicorn --config gunicorn.conf.py --bind HOST:PORT wsgi:app`.

How many processes is WEB_CONCURRENCY (bot/settings.py), each with 4 threads.
"""

from bot.adapters import metrics
from bot.settings import Settings

workers = Settings.from_env(need_services=False).web_concurrency
threads = 4
# The app is built before the fork: a refusal to start (unsafe production settings) stops gunicorn
# in one line instead of a loop of workers failing to boot.
preload_app = True
logger_class = "bot.web.access_log.RedactedAccessLog"
accesslog = "-"


def child_exit(server, worker) -> None:
    """A worker process is gone: its live gauges go from the metrics' files (PROMETHEUS_MULTIPROC_DIR)."""
    metrics.process_gone(worker.pid)
