"""Built-in plugin: applications (being written)."""
