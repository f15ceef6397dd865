"""Fixtures shared by every test: reference data, a real SMTP server, plain static files."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "en"
    # A fast hasher for the many users tests create; PBKDF2 stays listed so hashes made by
    # the demo loader (with the production hasher) still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from hamkori.rules.loader import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    return transactional or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table; put the reference data back so the
    tests after it find the jurisdictions, regions and rules loaded once per session."""
    yield
    # After the last test the session's test database is already gone (nextitem is None).
    if nextitem is not None and _flushes_database(item):
        from pytest_django.plugin import blocking_manager_key

        from hamkori.rules.loader import ensure_reference_data

        with item.config.stash[blocking_manager_key].unblock():
            ensure_reference_data()


@pytest.fixture
def reference_data(db):
    """Jurisdictions, regions, areas, rules and calendars (reloaded after a flush)."""
    from hamkori.rules.loader import ensure_reference_data

    ensure_reference_data()


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            message = message_from_bytes(envelope.original_content or envelope.content)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; Django sends to it through its SMTP backend."""
    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector
    finally:
        controller.stop()


def message_text(message: Message) -> str:
    """The text/plain body of a received message, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""
