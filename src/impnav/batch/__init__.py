"""Batch screening of candidate pools (`impnav screen`)."""
