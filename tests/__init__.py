"""The test suite: unit, storage, stand-in and end-to-end tests."""
