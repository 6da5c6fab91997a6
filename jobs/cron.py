"""The schedule for `rq cron jobs.cron`; importing it also shapes the scheduler's own log lines."""

from rq import cron

from bot import logs
from bot.settings import Settings
from compose import QUEUE_NAME as QUEUE
from jobs.photos import expire_embeddings
from jobs.privacy import forget_farewells
from jobs.retention import apply_retention, delete_stray_photos
from jobs.sweeps import (
    campaigns_due,
    kitchen_timeouts,
    kitchen_waits,
    payment_timeouts,
    pledge_timeouts,
    renew_pledges,
    requeue_inbound,
    requeue_outbound,
    requeue_photos,
    requeue_safety_checks,
    share_timeouts,
    unconfirmed_payment_claims,
)
from jobs.training import train_safety_model
from jobs.twilio_media import release_twilio_media

cron.register(kitchen_timeouts, QUEUE, interval=30)
cron.register(kitchen_waits, QUEUE, interval=60)
cron.register(payment_timeouts, QUEUE, interval=60)
cron.register(unconfirmed_payment_claims, QUEUE, interval=60)
cron.register(pledge_timeouts, QUEUE, interval=60)
cron.register(campaigns_due, QUEUE, interval=60)
cron.register(share_timeouts, QUEUE, interval=60)
cron.register(renew_pledges, QUEUE, interval=3600)  # the 1st begins at 00:00 in India: renewed within the hour
cron.register(requeue_inbound, QUEUE, interval=60)
cron.register(requeue_outbound, QUEUE, interval=60)
cron.register(requeue_safety_checks, QUEUE, interval=60)
cron.register(requeue_photos, QUEUE, interval=60)
cron.register(forget_farewells, QUEUE, interval=60)
cron.register(release_twilio_media, QUEUE, interval=60)
cron.register(expire_embeddings, QUEUE, interval=600)
cron.register(delete_stray_photos, QUEUE, interval=3600)  # a person's photo nothing would delete otherwise
cron.register(apply_retention, QUEUE, cron="17 3 * * *", job_timeout=1800)  # daily, at a quiet hour
cron.register(train_safety_model, QUEUE, cron="0 4 1 * *", job_timeout=1800)  # monthly

# rq cron gave its logger handlers of its own before it imported this schedule: in JSON they speak JSON.
logs.configure(Settings.from_env(need_services=False).json_logs, loggers=("rq.cron",))
