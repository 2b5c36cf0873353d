"""Small reusable widgets: cards and form rows, a page's header row, a searchable combo, badges,
notices, a draft keeper, thumbnails and a picture viewer."""

from ui.widgets.card import CARD_STYLE, make_card, plain_card
from ui.widgets.countdown_label import CountdownLabel
from ui.widgets.draft_keeper import DraftKeeper
from ui.widgets.fact_grid import FactGrid
from ui.widgets.field_error import INVALID_STYLE, FieldError, mark_invalid
from ui.widgets.form_card import FORM_LABEL_STYLE, add_form_card
from ui.widgets.image_viewer import ImageViewer
from ui.widgets.light_badge import Badge, LightBadge
from ui.widgets.notice_bar import NoticeBar
from ui.widgets.page_header import page_header
from ui.widgets.searchable_combo import SearchableCombo, search_text
from ui.widgets.segmented import SegmentedChoice
from ui.widgets.thumbnails import load_image, make_thumbnail, pixmap_from_bytes, png_bytes

__all__ = [
    "CARD_STYLE", "FORM_LABEL_STYLE", "INVALID_STYLE", "Badge", "CountdownLabel", "DraftKeeper", "FactGrid",
    "FieldError", "ImageViewer", "LightBadge", "NoticeBar", "SearchableCombo", "SegmentedChoice",
    "add_form_card", "load_image", "make_card", "make_thumbnail", "mark_invalid", "page_header",
    "pixmap_from_bytes", "plain_card", "png_bytes", "search_text",
]
