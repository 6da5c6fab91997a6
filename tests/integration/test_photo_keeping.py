"""Who may fetch media, blurring, key rotation and deleting on request."""

from __future__ import annotations

import dataclasses
import io

from cryptography.fernet import Fernet, MultiFernet
from PIL import Image
from sqlalchemy import func, select

from bot.adapters.faces import FaceModel
from bot.adapters.media import MediaFetcher
from bot.adapters.photo_store import EncryptedPhotoStore
from bot.web.app import create_app
from compose import build_services
from flows.messages import MediaProblem
from jobs import photos, runtime
from models import tables
from tests.support.faces import face
from tests.support.media_host import MediaHost
from tests.support.s3 import BOTH_PHOTO_STORES
from tests.support.texts import AMMA_MESS_FROM_SPOT
from tests.support.whatsapp import SPOT, Phone, onboard


def embeddings(services) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(tables.face_embeddings))


def test_twilio_credentials_go_only_to_the_allowed_host_asked(media):
    fetcher = MediaFetcher(("127.0.0.1",), 1 << 20, auth=("AC123", "token"))
    url = media.serve("m1", "image/jpeg", face("person_a_1.jpg"))
    fetched = fetcher.fetch(url, "image/jpeg")
    assert fetched.content == face("person_a_1.jpg")
    assert media.requests[-1][1].startswith("Basic ")
    assert fetcher.fetch(url.replace("127.0.0.1", "localhost"), "image/jpeg") == MediaProblem.UNREADABLE
    assert fetcher.fetch(url, "application/pdf") == MediaProblem.NOT_AN_IMAGE
    with MediaHost() as other:
        served = other.serve("x", "text/html", b"<html>")
        assert fetcher.fetch(served, "image/jpeg") == MediaProblem.NOT_AN_IMAGE  # the host's own type counts


def test_blurring_happens_after_the_embedding_is_taken(services):
    services.settings = dataclasses.replace(services.settings, blur_faces=True)
    runtime.use(services)
    cleaned = photos.clean(services, face("person_b_1.jpg"), "K7QX", "seeker")
    assert cleaned.verdict == "one_face" and len(cleaned.embedding) == 128
    stored = Image.open(io.BytesIO(cleaned.content)).convert("RGB")
    assert FaceModel().faces(stored) == []  # nobody can be recognised in the stored copy


@BOTH_PHOTO_STORES
def test_keys_rotate_without_losing_a_photo(services):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    stored = services.photo_store.inner  # the folder or the bucket, as PHOTO_STORE says
    key = EncryptedPhotoStore(stored, MultiFernet([Fernet(old)])).put(b"photo bytes")
    rotating = EncryptedPhotoStore(stored, MultiFernet([Fernet(new), Fernet(old)]))
    rotating.rotate(key)
    assert EncryptedPhotoStore(stored, MultiFernet([Fernet(new)])).get(key) == b"photo bytes"


@BOTH_PHOTO_STORES
def test_photos_rotate_key_re_encrypts_every_photo_an_order_keeps(services, client, media, kitchen):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    under_old = dataclasses.replace(services.settings, photo_encryption_keys=(old,))
    first = build_services(under_old, clock=services.clock)
    runtime.use(first)
    donor = Phone(client, first, "+919800000001", media)
    onboard(donor)
    donor.photograph(face("person_a_1.jpg"))
    [key] = first.photo_store.stored()
    rotated = build_services(dataclasses.replace(under_old, photo_encryption_keys=(new, old)), clock=services.clock)
    result = create_app(rotated).test_cli_runner().invoke(args=["photos", "rotate-key"])
    assert result.exit_code == 0 and result.output == "re-encrypted 1 photo(s)\n"
    only_new = EncryptedPhotoStore(rotated.photo_store.inner, MultiFernet([Fernet(new)]))
    assert Image.open(io.BytesIO(only_new.get(key))).format == "JPEG"
    for built in (first, rotated):
        built.engine.dispose()


@BOTH_PHOTO_STORES
def test_an_operator_can_purge_an_orders_photos_and_face_now(services, client, media, kitchen):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    reference = donor.photograph(face("person_a_1.jpg"))
    donor.send(pin=SPOT)
    donor.expect([AMMA_MESS_FROM_SPOT])
    assert embeddings(services) == 1
    runner = create_app(services).test_cli_runner()
    result = runner.invoke(args=["photos", "purge", reference])
    assert result.exit_code == 0 and "deleted 1 photo" in result.output
    with services.uow() as uow:
        assert uow.photos.storage_keys() == []
    assert services.photo_store.stored() == []  # the bytes too
    assert embeddings(services) == 0
    assert runner.invoke(args=["photos", "purge", "QQQQ"]).exit_code != 0
