"""Readers and field extractors."""
