"""The web dashboard and HTTP API (``tidings serve``)."""

from tidings.web.app import create_app

__all__ = ["create_app"]
