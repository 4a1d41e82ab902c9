"""The screen: what the learner sees and types (Rich panels, prompts, exports) and the journeys
that walk through a lesson or a quiz."""
