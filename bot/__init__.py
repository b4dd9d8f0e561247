"""The composition root: settings, application wiring, entry point, console and Bot API stand-in."""
