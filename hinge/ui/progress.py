"""A progress bar for a computation that reports its share done, shown only if it takes a while."""

import time

from hinge.ui.workarounds import rerun_fragment_if_asked


def progress_after(slot, seconds, text):
    """A callback for a computation's progress (a share done in (0, 1]), drawn as a bar in `slot`.

    `slot` is an ``st.empty()`` the page draws in every run, so that the elements after it keep
    their places (and their charts) whether a bar was shown or not. The bar appears once the
    computation has taken `seconds` (0: from the first report): a short one shows nothing, a long
    one is never a frozen page. It is drawn again only when its whole percentage changes. At each
    report a key press in the same fragment since the run began stops it, and the fragment runs
    again with the new values (see :func:`hinge.ui.workarounds.rerun_fragment_if_asked`).
    Call ``slot.empty()`` when the computation is done.
    """
    start, shown = time.monotonic(), [None]

    def report(done):
        rerun_fragment_if_asked()
        percent = int(100 * done)
        if percent != shown[0] and time.monotonic() - start >= seconds:
            shown[0] = percent
            slot.progress(min(1.0, max(0.0, done)), text=f"{text} {percent}%")

    return report
