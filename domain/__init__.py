"""Ketpaar's business rules in plain Python: no database, web, Twilio or Babel imports."""
