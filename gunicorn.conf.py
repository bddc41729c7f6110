"""gunicorn's settings for script/server and bench/bench_load.py (gunicorn reads ./gunicorn.conf.py).

One place, so the load benchmark measures the server as script/server runs it. Two worker
processes (one per core of the machines this is measured on), each with threads for the
requests that wait on the database or the disk.
"""

workers = 2
threads = 4
accesslog = "-"
errorlog = "-"
