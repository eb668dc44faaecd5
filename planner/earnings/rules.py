"""The earnings log's fixed lists and limits, in one place."""

# The kinds of micro task the guides name, and a way out for everything else.
KINDS = {
    "data-entry": "Data entry",
    "app-testing": "App testing",
    "video-feedback": "Video feedback",
    "image-sorting": "Image sorting",
    "social": "Social engagement",
    "copy-paste": "Copy-paste",
    "other": "Other",
}
DESTINATIONS = {
    "paypal": "PayPal",
    "mobile-wallet": "Mobile wallet (JazzCash, Easypaisa…)",
    "bank": "Bank account",
    "other": "Other",
}
PLATFORM_MAX = 80
LABEL_MAX = 120
MINUTES_MAX = 24 * 60  # one entry covers at most a day
PER_PAGE = 20
RECENT_CASH_OUTS = 10
RECENT_MOVES = 5
# One import brings at most this many rows of each kind (entries, cash-outs, spending).
IMPORT_ROWS_MAX = 20_000
