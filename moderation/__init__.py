"""The responsible-use review (see DESIGN.md): workflow tasks, criteria, assessments, red flags, the queue."""
