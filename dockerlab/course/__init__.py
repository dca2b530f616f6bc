"""The course: lesson files loaded into the model, their settings, workshop files, the reference."""
