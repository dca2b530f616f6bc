"""The catalogue of Docker failures, one module per area (the Docker tools, registries and
images, containers, builds). :mod:`dockerlab.engine.diagnosis` puts them in order and
matches pasted text against them."""
