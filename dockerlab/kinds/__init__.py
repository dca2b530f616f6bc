"""Step kinds: what a lesson step can do (actions) and verify (checks), one module per noun."""
