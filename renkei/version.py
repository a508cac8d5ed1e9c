"""renkei's version, a constant: pyproject reads it from here, and `renkei --version` prints it
without asking importlib.metadata (~17 ms of a start-up, #35)."""
__version__ = "0.1.0"
