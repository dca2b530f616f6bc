"""The Docker SDK calls behind :class:`dockerlab.engine.gateway.Engine`, one module a noun."""
