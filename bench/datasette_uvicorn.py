"""`uvicorn` for Datasette with several worker processes (bench/run.py), with the
fix of uvicorn issue #3149 (open in uvicorn 0.54): with --workers N the listening
socket is made with proto 0, accepted sockets inherit it, asyncio then leaves
Nagle's algorithm on, and every keep-alive request after the first waits ~40 ms for
the client's delayed ACK. Measuring Datasette through that bug would flatter
casetracker, so the socket is given its protocol before the workers start.

Run in bench/.datasette-venv, with uvicorn's own arguments.
"""

import socket
import sys

import uvicorn
from uvicorn.config import Config

bind_socket = Config.bind_socket


def bind_tcp_socket(self):
    sock = bind_socket(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock = socket.socket(
            sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach()
        )
    return sock


Config.bind_socket = bind_tcp_socket

if __name__ == "__main__":
    sys.exit(uvicorn.main())
