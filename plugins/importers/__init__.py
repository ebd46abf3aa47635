"""Built-in plugin: importers (being written)."""
