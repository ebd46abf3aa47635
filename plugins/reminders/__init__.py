"""Reminders: keep-in-touch check-ins and follow-ups, exportable as an iCalendar feed."""
