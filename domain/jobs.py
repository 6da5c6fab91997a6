"""The background jobs a use case may ask for: one name each, so a typo fails at import, not after a commit.

The composition root maps every name to the function that runs it.
"""

from __future__ import annotations

from enum import StrEnum


class Job(StrEnum):
    HANDLE_INBOUND = "handle_inbound"
    SEND_MESSAGE = "send_message"
    ASSESS_SAFETY = "assess_safety"
    PROCESS_PHOTO = "process_photo"
    DISCARD_PHOTO = "discard_photo"
    TRAIN_SAFETY_MODEL = "train_safety_model"
    ERASE_PERSON = "erase_person"
