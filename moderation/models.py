"""Criteria, assessments and the review workflow tasks arrive with the moderation issue."""
