"""Who may fetch media, blurring, key rotation and deleting on request."""

from __future__ import annotations

import dataclasses
import io

from cryptography.fernet import Fernet, MultiFernet
from PIL import Image
from sqlalchemy import func, select

from bot.adapters.faces import FaceModel
from bot.adapters.media import MediaFetcher
from bot.adapters.photo_store import EncryptedPhotoStore, LocalPhotoStore
from bot.web.app import create_app
from flows.messages import MediaProblem
from jobs import photos, runtime
from models import tables
from tests.support.faces import face
from tests.support.media_host import MediaHost
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


def test_keys_rotate_without_losing_a_photo(tmp_path):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    disk = LocalPhotoStore(tmp_path)
    key = EncryptedPhotoStore(disk, MultiFernet([Fernet(old)])).put(b"photo bytes")
    rotating = EncryptedPhotoStore(disk, MultiFernet([Fernet(new), Fernet(old)]))
    rotating.rotate(key)
    assert EncryptedPhotoStore(disk, MultiFernet([Fernet(new)])).get(key) == b"photo bytes"


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
    assert embeddings(services) == 0
    assert runner.invoke(args=["photos", "purge", "QQQQ"]).exit_code != 0
