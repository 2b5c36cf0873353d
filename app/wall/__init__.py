"""The wall display (大屏) without Qt: how big its type must be, its options, and the snapshot of
everything it shows, read in one go (`snapshot.read_snapshot`)."""
