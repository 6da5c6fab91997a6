"""The floor for the webhook benchmark: a Flask app that only answers with empty TwiML.

No signature check, no database, no queue: what is left is gunicorn, Flask and HTTP.
"""

from __future__ import annotations

from flask import Flask, Response

from bot.web.webhook import EMPTY_TWIML

app = Flask(__name__)


@app.route("/twilio/messages", methods=["GET", "POST"])
def inbound_message() -> Response:
    """GET too, so the benchmark can tell when the server is up."""
    return Response(EMPTY_TWIML, mimetype="text/xml")
