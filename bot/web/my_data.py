"""A person's own data, through the signed link MY DATA sends them."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify

from bot.web.context import services
from flows import data_export

bp = Blueprint("my_data", __name__)


@bp.get("/my-data/<token>")
def my_data(token: str) -> Response:
    """Everything stored about the person the link was made for, as JSON, for a day; then a bare 403.

    A link of a person who has since erased their data finds no one: 403 too.
    """
    person_id = services().links.data_person(token)
    if person_id is None:
        abort(403)
    with services().uow() as uow:
        person = uow.people.get(person_id)
        if person is None:
            abort(403)
        exported = data_export.export(uow, person, services().clock())
    response = jsonify(exported)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Disposition"] = 'inline; filename="ketpaar-my-data.json"'
    return response
