"""Built-in plugins: each an ordinary pluggy plugin module."""
