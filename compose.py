"""The one composition root: builds the database, queues, transports and links from settings.

The web app, the RQ worker, the cron scheduler, the CLI, the tests and the benchmarks all
get their concrete things from `build_services`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import boto3
import requests
from botocore.config import Config as BotoConfig
from cryptography.fernet import Fernet, MultiFernet
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job as RqJob
from rq.job import JobStatus
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from twilio.http import HttpClient

from bot import logs
from bot.adapters import (
    DevTransport,
    EncryptedPhotoStore,
    FaceModel,
    FailedJobs,
    FloodGuard,
    GoogleGeocoder,
    GoogleMaps,
    Heartbeats,
    LightGBMModels,
    Limit,
    LocalPhotoStore,
    MediaFetcher,
    PhotoStore,
    PlaceFinder,
    PostOffices,
    RecordedMediaRelease,
    S3PhotoStore,
    SignedPhotoLinks,
    Transport,
    TwilioMediaRelease,
    TwilioTransport,
)
from bot.settings import Settings
from domain.jobs import Job
from models.db import make_engine, make_session_factory
from models.messages import store_inbound
from models.privacy import PrivacySettings
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

QUEUE_NAME = "ketpaar"
# Twilio's WhatsApp sandbox: what a campaign's wa.me link opens when no sender is configured (development).
SANDBOX_NUMBER = "+14155238886"

# The function that runs each job the use cases ask for.
JOBS: dict[Job, str] = {
    Job.HANDLE_INBOUND: "jobs.inbound.handle_inbound",
    Job.SEND_MESSAGE: "jobs.outbound.send_message",
    Job.ASSESS_SAFETY: "jobs.safety.assess_safety",
    Job.PROCESS_PHOTO: "jobs.photos.process_photo",
    Job.DISCARD_PHOTO: "jobs.photos.discard_photo",
    Job.TRAIN_SAFETY_MODEL: "jobs.training.train_safety_model",
    Job.ERASE_PERSON: "jobs.privacy.erase_person",
}
if set(JOBS) != set(Job):  # a job with no function fails at start, not when first asked for
    raise ImportError(f"jobs without a function: {set(Job) - set(JOBS)}")
# A send is retried on Twilio 429/5xx and network faults, backing off. The same waits are kept
# on the row (next_attempt_at), so a retry Redis forgets is still made by the sweeper.
SEND_RETRY_SECONDS = [5, 20, 60, 180, 600]
RETRIES = {Job.SEND_MESSAGE: Retry(max=len(SEND_RETRY_SECONDS), interval=SEND_RETRY_SECONDS)}
# A job in one of these states is over: the same job may be enqueued again if its row still needs work.
JOB_OVER = {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}
# A job in one of these states has not started: it will run.
JOB_WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def job_id(job: Job, args: tuple) -> str:
    """The same job for the same rows has the same id, e.g. `send_message-42` (RQ allows no colons)."""
    return "-".join([job.value, *(str(arg) for arg in args)])


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    redis: Redis
    queue: Queue
    transport: Transport
    media: MediaFetcher
    photo_store: EncryptedPhotoStore
    links: SignedPhotoLinks
    faces: FaceModel
    maps: GoogleMaps
    safety_models: LightGBMModels
    flood: FloodGuard
    places: PlaceFinder
    heartbeats: Heartbeats
    media_release: TwilioMediaRelease | RecordedMediaRelease = field(default_factory=RecordedMediaRelease)
    clock: Callable[[], datetime] = field(default=utc_now)
    _privacy: tuple[Settings, PrivacySettings] | None = field(default=None, init=False, repr=False, compare=False)

    def uow(self, connection: Connection | None = None) -> SqlUnitOfWork:
        """A unit of work; on `connection` when it must hold that connection's session-level locks."""
        return SqlUnitOfWork(self.session_factory, self.enqueue, self.clock, connection, self.privacy(), self.places)

    def privacy(self) -> PrivacySettings:
        """Worked out once for the settings in use, not for every unit of work (the key is a SHA-256)."""
        if self._privacy is None or self._privacy[0] is not self.settings:
            self._privacy = (
                self.settings,
                PrivacySettings(self.settings.retention_policy(), self.settings.erasure_key()),
            )
        return self._privacy[1]

    def store_inbound(self, message_sid: str, sender: str, params: dict, request_id: str | None = None) -> int | None:
        """The webhook's whole use case, one statement that commits as it runs: no BEGIN, no COMMIT to
        wait for, no Session to build. A trigger tells the dispatcher (jobs/dispatch.py), which enqueues
        the message's job; None when the MessageSid was stored already."""
        return store_inbound(self.engine, message_sid, sender, params, self.clock(), request_id)

    def enqueue(self, job: Job, args: tuple, delay: timedelta | None = None) -> bool:
        """Never raises: the row behind every job is already stored, and a sweeper finds it. False when
        Redis could not be reached.

        With a delay the job waits in RQ's scheduled registry (the worker's `--with-scheduler`
        moves it to the queue); a row it stands for has its `next_attempt_at` then, for the sweeper."""
        try:
            self._enqueue_once(job, args, delay)
        except RedisError:
            log.exception("could not enqueue %s%s; the sweeper will", job, args)
            return False
        return True

    def enqueue_all(self, job: Job, calls: list[tuple[tuple, dict[str, str]]]) -> bool:
        """Many of one job (each its args and what its log lines carry) at once; False when Redis could not
        be reached. As with `enqueue`, a duplicate is a no-op: the ids Redis does not hold yet go in one
        pipeline, the few it holds one by one (RQ's unique enqueue, a script and a transaction each, was
        most of a dispatched message's cost)."""
        try:
            with self.redis.pipeline(transaction=False) as looking:
                for args, _ in calls:
                    looking.exists(RqJob.key_for(job_id(job, args)))
                held = looking.execute()
            fresh = [call for call, there in zip(calls, held, strict=True) if not there]
            self.queue.enqueue_many(
                [
                    Queue.prepare_data(JOBS[job], args, job_id=job_id(job, args), retry=RETRIES.get(job), meta=meta)
                    for args, meta in fresh
                ]
            )
            for (args, meta), there in zip(calls, held, strict=True):
                if there:
                    with logs.bind(**meta):
                        self._enqueue_once(job, args)
        except RedisError:
            log.exception("could not enqueue %d %s jobs; the sweeper will", len(calls), job)
            return False
        return True

    def _enqueue_once(self, job: Job, args: tuple, delay: timedelta | None = None) -> None:
        """A job already queued, scheduled or running is left alone: a duplicate enqueue is a no-op.

        A job that is over (its id kept for a while by RQ) is replaced: whoever enqueues it
        again has seen its row still needing work.
        """
        wanted = job_id(job, args)
        options = {"retry": RETRIES.get(job), "job_id": wanted, "unique": True, "meta": logs.carried()}
        for _ in range(3):  # a race with another enqueuer settles within a turn or two
            try:
                if delay is None:
                    self.queue.enqueue(JOBS[job], *args, **options)
                else:
                    self.queue.enqueue_in(delay, JOBS[job], *args, **options)
                return
            except DuplicateJobError:
                if not self._forget_if_over(wanted):
                    return

    def failed_jobs(self) -> FailedJobs:
        return FailedJobs(self.queue)

    def job_waiting(self, job: Job, args: tuple) -> bool:
        """Whether that job is queued and yet to start; False when Redis cannot say (the caller does the work)."""
        try:
            status = RqJob.fetch(job_id(job, args), connection=self.redis).get_status(refresh=False)
        except (NoSuchJobError, RedisError):
            return False
        return status in JOB_WAITING

    def _forget_if_over(self, wanted: str) -> bool:
        """Deletes a finished or failed job of that id; False when it is still waiting or running."""
        try:
            existing = RqJob.fetch(wanted, connection=self.redis)
        except NoSuchJobError:
            return True
        if existing.get_status(refresh=False) not in JOB_OVER:
            return False
        existing.delete()
        return True


def flood_guard(settings: Settings, redis: Redis) -> FloodGuard:
    return FloodGuard(
        redis,
        messages=Limit("messages", settings.flood_messages_per_minute, timedelta(minutes=1)),
        photos=Limit("photos", settings.flood_photos_per_hour, timedelta(hours=1)),
        face_checks=Limit("face_checks", settings.flood_face_checks_per_hour, timedelta(hours=1)),
    )


def photo_store(settings: Settings) -> PhotoStore:
    """The folder PHOTO_DIR, or the S3 bucket PHOTO_STORE names (credentials from boto3's usual chain:
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, or the machine's role)."""
    s3 = settings.s3_photos()
    if s3 is None:
        return LocalPhotoStore(settings.photo_dir)
    bucket, prefix = s3
    timeouts = BotoConfig(connect_timeout=5, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"})
    client = boto3.client("s3", endpoint_url=settings.s3_endpoint_url or None, config=timeouts)
    return S3PhotoStore(client, bucket, prefix)


def build_services(
    settings: Settings,
    *,
    twilio_http_client: HttpClient | None = None,
    maps_session: requests.Session | None = None,
    clock: Callable[[], datetime] = utc_now,
    pool_size: int = 5,
) -> Services:
    """Refuses unsafe production settings first: the app, the worker and the CLI all start here."""
    settings.check()
    engine = make_engine(settings.database_url, pool_size=pool_size)
    redis = Redis.from_url(settings.redis_url)
    transport: Transport = DevTransport()
    if settings.twilio_configured:
        transport = TwilioTransport(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_whatsapp_from,
            settings.twilio_sms_from,
            status_callback=f"{settings.public_base_url}/twilio/status",
            http_client=twilio_http_client,
        )
    maps = GoogleMaps(
        settings.google_maps_api_key,
        redis,
        session=maps_session,
        daily_budget=settings.google_daily_budget,
        clock=clock,
    )
    auth = (settings.twilio_account_sid, settings.twilio_auth_token) if settings.twilio_account_sid else None
    return Services(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        redis=redis,
        queue=Queue(QUEUE_NAME, connection=redis),
        transport=transport,
        media=MediaFetcher(settings.media_allowed_hosts, settings.media_max_bytes, auth=auth),
        photo_store=EncryptedPhotoStore(
            photo_store(settings), MultiFernet([Fernet(key) for key in settings.fernet_keys()])
        ),
        links=SignedPhotoLinks(
            settings.secret_key,
            settings.public_base_url,
            settings.photo_link_seconds,
            clock,
            settings.twilio_whatsapp_from or SANDBOX_NUMBER,
        ),
        faces=FaceModel(),
        maps=maps,
        safety_models=LightGBMModels(),
        flood=flood_guard(settings, redis),
        heartbeats=Heartbeats(redis),
        media_release=TwilioMediaRelease(transport.client) if settings.twilio_configured else RecordedMediaRelease(),
        places=PlaceFinder(GoogleGeocoder(maps), PostOffices()),
        clock=clock,
    )
