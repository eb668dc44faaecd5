"""The "which path fits me?" questionnaire: questions, a pure recommendation, a roadmap."""
