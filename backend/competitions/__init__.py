"""Skills competitions and their published results, which become credentials."""
