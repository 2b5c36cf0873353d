"""The embedded paper font (a subset of Noto Sans CJK SC under the OFL)."""
