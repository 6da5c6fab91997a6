"""The dispatcher: woken by PostgreSQL when the webhook stores a message, it enqueues that message's job."""

from __future__ import annotations

import dataclasses
import threading
import time

from compose import build_services
from domain.jobs import Job
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


def test_a_batch_enqueues_each_message_once_with_its_request_named_even_beside_a_job_already_queued(services):
    """The sweeper may have queued one of them already: that one is left alone, not queued a second time."""
    ids = [
        services.store_inbound(f"SMbatch{n}", f"whatsapp:+91980000{n:04d}", {"Body": "hi"}, f"req-{n}")
        for n in range(5)
    ]
    services.enqueue(Job.HANDLE_INBOUND, (ids[2],))  # as the sweeper would
    assert dispatch.dispatch_waiting(services) == 5
    assert dispatch.dispatch_waiting(services) == 0  # each marked: nothing waits any more
    queued = services.queue.get_job_ids()
    assert sorted(queued) == sorted(f"handle_inbound-{message_id}" for message_id in ids)
    carried = {job.id: job.meta for job in services.queue.get_jobs()}
    assert carried[f"handle_inbound-{ids[0]}"] == {"message_sid": "SMbatch0", "request_id": "req-0"}


def test_a_batch_refused_by_redis_is_left_for_the_next_look(services):
    message_id = services.store_inbound("SMdown", "whatsapp:+919800000001", {"Body": "hi"})
    no_redis = build_services(dataclasses.replace(services.settings, redis_url="redis://127.0.0.1:9/0"))
    try:
        assert dispatch.dispatch_waiting(no_redis) == 0
    finally:
        no_redis.engine.dispose()
    with services.uow() as uow:
        assert [message.id for message in uow.inbox.to_queue(10)] == [message_id]
    assert dispatch.dispatch_waiting(services) == 1  # Redis is there: the next look takes it
