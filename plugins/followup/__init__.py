"""Built-in plugin: followup (being written)."""
