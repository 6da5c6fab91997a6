"""A real RQ worker whose work horse is SIGKILLed mid-job: the sweepers finish the order, once."""

from __future__ import annotations

import os
import signal
import threading
import time

from rq import Worker
from sqlalchemy import func, select

import jobs.photos
import jobs.safety
from jobs import sweeps
from jobs.dispatch import dispatch_waiting
from models import tables
from tests.support.faces import face
from tests.support.texts import AGREED, AMMA_MESS_FROM_SPOT, ASKED_AMMA_MESS, CHECKING_SPOT
from tests.support.whatsapp import SPOT, Phone, hold_passes, onboard, run_jobs


def work_killing_the_horse_in(services, monkeypatch, module, name: str) -> None:
    """Runs queued jobs in a forking RQ worker; the first work horse to call module.name is SIGKILLed there."""
    reached, signal_reached = os.pipe()
    gate = {"armed": True}  # each horse gets the parent's copy when it forks: later horses pass
    real = getattr(module, name)

    def stuck(*args, **kwargs):
        if gate["armed"]:
            os.write(signal_reached, b"!")
            time.sleep(600)  # where an out-of-memory kill or a crash would find it
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, stuck)
    worker = Worker([services.queue], connection=services.redis)

    def kill_the_horse() -> None:
        os.read(reached, 1)
        gate["armed"] = False
        os.kill(worker.horse_pid, signal.SIGKILL)

    threading.Thread(target=kill_the_horse, daemon=True).start()
    dispatch_waiting(services)  # as the Procfile's dispatcher would have, once the webhook stored them
    services.engine.dispose()  # a forked horse must open its own database connections
    worker.work(burst=True)
    assert not gate["armed"], "no job reached the point where it was to be killed"
    os.close(signal_reached)


def donor_outbox(donor: Phone) -> list[str]:
    return [message["body"] for message in donor.outbox()]


def reservations(services) -> int:
    with services.engine.connect() as connection:
        log = tables.capacity_log.c
        return connection.scalar(select(func.count()).where(log.reason == "reserved"))


def choose_the_kitchen_once(services, donor: Phone, clock) -> None:
    donor.send("1")
    donor.expect(ASKED_AMMA_MESS)
    clock.advance(minutes=6)  # every sweeper runs again: nothing is left to do
    assert (sweeps.requeue_safety_checks(), sweeps.requeue_photos(), sweeps.requeue_outbound()) == (0, 0, 0)
    run_jobs(services)
    donor.expect([])  # no second list, no repeated message, no apology
    bodies = donor_outbox(donor)
    assert sum(AMMA_MESS_FROM_SPOT.format(ref=donor.reference) == body for body in bodies) == 1
    assert reservations(services) == 1


def test_a_safety_job_killed_midway_still_brings_the_kitchen_list_once(
    services, client, media, kitchen, clock, monkeypatch
):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(face("person_a_1.jpg"))
    donor.post(Latitude=str(SPOT[0]), Longitude=str(SPOT[1]), Label="Gemini bus stop")
    work_killing_the_horse_in(services, monkeypatch, jobs.safety, "assess_spot")
    donor.expect([])  # "we are checking the spot" is held: the list usually follows within it
    hold_passes(services, clock)
    donor.expect(CHECKING_SPOT)  # it did not: the check was killed
    clock.advance(minutes=3)
    assert sweeps.requeue_safety_checks() == 1
    run_jobs(services)
    donor.expect(AMMA_MESS_FROM_SPOT)
    choose_the_kitchen_once(services, donor, clock)


def test_a_photo_job_killed_midway_is_done_again_and_the_order_goes_on(
    services, client, media, kitchen, clock, monkeypatch
):
    donor = Phone(client, services, "+919800000001", media)
    onboard(donor)
    donor.photograph(face("person_a_1.jpg"), answer=False)  # the photo job waits for the answer
    donor.post(Body="YES")
    work_killing_the_horse_in(services, monkeypatch, jobs.photos, "clean")
    clock.advance(minutes=6)
    assert sweeps.requeue_photos() == 1
    run_jobs(services)
    donor.expect(AGREED)
    donor.send(pin=SPOT, Label="Gemini bus stop")
    donor.expect([AMMA_MESS_FROM_SPOT])
    choose_the_kitchen_once(services, donor, clock)
