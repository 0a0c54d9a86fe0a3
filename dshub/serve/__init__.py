"""Running dshub in production on one machine: several app processes, nginx, PostgreSQL.

See `supervisor.py` (`python -m dshub serve`, started by scripts/serve) and docs/deploy.md.
"""
