"""Fixtures the end-to-end tests share: the app, a media host, a verified kitchen."""

from __future__ import annotations

import pytest

from bot.app import create_app
from flows import admin
from tests.support.media_host import MediaHost


@pytest.fixture
def media():
    with MediaHost() as host:
        yield host


@pytest.fixture
def client(services):
    return create_app(services).test_client()


@pytest.fixture
def kitchen(services):
    new = admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 5, 60, "ammamess@okaxis", True)
    with services.uow() as uow:
        return admin.add_kitchen(uow, new, services.clock())
