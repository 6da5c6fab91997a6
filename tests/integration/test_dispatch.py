"""The dispatcher: woken by PostgreSQL when the webhook stores a message, it enqueues that message's job."""

from __future__ import annotations

import threading
import time

from jobs import dispatch
from tests.support.whatsapp import Phone

DONOR = "+919800000001"


def wait_for(condition, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_stored_message_is_enqueued_by_the_listening_dispatcher(services, client, monkeypatch):
    monkeypatch.setattr(dispatch, "LOOK_AGAIN_S", 600.0)  # only a notification can wake it in time
    before = Phone(client, services, "+919800000009")
    before.post(Body="stored before the dispatcher started")
    stopping = threading.Event()
    leader = threading.Thread(target=dispatch.run, args=(services, stopping), daemon=True)
    leader.start()
    try:
        assert wait_for(lambda: services.queue.count == 1)  # what was waiting, on start
        Phone(client, services, DONOR).post(Body="hi")
        assert wait_for(lambda: services.queue.count == 2)  # woken by the INSERT's NOTIFY
    finally:
        stopping.set()
        with services.engine.connect() as connection:  # a notification ends the wait at once
            connection.exec_driver_sql(f"NOTIFY {dispatch.CHANNEL}")
            connection.commit()
        leader.join(10)
    assert not leader.is_alive()


def leader_lock_free(services) -> bool:
    """No other dispatcher (a `make run` an earlier test stopped, still shutting down) holds the lead."""
    query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    with services.engine.connect() as connection:
        return connection.exec_driver_sql(query).scalar() == 0


def test_one_dispatcher_leads_and_another_takes_over_when_it_dies(services):
    assert wait_for(lambda: leader_lock_free(services))
    first, second = (services.engine.raw_connection() for _ in range(2))
    try:
        first.driver_connection.autocommit = second.driver_connection.autocommit = True
        assert not dispatch.someone_leads(services.settings.database_url)  # the container check fails
        assert dispatch._lead(first.driver_connection)
        assert dispatch.someone_leads(services.settings.database_url)
        assert not dispatch._lead(second.driver_connection)
        first.driver_connection.close()  # as a killed dispatcher's connection drops
        assert wait_for(lambda: dispatch._lead(second.driver_connection))  # once PostgreSQL sees it gone
    finally:
        second.driver_connection.execute("SELECT pg_advisory_unlock_all()")
        for connection in (first, second):
            connection.invalidate()
