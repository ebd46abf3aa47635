"""``python -m runnerup``."""

from runnerup.cli import main

main()
