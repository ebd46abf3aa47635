"""runnerup: turn a job-interview "no" into next steps."""
