"""Event schemas, grouped by stream kind."""
