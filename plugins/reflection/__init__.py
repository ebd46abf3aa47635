"""Built-in plugin: reflection (being written)."""
