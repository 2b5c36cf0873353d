"""Case pages: the queue, intake, the detail view and action dialogs."""
