"""Giving ahead and giving together: meal credits, pledges and micro-campaigns on one ledger.

Ketpaar never holds money. A meal credit is money a donor paid a kitchen ahead; a pledge is money
promised and paid meal by meal, each time to the kitchen; a campaign's contributors each pay their
share to the kitchen once the whole meal is committed. Every change is an entry in one append-only
ledger (`ledger`), and every balance is a sum of entries.
"""
