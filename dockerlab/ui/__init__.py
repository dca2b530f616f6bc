"""Everything that draws on the terminal or asks the learner something."""
