"""ipctutor: learn Python inter-process communication by watching real processes.

Kept empty on purpose: every child process of a demo imports this package.
"""

__version__ = "0.1.0"
