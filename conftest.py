import os

# The test run is a development run: allow the development key unless a real one is given.
os.environ.setdefault("DEBUG", "1")
