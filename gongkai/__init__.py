"""Gongkai (公开): a government affairs disclosure platform for townships and counties."""
