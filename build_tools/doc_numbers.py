"""How an official document is numbered (发文字号), in one place.

GB/T 9704-2012 (7.2.3) numbers a document by its issuer's code, the year in 〔〕 and a
serial: 国办发〔2019〕6号. A decree (令) is numbered by its serial, and a ministry's also by
the year: 国务院令第707号, 交通运输部令2024年第5号. Two readers use these patterns: the frame
reads a source's own number (``ingest.frame``) and citations recognise a cited one
(``citations``); each puts the issuer's code it accepts in front.
"""
from __future__ import annotations

#: The year a ministry numbers its decrees by, before the serial (交通运输部令2024年第5号).
DECREE_YEAR = r"(?:(?:19|20)\d{2}\s*年\s*)"
#: The bracketed year and serial after an issuer's code: 〔2019〕6号, [2019]第6号.
BRACKETED_SERIAL = r"[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
#: A decree's serial after the organ's name: 令第707号, 令2024年第5号.
DECREE_SERIAL = r"令\s*" + DECREE_YEAR + r"?第\s*\d{1,5}\s*号"
