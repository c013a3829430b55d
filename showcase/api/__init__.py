"""The read-only JSON API and the exports of the public catalogue."""
