"""One job per photo: clean it, look for faces, store it encrypted; and the jobs that delete photos."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from PIL.Image import Image

from bot import logs
from bot.adapters import (
    STORED_MAX_SIDE,
    Box,
    ImageProblem,
    blur_faces,
    encode,
    open_checked,
    shrink_in_place,
    watermark,
)
from compose import Services
from domain.duplicates import FaceVerdict, count_faces
from domain.photos import PhotoPurpose
from flows.conversation import Conversation
from flows.donor import resume
from jobs import runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cleaned:
    content: bytes
    verdict: FaceVerdict | None
    embedding: list[float] | None


def clean(
    services: Services, raw: bytes, reference: str, purpose: PhotoPurpose, check_faces: bool = True
) -> Cleaned | None:
    """The slow part, outside any transaction: faces first (on the original), then blur, shrink, mark.

    One decoded image is changed in place from the faces on: no step keeps a full-size copy.
    """
    image = open_checked(raw, services.settings.media_max_bytes)
    if isinstance(image, ImageProblem):
        return None  # checked on arrival already; a photo that fails now is dropped
    verdict, embedding, boxes = None, None, []
    if purpose == PhotoPurpose.SEEKER:
        verdict, embedding, boxes = _look_at_faces(services, image, check_faces)
    if boxes and services.settings.blur_faces:
        blur_faces(image, boxes)  # after the embedding was taken
    stored = shrink_in_place(image, STORED_MAX_SIDE)
    return Cleaned(encode(watermark(stored, f"Ketpaar {reference}")), verdict, embedding)


def _look_at_faces(
    services: Services, image: Image, check_faces: bool
) -> tuple[FaceVerdict, list[float] | None, list[Box]]:
    """The face verdict, the embedding to compare, and the boxes to blur.

    Past the donor's face checks for the hour nothing is compared; faces are still found when
    they are to be blurred, since privacy is not traded for load.
    """
    if not (check_faces or services.settings.blur_faces):
        return FaceVerdict.NOT_CHECKED, None, []
    faces = services.faces.faces(image)
    boxes = [face.box for face in faces]
    if not check_faces:
        return FaceVerdict.NOT_CHECKED, None, boxes
    verdict = count_faces(len(faces))
    return verdict, faces[0].embedding if verdict == FaceVerdict.ONE_FACE else None, boxes


@logs.scoped
def process_photo(photo_id: int, order_id: int, purpose: str) -> None:
    """Cleans a seeker's or a delivery photo, then lets the conversation go on under the donor's lock."""
    services = runtime.services()
    purpose = PhotoPurpose(purpose)
    with services.uow() as uow:
        photo = uow.photos.get(photo_id)
        donor_id = uow.orders.donor_id_of(order_id)
        if photo is None or photo.status != "raw":
            return  # gone, or done by an earlier try of this job
        reference = uow.orders.reference_of(order_id)
    logs.bind_here(order_ref=reference)
    if donor_id is None:  # no such order, or its donor erased their data: nobody will see the photo
        _discard(services, photo_id)
        return
    with services.uow() as uow:
        donor_address = uow.people.get(donor_id).address
    check_faces = purpose == PhotoPurpose.SEEKER and services.flood.face_check(donor_address, photo.created_at)
    cleaned = clean(services, services.photo_store.get(photo.storage_key), reference, purpose, check_faces)
    stored_key = services.photo_store.put(cleaned.content) if cleaned else None
    with services.uow() as uow:
        person = uow.people.get(donor_id)
        if person is not None:  # else the donor erased their data while this job cleaned: the photo went too
            uow.inbox.lock_sender(person.address)  # the donor's messages and this job take turns
        settled = person is not None and _still_raw(uow, photo_id)  # else settled by another try meanwhile
        kept = False
        if settled:
            order = uow.orders.get(order_id)
            convo = runtime.conversation(services, uow, person)
            kept = _settle(convo, order, photo, purpose, cleaned, stored_key)
            uow.commit()
    if settled:
        services.photo_store.delete(photo.storage_key)  # the raw upload, with its metadata, is gone
    if stored_key and not kept:
        services.photo_store.delete(stored_key)


def _still_raw(uow, photo_id: int) -> bool:
    current = uow.photos.get(photo_id)
    return current is not None and current.status == "raw"


def _settle(
    convo: Conversation, order, photo, purpose: PhotoPurpose, cleaned: Cleaned | None, stored_key: str | None
) -> bool:
    """Keeps the cleaned photo if the order still wants it, and tells the conversation; True if kept."""
    uow = convo.uow
    current = order.photo_id if purpose == PhotoPurpose.SEEKER else order.delivery_photo_id
    kept = cleaned is not None and current == photo.id and cleaned.verdict != FaceVerdict.MANY_FACES
    if kept:
        uow.photos.mark_ready(photo.id, purpose, order.id, stored_key, len(cleaned.content))
        if cleaned.embedding is not None:
            uow.faces.store(order.id, cleaned.embedding, photo.created_at)
    else:
        uow.photos.remove(photo.id)
    if purpose == PhotoPurpose.SEEKER:
        resume.photo_processed(convo, order, photo.id, cleaned.verdict if cleaned else None)
    elif current == photo.id:  # the donor hears of the delivery with its photo, or without when it was unusable
        resume.delivery_photo_ready(convo, order, kept)
    return kept


def discard_photo(photo_id: int) -> None:
    _discard(runtime.services(), photo_id)


def _discard(services: Services, photo_id: int) -> None:
    with services.uow() as uow:
        key = uow.photos.remove(photo_id)
        uow.commit()
    if key:
        services.photo_store.delete(key)


def expire_photos() -> int:
    """Photos live 30 days (PHOTO_RETENTION_DAYS): then the file and the row go."""
    services = runtime.services()
    cutoff = services.clock() - timedelta(days=services.settings.photo_retention_days)
    with services.uow() as uow:
        expired = uow.photos.created_before(cutoff)
    for photo_id in expired:
        _discard(services, photo_id)
    return len(expired)


def expire_embeddings() -> int:
    """Embeddings live only as long as the duplicate window needs them (EMBEDDING_RETENTION_HOURS)."""
    services = runtime.services()
    with services.uow() as uow:
        deleted = uow.faces.delete_before(services.clock() - services.settings.duplicate_policy().keep_embeddings)
        uow.commit()
    return deleted


def purge_order(reference: str) -> int | None:
    """An operator deletes an order's photos and face data now; None when there is no such order."""
    services = runtime.services()
    with services.uow() as uow:
        order = uow.orders.by_reference(reference)
        if order is None:
            return None
        photo_ids = uow.photos.of_order(order.id) + [i for i in (order.photo_id, order.delivery_photo_id) if i]
        uow.faces.forget(order.id)
        keys = [key for photo_id in set(photo_ids) if (key := uow.photos.remove(photo_id))]
        uow.commit()
    for key in keys:
        services.photo_store.delete(key)
    return len(keys)


def rotate_photo_key() -> int:
    """Re-encrypts every stored photo with the first of PHOTO_ENCRYPTION_KEY's keys."""
    services = runtime.services()
    with services.uow() as uow:
        keys = uow.photos.storage_keys()
    for key in keys:
        services.photo_store.rotate(key)
    return len(keys)
