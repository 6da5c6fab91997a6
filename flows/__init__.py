"""Conversations: turn one inbound message into replies and calls into the domain.

No Flask, no Twilio, no SQL here: flows see the small ports in `flows.ports`.
"""
