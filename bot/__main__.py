"""`python -m bot`: the same entry point as the `coachbot` console script."""

from bot.cli import main

raise SystemExit(main())
