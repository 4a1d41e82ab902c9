"""The engine: runs real processes and watches them. Standard library only, and nothing is imported
here, because every spawned child imports this package again."""
