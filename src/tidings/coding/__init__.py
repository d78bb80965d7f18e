"""Event coding: triggers, roles and attributes turn annotated articles into events."""
