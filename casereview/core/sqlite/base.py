"""SQLite backend that creates the data folder on first connection.

`CASEREVIEW_DATA_DIR` may name a folder that does not exist yet (a new install,
a test's temporary directory); Django's SQLite backend would fail with "unable to
open database file". The folder is made only when a connection is actually
opened, so commands that never touch the database (`casereview extract`,
`casereview chronology merge`) leave the disk alone.
"""

from pathlib import Path

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params.get("database", ""))
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
