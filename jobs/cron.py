"""The schedule for `rq cron jobs.cron`."""

from rq import cron

from compose import QUEUE_NAME as QUEUE
from jobs.notes import expire_notes
from jobs.photos import expire_embeddings, expire_photos
from jobs.sweeps import (
    kitchen_timeouts,
    payment_timeouts,
    requeue_inbound,
    requeue_outbound,
    requeue_photos,
    requeue_safety_checks,
    unconfirmed_payment_claims,
)
from jobs.training import train_safety_model

cron.register(kitchen_timeouts, QUEUE, interval=30)
cron.register(payment_timeouts, QUEUE, interval=60)
cron.register(unconfirmed_payment_claims, QUEUE, interval=60)
cron.register(requeue_inbound, QUEUE, interval=60)
cron.register(requeue_outbound, QUEUE, interval=60)
cron.register(requeue_safety_checks, QUEUE, interval=60)
cron.register(requeue_photos, QUEUE, interval=60)
cron.register(expire_embeddings, QUEUE, interval=600)
cron.register(expire_photos, QUEUE, cron="17 3 * * *")  # daily, at a quiet hour
cron.register(expire_notes, QUEUE, cron="27 3 * * *")
cron.register(train_safety_model, QUEUE, cron="0 4 1 * *", job_timeout=1800)  # monthly
