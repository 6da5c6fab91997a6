"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, sessionmaker

from domain.jobs import Job
from domain.orders import Order
from domain.places import PlaceFinder
from models.attention import Attention
from models.channels import ChannelContacts, Templates
from models.faces import SeekerFaces
from models.giving import CampaignRepository, CreditRepository, PledgeRepository
from models.giving_search import GivingSearch
from models.kitchen_stats import KitchenStats
from models.ledger import Ledger
from models.media import MediaReleases
from models.messages import Inbox, Photos, SentMessages
from models.numbers import Numbers
from models.order_search import OrderSearch
from models.privacy import ConsentLog, PersonalData, PrivacySettings
from models.repositories import KitchenRepository, OrderRepository, Outbox, PeopleRepository
from models.retention import Retention
from models.safety import SafetyRecords
from models.staff import ApiTokens, AuditLog, StaffRepository

Enqueue = Callable[[Job, tuple, timedelta | None], None]


class SqlUnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        enqueue: Enqueue,
        clock: Callable[[], datetime],
        connection: Connection | None = None,
        privacy: PrivacySettings | None = None,
        places: PlaceFinder | None = None,
    ):
        self._session_factory = session_factory
        self._enqueue = enqueue
        self.clock = clock
        self._connection = connection
        self._privacy = privacy or PrivacySettings()
        self.places = places  # not the database's: the flows find typed places through it too

    def __enter__(self) -> SqlUnitOfWork:
        # On a given connection, each commit ends a transaction but the connection and its locks stay.
        self.session = self._session_factory(bind=self._connection) if self._connection else self._session_factory()
        self._after_commit: list[tuple[Job, tuple, timedelta | None]] = []
        self.people = PeopleRepository(self.session)
        self.kitchens = KitchenRepository(self.session)
        self.orders = OrderRepository(self.session)
        self.outbox = Outbox(self.session, self.later, self.clock)
        self.inbox = Inbox(self.session, self.clock)
        self.sent = SentMessages(self.session)
        self.photos = Photos(self.session)
        self.faces = SeekerFaces(self.session)
        self.safety = SafetyRecords(self.session)
        self.consents = ConsentLog(self.session)
        self.privacy = PersonalData(self.session, self._privacy, before_reading_messages=self.outbox.flush)
        self.media_releases = MediaReleases(self.session)
        self.retention = Retention(self.session)
        self.channels = ChannelContacts(self.session)
        self.templates = Templates(self.session)
        self.staff = StaffRepository(self.session)
        self.tokens = ApiTokens(self.session)
        self.audit = AuditLog(self.session, self.clock)
        self.kitchen_stats = KitchenStats(self.session)
        self.order_search = OrderSearch(self.session)
        self.attention = Attention(self.session)
        self.numbers = Numbers(self.session)
        self.ledger = Ledger(self.session)
        self.credits = CreditRepository(self.session)
        self.pledges = PledgeRepository(self.session)
        self.campaigns = CampaignRepository(self.session)
        self.giving_search = GivingSearch(self.session)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.session.rollback()
        self.session.close()

    def later(self, job: Job, *args: object, delay: timedelta | None = None) -> None:
        """Enqueues the job once the unit of work commits; `delay` after that, if given."""
        self._after_commit.append((job, args, delay))

    def commit(self) -> None:
        self.outbox.flush()
        self.session.commit()
        jobs, self._after_commit = self._after_commit, []
        # Enqueued only now, so a worker never picks up a job for a row it cannot see yet.
        # If Redis is down the rows are still stored; the sweepers enqueue what was left behind.
        for job, args, delay in jobs:
            self._enqueue(job, args, delay)

    def rollback(self) -> None:
        self.session.rollback()
        self.outbox.discard()
        self._after_commit = []

    def orders_touched(self) -> set[str]:
        """The references of the orders this unit of work has loaded or made so far (for the logs)."""
        return set(self.session.info.get(ORDERS_TOUCHED, ()))


ORDERS_TOUCHED = "ketpaar.orders_touched"


@event.listens_for(Session, "loaded_as_persistent")
@event.listens_for(Session, "pending_to_persistent")
def _note_order(session: Session, instance: object) -> None:
    """The session forgets objects nobody holds any more; their references are kept for the logs.
    Listened to once for every session: a listener per unit of work would cost each webhook 30 µs."""
    if isinstance(instance, Order):
        session.info.setdefault(ORDERS_TOUCHED, set()).add(instance.reference)
