import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def wsgi_in_transaction(db):
    """Requests through the WSGI application, inside the test's transaction."""
    # The handler closes the connection after each request, which would end the transaction;
    # Django's test client unhooks the same receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
