"""The command layer: one module per command group. Each parses its options and calls the layers
below; nothing below imports from here."""
