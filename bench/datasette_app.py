"""Datasette as an ASGI app, for `uvicorn --workers N` (bench/run.py).

Run in bench/.datasette-venv. The database named by BENCH_DB is opened immutable
(read-only, no locking), as `datasette serve -i` does.
"""

import os

from datasette.app import Datasette

app = Datasette(immutables=[os.environ["BENCH_DB"]]).app()
