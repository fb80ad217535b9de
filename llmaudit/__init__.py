"""llmaudit: license and safety audit of the AI models a project uses."""

__version__ = "0.1.0"
