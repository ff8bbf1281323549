"""Registers of the 市中区 government office, validated and rendered into a disclosure site."""
