"""QR codes for the Classroom page's join link: made here, offline, with segno (pure Python).

>>> png = qr_png("http://localhost:8501/Classroom?room=4KX9TQR")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

import io

import segno


def qr_png(text, *, scale=8):
    """The QR code of `text` as PNG bytes: black on white with the standard quiet zone, error level M."""
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="png", scale=scale, border=4, dark="black", light="white")
    return out.getvalue()
