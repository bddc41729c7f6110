"""gunicorn's settings for script/server and bench/bench_load.py (gunicorn reads ./gunicorn.conf.py).

One place, so the load benchmark measures the server as script/server runs it. Two worker
processes (one per core of the machines this is measured on), each with threads for the
requests that wait on the database or the disk.
"""

workers = 2
threads = 4
accesslog = "-"
errorlog = "-"
# Seconds an idle keep-alive connection is kept. Longer than the pause between a user's clicks in
# the load benchmark (2 s at most): a connection closed just as the client reuses it is reset, and
# a client that does not retry (as the benchmark's does not) sees an error. 1-5 s is gunicorn's advice
# for clients connecting directly.
keepalive = 5
