"""Shared resources: training facilities, teachers, and bookings of both."""
