"""Tests of the data files shipped in resources/."""
