"""Built-in plugin: plan (being written)."""
