"""Progress bars for long work, quiet for small corpora."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

#: Below this many items a progress bar is noise, not information.
AUTO_THRESHOLD = 200


def progress(items: Iterable[T], *, total: int, desc: str, show: bool | None = None) -> Iterable[T]:
    """Wrap ``items`` in a tqdm progress bar when the work is long.

    Parameters
    ----------
    items : iterable
    total : int
        Number of items, for the bar's length.
    desc : str
        Label shown before the bar.
    show : bool or None
        True or False to force; None shows a bar from ``AUTO_THRESHOLD`` items on.

    Returns
    -------
    iterable
        ``items`` itself, or a tqdm wrapper yielding the same items.

    Examples
    --------
    >>> list(progress([1, 2], total=2, desc="reading"))
    [1, 2]
    """
    if show is None:
        show = total >= AUTO_THRESHOLD
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, leave=False)
