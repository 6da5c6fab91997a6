"""RQ entry points: plain functions that take ids. `jobs.runtime` gives them their services."""
