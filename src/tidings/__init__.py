"""Tidings: open political event data from news text, with the evidence behind every event."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
