"""Instructor tools for a whole class: environment check, image preparation, class report."""
