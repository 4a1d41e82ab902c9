"""The registries of topics and pitfalls, and the one in-process demo left (the network demo of
`run manager --connect`, with its report channel `_events.py`).

Nothing is imported here: a child process imports only what it needs.
"""

# the topics, each with its demo: ipctutor/engine/plain/TOPIC_demo.py (engine/scripts.py), a
# plain script the tutor runs under the observer; a lesson may name only these
DEMOS = (
    "process",
    "queue",
    "pipe",
    "lock",
    "value",
    "manager",
    "pool",
    "shared-memory",
    "sync",
    "joinablequeue",
    "connection",
    "futures",
    "start-methods",
    "cluster",
)

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
