"""Everything that talks to the Docker engine."""
