"""Money is integer paise; the platform never holds it, it only links a donor to a kitchen's UPI."""

from __future__ import annotations

from urllib.parse import quote

PAISE_PER_RUPEE = 100


def rupees_to_paise(rupees: int | str) -> int:
    value = int(str(rupees).strip())
    if value <= 0:
        raise ValueError("an amount must be more than zero")
    return value * PAISE_PER_RUPEE


def format_rupees(paise: int) -> str:
    """₹80 or ₹80.50: what a person reads."""
    rupees, rest = divmod(paise, PAISE_PER_RUPEE)
    return f"₹{rupees}" if rest == 0 else f"₹{rupees}.{rest:02d}"


def upi_amount(paise: int) -> str:
    rupees, rest = divmod(paise, PAISE_PER_RUPEE)
    return f"{rupees}.{rest:02d}"


def upi_link(vpa: str, payee_name: str, paise: int, reference: str) -> str:
    """A UPI intent link that pays the kitchen directly (NPCI's deep-link format)."""
    params = [
        ("pa", vpa),
        ("pn", payee_name),
        ("am", upi_amount(paise)),
        ("cu", "INR"),
        ("tn", f"Ketpaar {reference}"),
    ]
    return "upi://pay?" + "&".join(f"{key}={quote(value, safe='@.')}" for key, value in params)
