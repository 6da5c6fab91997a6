"""The services a job runs with: built once per worker process from the environment."""

from __future__ import annotations

from bot.settings import Settings
from compose import Services, build_services
from domain.people import Person
from flows.conversation import Conversation
from flows.ports import UnitOfWork

_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = build_services(Settings.from_env())
    return _services


def use(built: Services | None) -> None:
    """Tests and benchmarks hand in services they built themselves."""
    global _services
    _services = built


def conversation(built: Services, uow: UnitOfWork, person: Person) -> Conversation:
    """A job speaking with a person: now, this worker's links, the configured duplicate policy and deadlines."""
    settings = built.settings
    return Conversation(uow, built.links, built.clock(), person, settings.duplicate_policy(), settings.deadlines())
