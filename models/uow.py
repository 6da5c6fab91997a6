"""The unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import ClassVar, Generic, TypeVar, overload

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
R = TypeVar("R")


class _Repository(Generic[R]):
    """A repository made on its first use in a unit of work, then kept for the rest of it. Most use cases
    touch two or three of the 26: making all of them for every unit of work cost about 15 µs each time."""

    NAMES: ClassVar[list[str]] = []

    def __init__(self, make: Callable[[SqlUnitOfWork], R]):
        self._make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name
        _Repository.NAMES.append(name)

    @overload
    def __get__(self, uow: None, owner: type) -> _Repository[R]: ...
    @overload
    def __get__(self, uow: SqlUnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: SqlUnitOfWork | None, owner: type) -> R | _Repository[R]:
        if uow is None:
            return self
        made = uow.__dict__[self._name] = self._make(uow)  # found there from now on, before this descriptor
        return made


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
        for name in _Repository.NAMES:  # a unit of work entered again starts with none of the last one's
            self.__dict__.pop(name, None)
        return self

    people = _Repository(lambda uow: PeopleRepository(uow.session))
    kitchens = _Repository(lambda uow: KitchenRepository(uow.session))
    orders = _Repository(lambda uow: OrderRepository(uow.session))
    outbox = _Repository(lambda uow: Outbox(uow.session, uow.later, uow.clock))
    inbox = _Repository(lambda uow: Inbox(uow.session, uow.clock))
    sent = _Repository(lambda uow: SentMessages(uow.session))
    photos = _Repository(lambda uow: Photos(uow.session))
    faces = _Repository(lambda uow: SeekerFaces(uow.session))
    safety = _Repository(lambda uow: SafetyRecords(uow.session))
    consents = _Repository(lambda uow: ConsentLog(uow.session))
    privacy = _Repository(lambda uow: PersonalData(uow.session, uow._privacy, before_reading_messages=uow.outbox.flush))
    media_releases = _Repository(lambda uow: MediaReleases(uow.session))
    retention = _Repository(lambda uow: Retention(uow.session))
    channels = _Repository(lambda uow: ChannelContacts(uow.session))
    templates = _Repository(lambda uow: Templates(uow.session))
    staff = _Repository(lambda uow: StaffRepository(uow.session))
    tokens = _Repository(lambda uow: ApiTokens(uow.session))
    audit = _Repository(lambda uow: AuditLog(uow.session, uow.clock))
    kitchen_stats = _Repository(lambda uow: KitchenStats(uow.session))
    order_search = _Repository(lambda uow: OrderSearch(uow.session))
    attention = _Repository(lambda uow: Attention(uow.session))
    numbers = _Repository(lambda uow: Numbers(uow.session))
    ledger = _Repository(lambda uow: Ledger(uow.session))
    credits = _Repository(lambda uow: CreditRepository(uow.session))
    pledges = _Repository(lambda uow: PledgeRepository(uow.session))
    campaigns = _Repository(lambda uow: CampaignRepository(uow.session))
    giving_search = _Repository(lambda uow: GivingSearch(uow.session))

    def __exit__(self, *exc_info: object) -> None:
        self.session.rollback()
        self.session.close()

    def later(self, job: Job, *args: object, delay: timedelta | None = None) -> None:
        """Enqueues the job once the unit of work commits; `delay` after that, if given."""
        self._after_commit.append((job, args, delay))

    def commit(self) -> None:
        if "outbox" in self.__dict__:  # made on first use: a unit of work that said nothing has nothing held
            self.outbox.flush()
        self.session.commit()
        jobs, self._after_commit = self._after_commit, []
        # Enqueued only now, so a worker never picks up a job for a row it cannot see yet.
        # If Redis is down the rows are still stored; the sweepers enqueue what was left behind.
        for job, args, delay in jobs:
            self._enqueue(job, args, delay)

    def rollback(self) -> None:
        self.session.rollback()
        if "outbox" in self.__dict__:
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
