"""Simple counts for the staff, park and school pages (the analytics issue goes further)."""
