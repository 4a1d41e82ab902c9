"""The registries: the topics (each with its plain demo script), the command-only demos and the
pitfalls. Nothing is imported here."""

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
    "logging",
)

# Demos that no lesson, `run TOPIC` or `show` can name: each needs options only its own command
# supplies. The network demo (plain/manager_remote_demo.py) needs the address and key of
# `manager serve`: ipctutor run manager --connect HOST:PORT
COMMAND_DEMOS = ("manager-remote",)

# topic -> the pitfalls `ipctutor run TOPIC --pitfall NAME` can show (ipctutor/engine/pitfalls.py runs them)
PITFALL_NAMES = {
    "value": ("race",),
    "queue": ("join-before-get", "spawn-globals"),
    "pipe": ("shared-end",),
    "lock": ("no-lock",),
    "shared-memory": ("no-unlink", "numpy-copy"),
    "sync": ("extra-release",),
    "joinablequeue": ("forgotten-task-done",),
    "connection": ("kept-end", "wrong-key"),
    "futures": ("worker-dies", "pool-hangs", "tiny-tasks"),
    "start-methods": ("fork-with-threads", "interactive"),
    "cluster": ("chatty-proxy",),
    "logging": ("spawn-config",),
    "pool": ("ctrl-c", "progress"),
}
