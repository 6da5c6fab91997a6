"""Giving ahead and giving together, as conversations: meal credits (credits), using what was given for a
meal (funding), pledges, campaigns, receipts and IMPACT. See domain/giving for the rules and the ledger."""
