"""Supply against demand, the curriculum mismatch, shortages, graduates'
employment and change over time — for staff, and for a park about its park."""
