"""Built-in plugin: watch (being written)."""
