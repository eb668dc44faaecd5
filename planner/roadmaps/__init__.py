"""Roadmaps: build a personal plan from the guides' steps and tick milestones off."""
