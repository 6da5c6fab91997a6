"""What a meal's messages and Google calls cost, in rupees: the price table `python -m bench meals` uses.

Each price says where it comes from and when it was read. The engineer who wrote this table (on
2026-11-27) could not reach Twilio's, Meta's or Google's own price pages: where only the issue's
figure was at hand (issue 14, "A meal in half the messages") it is used and said so; check them
against the providers' pages before quoting a figure outside the team.
"""

from __future__ import annotations

from collections.abc import Mapping

# Rupees per US dollar. The issue's own sums (₹13 for 31 messages at $0.005) work out at about 84.
RUPEES_PER_DOLLAR = 84.0

# Twilio, per WhatsApp message in or out, template or not: $0.005. The figure (Twilio's
# WhatsApp price page, twilio.com/en-us/whatsapp/pricing, not reachable here; 2026-11-27).
TWILIO_WHATSAPP_USD = 0.005
# Twilio, per SMS part in or out. The issue gives only "every message in or out through Twilio costs
# about $0.005"; India's own SMS rate (twilio.com/en-us/sms/pricing/in) was not reachable here and
# is likely higher, so SMS figures here are a floor (2026-11-27).
TWILIO_SMS_PART_USD = 0.005

# Meta's fee per WhatsApp template delivered in India, by category, in rupees; nothing for free text
# inside the 24-hour window. India's per-message rates from 1 April 2025 (marketing ₹0.7846, utility and
# authentication ₹0.115), as quoted by allaboutbusinessmessaging.com, "WhatsApp Business API Pricing in
# India (2025)", read 2026-11-27; Meta's own rate card was not reachable here.
META_TEMPLATE_RUPEES: Mapping[str, float] = {"marketing": 0.7846, "utility": 0.115, "authentication": 0.115}

# Google Maps Platform, US dollars per call, by the kind of call the adapters count. The figures
# (Places nearby $0.032, a reverse geocode $0.005, Roads $0.01; a geocode of a typed place is priced as a
# reverse geocode), matching Google's list prices per 1,000 calls as remembered, not re-read here
# (developers.google.com/maps/billing-and-pricing, 2026-11-27).
GOOGLE_USD: Mapping[str, float] = {"places": 0.032, "reverse_geocode": 0.005, "geocode": 0.005, "roads": 0.01}


def rupees(
    whatsapp_messages: int, sms_parts: int, templates: Mapping[str, int], google_calls: Mapping[str, int]
) -> float:
    """The cost of messages, SMS parts, templates by category and Google calls by kind, in rupees."""
    dollars = whatsapp_messages * TWILIO_WHATSAPP_USD + sms_parts * TWILIO_SMS_PART_USD
    dollars += sum(GOOGLE_USD[kind] * calls for kind, calls in google_calls.items())
    fees = sum(META_TEMPLATE_RUPEES[category] * sent for category, sent in templates.items())
    return dollars * RUPEES_PER_DOLLAR + fees
