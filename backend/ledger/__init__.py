"""The sharing ledger: who shared what with whom and when, and utilisation."""
