"""Repositories over one SQLAlchemy session. The flows see them through `flows.ports`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from domain.capacity import CapacityReason, reserved_change
from domain.channels import MessageKind
from domain.combining import INTERIM_HOLD, Text, combine
from domain.duplicates import DuplicateMatch, DuplicatePolicy
from domain.geo import Point
from domain.jobs import Job
from domain.kitchens import SEARCH_RADIUS_M, Kitchen, KitchenOffer
from domain.orders import (
    DELIVERED_OK,
    DELIVERY_FAILED,
    ENDED_UNFED,
    KITCHEN_ACTIVE,
    Funding,
    NoFreeReference,
    Order,
    OrderStatus,
)
from domain.people import Person
from domain.safety import DeliveryHistory
from models import tables

HISTORY_RADIUS_M = 500

# Without a face, an earlier meal is one a kitchen was asked to cook (and that did not end unfed)
# near the same spot and recently; the newest is named. One GiST index covers place and time.
RECENT_MEAL_QUERY = text(
    """
    SELECT o.reference,
           o.status = ANY(:delivered) AS delivered,
           earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(o.lat, o.lng)) AS metres,
           o.created_at
    FROM orders o
    WHERE earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(o.lat, o.lng)
      AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(o.lat, o.lng)) <= :radius
      AND o.created_at >= :since
      AND o.id <> :order_id
      AND o.kitchen_id IS NOT NULL
      AND NOT o.status = ANY(:unfed)
    ORDER BY o.created_at DESC
    LIMIT 1
    """
)
SEND_JOB_LOST_AFTER = timedelta(minutes=1)
REFERENCE_INDEX = "orders_reference_key"


def values(statuses: frozenset[OrderStatus]) -> list[str]:
    """A set of statuses as a bound parameter: `status = ANY(:statuses)`."""
    return sorted(status.value for status in statuses)


# reserved < capacity is re-checked on the row's newest version when another donor updated it first,
# so the count never passes the capacity; the log row exists only when the count moved.
_TAKE_MEAL = text(
    """
    WITH taken AS (
        UPDATE kitchen_days SET reserved = reserved + 1
        WHERE kitchen_id = :kitchen AND day = :day AND reserved < capacity
        RETURNING kitchen_id, day
    )
    INSERT INTO capacity_log (kitchen_id, day, order_id, change, reason)
    SELECT kitchen_id, day, CAST(:order AS bigint), CAST(:change AS integer), CAST(:reason AS varchar)
    FROM taken
    RETURNING id
    """
)


@cache
def _kitchen_by_id() -> Select:
    """Built once, on first use: the domain classes are mapped when the first session factory is made."""
    return select(Kitchen).where(tables.kitchens.c.id == bindparam("id"))


class PeopleRepository:
    def __init__(self, session: Session):
        self.session = session

    def by_address(self, address: str) -> Person | None:
        return self.session.scalars(select(Person).where(tables.people.c.address == address)).first()

    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def add(self, person: Person) -> Person:
        self.session.add(person)
        self.session.flush()
        return person


class KitchenRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, kitchen_id: int) -> Kitchen | None:
        """The kitchen this unit of work holds already, else one SELECT built once: `session.get` builds
        and keys its SELECT anew each time, a third of the load's CPU, and a donor's order loads its kitchen."""
        if identity_key(Kitchen, kitchen_id) in self.session.identity_map:
            return self.session.get(Kitchen, kitchen_id)
        return self.session.scalars(_kitchen_by_id(), {"id": kitchen_id}).one_or_none()

    def for_person(self, person_id: int) -> Kitchen | None:
        return self.session.scalars(select(Kitchen).where(tables.kitchens.c.person_id == person_id)).first()

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(tables.kitchens))

    def all(self) -> list[Kitchen]:
        return list(self.session.scalars(select(Kitchen).order_by(tables.kitchens.c.id)))

    def add(self, kitchen: Kitchen) -> Kitchen:
        self.session.add(kitchen)
        self.session.flush()
        return kitchen

    def near(self, point: Point, day: date) -> list[KitchenOffer]:
        """Verified kitchens within the search radius, through the earthdistance GiST index."""
        rows = self.session.execute(
            text(
                """
                SELECT k.id,
                       earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(k.lat, k.lng)) AS metres,
                       COALESCE(d.capacity, k.daily_capacity) - COALESCE(d.reserved, 0) AS meals_left
                FROM kitchens k
                LEFT JOIN kitchen_days d ON d.kitchen_id = k.id AND d.day = :day
                WHERE k.status = 'verified' AND k.paused_at IS NULL
                  AND earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(k.lat, k.lng)
                  AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(k.lat, k.lng)) <= :radius
                ORDER BY metres
                LIMIT 50
                """
            ),
            {"lat": point.lat, "lng": point.lng, "day": day, "radius": SEARCH_RADIUS_M},
        ).all()
        return [KitchenOffer(self.get(row.id), row.metres, row.meals_left) for row in rows]

    def _ensure_day(self, kitchen_id: int, day: date) -> None:
        """A day's row starts from the kitchen's pledged capacity the first time it is touched."""
        self.session.execute(
            text(
                """
                INSERT INTO kitchen_days (kitchen_id, day, capacity, reserved)
                SELECT id, :day, daily_capacity, 0 FROM kitchens WHERE id = :kitchen
                ON CONFLICT DO NOTHING
                """
            ),
            {"kitchen": kitchen_id, "day": day},
        )

    def _log(self, kitchen_id: int, day: date, order_id: int | None, reason: CapacityReason) -> None:
        self.session.execute(
            insert(tables.capacity_log).values(
                kitchen_id=kitchen_id, day=day, order_id=order_id, change=reserved_change(reason), reason=reason.value
            )
        )

    def reserve_meal(self, kitchen: Kitchen, day: date, order_id: int) -> bool:
        """Takes one meal if one is left. The guarded UPDATE is what stops two donors getting the last one.

        The day's row is made only when the UPDATE finds none (the day's first reservation), not
        before every one: on a busy kitchen that INSERT would wait behind each holder of the row.
        """
        if self._take_meal(kitchen.id, day, order_id):
            return True
        self._ensure_day(kitchen.id, day)  # a new statement: it sees a row another donor just made
        return self._take_meal(kitchen.id, day, order_id)

    def _take_meal(self, kitchen_id: int, day: date, order_id: int | None) -> bool:
        """The guarded UPDATE and its log entry in one statement: the row is held for one round trip less."""
        reason = CapacityReason.RESERVED
        taken = self.session.execute(
            _TAKE_MEAL,
            {"kitchen": kitchen_id, "day": day, "order": order_id, "change": reserved_change(reason), "reason": reason},
        )
        return taken.first() is not None

    def release_meal(self, kitchen_id: int, day: date, order_id: int, reason: CapacityReason) -> None:
        days = tables.kitchen_days.c
        released = self.session.execute(
            update(tables.kitchen_days)
            .where(days.kitchen_id == kitchen_id, days.day == day, days.reserved > 0)
            .values(reserved=days.reserved - 1)
            .returning(days.reserved)
        ).first()
        if released is not None:
            self._log(kitchen_id, day, order_id, reason)

    def set_capacity(self, kitchen: Kitchen, meals: int, day: date) -> None:
        """The new pledge counts from today: today's row takes it too."""
        kitchen.daily_capacity = meals
        self.session.flush()
        self._ensure_day(kitchen.id, day)
        days = tables.kitchen_days.c
        self.session.execute(
            update(tables.kitchen_days).where(days.kitchen_id == kitchen.id, days.day == day).values(capacity=meals)
        )

    def add_rating(self, kitchen_id: int, stars: int) -> None:
        """Added in SQL: two donors rating at once must not both read the old total and lose a rating."""
        kitchens = tables.kitchens.c
        self.session.execute(
            update(tables.kitchens)
            .where(kitchens.id == kitchen_id)
            .values(rating_total=kitchens.rating_total + stars, rating_count=kitchens.rating_count + 1)
        )

    def meals_left(self, kitchen: Kitchen, day: date) -> int:
        days = tables.kitchen_days.c
        row = self.session.execute(
            select(days.capacity, days.reserved).where(days.kitchen_id == kitchen.id, days.day == day)
        ).first()
        if row is None:
            return kitchen.daily_capacity
        return max(0, row.capacity - row.reserved)


class OrderRepository:
    """Orders are loaded FOR UPDATE: whoever moves an order holds its row until commit."""

    def __init__(self, session: Session):
        self.session = session

    def add(self, order: Order) -> Order:
        self.session.add(order)
        self.session.flush()
        return order

    def add_numbered(self, order: Order, references: Iterator[str]) -> Order:
        """Two donors may draw the same reference at once: the unique index decides, and the loser's
        savepoint lets it try the next reference without losing the rest of its transaction."""
        for reference in references:
            order.reference = reference
            try:
                with self.session.begin_nested():
                    self.session.add(order)
            except IntegrityError as error:
                if getattr(error.orig.diag, "constraint_name", None) != REFERENCE_INDEX:
                    raise
                continue
            return order
        raise NoFreeReference("every reference tried was taken")

    def get(self, order_id: int) -> Order | None:
        return self.session.get(Order, order_id, with_for_update=True, populate_existing=True)

    def by_reference(self, reference: str) -> Order | None:
        query = select(Order).where(tables.orders.c.reference == reference.upper()).with_for_update()
        return self.session.scalars(query.execution_options(populate_existing=True)).first()

    def donor_id_of(self, order_id: int) -> int | None:
        """Without locking the row, for jobs that must take the donor's lock first."""
        return self.session.scalar(select(tables.orders.c.donor_id).where(tables.orders.c.id == order_id))

    def reference_of(self, order_id: int) -> str | None:
        return self.session.scalar(select(tables.orders.c.reference).where(tables.orders.c.id == order_id))

    def among(self, order_ids: list[int]) -> list[Order]:
        """These orders, unlocked: for reading, not moving them."""
        if not order_ids:
            return []
        query = select(Order).where(tables.orders.c.id.in_(order_ids)).order_by(tables.orders.c.id)
        return list(self.session.scalars(query))

    def for_donor(self, donor_id: int, limit: int = 5) -> list[Order]:
        query = (
            select(Order)
            .where(tables.orders.c.donor_id == donor_id)
            .order_by(tables.orders.c.created_at.desc(), tables.orders.c.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def open_for_kitchen(self, kitchen_id: int) -> list[Order]:
        query = (
            select(Order)
            .where(tables.orders.c.kitchen_id == kitchen_id, tables.orders.c.status.in_(values(KITCHEN_ACTIVE)))
            .order_by(tables.orders.c.id)
            .with_for_update()
        )
        return list(self.session.scalars(query.execution_options(populate_existing=True)))

    def awaiting_kitchen_since(self, cutoff: datetime) -> list[int]:
        orders = tables.orders.c
        query = select(orders.id).where(
            orders.status == OrderStatus.VENDOR_SELECTION.value,
            orders.kitchen_id.is_not(None),
            orders.kitchen_asked_at <= cutoff,
        )
        return list(self.session.scalars(query))

    def waiting_for_kitchen(self) -> list[int]:
        """Orders waiting for a kitchen to free up, longest waiting first: the first freed meal is theirs."""
        orders = tables.orders.c
        query = select(orders.id).where(orders.status == OrderStatus.WAITING_FOR_KITCHEN.value)
        return list(self.session.scalars(query.order_by(orders.updated_at, orders.id)))

    def unassessed_since(self, cutoff: datetime) -> list[int]:
        """Orders waiting for a safety check that should have ended by now: its job was lost."""
        orders = tables.orders.c
        query = select(orders.id).where(
            orders.status == OrderStatus.SAFETY_CHECK.value, orders.safety_passed.is_(None), orders.updated_at < cutoff
        )
        return list(self.session.scalars(query.order_by(orders.id)))

    def awaiting_payment_since(self, cutoff: datetime, funding: Funding = Funding.DONOR) -> list[int]:
        """Orders whose payer (the donor, or a pledger) got the UPI link before `cutoff` and has neither paid
        nor said so."""
        orders = tables.orders.c
        query = select(orders.id).where(
            orders.status == OrderStatus.PAYMENT_REDIRECT.value,
            orders.funding == funding.value,
            orders.donor_paid_at.is_(None),
            orders.payment_asked_at <= cutoff,
        )
        return list(self.session.scalars(query))

    def paid_claims_unconfirmed_since(self, cutoff: datetime) -> list[int]:
        orders = tables.orders.c
        query = select(orders.id).where(
            orders.status == OrderStatus.PAYMENT_REDIRECT.value,
            orders.donor_paid_at <= cutoff,
            orders.flagged_at.is_(None),
        )
        return list(self.session.scalars(query))

    def flagged(self) -> list[Order]:
        """Orders handed to an admin that are still waiting for the kitchen's word."""
        orders = tables.orders.c
        query = (
            select(Order)
            .where(orders.flagged_at.is_not(None), orders.status == OrderStatus.PAYMENT_REDIRECT.value)
            .order_by(orders.flagged_at, orders.id)
        )
        return list(self.session.scalars(query))

    def recent_meal_near(
        self, order_id: int, point: Point, now: datetime, policy: DuplicatePolicy
    ) -> DuplicateMatch | None:
        """A live or delivered order within the duplicate radius and window: the check for orders without a face."""
        row = self.session.execute(
            RECENT_MEAL_QUERY,
            {
                "lat": point.lat,
                "lng": point.lng,
                "radius": policy.radius_m,
                "since": now - policy.window,
                "order_id": order_id,
                "unfed": values(ENDED_UNFED),
                "delivered": values(DELIVERED_OK),
            },
        ).first()
        if row is None:
            return None
        minutes = int((now - row.created_at).total_seconds() // 60)
        return DuplicateMatch(row.reference, round(row.metres), minutes, None, row.delivered)

    def delivery_history(self, point: Point, since: datetime) -> DeliveryHistory:
        row = self.session.execute(
            text(
                """
                SELECT count(*) FILTER (WHERE status = ANY(:delivered)) AS delivered,
                       count(*) FILTER (WHERE status = ANY(:failed)) AS failed
                FROM orders
                WHERE earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(lat, lng)
                  AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(lat, lng)) <= :radius
                  AND created_at >= :since
                """
            ),
            {
                "lat": point.lat,
                "lng": point.lng,
                "radius": HISTORY_RADIUS_M,
                "since": since,
                "delivered": values(DELIVERED_OK),
                "failed": values(DELIVERY_FAILED),
            },
        ).one()
        return DeliveryHistory(delivered=row.delivered, failed=row.failed)


class Outbox:
    """Every reply is a row first; its send job is enqueued only after the commit.

    What a unit of work says is kept until it commits (`flush`), then stored as one row per message
    (domain.combining): a person reads one message where the flows said several. An interim note is
    stored held, its job enqueued for when the hold ends; a message to the same address stored before
    then replaces it.
    """

    def __init__(self, session: Session, later: Callable[..., None], clock: Callable[[], datetime]):
        self.session = session
        self.later = later
        self.clock = clock
        self._texts: list[Text] = []

    def send(
        self,
        to: str,
        body: str,
        media_urls: tuple[str, ...] = (),
        *,
        kind: MessageKind = MessageKind.REPLY,
        variables: dict[str, str] | None = None,
        language: str = "en",
        whole: tuple[str, ...] = (),
        interim: bool = False,
    ) -> None:
        """`to` is the person's own address; the send job picks the channel from the kind and the window."""
        self._texts.append(
            Text(to, body, tuple(media_urls), kind, variables or {}, language, whole=whole, interim=interim)
        )

    def flush(self) -> None:
        """Stores what was said since the last flush, combined; the unit of work flushes before it commits."""
        messages, self._texts = combine(self._texts), []
        now = self.clock()
        for address in dict.fromkeys(message.to for message in messages if not message.interim):
            self._replace_held(address)
        for message in messages:
            held_until = now + INTERIM_HOLD if message.interim else None
            message_id = self.session.execute(
                insert(tables.outbound_messages)
                .values(
                    to_address=message.to,
                    body=message.body,
                    media_urls=list(message.media),
                    kind=message.kind.value,
                    variables=dict(message.variables),
                    language=message.language,
                    created_at=now,
                    held_until=held_until,
                    # When its job should have sent it: a sweeper looks at it then.
                    next_attempt_at=held_until or now + SEND_JOB_LOST_AFTER,
                )
                .returning(tables.outbound_messages.c.id)
            ).scalar_one()
            self.later(Job.SEND_MESSAGE, message_id, delay=INTERIM_HOLD if message.interim else None)

    def discard(self) -> None:
        self._texts = []

    def _replace_held(self, address: str) -> None:
        """An interim note still held for this address is not sent: this message makes it needless."""
        rows = tables.outbound_messages.c
        self.session.execute(
            update(tables.outbound_messages)
            .where(rows.to_address == address, rows.held_until.is_not(None), rows.status == "queued")
            .values(status="replaced", next_attempt_at=None)
        )
