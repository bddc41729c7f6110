"""gunicorn's settings for script/server and bench/bench_load.py (gunicorn reads ./gunicorn.conf.py).

One place, so the load benchmark measures the server as script/server runs it. Two worker
processes per core, each with two threads for the requests that wait on the database or the
disk. Python runs one thread of a process at a time, so a heavy page (the integrated chronology,
the board report: about 65 ms of CPU) held up the other threads of its process: on the 2-core
machine with 50 users, 2 workers x 4 threads gave those pages a p95 of 340-350 ms, 4 x 2 gave
240-270 ms with the same CPU use (docs/performance.md).
"""

import os

workers = 2 * (os.cpu_count() or 1)
threads = 2
accesslog = "-"
errorlog = "-"
# Seconds an idle keep-alive connection is kept. Longer than the pause between a user's clicks in
# the load benchmark (2 s at most): a connection closed just as the client reuses it is reset, and
# a client that does not retry (as the benchmark's does not) sees an error. 1-5 s is gunicorn's advice
# for clients connecting directly.
keepalive = 5
