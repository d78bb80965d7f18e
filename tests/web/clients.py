"""A TestClient that talks to the app as the dashboard's own pages do: on a loopback name
(the app refuses other Host headers) and with the form token in every form post."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient


class LocalClient(TestClient):
    """``TestClient`` on ``http://127.0.0.1`` adding ``csrf_token`` to form posts."""

    def __init__(self, app: FastAPI, **kwargs: Any) -> None:
        super().__init__(app, base_url="http://127.0.0.1", **kwargs)
        self.issue = app.state.csrf.issue

    def post(self, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(kwargs.get("data"), dict):
            kwargs["data"] = {"csrf_token": self.issue(), **kwargs["data"]}
        return super().post(url, *args, **kwargs)
