"""The wall display (大屏): a full-screen, hands-off board on a chosen monitor (see WallWindow)."""
