"""One worker of the giving race (tests/integration/test_giving_race.py), run as its own process:

    python -m tests.support.allocator <attempts> <kitchen id>…

Each attempt is one unit of work, as a meal's USE PLEDGE is: a meal credit at the kitchen if one has a meal
left, else the pledge that fits best; then commit. It prints `ready` once connected, and `done` at the end.
"""

from __future__ import annotations

import itertools
import sys

from bot.settings import Settings
from compose import build_services
from domain.geo import Point
from flows.giving.funding import take_meal_funding

SPOT = Point(13.0604, 80.2496)
PRICE_PAISE = 6000


def main(attempts: int, kitchen_ids: list[int]) -> None:
    services = build_services(Settings.from_env(), pool_size=1)
    with services.uow() as uow:
        uow.ledger.balance(0)  # connected before the race starts
    print("ready", flush=True)
    for _, kitchen_id in zip(range(attempts), itertools.cycle(kitchen_ids), strict=False):
        with services.uow() as uow:
            take_meal_funding(uow, kitchen_id, SPOT, services.clock(), True, None, PRICE_PAISE)
            uow.commit()
    print("done", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), [int(word) for word in sys.argv[2:]])
