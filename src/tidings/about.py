"""What this package is: its version (read by the CLI, the web app and the store's run log
without importing the package root)."""

from __future__ import annotations

__version__ = "0.1.0"
