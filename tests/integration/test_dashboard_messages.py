"""The attention page's messages that did not reach their person, on the real stack: who they went to, as
staff may read it, and one row for one text, sent again once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert

from models import tables
from tests.support.dashboard import ADMIN, add_staff, log_in

outbound = tables.outbound_messages


@pytest.fixture
def admin_client(services, client):
    add_staff(services, ADMIN, "admin")
    assert log_in(client, ADMIN).status_code == 302
    return client


def unsent(services, address: str, body: str, **values: object) -> int:
    with services.engine.begin() as connection:
        return connection.execute(
            insert(outbound)
            .values(to_address=address, body=body, status="not_sent", channel_reason="no SMS sender configured")
            .values(**values)
            .returning(outbound.c.id)
        ).scalar_one()


def listed(page: str, message_id: int) -> str:
    return re.search(rf'<tr data-message="{message_id}".*?</tr>', page, re.S).group(0)


def test_a_donors_number_is_masked_and_a_kitchens_shown_whole_with_its_name(services, admin_client, kitchen):
    to_donor = unsent(services, "whatsapp:+919800000001", "Pay Amma Mess")
    to_sms_donor = unsent(services, "+919800000002", "Your order")
    to_kitchen = unsent(services, "whatsapp:+919800000101", "New meal request")
    page = admin_client.get("/admin/attention").get_data(as_text=True)
    assert "<td>+91•••••••001</td>" in listed(page, to_donor)
    assert "<td>+91•••••••002</td>" in listed(page, to_sms_donor)
    assert "+919800000001" not in page and "+919800000002" not in page
    assert f'<a href="/admin/kitchens/{kitchen.id}">Amma Mess</a> · +919800000101</td>' in listed(page, to_kitchen)
