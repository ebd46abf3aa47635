"""Built-in plugin: analytics (being written)."""
