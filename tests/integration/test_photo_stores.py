"""The two places photos may live, the folder and S3 (moto's server), keep the same promises."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from bot.adapters.photo_store import LocalPhotoStore, PhotoMissing, S3PhotoStore
from bot.settings import Settings
from compose import photo_store
from tests.support.s3 import BOTH_PHOTO_STORES, CREDENTIALS


@pytest.fixture(params=["folder", "s3"])
def store(request, tmp_path, monkeypatch):
    if request.param == "folder":
        return LocalPhotoStore(tmp_path / "photos")
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    server = request.getfixturevalue("s3_server")
    return S3PhotoStore(boto3.client("s3", endpoint_url=server.url), server.new_bucket(), "ketpaar/")


def test_a_photo_is_read_back_replaced_whole_listed_and_deleted(store):
    key = store.put(b"first")
    assert store.get(key) == b"first"
    store.replace(key, b"second")
    assert store.get(key) == b"second"
    other = store.put(b"other")
    assert sorted(store.keys()) == sorted([key, other])
    store.delete(key)
    store.delete(key)  # deleting twice is no error: a purge and the retention job may both try
    assert list(store.keys()) == [other]
    with pytest.raises(PhotoMissing):
        store.get(key)


def test_a_key_that_is_not_ours_is_refused_before_it_reaches_a_path_or_an_object_name(store):
    for bad in ("../secrets", "ab/cd", ""):
        with pytest.raises(ValueError):
            store.get(bad)


@BOTH_PHOTO_STORES
def test_photo_store_s3_keeps_photos_in_the_bucket_under_its_prefix_and_none_on_disk(services, s3_server):
    key = services.photo_store.put(b"a seeker's photo")
    assert services.photo_store.get(key) == b"a seeker's photo"
    on_disk = [path.name for path in Path(services.settings.photo_dir).rglob("*") if path.is_file()]
    if not services.settings.photo_store:
        assert on_disk == [key]
        return
    bucket, prefix = services.settings.s3_photos()
    listed = s3_server.client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [found["Key"] for found in listed] == [f"{prefix}{key[:2]}/{key}"] and on_disk == []
    raw = s3_server.client.get_object(Bucket=bucket, Key=listed[0]["Key"])["Body"].read()
    assert b"seeker" not in raw  # encrypted before it left the process


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), ("s3://photos", ("photos", "")), ("s3://photos/ketpaar/prod/", ("photos", "ketpaar/prod/"))],
)
def test_photo_store_names_a_bucket_and_a_prefix(value, expected):
    assert Settings(photo_store=value).s3_photos() == expected


@pytest.mark.parametrize("value", ["/srv/photos", "s3://", "gs://photos/x", "s3://photos/x?region=ap-south-1"])
def test_any_other_photo_store_is_refused_in_one_line(value):
    with pytest.raises(SystemExit) as refused:
        photo_store(Settings(photo_store=value))
    assert str(refused.value) == f"PHOTO_STORE must be s3://bucket/prefix, or unset for PHOTO_DIR, not {value}"
