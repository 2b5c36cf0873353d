"""Offline replicas: a desk keeps working on a local SQLite copy and syncs with the center.

How it works (each module's docstring has the details and the reasons):
- capture.py   triggers on the replica write every local change into `sync_outbox`, in the
               same transaction as the change;
- push.py      the outbox goes to the server in order, in batches, each remembered by mutation
               id (a batch sent twice applies once); rows merge field by field (merge.py);
               what cannot merge becomes a conflict record with base, local and server values;
- events.py    events from several desks get the next free numbers and the case or dispute is
               derived again from the merged history (rederive.py → the workflows' own rules);
- pull.py      the server's rows at or above the replica's transaction-id cursor, in one
               snapshot, page by page, the cursor saved with the last page;
- engine.py    one sync: push, then pull, then the status and the log;
- replica.py   `gridcc sync init`: a new file becomes a replica of a server;
- state.py     the replica's settings, progress and the status users see;
- tables.py    which tables go which way; values.py how values travel.
The server's side (transaction ids, tombstones, applied mutation ids, desks) is db/sync_server.py.
"""
