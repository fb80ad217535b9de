"""Embedded facts about well-known models (models.yaml) and their provenance."""
