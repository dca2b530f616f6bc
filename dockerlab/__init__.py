"""dockerlab: aprende Docker haciendo, en español, con tu propio motor."""

__version__ = "0.1.0"
