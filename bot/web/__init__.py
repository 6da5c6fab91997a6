"""The web edge: the Flask app, Twilio's webhooks, the API, public photo links and development pages.

Only `wsgi.py`, the CLI and tests import this package.
"""
