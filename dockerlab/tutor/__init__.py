"""The learner's way through a lesson: the runner, the interactive walk, progress, self-test."""
