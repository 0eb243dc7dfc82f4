"""A pytest plugin for the fuzz step of scripts/test.sh (`-p tests.api.fuzz_report`).

It adds up the requests schemathesis sent and the server errors among them, across xdist
workers, and prints both at the end. No Django here: pytest loads it before Django is set up.
"""

import collections

import pytest

STATS = collections.Counter()


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz"] = dict(STATS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    STATS.update(getattr(node, "workeroutput", {}).get("fuzz", {}))


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"schemathesis: запросов {STATS['requests']}, ошибок сервера (5xx) {STATS['server_errors']}"
    )
