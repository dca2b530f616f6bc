"""The commands, grouped by who uses them: learners, instructors, workshops, explain."""
