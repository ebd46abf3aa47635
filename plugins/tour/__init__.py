"""Built-in plugin: tour (being written)."""
