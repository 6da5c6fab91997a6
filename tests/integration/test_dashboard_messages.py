"""The attention page's messages that did not reach their person, on the real stack: who they went to, as
staff may read it, and one row for one text, sent again once."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import insert, select, text

from bot.web.app import create_app
from domain.attention import NotAgain
from domain.staff import Actor
from flows.admin import AdminError
from flows.attention import NOT_AGAIN, retry_message
from jobs.outbound import send_message
from models import tables
from tests.support.dashboard import ADMIN, add_staff, csrf_token, log_in, post
from tests.support.outbound import DONOR, queue_reply, row
from tests.support.processes import wait_for
from tests.support.twilio_answers import TwilioAnswers
from tests.support.whatsapp import run_jobs, signature

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
            .values({"status": "not_sent", "channel_reason": "no SMS sender configured", **values})
            .values(to_address=address, body=body)
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


@pytest.fixture
def twilio(twilio_stack):
    """Services whose Twilio client answers every message as created, SMS only when given a number to send from;
    with an admin's dashboard."""

    def build(sms_from: str = ""):
        http = TwilioAnswers()
        services = twilio_stack(http, twilio_sms_from=sms_from)
        client = create_app(services).test_client()
        add_staff(services, ADMIN, "admin")
        assert log_in(client, ADMIN).status_code == 302
        return services, http, client

    return build


def refused_after_the_send(services, client) -> int:
    """A reply sent by WhatsApp, which Twilio's status callback then reports undelivered with 63016."""
    message_id = queue_reply(services)
    send_message(message_id)
    sid = row(services, message_id).twilio_sid
    params = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "63016", "To": DONOR}
    headers = {"X-Twilio-Signature": signature(services, "/twilio/status", params)}
    assert client.post("/twilio/status", data=params, headers=headers).status_code == 204
    return message_id


def copy_of(services, message_id: int) -> int:
    with services.engine.connect() as connection:
        return connection.scalar(select(outbound.c.id).where(outbound.c.fallback_of == message_id))


def attention(client) -> str:
    return client.get("/admin/attention").get_data(as_text=True)


def shown(page: str) -> list[str]:
    return re.findall(r'<tr data-message="(\d+)"', page)


def test_a_text_whatsapp_refused_and_sms_could_not_carry_is_listed_once_as_its_copy_and_only_it_sent_again(twilio):
    services, http, client = twilio()
    original = refused_after_the_send(services, client)
    stale = attention(client)  # before the send job made the copy: the original, with its button
    assert shown(stale) == [str(original)] and "Send again" in listed(stale, original)
    run_jobs(services)
    copy = copy_of(services, original)

    page = attention(client)
    assert "Messages that could not be sent (1)" in page and shown(page) == [str(copy)]
    assert "WhatsApp refused it; no SMS sender configured" in listed(page, copy)
    assert "<td>+91•••••••001</td>" in listed(page, copy) and page.count("Send again") == 1

    crafted = client.post(f"/admin/attention/messages/{original}/retry", data={"csrf_token": csrf_token(stale)})
    assert crafted.status_code == 302
    assert "a copy was made to go by SMS: send the copy again, not this one" in attention(client)
    assert post(client, "/admin/attention", f"/admin/attention/messages/{copy}/retry").status_code == 302
    run_jobs(services)  # its channel chosen afresh: the donor's window is open, so WhatsApp may carry it now
    assert (row(services, copy).status, row(services, copy).channel) == ("sent", "whatsapp")
    assert len(http.posted_to(DONOR)) == 2 and row(services, original).status == "undelivered"
    assert "Messages that could not be sent (0)" in attention(client)
    assert [entry.target for entry in audit(services)] == [f"message {copy}"]


def test_a_text_whatsapp_refused_and_then_sent_by_sms_is_not_listed(twilio):
    services, http, client = twilio(sms_from="+15005550006")
    original = refused_after_the_send(services, client)
    run_jobs(services)
    assert row(services, copy_of(services, original)).status == "sent"
    assert [request["data"]["To"] for request in http.requests] == [DONOR, "+919800000001"]
    assert "Messages that could not be sent (0)" in attention(client)


def test_two_admins_sending_the_same_message_again_at_once_send_it_once(services):
    message_id = unsent(services, "whatsapp:+919800000001", "Pay Amma Mess", kind="upi_link")
    results = pressed_together(services, message_id, message_id)
    assert sorted(results) == ["done", f"message {message_id} has not failed"]
    run_jobs(services)
    assert (row(services, message_id).status, row(services, message_id).attempts) == ("stored", 1)
    assert [entry.target for entry in audit(services)] == [f"message {message_id}"]


def test_a_copy_made_while_an_admin_sends_the_original_again_wins(services):
    original = unsent(services, DONOR, "Pay Amma Mess", status="undelivered", channel="whatsapp", error="63016")
    with services.uow() as settling:  # as the send job settles a reported refusal: the copy, under the row's lock
        settling.sent.add_fallback(settling.sent.lock(original), services.clock())
        results: list[str] = []
        pressing = threading.Thread(target=press, args=(services, original, results))
        pressing.start()
        waiting_on_locks(services, 1)
        settling.commit()
    pressing.join()
    assert results == [NOT_AGAIN[NotAgain.COPIED]]
    assert row(services, original).status == "undelivered" and audit(services) == []


def press(services, message_id: int, results: list[str]) -> None:
    """An admin's "Send again", in a unit of work of its own."""
    with services.uow() as uow:
        try:
            retry_message(uow, message_id, Actor("staff:1", "dashboard"), services.clock())
        except AdminError as error:
            results.append(str(error))
        else:
            results.append("done")


def pressed_together(services, *message_ids: int) -> list[str]:
    """Each press waits on a lock held until all of them wait, so that they meet."""
    results: list[str] = []
    with services.uow() as holder:
        holder.sent.lock(message_ids[0])
        threads = [threading.Thread(target=press, args=(services, m, results)) for m in message_ids]
        for thread in threads:
            thread.start()
        waiting_on_locks(services, len(threads))
    for thread in threads:
        thread.join()
    return results


def waiting_on_locks(services, count: int) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )

    def enough() -> bool:
        with services.engine.connect() as connection:
            return connection.scalar(waiting) >= count

    wait_for(enough, timeout_s=10, what=f"{count} units of work waiting on a lock")


def audit(services) -> list:
    with services.engine.connect() as connection:
        rows = connection.execute(select(tables.audit_log).where(tables.audit_log.c.action == "message.retry"))
        return list(rows)
