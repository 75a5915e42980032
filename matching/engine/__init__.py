"""The matching engine: pure Python, no Django. See spec/matching.md."""
