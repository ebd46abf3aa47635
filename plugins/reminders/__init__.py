"""Built-in plugin: reminders (being written)."""
