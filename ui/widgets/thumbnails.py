"""Thumbnails of pictures, made with QImage (the app layer has no image library)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap

THUMBNAIL_SIZE = 240


def load_image(data: bytes) -> QImage | None:
    """The picture in `data`, or None when it is not one Qt can read."""
    image = QImage()
    if not data or not image.loadFromData(QByteArray(data)):
        return None
    return image


def make_thumbnail(data: bytes, size: int = THUMBNAIL_SIZE) -> bytes | None:
    """A PNG at most `size` pixels on its longer side, or None when `data` is not a picture."""
    image = load_image(data)
    if image is None:
        return None
    if image.width() > size or image.height() > size:
        image = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return png_bytes(image)


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def pixmap_from_bytes(data: bytes | None) -> QPixmap | None:
    """A pixmap of stored picture bytes (thumbnails), or None."""
    image = load_image(data) if data else None
    return QPixmap.fromImage(image) if image is not None else None
