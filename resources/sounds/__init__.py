"""Sounds the program plays: the dispatcher view's alarm when a case turns red or an urgent one arrives."""

from pathlib import Path

#: a short two-tone alarm, 16-bit mono WAV (QSoundEffect plays WAV only)
ALERT_WAV = Path(__file__).with_name("alert.wav")
