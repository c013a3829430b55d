"""Gives Wagtail's default site the public address the site is served at (its hostname and port).

The site record made by the first migration says ``localhost:80``, and Wagtail builds every absolute
address from it: a case's permanent address in "Cite this case", the sitemap, the programme's calendar
links. ``WAGTAILADMIN_BASE_URL`` is the site's public base URL already (admin e-mails use it), so by default
the record follows it; ``make run`` passes the address it serves. Idempotent: docker-compose runs it at
every start, after the migrations.

    manage.py set_site_address                          # from WAGTAILADMIN_BASE_URL
    manage.py set_site_address https://showcase.example.org
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


def host_and_port(url: str) -> tuple[str, int]:
    """(hostname, port) of an ``http(s)://host[:port]`` address; ValueError for anything else."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise ValueError(f"not an http(s) address of a host: {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"the site must be served at the root of its host, not {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "http" and port == 443:
        raise ValueError("Wagtail writes port 443 as https: serve http on another port")
    return parts.hostname, port


class Command(BaseCommand):
    help = "Set the default Wagtail site's hostname and port from a URL (default: WAGTAILADMIN_BASE_URL)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("url", nargs="?", default="", help="e.g. https://showcase.example.org")

    def handle(self, *args, url: str = "", **options) -> None:
        address = url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
        try:
            hostname, port = host_and_port(address)
        except ValueError as error:
            raise CommandError(str(error)) from None
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site: run the migrations first.")
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The site's address is already {site.root_url}.")
            return
        site.hostname, site.port = hostname, port
        site.save()  # Wagtail clears its cached site root paths on save
        self.stdout.write(f"The site's address is now {site.root_url}.")
