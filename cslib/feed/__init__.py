"""The Feed (SPEC §3.7): the sales activity of the contacts of a user's companies (e-mail
opens, clicks and replies, page views, form submissions, sequence enrolments and
unenrolments, meetings booked), newest first, with repeated events grouped; its search and
filters and the link that keeps them; "Load older activities" by keyset; deleting an item
for oneself. Follow-ups (call, e-mail, task, note, meeting) are written by
`cslib.activities` on the item's contact.

Other packages import only the names below.

Modules, lowest first:
- scope: whose activity a feed shows, narrowed by search and filters, as SQL;
- link: the feed's URL state;
- paging: grouping and keyset paging;
- reading: a page of items with names, deleting items, the sequences to filter by;
- wording: an item in words.
"""

from cslib.feed.link import (
    ENROLLED,
    IN_SEQUENCE,
    NOT_ENROLLED,
    FeedLink,
    link_params,
    parse_link,
    sequence_param,
    with_sequence,
)
from cslib.feed.paging import GROUP_WINDOW, PAGE_SIZE, Cursor
from cslib.feed.reading import (
    FEED_DENIED,
    FeedItem,
    FeedPage,
    delete_items,
    feed_page,
    restore_items,
    sequence_names,
)
from cslib.feed.wording import Description, describe, plain_tool, web_url

__all__ = [
    "ENROLLED",
    "FEED_DENIED",
    "GROUP_WINDOW",
    "IN_SEQUENCE",
    "NOT_ENROLLED",
    "PAGE_SIZE",
    "Cursor",
    "Description",
    "FeedItem",
    "FeedLink",
    "FeedPage",
    "delete_items",
    "describe",
    "feed_page",
    "link_params",
    "parse_link",
    "plain_tool",
    "restore_items",
    "sequence_names",
    "sequence_param",
    "web_url",
    "with_sequence",
]
