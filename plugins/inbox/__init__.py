"""Pure parsers that turn dropped mails, invites and notes into typed suggestions."""
