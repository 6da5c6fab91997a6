"""The daily retention job, and the privacy report that proves it: for every kind of data, how many
rows are past their retention. After the job, every count is 0."""

from __future__ import annotations

import logging
from datetime import datetime

from compose import Services
from domain.capacity import CapacityReason
from domain.orders import CANCELLABLE
from domain.orders import OrderStatus as S
from domain.privacy import anonymise_order
from domain.retention import DataKind, RetentionPolicy
from jobs import photos, runtime, twilio_media
from models.uow import SqlUnitOfWork

log = logging.getLogger(__name__)

DELETED = (DataKind.INBOUND_MESSAGES, DataKind.OUTBOUND_MESSAGES, DataKind.FACE_DATA, DataKind.FACE_CHECKS)
BLURRED = (DataKind.EXACT_PLACES, DataKind.ASSESSMENT_PLACES)
IN_SQL = (*DELETED, *BLURRED, DataKind.OLD_ORDERS, DataKind.PHOTOS, DataKind.DESCRIPTIONS, DataKind.UNUSED_PHOTOS)


def cutoffs(policy: RetentionPolicy, now: datetime) -> dict[DataKind, datetime]:
    """Rows older than these are past their retention (for places: orders that ended before)."""
    spans = {
        DataKind.INBOUND_MESSAGES: policy.messages,
        DataKind.OUTBOUND_MESSAGES: policy.messages,
        DataKind.EXACT_PLACES: policy.exact_places,
        DataKind.ASSESSMENT_PLACES: policy.exact_places,
        DataKind.OLD_ORDERS: policy.orders,
        DataKind.PHOTOS: policy.photos,
        DataKind.DESCRIPTIONS: policy.photos,
        DataKind.UNUSED_PHOTOS: policy.unused_photos,
        DataKind.FACE_DATA: policy.face_data,
        DataKind.FACE_CHECKS: policy.face_data,
        DataKind.STRAY_PHOTOS: policy.stray_photos,
    }
    return {kind: now - span for kind, span in spans.items()}


def privacy_report() -> dict[str, dict]:
    """Per kind of data: its rule, and how many rows are past it now."""
    services = runtime.services()
    policy = services.settings.retention_policy()
    limits = cutoffs(policy, services.clock())
    with services.uow() as uow:
        past = {kind: uow.retention.past(kind, limits[kind]) for kind in IN_SQL}
        past[DataKind.TWILIO_MEDIA] = twilio_media.collect(services, uow, dry=True) + len(uow.media_releases.due())
        past[DataKind.ERASED_FAREWELLS] = uow.privacy.sent_farewells()
        past[DataKind.STRAY_PHOTOS] = len(stray_photos(services, uow, limits[DataKind.STRAY_PHOTOS]))
    keep = policy.keep()
    return {kind.value: {"keep": keep[kind], "past_retention": past[kind]} for kind in DataKind}


def apply_retention() -> dict[str, int]:
    """Deletes, blurs or anonymises everything past its retention; returns how many rows of each kind."""
    services = runtime.services()
    now = services.clock()
    limits = cutoffs(services.settings.retention_policy(), now)
    # Twilio's copies first: a message row must not go before the copies it points to are released.
    done = {DataKind.TWILIO_MEDIA: twilio_media.release_twilio_media()}
    with services.uow() as uow:
        done[DataKind.ERASED_FAREWELLS] = uow.privacy.forget_sent_farewells()
        done |= {kind: uow.retention.delete_past(kind, limits[kind]) for kind in DELETED}
        done |= {kind: uow.retention.blur_places(kind, limits[kind]) for kind in BLURRED}
        done[DataKind.DESCRIPTIONS] = uow.retention.empty_descriptions(limits[DataKind.DESCRIPTIONS])
        done[DataKind.OLD_ORDERS] = anonymise_old_orders(uow, limits[DataKind.OLD_ORDERS], now)
        old = uow.retention.ids_past(DataKind.PHOTOS, limits[DataKind.PHOTOS])
        unused = uow.retention.ids_past(DataKind.UNUSED_PHOTOS, limits[DataKind.UNUSED_PHOTOS])
        uow.commit()
    for photo_id in sorted(set(old + unused)):
        photos.discard_photo(photo_id)  # the row, then the file
    done |= {DataKind.PHOTOS: len(set(old) - set(unused)), DataKind.UNUSED_PHOTOS: len(unused)}
    done[DataKind.STRAY_PHOTOS] = delete_stray_photos()
    log.info("retention applied: %s", {kind.value: count for kind, count in done.items() if count})
    return {kind.value: count for kind, count in done.items()}


def delete_stray_photos() -> int:
    """Every hour (and in the daily job): photo files no row points to, an hour after they were written."""
    services = runtime.services()
    cutoff = services.clock() - services.settings.retention_policy().stray_photos
    with services.uow() as uow:
        strays = stray_photos(services, uow, cutoff)
    for key in strays:
        services.photo_store.delete(key)
    return len(strays)


def stray_photos(services: Services, uow: SqlUnitOfWork, cutoff: datetime) -> list[str]:
    """Photo files written before `cutoff` that no row points to: left by a job stopped between storing a
    photo and recording it, or between recording its cleaned copy and deleting the upload."""
    return uow.photos.unrecorded(services.photo_store.stored_before(cutoff))


def anonymise_old_orders(uow: SqlUnitOfWork, cutoff: datetime, now: datetime) -> int:
    """Orders past their retention keep their accounts and nothing of anyone; one still waiting is closed."""
    orders = uow.retention.orders_to_anonymise(cutoff)
    for order in orders:
        if order.is_open and order.state in CANCELLABLE:
            if order.holds_meal:
                uow.kitchens.release_meal(order.kitchen_id, order.meal_day, order.id, CapacityReason.CANCELLED)
            order.move_to(S.CANCELLED, now, "closed: older than its retention")
        uow.faces.forget(order.id)
        anonymise_order(order)
    return len(orders)
