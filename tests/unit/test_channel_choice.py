"""Which channel a message goes by: the rules, without a database or Twilio."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.channels import (
    Channel,
    MessageKind,
    MissingTemplateValue,
    Reach,
    choose_route,
    content_variables,
    is_start,
    is_stop,
    template_values,
)

NOW = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
TEMPLATE = "HX" + "1" * 32
KITCHEN = Reach(
    address="whatsapp:+919800000101",
    kind=MessageKind.NEW_ORDER,
    language="en",
    heard_at=None,  # added by an operator, never wrote
    whatsapp_stopped=False,
    sms_stopped=False,
    sms_sender=True,
    template_sid=None,
)


def route(**changes):
    chosen = choose_route(replace(KITCHEN, **changes), NOW)
    return chosen.channel, chosen.content_sid, chosen.reason


def test_inside_the_window_free_text_goes_by_whatsapp():
    assert route(heard_at=NOW - timedelta(hours=23, minutes=59), template_sid=TEMPLATE) == (
        Channel.WHATSAPP,
        None,
        "inside the 24-hour window: free text",
    )


def test_outside_the_window_the_kinds_template_goes_by_whatsapp():
    assert route(heard_at=NOW - timedelta(hours=24), template_sid=TEMPLATE) == (
        Channel.WHATSAPP,
        TEMPLATE,
        "outside the 24-hour window: new_order template",
    )


def test_a_kitchen_that_never_wrote_without_a_template_gets_an_sms():
    assert route() == (Channel.SMS, None, "outside the 24-hour window, no new_order template in en: SMS")


def test_a_reply_has_no_template_and_goes_by_sms_outside_the_window():
    assert route(kind=MessageKind.REPLY, template_sid=TEMPLATE)[0] == Channel.SMS


def test_without_sms_allowed_nothing_is_sent_and_the_reason_says_why():
    assert route(sms_stopped=True) == (
        None,
        None,
        "outside the 24-hour window, no new_order template in en; the person sent STOP on SMS",
    )
    no_sender = "outside the 24-hour window, no new_order template in en; no SMS sender configured"
    assert route(sms_sender=False)[2] == no_sender


def test_a_whatsapp_refusal_leaves_sms_only():
    assert route(heard_at=NOW, whatsapp_refused=True) == (Channel.SMS, None, "WhatsApp refused it: SMS")


def test_stop_on_whatsapp_holds_everything_but_its_confirmation_and_never_falls_back_to_sms():
    assert route(whatsapp_stopped=True, heard_at=NOW) == (None, None, "the person sent STOP on WhatsApp")
    assert route(whatsapp_stopped=True, heard_at=NOW, kind=MessageKind.STOP_CONFIRMATION)[0] == Channel.WHATSAPP


def test_an_sms_person_gets_sms_unless_they_stopped():
    sms = "+919800000201"
    assert route(address=sms) == (Channel.SMS, None, "the person uses SMS: SMS")
    assert route(address=sms, sms_stopped=True)[0] is None
    assert route(address=sms, sms_stopped=True, kind=MessageKind.STOP_CONFIRMATION)[0] == Channel.SMS


def test_template_values_are_the_texts_values_in_the_templates_order():
    values = {"minutes": 10, "ref": "K7QX", "price": "₹60", "place": "Gemini", "map": "https://m", "photo": "-"}
    named = template_values(MessageKind.NEW_ORDER, values)
    assert content_variables(MessageKind.NEW_ORDER, named) == {
        "1": "K7QX",
        "2": "₹60",
        "3": "Gemini",
        "4": "https://m",
        "5": "-",
        "6": "10",
    }
    assert template_values(MessageKind.REPLY, values) == {}
    with pytest.raises(MissingTemplateValue, match="status"):
        template_values(MessageKind.STATUS_CHANGE, {"ref": "K7QX"})


@pytest.mark.parametrize("text", ["STOP", "stop", " Stop. ", "UNSUBSCRIBE", "நிறுத்து", "रुको"])
def test_stop_words_in_three_languages(text):
    assert is_stop(text) and not is_start(text)


@pytest.mark.parametrize("text", ["START", "start!", "தொடங்கு", "शुरू"])
def test_start_words_in_three_languages(text):
    assert is_start(text) and not is_stop(text)


@pytest.mark.parametrize("text", ["stop the order", "CANCEL", "", "STOP K7QX"])
def test_only_the_whole_message_stops(text):
    assert not is_stop(text)
