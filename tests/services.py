"""Services some tests need (Redis, a redis-server of their own): helpers."""

import os
import socket
import subprocess
import time
import uuid

import pytest
from redis.backoff import NoBackoff
from redis.retry import Retry


def need(service, install):
    """Skip with what to install on a developer's machine; fail in CI (CI=true),
    where every service must be there."""
    message = f"{service} is not available: {install}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def redis_cache(url, **options):
    """A CACHES entry for the resilient Redis backend, under a key prefix no other
    test shares."""
    return {
        "BACKEND": "casetracker.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"casetracker-test-{uuid.uuid4()}",
        "TIMEOUT": 60,
        "OPTIONS": {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            "retry": Retry(NoBackoff(), 1),
            **options,
        },
    }


class RedisServer:
    """A redis-server process of the test's own, which the test may stop and
    start again on the same port (an outage and a recovery)."""

    def __init__(self, executable, port):
        self.executable, self.port = executable, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not answers("127.0.0.1", self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
