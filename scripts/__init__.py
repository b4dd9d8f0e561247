"""Maintainers' scripts: small command-line tools that produce files committed to the repository."""
