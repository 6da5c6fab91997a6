"""The photo pipeline on real images: what is stored, what is served, what is refused, what expires."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from sqlalchemy import func, select

from bot.adapters.faces import FaceModel
from bot.adapters.images import STORED_MAX_BYTES, ImageProblem, open_checked
from jobs import photos
from models import tables
from tests.support.faces import FACES, face
from tests.support.s3 import BOTH_PHOTO_STORES
from tests.support.texts import AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, HELP
from tests.support.whatsapp import SPOT, Phone, onboard

GPS_IFD = 0x8825


def with_gps() -> bytes:
    """A camera-sized JPEG that says where it was taken, stored sideways as phones do."""
    upright = Image.open(io.BytesIO(face("person_a_1.jpg"))).convert("RGB").resize((3200, 4000))
    image = upright.rotate(90, expand=True)  # 4000×3200 on disk
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (13.0, 3.0, 37.0), 3: "E", 4: (80.0, 14.0, 58.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def stored_keys(services) -> list[str]:
    """Every photo the store holds, in the folder or the bucket."""
    return services.photo_store.stored()


def count(services, table) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def seeker_photo(client, services, media) -> tuple[Phone, bytes]:
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    raw = with_gps()
    assert b"PhoneMaker" in raw
    donor.photograph(raw)
    donor.send(pin=SPOT)
    donor.send("1")
    donor.expect([AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS])
    link = Phone(client, services, "+919800000101", media).outbox()[-1]["media_urls"][0]
    return donor, client.get(link.removeprefix(services.settings.public_base_url)).data


def test_the_served_copy_is_upright_small_and_carries_no_metadata(client, services, media, kitchen):
    _, served = seeker_photo(client, services, media)
    image = Image.open(io.BytesIO(served))
    assert image.format == "JPEG"
    assert image.size == (1024, 1280)  # turned upright by its EXIF, then shrunk
    assert len(served) <= STORED_MAX_BYTES
    assert not image.getexif() and GPS_IFD not in image.getexif()
    assert b"PhoneMaker" not in served and b"Exif" not in served
    assert "icc_profile" not in image.info and "exif" not in image.info


@BOTH_PHOTO_STORES
def test_photos_are_encrypted_at_rest_and_the_raw_upload_is_gone(client, services, media, kitchen):
    _, served = seeker_photo(client, services, media)
    keys = stored_keys(services)
    assert len(keys) == 1  # the cleaned copy; the raw upload was deleted
    stored = services.photo_store.inner.get(keys[0])  # the bytes as kept, in the folder or the bucket
    assert not stored.startswith(b"\xff\xd8") and served not in stored
    assert services.photo_store.get(keys[0]) == served


@BOTH_PHOTO_STORES
def test_one_face_leaves_one_embedding_and_the_expiry_jobs_delete_photo_and_embedding(
    client, services, media, kitchen, clock
):
    seeker_photo(client, services, media)
    assert count(services, tables.face_embeddings) == 1
    assert count(services, tables.photos) == 1
    clock.advance(hours=23)
    assert photos.expire_embeddings() == 0
    clock.advance(hours=2)
    assert photos.expire_embeddings() == 1
    assert count(services, tables.face_embeddings) == 0
    clock.advance(days=30)
    assert photos.expire_photos() == 1
    assert count(services, tables.photos) == 0
    assert stored_keys(services) == []


def test_bad_images_are_named_for_what_is_wrong_with_them():
    assert open_checked(face("person_a_1.jpg")[:5000], 16 << 20) == ImageProblem.CORRUPT
    assert open_checked(b"GIF89a" + b"\x00" * 100, 16 << 20) == ImageProblem.CORRUPT
    assert open_checked(face("person_a_1.jpg"), 1000) == ImageProblem.TOO_LARGE
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels in a few kB: a bomb
    assert len(buffer.getvalue()) < 100_000
    assert open_checked(buffer.getvalue(), 16 << 20) == ImageProblem.TOO_MANY_PIXELS
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert open_checked(gif.getvalue(), 16 << 20) == ImageProblem.UNSUPPORTED
    assert open_checked((FACES / "person_a_rgba.png").read_bytes(), 16 << 20).mode == "RGB"


def test_a_bomb_and_a_huge_file_get_clear_replies_and_the_worker_goes_on(client, services, media):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    donor.send(photo=bomb.getvalue(), content_type="image/png")
    donor.expect("That image is far too big to open. Please send a normal photo from your camera.")
    donor.send(photo=b"\xff\xd8" + b"\x00" * (17 * 1024 * 1024), content_type="image/jpeg")
    donor.expect("That photo is too large. Please send a photo under 16 MB.")
    donor.send("HELP")
    donor.expect(HELP)
    assert count(services, tables.photos) == 0


def test_the_face_model_finds_each_face_and_tells_the_same_person_from_another():
    model = FaceModel()

    def faces(name: str) -> list[np.ndarray]:
        image = Image.open(io.BytesIO(face(name))).convert("RGB")
        return [np.array(found.embedding) for found in model.faces(image)]

    (a_1,), (a_2,), (b_1,) = faces("person_a_1.jpg"), faces("person_a_2.jpg"), faces("person_b_1.jpg")
    assert len(a_1) == 128
    assert np.linalg.norm(a_1 - a_2) < 0.6 < np.linalg.norm(a_1 - b_1)  # dlib's same-person distance
    assert len(faces("two_people_a_b.jpg")) == 2
