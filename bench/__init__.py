"""Ketpaar's benchmarks, run by `make bench` (`python -m bench`).

Two measurements on one private embedded stack (PostgreSQL + Redis under var/bench):

* `bench.webhook`: how fast gunicorn, started as the Procfile starts it, acknowledges signed
  Twilio webhooks at a fixed offered rate, next to a bare Flask app as the floor.
* `bench.reservations`: 32 clients racing for the meals of one kitchen's day; none may be oversold.
"""
