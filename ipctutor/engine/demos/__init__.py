"""The demos: one stdlib-only module per topic, run by the tutor or printed as a script.

Nothing is imported here: a child process imports only the module its demo needs.
"""

# topic -> module in this package; a lesson may name only these
DEMOS = {
    "process": "process_demo",
    "queue": "queue_demo",
    "pipe": "pipe_demo",
    "lock": "lock_demo",
    "value": "value_demo",
    "manager": "manager_demo",
    "pool": "pool_demo",
    "shared-memory": "shared_memory_demo",
    "sync": "sync_demo",
    "joinablequeue": "joinablequeue_demo",
    "connection": "connection_demo",
    "futures": "futures_demo",
    "start-methods": "start_methods_demo",
    "cluster": "cluster_demo",
}

# Demos the runner can load but no lesson, `run TOPIC` or `show` can name: each needs options that
# only its own command supplies (the network demo needs the address and key of `manager serve`).
COMMAND_DEMOS = {
    "manager-remote": "network_demo",  # ipctutor run manager --connect HOST:PORT
}

# topic -> the pitfalls `ipctutor run TOPIC --pitfall NAME` can show (ipctutor/engine/pitfalls.py runs them)
PITFALL_NAMES = {
    "value": ("race",),
    "queue": ("join-before-get", "spawn-globals"),
    "pipe": ("shared-end",),
    "lock": ("no-lock",),
    "shared-memory": ("no-unlink",),
    "sync": ("extra-release",),
    "joinablequeue": ("forgotten-task-done",),
    "connection": ("kept-end", "wrong-key"),
    "futures": ("worker-dies", "pool-hangs"),
    "start-methods": ("fork-with-threads",),
    "cluster": ("chatty-proxy",),
}
