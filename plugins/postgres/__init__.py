"""Built-in plugin: postgres (being written)."""
