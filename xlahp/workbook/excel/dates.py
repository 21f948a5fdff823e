"""placeholder"""
OVERRIDES: dict = {}
