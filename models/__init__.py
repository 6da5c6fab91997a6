"""Persistence: tables, the mapping of domain classes onto them, repositories, the unit of work."""
